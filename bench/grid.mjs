// Grid benchmark: factorization time, time per PTDF row and factor size for every MATPOWER case
// (GRIDCLEAR_CASES or ../shared/cases) and a synthetic 10,000-bus meshed network (100 x 100 grid
// with seeded diagonals). Prints a markdown table and writes it to bench/results/grid.md.
// Run: node bench/grid.mjs   (bundles src/ with esbuild; builds the Wasm core first if missing)
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'src/wasm/binary.generated.ts'))) execFileSync(process.execPath, [join(root, 'scripts/build-wasm.mjs')], { stdio: 'inherit' });
const outFile = join(root, '.tmp', 'bench-grid.mjs');
mkdirSync(dirname(outFile), { recursive: true });
await build({
  stdin: {
    contents: `export { GridModel } from './src/grid/index.ts'; export { normalizeNetwork } from './src/model/network.ts';
      export { factorizeNetwork } from './src/grid/factor.ts'; export { importMatpower } from './src/io/matpower.ts';`,
    resolveDir: root, loader: 'ts',
  },
  bundle: true, format: 'esm', platform: 'node', outfile: outFile, logLevel: 'error',
});
const { GridModel, normalizeNetwork, factorizeNetwork, importMatpower } = await import(pathToFileURL(outFile).href);

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
function time(fn, repeats) {
  const ts = [];
  for (let r = 0; r < repeats; r++) { const t0 = performance.now(); fn(); ts.push(performance.now() - t0); }
  return median(ts);
}

/** A rows x cols grid with horizontal and vertical lines plus ~20% seeded diagonals. */
function synthetic(rows, cols, seed) {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  const id = (r, c) => `${r}_${c}`;
  const buses = [], lines = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) buses.push({ id: id(r, c) });
  const add = (a, b) => lines.push({ id: `l${lines.length}`, from: a, to: b, x: 0.01 + 0.09 * rnd() });
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (c + 1 < cols) add(id(r, c), id(r, c + 1));
      if (r + 1 < rows) add(id(r, c), id(r + 1, c));
      if (r + 1 < rows && c + 1 < cols && rnd() < 0.2) add(id(r, c), id(r + 1, c + 1));
    }
  }
  return { baseMVA: 100, buses, lines };
}

function measure(name, network, opts) {
  const basic = normalizeNetwork(network, { quantityDecimals: 3, ...opts });
  const normalizeMs = time(() => normalizeNetwork(network, { quantityDecimals: 3, ...opts }), 5);
  factorizeNetwork(basic); // warm up
  const factorMs = time(() => factorizeNetwork(basic), 9);
  const g = GridModel.from(basic);
  const nl = basic.lineIds.length, probe = Array.from({ length: Math.min(nl, 200) }, (_, i) => Math.floor((i * nl) / Math.min(nl, 200)));
  g.ptdfRow(0);
  const rowMs = median(probe.map((l) => time(() => g.ptdfRow(l), 3)));
  const batch = probe.slice(0, 100);
  const batchMs = time(() => g.ptdfRows(batch), 5) / batch.length;
  const st = g.stats;
  return { name, buses: st.buses, lines: st.lines, normalizeMs, factorMs, rowMs, batchMs, nnzL: st.factorNnz, bytes: st.factorBytes };
}

const dir = process.env.GRIDCLEAR_CASES ?? join(root, '..', 'shared', 'cases');
const results = [];
if (existsSync(dir)) {
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.m')).sort((a, b) => Number(/case(\d+)/.exec(a)?.[1]) - Number(/case(\d+)/.exec(b)?.[1]))) {
    const market = importMatpower(readFileSync(join(dir, f), 'utf8'));
    results.push(measure(f.replace(/\.m$/, ''), market.network, { allowNegativeReactance: true }));
  }
} else {
  console.warn(`bench/grid: no cases folder at ${dir} (set GRIDCLEAR_CASES); only the synthetic network is measured`);
}
results.push(measure('synthetic 100x100 grid + 20% diagonals', synthetic(100, 100, 42), {}));

const fmt = (v, d = 3) => v.toFixed(d);
const table = [
  `Grid benchmark (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'}). Medians.`,
  '',
  '| network | buses | lines | normalize ms | factorize ms | PTDF row ms | PTDF row ms (batch of 100) | nnz(L) | factor bytes |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...results.map((r) => `| ${r.name} | ${r.buses} | ${r.lines} | ${fmt(r.normalizeMs)} | ${fmt(r.factorMs)} | ${fmt(r.rowMs, 4)} | ${fmt(r.batchMs, 4)} | ${r.nnzL} | ${r.bytes} |`),
  '',
  'factorize = reduced B\' assembly + minimum-degree ordering + sparse L D L^T in the Wasm core, including copying the',
  'network in and the factor out. PTDF row = one GridModel.ptdfRow call (copies the factor into the arena, one solve,',
  'copies the row out); the batch column is ptdfRows over 100 lines in one call, per row. nnz(L) excludes the diagonal.',
].join('\n');
console.log(table);
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'grid.md'), table + '\n');
