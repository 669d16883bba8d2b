// Counters of the nodal sparse path's LP (issue 10): the LP captured from clearNodal with its hand-over
// basis and options, solved once more alone on the debug core (lib/debugCore.mjs; --wasm=FILE to reuse
// a built one); prints iterations, refactorizations, the exact steepest-edge weights computed by
// BTRANs, the per-iteration sizes, and CPU time (REPS solves: the mean; under node --cpu-prof, the
// engine's own profile). LP_OPTS='{"edgeWeights":"unit"}' to vary options.
// Run: GRIDCLEAR_CASES=... node bench/experiments/lp-nodal-counts.mjs mesh40 c1354 [--wasm=FILE]
import fs from 'node:fs'; import path from 'node:path';
import { debugLib, root } from './lib/debugCore.mjs';
const CASES = process.env.GRIDCLEAR_CASES ?? path.join(root, '../shared/cases');
const { lib, instances } = await debugLib({ name: 'lp-nodal-counts', onLoad: (b) => {
  b.onLoad({ filter: /src[\\/]lp[\\/]solve\.ts$/ }, (a) => ({ contents: fs.readFileSync(a.path, 'utf8').replace('LpOptions = {}): LpResult {\n  const t0', 'LpOptions = {}): LpResult {\n  (globalThis as any).__lpCapture?.(lp, options);\n  const t0'), loader: 'ts' }));
} });
const { meshMarket } = await import('../lib/mesh.mjs');
const { prosumerMarket } = await import('../lib/prosumers.mjs');
const nodal = { mesh20: [20, 1, 4000], mesh30: [30, 4, 9000], mesh40: [40, 4, 16000] };
for (const name of process.argv.slice(2).filter((a) => !a.startsWith('--'))) {
  const m = nodal[name] ? meshMarket(nodal[name][0], { limit: nodal[name][1], orders: nodal[name][2], seed: 5 })
    : prosumerMarket(lib.importMatpower(fs.readFileSync(path.join(CASES, 'pglib_opf_case1354_pegase.m'), 'utf8')), 1e5, 11, 0.03);
  let cap;
  globalThis.__lpCapture = (lp, options) => { cap = [lp, options]; };
  lib.clearNodal(m, { maxIterations: 1e7 });
  globalThis.__lpCapture = undefined;
  const ex = instances.at(-1).exports;
  ex.lpCounterReset();
  const c0 = process.cpuUsage();
  let r;
  for (let k = 0; k < Number(process.env.REPS ?? 1); k++) r = lib.solveLp(cap[0], { ...cap[1], ...JSON.parse(process.env.LP_OPTS ?? '{}') });
  const c = process.cpuUsage(c0), ms = (c.user + c.system) / 1000 / Number(process.env.REPS ?? 1), it = ex.lpCounter(7);
  console.log(`${name} ${cap[0].numRows}x${cap[0].numCols}: ${r.status} it ${r.iterations} refac ${r.stats.refactorizations} edge BTRANs ${ex.lpCounter(25)} | per it: col ${(ex.lpCounter(0) / it).toFixed(0)} rho ${(ex.lpCounter(1) / it).toFixed(0)} row ${(ex.lpCounter(2) / it).toFixed(0)} eta ${(ex.lpCounter(3) / it).toFixed(0)} inf ${(ex.lpCounter(4) / it).toFixed(0)} cand ${(ex.lpCounter(22) / it).toFixed(0)} walk ${(ex.lpCounter(23) / it).toFixed(0)}, large-step tests ${(ex.lpCounter(15) / it).toFixed(2)} (candidates ${(ex.lpCounter(16) / Math.max(1, ex.lpCounter(15))).toFixed(0)}, kept ${(ex.lpCounter(17) / Math.max(1, ex.lpCounter(15))).toFixed(0)}, scanned past the first limit ${(ex.lpCounter(21) / Math.max(1, ex.lpCounter(15))).toFixed(0)}, again ${ex.lpCounter(18)}) | cpu ${ms.toFixed(0)} ms ${(1000 * ms / r.iterations).toFixed(0)} us/it | obj ${r.objective}`);
}
