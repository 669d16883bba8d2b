// Experiment (not part of `npm run bench`): the nodal clearing's hand-over split in its two parts,
// the dense core up to its row cap and the sparse LP engine from the hand-over basis, each timed
// (CPU time of the process, process.cpuUsage) with its iterations, rounds and rows dropped, for
// several configurations of one market in one process (interleaved when REPS > 1).
// Run: node bench/experiments/nodal-handover.mjs ROW CONFIG...
//   ROW: meshK/limitMW (bench/lib/mesh.mjs, 10 K^2 orders, seed 5) or case:orders:tighten (prosumer
//   orders, seed 11), as the nodal bench's rows where many lines bind;
//   CONFIG: cap[/linesPerRound] with cap 'auto' (the default rule) or a number of line rows, and
//   linesPerRound absent (the core's adaptive rule) or a number. REPS=3 repeats the configurations
//   interleaved; a config ending in L solves the engine with lazy line rows, in M with the Markowitz
//   factorization (solveLp's `markowitz`). TREE=dir bundles another source tree (e.g. an old commit) instead of this one.
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path'; import { fileURLToPath } from 'node:url';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TREE = process.env.TREE ? path.resolve(process.env.TREE) : REPO;
const CASES = process.env.GRIDCLEAR_CASES ?? path.resolve(REPO, '../shared/cases');
const { build } = await import(`${REPO}/node_modules/esbuild/lib/main.js`);
const out = path.join(os.tmpdir(), `nodal-handover-${process.pid}.mjs`);
await build({
  stdin: {
    contents: `export { clearNodal } from './src/nodal/index.ts'; export { importMatpower } from './src/io/matpower.ts';
export { normalizeMarket } from './src/model/normalize.ts'; export { prepareNodal } from './src/nodal/prepare.ts';
export { runNodal } from './src/nodal/encode.ts'; export * from './src/nodal/sparse.ts'; export { solveLp } from './src/lp/solve.ts'; export { LpEngine } from './src/lp/engine.ts';
export { NS } from './src/wasm/abi.ts';`,
    resolveDir: TREE, loader: 'ts',
  },
  bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error',
});
const lib = await import(out); fs.rmSync(out);
const { meshMarket } = await import(`${REPO}/bench/lib/mesh.mjs`);
const { prosumerMarket } = await import(`${REPO}/bench/lib/prosumers.mjs`);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const [row, ...configs] = process.argv.slice(2);
const REPS = Number(process.env.REPS ?? 1);
// LP_OPTS (JSON): more solveLp options for the engine, e.g. '{"edgeWeights":"exact"}' as src/nodal/sparse.ts passes
const LP_OPTS = JSON.parse(process.env.LP_OPTS ?? '{}');
let m;
if (row.startsWith('mesh')) { const [k, lim] = row.slice(4).split('/').map(Number); m = meshMarket(k, { limit: lim, orders: 10 * k * k, seed: 5 }); }
else { const [c, n, t] = row.split(':'); m = prosumerMarket(lib.importMatpower(fs.readFileSync(`${CASES}/pglib_opf_${c}.m`, 'utf8')), Number(n), 11, Number(t)); }
const inp = lib.prepareNodal(lib.normalizeMarket(m, { network: 'require' }));
const qScale = 10 ** inp.qd;
let limited = 0;
for (let l = 0; l < inp.net.lineIds.length; l++) if (inp.net.lineMinFlowTicks[l] !== null || inp.net.lineMaxFlowTicks[l] !== null) limited++;
console.log(`${row}: load ${os.loadavg()[0].toFixed(1)}, S = ${inp.net.busIds.length + limited} (buses + limited lines), ${inp.bus.length} orders, auto cap ${lib.sparseRowCap(inp)}`);
for (let rep = 0; rep < REPS; rep++) {
  for (const c of configs.length ? configs : ['auto']) {
    const lazy = c.endsWith('L'), markowitz = c.endsWith('M');
    const [capS, lprS] = c.replace(/[LM]$/, '').split('/');
    const cap = capS === 'auto' ? lib.sparseRowCap(inp) : Number(capS), lpr = lprS === undefined ? 0 : Number(lprS);
    const c0 = cpu(), t0 = performance.now();
    const core = lib.runNodal(inp, 1e7, lpr, undefined, cap);
    const c1 = cpu(), t1 = performance.now();
    const s = core.stats, N = lib.NS;
    let line = `${c.padEnd(12)} dense ${(c1 - c0).toFixed(0)} ms cpu (${(t1 - t0).toFixed(0)} wall) ${s[N.ITERATIONS]} it ${s[N.ROUNDS]} rounds ${s[N.ACTIVE_LINES]} rows ${s[N.ROWS_DROPPED]} dropped ${s[N.REFACTORS]} refact`;
    if (core.status === 0) { console.log(`${line} (dense path) welfare ${s[N.OBJECTIVE]}`); continue; }
    const form = lib.formulateBTheta(inp, qScale);
    const basis = lib.handOverBasis(inp, form, core);
    const c2 = cpu(), t2 = performance.now();
    const r = lazy ? lazySolve(form, basis, core) : lib.solveLp(form.lp, { basis, maxIterations: 1e7, perturb: false, markowitz, ...LP_OPTS });
    const c3 = cpu(), t3 = performance.now();
    line += ` | engine ${(c3 - c2).toFixed(0)} ms cpu (${(t3 - t2).toFixed(0)} wall) ${r.iterations} it ${r.stats.refactorizations} refact ${(r.stats.memoryBytes / 2 ** 20).toFixed(1)} MiB | total ${(c1 - c0 + c3 - c2).toFixed(0)} ms cpu ${s[N.ITERATIONS] + r.iterations} it, obj ${r.objective}`;
    console.log(line + (lazy ? ` | lazy: ${r.rounds} rounds, ${r.rows} line rows at the end` : ''));
  }
}

/**
 * The engine on the line rows the core had at the hand-over only; the other limited lines are added
 * as rows when the solution overloads them (all of them per round), from the last basis.
 */
function lazySolve(form, basis, core) {
  const full = form.lp, n = full.numCols, nB = inp.net.busIds.length;
  const keep = new Int32Array(full.numRows).fill(-1), subRows = [];
  for (let i = 0; i < full.numRows; i++) if (i < nB) { keep[i] = subRows.length; subRows.push(i); }
  form.lineRow.forEach((row, l) => { if (row >= 0 && core.lineDual[l] >= 0) { keep[row] = subRows.length; subRows.push(row); } });
  // row-wise entries of the full LP's line rows (the angle columns' entries)
  const rowEnt = Array.from({ length: full.numRows }, () => []);
  for (let j = 0; j < n; j++) for (let e = full.colStart[j]; e < full.colStart[j + 1]; e++) if (full.colRow[e] >= nB) rowEnt[full.colRow[e]].push(j, full.colValue[e]);
  const start = new Int32Array(n + 1), row = [], val = [];
  for (let j = 0; j < n; j++) {
    for (let e = full.colStart[j]; e < full.colStart[j + 1]; e++) if (keep[full.colRow[e]] >= 0) { row.push(keep[full.colRow[e]]); val.push(full.colValue[e]); }
    start[j + 1] = row.length;
  }
  const sub = { ...full, numRows: subRows.length, colStart: start, colRow: Int32Array.from(row), colValue: Float64Array.from(val),
    rowLower: Float64Array.from(subRows, (i) => full.rowLower[i]), rowUpper: Float64Array.from(subRows, (i) => full.rowUpper[i]) };
  const b = new Int32Array(n + subRows.length);
  b.set(basis.subarray(0, n));
  subRows.forEach((i, k) => { b[n + k] = basis[n + i]; });
  const eng = new lib.LpEngine(sub, { basis: b, maxIterations: 1e7, perturb: false });
  let its = 0, rounds = 0, res;
  for (;;) {
    rounds++;
    res = eng.solve(); its += res.iterations;
    const lo = [], up = [], st = [0], idx = [], vv = [];
    for (let i = nB; i < full.numRows; i++) {
      if (keep[i] >= 0) continue;
      const ent = rowEnt[i];
      let a = 0;
      for (let t = 0; t < ent.length; t += 2) a += ent[t + 1] * res.x[ent[t]];
      const tol = 1e-6 * Math.max(1, Math.abs(a));
      if (!(a > full.rowUpper[i] + tol || a < full.rowLower[i] - tol)) continue;
      keep[i] = subRows.length; subRows.push(i);
      lo.push(full.rowLower[i]); up.push(full.rowUpper[i]);
      for (let t = 0; t < ent.length; t += 2) { idx.push(ent[t]); vv.push(ent[t + 1]); }
      st.push(idx.length);
    }
    if (lo.length === 0) break;
    eng.addRows({ lower: lo, upper: up, start: st, index: idx, value: vv });
  }
  return { ...res, iterations: its, rounds, rows: subRows.length - nB };
}
