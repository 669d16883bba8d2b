// Where an iteration's time goes on the nodal sparse path's LP (issue 10's floor evidence): the
// sparse LP a nodal clearing hands to the engine (mesh40 by default: bench/lib/mesh.mjs 40x40,
// limits 4 MW, 16000 orders, seed 5, as the nodal bench's "Where many lines bind" row) is captured
// once into /tmp/lp-floor-<row>.json, then solved alone from its hand-over basis REPS times on the
// core built with its function names (lib/debugCore.mjs), sampled by node:inspector around the solve
// only: self time per Wasm function, in microseconds per iteration, and grouped (FTRAN, BTRAN, the
// edge-weight solve, PRICE, the ratio test, the factorizations, the rest) by the names below.
// PAIR=0: the entering column's and tau's FTRANs apart (ftranDense) instead of one paired pass.
// Run: GRIDCLEAR_CASES=/work/shared/cases node bench/experiments/lp-floor.mjs [mesh40|mesh30|mesh20|file.json] [reps]
import fs from 'node:fs';
import inspector from 'node:inspector';
import { debugLib } from './lib/debugCore.mjs';

const [row = 'mesh40', repsArg = '3'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const REPS = Number(repsArg);
const { lib, instances } = await debugLib({ name: 'lp-floor', onLoad: (b) => {
  b.onLoad({ filter: /src[\\/]lp[\\/]solve\.ts$/ }, (a) => ({ contents: fs.readFileSync(a.path, 'utf8').replace('LpOptions = {}): LpResult {\n  const t0', 'LpOptions = {}): LpResult {\n  (globalThis as any).__lpCapture?.(lp, options);\n  const t0'), loader: 'ts' }));
} });
const arr = (v) => (ArrayBuffer.isView(v) ? { t: v.constructor.name, v: Array.from(v, (x) => (Number.isFinite(x) ? x : String(x))) } : v);
const unarr = (v) => (v && typeof v === 'object' && v.t ? new globalThis[v.t](v.v.map(Number)) : v);
const file = row.endsWith('.json') ? row : `/tmp/lp-floor-${row}.json`;
if (!fs.existsSync(file)) {
  const { meshMarket } = await import('../lib/mesh.mjs');
  const size = { mesh20: [20, 1, 4000], mesh30: [30, 4, 9000], mesh40: [40, 4, 16000] }[row];
  let cap;
  globalThis.__lpCapture = (lp, options) => { cap = [lp, options]; };
  lib.clearNodal(meshMarket(size[0], { limit: size[1], orders: size[2], seed: 5 }), { maxIterations: 1e7 });
  globalThis.__lpCapture = undefined;
  const ser = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, arr(v)]));
  fs.writeFileSync(file, JSON.stringify([ser(cap[0]), ser(cap[1])]));
}
const [lpJ, optJ] = JSON.parse(fs.readFileSync(file, 'utf8'));
const lp = Object.fromEntries(Object.entries(lpJ).map(([k, v]) => [k, unarr(v)]));
const opts = { ...Object.fromEntries(Object.entries(optJ).map(([k, v]) => [k, unarr(v)])), maxIterations: 1e7 };
// the shared core instance made before timing (a one-row LP); PAIR=0 solves the entering column and tau apart (the same bits)
lib.solveLp({ numRows: 1, numCols: 1, colCost: new Float64Array([1]), colLower: new Float64Array([0]), colUpper: new Float64Array([1]), rowLower: new Float64Array([0]), rowUpper: new Float64Array([1]), colStart: new Int32Array([0, 1]), colRow: new Int32Array([0]), colValue: new Float64Array([1]) });
if (process.env.PAIR === '0') instances.at(-1).exports.lpPairSolves(0);
const session = new inspector.Session();
session.connect();
const post = (m, p = {}) => new Promise((ok, no) => session.post(m, p, (e, r) => (e ? no(e) : ok(r))));
await post('Profiler.enable');
await post('Profiler.setSamplingInterval', { interval: 200 });
const self = new Map();
let its = 0, cpuMs = 0, iters;
for (let k = 0; k < REPS; k++) {
  await post('Profiler.start');
  const c0 = process.cpuUsage();
  const r = lib.solveLp(lp, opts);
  const c = process.cpuUsage(c0);
  const { profile } = await post('Profiler.stop');
  cpuMs += (c.user + c.system) / 1000; its += r.stats.iterations; iters = r.stats;
  const byId = new Map(profile.nodes.map((q) => [q.id, q]));
  for (let i = 0; i < profile.samples.length; i++) {
    const q = byId.get(profile.samples[i]), key = q.callFrame.functionName || '(anonymous)';
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  console.log(`${row} ${lp.numRows}x${lp.numCols}: ${r.status} obj ${r.objective} it ${r.stats.iterations} refac ${r.stats.refactorizations} cpu ${((c.user + c.system) / 1000).toFixed(0)} ms`);
}
const ex = instances.at(-1).exports;
const total = [...self.values()].reduce((p, q) => p + q, 0);
const perIt = (us) => us / its;
// groups by function name (small functions are inlined into their callers: see docs/lp.md)
const groups = [
  ['FTRAN (entering column, paired with tau; the flips)', /^assembly\/lp\/lu\/(ftran|ftranPair|ftranDense|ftranSparse|ftranL|ftranU|ftranR|ftranEta|ftranPairDense)/],
  ['BTRAN (rho; the lazy weights)', /^assembly\/lp\/lu\/(btran|btranDense|btranSparse|btranPair|btranU|btranL|btranR)/],
  ['hyper-sparse solves\' heaps', /^assembly\/lp\/lu\/(heapPop|heapPush|reach|siftUp|siftDown)/],
  ['factorization (and the row-wise copies)', /^assembly\/lp\/lu\/(factor|factorLeft|factorMarkowitz|store|buildRowCopies|markowitz|kernel|eliminate|rowCopy|rowCopies|singletons|scatter)/],
  ['Forrest-Tomlin update', /^assembly\/lp\/lu\/(update|updateFT|updateProduct|moveRow|growRow)/],
  ['PRICE (pivotRow)', /^assembly\/lp\/dual\/(pivotRow|priceRow|priceClasses)/],
  ['ratio test (with the walks, heaps, listFirstReached)', /^assembly\/lp\/dual\/(ratioTest|listFirstReached|walkRow|startWalks|popTop|siftDown|siftEntry|largeStep|groups|takeGroup|walkable)/],
  ['pivot (primal, duals, weights)', /^assembly\/lp\/dual\/(pivot|updateWeights|updatePrimal|updateDuals|flipUpdate)$/],
  ['CHUZR and the infeasibility list', /^assembly\/lp\/dual\/(chooseRow|chooseRowFull|chooseRowPlain|chooseRowHyper|setInfeasibility|listedWeights|exactWeight)/],
  ['iterate (inlined: CHUZR, PRICE\'s setup, clears)', /^assembly\/lp\/dual\/iterate$/],
];
const seen = new Set();
console.log(`\n${its / REPS} iterations a solve, ${(1000 * cpuMs / its).toFixed(1)} us CPU an iteration (sampled ${(total / its).toFixed(1)} us); load ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`);
for (const [name, re] of groups) {
  let us = 0;
  for (const [k, t] of self) if (re.test(k)) { us += t; seen.add(k); }
  console.log(`${perIt(us).toFixed(1).padStart(8)} us/it ${(100 * us / total).toFixed(1).padStart(5)}%  ${name}`);
}
let rest = 0;
for (const [k, t] of self) if (!seen.has(k)) rest += t;
console.log(`${perIt(rest).toFixed(1).padStart(8)} us/it ${(100 * rest / total).toFixed(1).padStart(5)}%  the rest`);
console.log('\nby function:');
for (const [k, t] of [...self].sort((p, q) => q[1] - p[1]).slice(0, Number(process.env.TOP ?? 30))) console.log(`${perIt(t).toFixed(1).padStart(8)} us/it ${(100 * t / total).toFixed(1).padStart(5)}%  ${k}`);
const c = (i) => ex.lpCounter(i) / Math.max(1, ex.lpCounter(7));
console.log(`\nlast solve's counters per iteration: col ${c(0).toFixed(0)} rho ${c(1).toFixed(0)} pivot row ${c(2).toFixed(0)} update file ${c(3).toFixed(0)} infeasible ${c(4).toFixed(0)}, exact weights by BTRAN ${ex.lpCounter(25)} in the last solve, paired FTRANs ${ex.lpCounter(19)}, ${ex.lpCounter(10)} factorizations (${iters.refactorizations} refactorizations)`);
