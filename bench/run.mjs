// `npm run bench [-- <filter>...] [-- --quick]`: runs every bench script, then assembles
// BENCHMARKS.md from all sections in bench/results/ under a header naming the machine and date.
//
// A bench script is bench/*.bench.mjs, or any other top-level bench/*.mjs that imports
// ./lib/harness.mjs (so helpers are never run by mistake). Each runs in its own
// `node --expose-gc` process (clean heap and Wasm memory per script) and writes its own section
// with writeSection(name, markdown). Filters keep the scripts whose file name contains one of them;
// sections of scripts not run this time are kept from their last run (each carries its own date).
// `--quick` runs small sizes and writes to bench/results/quick/ and bench/results/quick/BENCHMARKS.md,
// never over the official figures.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { BENCH_DIR, REPO_DIR, benchArgs, machine, progress, resultsDir } from './lib/harness.mjs';

/** Order of known sections in BENCHMARKS.md; others follow alphabetically. */
const SECTION_ORDER = ['auction', 'grid', 'nodal'];

/** The bench scripts of bench/, by the convention above. */
export function findScripts() {
  return fs.readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs')
    .filter((f) => f.endsWith('.bench.mjs') || /lib\/harness\.mjs/.test(fs.readFileSync(path.join(BENCH_DIR, f), 'utf8')))
    .sort();
}

function runScript(file, quick) {
  progress(`running bench/${file}${quick ? ' --quick' : ''}`);
  const args = ['--expose-gc', path.join(BENCH_DIR, file), ...(quick ? ['--quick'] : [])];
  const r = spawnSync(process.execPath, args, {
    cwd: REPO_DIR,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...(quick ? { BENCH_QUICK: '1' } : {}) },
  });
  const ok = r.status === 0;
  progress(`bench/${file}: ${ok ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`}`);
  return ok;
}

function sectionRank(name) {
  const i = SECTION_ORDER.indexOf(name);
  return i < 0 ? SECTION_ORDER.length : i;
}

/** BENCHMARKS.md: the machine header, then every section file of `dir`. */
export function assemble(dir, quick) {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'BENCHMARKS.md') : [];
  const names = files.map((f) => f.slice(0, -3))
    .sort((a, b) => sectionRank(a) - sectionRank(b) || a.localeCompare(b));
  const m = machine();
  const header = `# Benchmarks

Produced by \`npm run bench\` (\`bench/run.mjs\`)${quick ? ' with **--quick** (smoke-test sizes: not figures to quote)' : ''}.
Every section is written by one bench script and says when and where it was measured.

| | |
| --- | --- |
| Assembled | ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC |
| CPU | ${m.cpu} |
| Cores | ${m.cores} |
| Memory | ${(m.memory / 2 ** 30).toFixed(1)} GiB |
| Node | ${m.node} |
| OS | ${m.platform} |

Reproduce: \`npm run bench\` (all), \`npm run bench -- auction\` (one script), \`npm run bench -- --quick\`
(small sizes). Sections: ${names.map((n) => `[${n}](#${n})`).join(', ') || 'none yet'}.
`;
  const sections = names.map((n) => `<a id="${n}"></a>\n\n${fs.readFileSync(path.join(dir, `${n}.md`), 'utf8').trim()}\n`);
  return [header, ...sections].join('\n');
}

function main() {
  const { quick, filters } = benchArgs();
  const scripts = findScripts().filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)));
  if (scripts.length === 0) {
    progress(`no bench script matches ${filters.join(' ')} (found: ${findScripts().join(', ') || 'none'})`);
    process.exit(1);
  }
  const failed = scripts.filter((f) => !runScript(f, quick));
  const dir = resultsDir(quick);
  const out = quick ? path.join(dir, 'BENCHMARKS.md') : path.join(REPO_DIR, 'BENCHMARKS.md');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, assemble(dir, quick));
  progress(`wrote ${path.relative(REPO_DIR, out)}`);
  if (failed.length) {
    progress(`FAILED: ${failed.join(', ')}`);
    process.exit(1);
  }
}

main();
