// Experiment (not part of `npm run bench`): the nodal clearing as a sparse B-theta LP on the
// general LP engine (solveLp, assembly/lp): every limited line as a row at once ("full"), and line
// rows added lazily, the most violated first, each solve warm-started from the last basis with the
// new rows' logicals basic ("lazy"); against the dense PTDF core (clearNodal) and HiGHS (typed
// interface, presolve off), one run each, in one process.
// Run: node bench/experiments/nodal-btheta.mjs mesh20/1 mesh30/4 case1354_pegase:100000:0.03
// (meshK/limitMW: bench/lib/mesh.mjs with 10 K^2 orders, seed 5; case:orders:tighten: prosumer
// orders, seed 11, as the nodal bench's rows where many lines bind).
import fs from 'node:fs'; import path from 'node:path'; import { fileURLToPath } from 'node:url';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CASES = process.env.GRIDCLEAR_CASES ?? path.resolve(REPO, '../shared/cases');
const { build } = await import(`${REPO}/node_modules/esbuild/lib/main.js`);
const out = path.join(REPO, `.btheta-${process.pid}.mjs`);
await build({ stdin: { contents: "export { clearNodal } from './src/nodal/index.ts'; export { importMatpower } from './src/io/matpower.ts'; export { normalizeNetwork } from './src/model/network.ts'; export { solveLp } from './src/lp/solve.ts';", resolveDir: REPO, loader: 'ts' }, bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error' });
const lib = await import(out); fs.rmSync(out);
const { meshMarket } = await import(`${REPO}/bench/lib/mesh.mjs`);
const { prosumerMarket } = await import(`${REPO}/bench/lib/prosumers.mjs`);
const { loadHighs, buildNodalModel, solveNodalModel } = await import(`${REPO}/bench/peers/highs-nodal.mjs`);
const highs = await loadHighs();

/** The SparseLp of a built model keeping only the line rows in `keep` (indices into built.limited). */
function subLp(built, keep) {
  const md = built.model, nB = built.nBus, mx = md.matrix, nc = md.numCols;
  const rowMap = new Int32Array(md.numRows).fill(-1);
  for (let b = 0; b < nB; b++) rowMap[b] = b;
  keep.forEach((i, k) => { rowMap[nB + i] = nB + k; });
  const starts = new Int32Array(nc + 1), idx = [], val = [];
  for (let c = 0; c < nc; c++) {
    starts[c] = idx.length;
    const ent = [];
    for (let p = mx.starts[c]; p < mx.starts[c + 1]; p++) { const r = rowMap[mx.indices[p]]; if (r >= 0) ent.push([r, mx.values[p]]); }
    ent.sort((a, b) => a[0] - b[0]);
    for (const [r, v] of ent) { idx.push(r); val.push(v); }
  }
  starts[nc] = idx.length;
  const nR = nB + keep.length, rowLower = new Float64Array(nR), rowUpper = new Float64Array(nR);
  for (let b = 0; b < nB; b++) { rowLower[b] = md.rowLower[b]; rowUpper[b] = md.rowUpper[b]; }
  keep.forEach((i, k) => { rowLower[nB + k] = md.rowLower[nB + i]; rowUpper[nB + k] = md.rowUpper[nB + i]; });
  return { numCols: nc, numRows: nR, colLower: md.colLower, colUpper: md.colUpper, colCost: md.colCost, colStart: starts,
    colRow: Int32Array.from(idx), colValue: Float64Array.from(val), rowLower, rowUpper, maximize: true };
}

/** Line row activity (k (th_f - th_t), shift included in the bounds) of every limited line from a solution. */
function flowsOf(built, x) {
  const md = built.model, mx = md.matrix, act = new Float64Array(md.numRows);
  for (let c = built.nOrders; c < md.numCols; c++) for (let p = mx.starts[c]; p < mx.starts[c + 1]; p++) act[mx.indices[p]] += mx.values[p] * x[c];
  return act;
}

function lazy(built) {
  const md = built.model, nB = built.nBus, nLim = built.limited.length;
  let keep = [], basis, its = 0, rounds = 0, r, added = 0;
  const inRow = new Uint8Array(nLim);
  for (;;) {
    rounds++;
    const lp = subLp(built, keep);
    if (basis) { // extend: the old columns and rows keep their status, new rows' logicals basic
      const n = lp.numCols, b = new Int32Array(n + lp.numRows);
      b.set(basis.subarray(0, n + nB + (keep.length - added)));
      basis = b;
    }
    r = lib.solveLp(lp, { basis, maxIterations: 1e7 });
    its += r.iterations;
    if (r.status !== 'optimal') break;
    basis = r.basis;
    const act = flowsOf(built, r.x);
    const viol = [];
    for (let i = 0; i < nLim; i++) {
      if (inRow[i]) continue;
      const a = act[nB + i], lo = md.rowLower[nB + i], up = md.rowUpper[nB + i], v = a > up ? a - up : a < lo ? lo - a : 0;
      if (v > 1e-7 * Math.max(1, Math.abs(a))) viol.push([v, i]);
    }
    if (viol.length === 0) break;
    viol.sort((p, q) => q[0] - p[0] || p[1] - q[1]);
    added = Math.min(viol.length, Math.max(16, Math.min(512, viol.length >> 1)));
    for (let k = 0; k < added; k++) { keep.push(viol[k][1]); inRow[viol[k][1]] = 1; }
  }
  return { r, its, rounds, rows: keep.length };
}

const rows = process.argv.slice(2);
for (const row of rows) {
  let m;
  if (row.startsWith('mesh')) { const [k, lim] = row.slice(4).split('/').map(Number); m = meshMarket(k, { limit: lim, orders: 10 * k * k, seed: 5 }); }
  else { const [c, n, t] = row.split(':'); m = prosumerMarket(lib.importMatpower(fs.readFileSync(`${CASES}/pglib_opf_${c}.m`, 'utf8')), Number(n), 11, Number(t)); }
  const net = lib.normalizeNetwork(m.network, { quantityDecimals: m.quantityDecimals ?? 3, allowNegativeReactance: true });
  const built = buildNodalModel(m, net);
  let t0 = performance.now(); const g = lib.clearNodal(m, { maxIterations: 1e7 }); const tg = performance.now() - t0;
  t0 = performance.now(); const h = solveNodalModel(highs, built, { presolve: 'off' }); const th = performance.now() - t0;
  t0 = performance.now(); let full; try { full = lib.solveLp(subLp(built, built.limited.map((_, i) => i)), { maxIterations: 1e7 }); } catch (e) { full = { status: e.code, iterations: '-', objective: NaN }; } const tf = performance.now() - t0;
  t0 = performance.now(); let lz; try { lz = lazy(built); } catch (e) { lz = { its: '-', rounds: '-', rows: '-', r: { status: e.code, objective: NaN } }; } const tl = performance.now() - t0;
  const rel = (w) => Number.isNaN(w) ? '-' : (Math.abs(w - h.welfare) / Math.max(1, Math.abs(h.welfare))).toExponential(1);
  console.log(`${row}: binding ${g.stats.bindingLines}, limited ${built.limited.length} | dense core ${tg.toFixed(0)} ms (${g.stats.iterations} it) | HiGHS ${th.toFixed(0)} ms (${h.iterations} it) | LP engine full ${full.status} ${tf.toFixed(0)} ms (${full.iterations} it, rel ${rel(full.objective)}) | lazy ${lz.r.status} ${tl.toFixed(0)} ms (${lz.its} it, ${lz.rounds} rounds, ${lz.rows} rows, rel ${rel(lz.r.objective)})`);
}
