// Grid benchmark (issue 3): factorization time, time per PTDF row and factor size for every
// MATPOWER case (GRIDCLEAR_CASES or ../shared/cases) and a synthetic 10,000-bus meshed network
// (100 x 100 grid with seeded diagonals). `--quick`: the cases up to 300 buses and a 30 x 30 grid.
// Run: `npm run bench -- grid`, or `node --expose-gc bench/grid.bench.mjs [--quick]` (after a build).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchArgs, progress, median, mdTable, writeSection, fmtBytes, REPO_DIR } from './lib/harness.mjs';
import { prng } from './lib/market.mjs';

const { quick } = benchArgs();
const { GridModel, normalizeNetwork, importMatpower } = await import('../dist/index.js');

/** Median time (ms) of `repeats` calls after one warm-up. */
function time(fn, repeats) {
  fn();
  const ts = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

/** A rows x cols grid with horizontal and vertical lines plus ~20% seeded diagonals. */
function synthetic(rows, cols, seed) {
  const rnd = prng(seed);
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

/** Times normalization, factorization, single PTDF rows and a batch of 100 rows of one network. */
function measure(name, network, opts) {
  progress(name);
  const basic = normalizeNetwork(network, { quantityDecimals: 3, ...opts });
  const normalizeMs = time(() => normalizeNetwork(network, { quantityDecimals: 3, ...opts }), 5);
  const factorMs = time(() => GridModel.from(basic), 9);
  const g = GridModel.from(basic);
  const nl = basic.lineIds.length;
  const k = Math.min(nl, 200);
  const probe = Array.from({ length: k }, (_, i) => Math.floor((i * nl) / k));
  const rowMs = median(probe.map((l) => time(() => g.ptdfRow(l), 3)));
  const batch = probe.slice(0, 100);
  const batchMs = time(() => g.ptdfRows(batch), 5) / batch.length;
  const st = g.stats;
  return { name, buses: st.buses, lines: st.lines, normalizeMs, factorMs, rowMs, batchMs, nnzL: st.factorNnz, bytes: st.factorBytes };
}

const dir = process.env.GRIDCLEAR_CASES ?? join(REPO_DIR, '..', 'shared', 'cases');
const results = [];
if (existsSync(dir)) {
  const size = (f) => Number(/case(\d+)/.exec(f)?.[1] ?? 0);
  const files = readdirSync(dir).filter((f) => f.endsWith('.m') && (!quick || size(f) <= 300)).sort((a, b) => size(a) - size(b));
  for (const f of files) {
    const market = importMatpower(readFileSync(join(dir, f), 'utf8'));
    results.push(measure(f.replace(/\.m$/, ''), market.network, { allowNegativeReactance: true }));
  }
} else {
  progress(`no cases folder at ${dir} (set GRIDCLEAR_CASES): only the synthetic network is measured`);
}
const side = quick ? 30 : 100;
results.push(measure(`synthetic ${side}x${side} grid + 20% diagonals`, synthetic(side, side, 42), {}));

const ms = (v) => v.toFixed(3);
const verdict = (ok) => (ok ? 'met' : '**missed**');
const c1354 = results.find((r) => r.name.includes('case1354'));
const targets = c1354
  ? mdTable(['target (case1354_pegase)', 'measured', ''], [
    ['factorization < 10 ms', `${ms(c1354.factorMs)} ms`, verdict(c1354.factorMs < 10)],
    ['one PTDF row < 1 ms', `${ms(c1354.rowMs)} ms`, verdict(c1354.rowMs < 1)],
  ])
  : '_case1354_pegase not measured (quick run or no cases folder): targets not checked._';
const md = `## Grid: factorization and PTDF rows

Every MATPOWER case of the shared cases folder${quick ? ' up to 300 buses' : ''} and a synthetic meshed
${side * side}-bus network. Medians (factorization of 9 runs, PTDF rows of 3 runs each over up to 200 lines
spread through the line list).

${targets}

${mdTable(['network', 'buses', 'lines', 'normalize', 'factorize', 'PTDF row', 'PTDF row (batch of 100)', 'nnz(L)', 'factor', 'bytes / (nnz(L) + buses)'],
    results.map((r) => [r.name, r.buses, r.lines, `${ms(r.normalizeMs)} ms`, `${ms(r.factorMs)} ms`, `${r.rowMs.toFixed(4)} ms`,
      `${r.batchMs.toFixed(4)} ms`, r.nnzL, fmtBytes(r.bytes), (r.bytes / (r.nnzL + r.buses)).toFixed(1)]))}

- normalize: the network validated into its dense form (islands, reference buses), in TypeScript.
- factorize: \`GridModel.from(normalized network)\`: reduced B' assembly + minimum-degree ordering +
  sparse L D L^T in the Wasm core, including copying the network in and the factor out.
- PTDF row: one \`GridModel.ptdfRow\` call (copies the factor into the arena, one solve, copies the row out);
  the batch column is \`ptdfRows\` over 100 lines in one call, per row.
- Memory: the factor's bytes (L's nonzeros as row index + value, its column pointers, the diagonal, the
  ordering and its inverse) grow with nnz(L) + buses; the last column is that ratio, flat across sizes. nnz(L) excludes the diagonal.
`;
writeSection('grid', md, { quick });
process.stdout.write(`${md}\n`);
