// `npm run bench [-- <filter>...] [-- --quick]`: runs every bench script, then assembles
// BENCHMARKS.md from all sections in bench/results/ under a header naming the machine and date.
//
// A bench script is any top-level bench/*.mjs but run.mjs (name new ones <name>.bench.mjs; helpers
// go in bench/lib/ or bench/peers/, which are never run). Each runs in its own
// `node --expose-gc` process (clean heap and Wasm memory per script) and writes its own section
// with writeSection(name, markdown). Filters keep the scripts whose file name contains one of them;
// sections of scripts not run this time are kept from their last run (each carries its own date).
// `--assemble` only rebuilds BENCHMARKS.md from the section files, running nothing.
// `--quick` runs small sizes and writes to bench/results/quick/ and bench/results/quick/BENCHMARKS.md,
// never over the official figures.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { BENCH_DIR, REPO_DIR, benchArgs, machine, progress, resultsDir } from './lib/harness.mjs';

/** Order of known sections in BENCHMARKS.md; others follow alphabetically. */
const SECTION_ORDER = ['auction', 'grid', 'nodal'];

/** The bench scripts of bench/, by the convention above. */
export function findScripts() {
  return fs.readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs')
    .sort();
}

/** Runs one bench script in its own node process; true when it exited 0. */
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

/** Position of a section in BENCHMARKS.md. */
function sectionRank(name) {
  const i = SECTION_ORDER.indexOf(name);
  return i < 0 ? SECTION_ORDER.length : i;
}

/** A section's text, with a `## <name>` heading added when the script wrote none. */
function withHeading(name, text) {
  const body = text.trim();
  const first = body.replace(/^<!--[\s\S]*?-->\s*/, '');
  return first.startsWith('## ') ? body : `## ${name}\n\n${body}`;
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
  const sections = names.map((n) => `<a id="${n}"></a>\n\n${withHeading(n, fs.readFileSync(path.join(dir, `${n}.md`), 'utf8'))}\n`);
  return [header, ...sections].join('\n');
}

/** Writes BENCHMARKS.md (quick: bench/results/quick/BENCHMARKS.md) from the section files. */
function writeBenchmarks(quick) {
  const dir = resultsDir(quick);
  const out = quick ? path.join(dir, 'BENCHMARKS.md') : path.join(REPO_DIR, 'BENCHMARKS.md');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, assemble(dir, quick));
  progress(`wrote ${path.relative(REPO_DIR, out)}`);
}

/** Runs the matching scripts (or only assembles), then writes BENCHMARKS.md. */
function main() {
  const { quick, filters } = benchArgs();
  if (process.argv.includes('--assemble')) {
    writeBenchmarks(quick);
    return;
  }
  const scripts = findScripts().filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)));
  if (scripts.length === 0) {
    progress(`no bench script matches ${filters.join(' ')} (found: ${findScripts().join(', ') || 'none'})`);
    process.exit(1);
  }
  const failed = scripts.filter((f) => !runScript(f, quick));
  writeBenchmarks(quick);
  if (failed.length) {
    progress(`FAILED: ${failed.join(', ')}`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
