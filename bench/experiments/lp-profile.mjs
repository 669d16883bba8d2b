// Profiles the Wasm LP engine on the benchmark's largest LPs (random 8000 rows, the case118
// 24-period angle LP): builds the core with its function names kept (asc --debug, same -O3), bundles
// src/ with it, solves each LP once and prints iterations, time and time per iteration. Run with
// `node --cpu-prof --cpu-prof-dir=/tmp/lpprof bench/experiments/lp-profile.mjs [names...]` and read the
// profile with bench/experiments/lp-profile-read.mjs (self time per Wasm function).
import fs from 'node:fs';
import path from 'node:path';
import { randomLp } from '../lib/randomLp.mjs';
import { periodsMarket, angleLp } from '../lib/periodsLp.mjs';
import { dayMarket } from '../lib/day.mjs';
import { debugLib, root } from './lib/debugCore.mjs';

// --wasm, --keep, --binary, --assembly: lib/debugCore.mjs
const { lib, instances } = await debugLib({ name: 'lp-profile', onLoad: (b) => {
  // solveLp hands each LP it is given to globalThis.__lpCapture (the nodal rows re-solve the sparse path's LP alone)
  b.onLoad({ filter: /src[\\/]lp[\\/]solve\.ts$/ }, (a) => ({ contents: fs.readFileSync(a.path, 'utf8').replace('LpOptions = {}): LpResult {\n  const t0', 'LpOptions = {}): LpResult {\n  (globalThis as any).__lpCapture?.(lp, options);\n  const t0'), loader: 'ts' }));
} });
const want = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const lps = [];
if (!want.length || want.includes('random8000')) lps.push(['random8000', () => randomLp(8000, 12000, 8000)]);
if (!want.length || want.includes('random2000')) lps.push(['random2000', () => randomLp(2000, 3000, 2000)]);
// the lp bench's degenerate rows (ties in costs, entries and bounds)
for (const [m, nc] of [[500, 750], [2000, 3000], [8000, 12000]]) if (want.includes(`degen${m}`)) lps.push([`degen${m}`, () => randomLp(m, nc, m + 1, { ties: true })]);
if (want.includes('random500')) lps.push(['random500', () => randomLp(500, 750, 500)]);
if (!want.length || want.includes('case118')) lps.push(['case118', () => {
  const base = lib.importMatpower(fs.readFileSync(path.join(root, '../shared/cases/pglib_opf_case118_ieee.m'), 'utf8'));
  return angleLp(lib.normalizePeriods(periodsMarket(base, { periods: 24, orders: 1000, storage: 10, seed: 7, lineFactor: 0.7 })));
}]);
if (want.includes('case1354')) lps.push(['case1354', () => {
  const base = lib.importMatpower(fs.readFileSync(path.join(root, '../shared/cases/pglib_opf_case1354_pegase.m'), 'utf8'));
  return angleLp(lib.normalizePeriods(periodsMarket(base, { periods: 2, orders: 1000, storage: 100, seed: 7, lineFactor: 0.7 })));
}]);
// clearPeriods (lazy line rows over LpEngine) on the periods bench's rows: `day30` (its quick row),
// `day118` (case118, 24 periods, 1e3 orders, 10 storage, 10 ramped units)
const days = { day30: ['case30_ieee', { periods: 24, orders: 50, storage: 5, units: 5, seed: 20261202 }], day118: ['case118_ieee', { periods: 24, orders: 1e3, storage: 10, units: 10, seed: 20261202 }] };
for (const [name, [file, opts]] of Object.entries(days)) {
  if (!want.includes(name)) continue;
  const base = lib.importMatpower(fs.readFileSync(path.join(root, `../shared/cases/pglib_opf_${file}.m`), 'utf8'));
  const m = dayMarket(base, opts);
  const grid = lib.GridModel.from(m.network, { quantityDecimals: m.quantityDecimals, allowNegativeReactance: true });
  instances[0]?.exports.lpCounterReset?.();
  const c0 = process.cpuUsage(), t0 = performance.now();
  const out = lib.clearPeriods(m, { form: 'angles', grid, lazyLines: true });
  const c = process.cpuUsage(c0), cpu = (c.user + c.system) / 1000;
  console.log(`${name}: ${out.status} welfare ${out.stats.lpWelfare} it ${out.stats.iterations} solves ${out.stats.solves} ${(performance.now() - t0).toFixed(0)} ms (cpu ${cpu.toFixed(0)} ms) ${(1000 * cpu / out.stats.iterations).toFixed(1)} cpu-us/it`);
  const ex = instances[0]?.exports;
  if (ex?.lpCounter) console.log(`  all solves (last ${ex.lpCounter(5)} x ${ex.lpCounter(6)}): ${ex.lpCounter(7)} it, avg col ${(ex.lpCounter(0) / ex.lpCounter(7)).toFixed(0)} rho ${(ex.lpCounter(1) / ex.lpCounter(7)).toFixed(0)} row ${(ex.lpCounter(2) / ex.lpCounter(7)).toFixed(0)} eta ${(ex.lpCounter(3) / ex.lpCounter(7)).toFixed(0)} inf ${(ex.lpCounter(4) / ex.lpCounter(7)).toFixed(0)}, ${ex.lpCounter(10)} factorizations, fill nnz(L+U)/nnz(B) ${(ex.lpCounter(8) / ex.lpCounter(9)).toFixed(2)}${ex.lpCounter(15) > 0 ? `, bfrt ${ex.lpCounter(15)} tests: candidates ${(ex.lpCounter(16) / ex.lpCounter(15)).toFixed(0)} -> ${(ex.lpCounter(17) / ex.lpCounter(15)).toFixed(0)}, again ${ex.lpCounter(18)}` : ''}`);
}
// the nodal clearing where many lines bind (the sparse path over solveLp): `mesh30`, `mesh40`
// (bench/lib/mesh.mjs, limits 4 MW, 10 k^2 orders, seed 5), `c1354` (case1354, limits x0.03, 1e5
// prosumer orders, seed 11): the nodal bench's many-binding rows
const nodal = { mesh20: ['mesh', 20, 1, 4000], mesh30: ['mesh', 30, 4, 9000], mesh40: ['mesh', 40, 4, 16000], c1354: ['case', 'case1354_pegase', 0.03, 1e5] };
for (const [name, [kind, a, b, n]] of Object.entries(nodal)) {
  if (!want.includes(name)) continue;
  const { meshMarket } = await import('../lib/mesh.mjs');
  const { prosumerMarket } = await import('../lib/prosumers.mjs');
  const m = kind === 'mesh' ? meshMarket(a, { limit: b, orders: n, seed: 5 })
    : prosumerMarket(lib.importMatpower(fs.readFileSync(path.join(root, `../shared/cases/pglib_opf_${a}.m`), 'utf8')), n, 11, b);
  for (let rep = 0; rep < Number(process.env.REPS ?? 1); rep++) {
    instances[0]?.exports.lpCounterReset?.();
    const c0 = process.cpuUsage(), t0 = performance.now();
    let captured;
    globalThis.__lpCapture = (lp, options) => { captured = [lp, options]; };
    const out = lib.clearNodal(m, { maxIterations: 10_000_000, ...(process.env.DENSE_LIMIT ? { denseRowLimit: Number(process.env.DENSE_LIMIT) } : {}) });
    const c = process.cpuUsage(c0), cpu = (c.user + c.system) / 1000;
    const s = out.stats, ex = instances[0]?.exports, it = ex?.lpCounter ? ex.lpCounter(7) : 0;
    console.log(`${name}: ${out.status} ${s.path} binding ${s.bindingLines} welfare ${out.stats.lpWelfare ?? ''} it ${s.iterations} (lp ${it}) refac ${s.refactorizations} ${(performance.now() - t0).toFixed(0)} ms (cpu ${cpu.toFixed(0)} ms) ${(1000 * cpu / Math.max(1, it)).toFixed(1)} cpu-us/lp-it`);
    if (ex?.lpCounter && it > 0) console.log(`  lp ${ex.lpCounter(5)} x ${ex.lpCounter(6)}: avg col ${(ex.lpCounter(0) / it).toFixed(0)} rho ${(ex.lpCounter(1) / it).toFixed(0)} row ${(ex.lpCounter(2) / it).toFixed(0)} eta ${(ex.lpCounter(3) / it).toFixed(0)} inf ${(ex.lpCounter(4) / it).toFixed(0)}, ${ex.lpCounter(10)} factorizations, fill nnz(L+U)/nnz(B) ${(ex.lpCounter(8) / ex.lpCounter(9)).toFixed(2)} (L+U ${(ex.lpCounter(8) / ex.lpCounter(10)).toFixed(0)}, B ${(ex.lpCounter(9) / ex.lpCounter(10)).toFixed(0)})${process.env.FLOPS ? ` elim ${(ex.lpCounter(11) / ex.lpCounter(10)).toFixed(0)} pops ${(ex.lpCounter(12) / ex.lpCounter(10)).toFixed(0)} pattern ${(ex.lpCounter(13) / ex.lpCounter(10)).toFixed(0)} per factorization` : ""}`);
    globalThis.__lpCapture = undefined;
    if (captured) {
      // the sparse path's LP alone, from the hand-over basis: the engine's own time (least CPU of REPS_LP solves)
      let best;
      for (let k = 0; k < Number(process.env.REPS_LP ?? 1); k++) {
        const c1 = process.cpuUsage(); const res = lib.solveLp(captured[0], { ...captured[1], ...(process.env.LP_PERTURB ? { perturb: process.env.LP_PERTURB === '1' } : {}), ...JSON.parse(process.env.LP_OPTS ?? '{}') }); const cc = process.cpuUsage(c1);
        const ms = (cc.user + cc.system) / 1000;
        if (!best || ms < best.ms) best = { ms, res };
      }
      const st = best.res.stats;
      const bf = ex?.lpCounter && ex.lpCounter(15) > 0 ? ` bfrt ${ex.lpCounter(15)} tests: candidates ${(ex.lpCounter(16) / ex.lpCounter(15)).toFixed(0)} -> ${(ex.lpCounter(17) / ex.lpCounter(15)).toFixed(0)}, again ${ex.lpCounter(18)}` : '';
      console.log(`  sparse LP alone: ${best.res.status}${bf} obj ${best.res.objective} it ${st.iterations} refac ${st.refactorizations} peakLU ${st.peakFactorEntries} cpu ${best.ms.toFixed(0)} ms ${(1000 * best.ms / Math.max(1, st.iterations)).toFixed(1)} cpu-us/it`);
    }
  }
}
// LPs captured by lp-capture.mjs (any argument ending in .json): solved from their captured basis, REPS_LP times
for (const file of want.filter((a) => a.endsWith('.json'))) {
  const num = (x) => (typeof x === 'string' ? Number(x) : x);
  const unarr = (v) => (v && typeof v === 'object' && v.t ? new globalThis[v.t](v.v.map(num)) : v);
  const j = JSON.parse(fs.readFileSync(file, 'utf8'));
  const lp = Object.fromEntries(Object.entries(j.lp).map(([k, v]) => [k, unarr(v)]));
  const opts = { ...Object.fromEntries(Object.entries(j.options ?? {}).map(([k, v]) => [k, unarr(v)])), basis: j.basis ? unarr(j.basis) : undefined, maxIterations: 1e7 };
  for (let k = 0; k < Number(process.env.REPS_LP ?? 1); k++) {
    instances[0]?.exports.lpCounterReset?.();
    const c0 = process.cpuUsage(); const res = lib.solveLp(lp, opts); const c = process.cpuUsage(c0), ms = (c.user + c.system) / 1000;
    const ex = instances[0]?.exports, it = res.stats.iterations, q = (i) => ex.lpCounter(i) / Math.max(1, ex.lpCounter(7));
    console.log(`${path.basename(file)} ${lp.numRows}x${lp.numCols}: ${res.status} it ${it} cpu ${ms.toFixed(0)} ms ${(1000 * ms / Math.max(1, it)).toFixed(0)} us/it; avg col ${q(0).toFixed(0)} rho ${q(1).toFixed(0)} row ${q(2).toFixed(0)} eta ${q(3).toFixed(0)} inf ${q(4).toFixed(0)}, ${ex.lpCounter(10)} factorizations, bfrt ${ex.lpCounter(15)} tests: candidates ${(ex.lpCounter(16) / Math.max(1, ex.lpCounter(15))).toFixed(0)} -> ${(ex.lpCounter(17) / Math.max(1, ex.lpCounter(15))).toFixed(0)}, hyper chuzr ${ex.lpCounter(20)}, candidates per test ${q(22).toFixed(0)}, large-step rounds scanned ${q(21).toFixed(0)} per iteration`);
  }
}
for (const [name, make] of lps) {
  const lp = make();
  // CPU time of the process (user + system) around each solve: steadier than wall time on a shared machine
  const solve = () => { instances[0]?.exports.lpCounterReset?.(); const c0 = process.cpuUsage(); const res = lib.solveLp(lp); const c = process.cpuUsage(c0); res.stats.cpuMs = (c.user + c.system) / 1000; return res; };
  instances[0]?.exports.lpCounterReset?.();
  let r = solve();
  for (let k = 1; k < Number(process.env.REPS ?? 1); k++) { instances[0]?.exports.lpCounterReset?.(); const r2 = solve(); if (r2.stats.cpuMs < r.stats.cpuMs) r = r2; }
  const s = r.stats;
  console.log(`${name}: ${lp.numRows}x${lp.numCols} ${r.status} obj ${r.objective} it ${s.iterations} refac ${s.refactorizations} phase1 ${s.phase1Iterations} cleanups ${s.cleanups} flips ${s.flips} ` +
    `${instances[0]?.exports.lpCounter ? `avg col ${(instances[0].exports.lpCounter(0) / s.iterations).toFixed(0)} rho ${(instances[0].exports.lpCounter(1) / s.iterations).toFixed(0)} row ${(instances[0].exports.lpCounter(2) / s.iterations).toFixed(0)} eta ${(instances[0].exports.lpCounter(3) / s.iterations).toFixed(0)} inf ${(instances[0].exports.lpCounter(4) / s.iterations).toFixed(0)} fill ${(instances[0].exports.lpCounter(8) / instances[0].exports.lpCounter(9)).toFixed(2)} ` : ''}` +
    `${instances[0]?.exports.lpCounter?.(15) > 0 ? `bfrt ${instances[0].exports.lpCounter(15)}: ${(instances[0].exports.lpCounter(16) / instances[0].exports.lpCounter(15)).toFixed(0)} -> ${(instances[0].exports.lpCounter(17) / instances[0].exports.lpCounter(15)).toFixed(0)} again ${instances[0].exports.lpCounter(18)} ` : ''}peakLU ${s.peakFactorEntries} nnz ${lp.colStart[lp.numCols]} ${s.timeMs.toFixed(0)} ms (cpu ${s.cpuMs.toFixed(0)} ms) ${(1000 * s.cpuMs / s.iterations).toFixed(1)} cpu-us/it`);
}
