// The default method's engine options on a coupled day, interleaved in one process: the same
// clearPeriods path (injectionSolver from periodsStart, substituteUpTo 8, rowsPerPeriod 3) with
// LpEngine options added (VARIANTS='[{},{"markowitz":true},...]'), CPU per clearing (median, least),
// iterations, LP welfare and digests against the first variant. Run after `npm run build`:
// `SEED=20261202 RUNS=8 WARM=3 node bench/experiments/periods-engine-opts.mjs case118_ieee 24 1000 10 [hours]`
import fs from 'node:fs';
import { dayFromArgv } from './lib/day.mjs';

const { lib, mk, grid, file, T, orders, k, duration } = await dayFromArgv();
const variants = JSON.parse(process.env.VARIANTS ?? '[{},{"markowitz":true},{"edgeWeights":"exact"},{"edgeWeights":"unit"},{"update":"product-form"},{"scale":false}]');
const cpuMs = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
// a variant's `start` field: periodsStart's options (e.g. { near: 0.9 }); the rest: LpEngine's
const run = ({ start: so, ...o }) => {
  const m = lib.normalizePeriods(mk, grid.network);
  const { widen, ...sopts } = so ?? {};
  const start = lib.periodsStart(mk, m, grid, sopts);
  // start.widen: w > 0 adds the rows (sign 0) of each line binding alone within w periods of t
  if (widen) {
    const nL = m.net.lineIds.length, Tn = m.periodIds.length, have = new Map(start.pairs.map((k, q) => [k, start.sign[q]]));
    for (const k of start.pairs) {
      const t = Math.floor(k / nL), l = k % nL;
      for (let d = -widen; d <= widen; d++) if (t + d >= 0 && t + d < Tn && !have.has((t + d) * nL + l)) have.set((t + d) * nL + l, 0);
    }
    const ks = [...have.keys()].sort((a, b) => a - b);
    Object.assign(start, { pairs: ks, sign: Int8Array.from(ks, (k) => have.get(k)) });
  }
  const solver = lib.injectionSolver(grid, { substituteUpTo: 8, rowsPerPeriod: 3, start, engine: (lp, basis) => new lib.LpEngine(lp, { basis, ...o }) });
  try { return lib.clearPeriods(mk, { grid, solver, form: 'ptdf', lazyLines: true }); } finally { solver.dispose(); }
};
const runs = +(process.env.RUNS ?? 6), warm = +(process.env.WARM ?? 2);
const times = variants.map(() => []), info = [];
for (let r = 0; r < runs; r++) {
  const order = variants.map((_, v) => v);
  if (r % 2) order.reverse();
  for (const v of order) {
    globalThis.gc?.();
    const c0 = cpuMs();
    const out = run(variants[v]);
    const dt = cpuMs() - c0;
    if (r >= warm) times[v].push(dt);
    info[v] = { digest: lib.toPeriodsResult(out).digest, lpw: out.stats.lpWelfare, it: out.stats.iterations, solves: out.stats.solves };
  }
}
const med = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
console.log(`${file} T=${T} ${orders}/period k=${k} h=${duration} seed ${process.env.SEED ?? 20261203} (load ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}, ${runs - warm} counted runs each)`);
variants.forEach((o, v) => console.log(`  ${JSON.stringify(o).padEnd(32)} cpu median ${med(times[v]).toFixed(0)} min ${Math.min(...times[v]).toFixed(0)} ms, it ${info[v].it}, solves ${info[v].solves}, LP welfare rel ${((info[v].lpw - info[0].lpw) / Math.abs(info[0].lpw)).toExponential(1)}, digest ${info[v].digest === info[0].digest ? 'same' : 'DIFFERS'}`));
