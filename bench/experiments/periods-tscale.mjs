// What grows per iteration with T (issue 11): the default method's engine on a day of T periods
// (case1354, 1e3 orders per period, 10 + 10 units, durations 24 / T hours), per engine solve: its
// LP's rows (Line rows per period), columns and entries, iterations, CPU per iteration, and the LP
// engine's counters (assembly/lp lpCounter) per iteration: FTRAN (entering column) and BTRAN (rho)
// result nonzeros, pivot-row (PRICE) entries, eta-file entries, ratio-test candidates, and per
// factorization the L + U entries against the basis's. The counters are always compiled in: read
// from every core instance made (the engine's resident instance). Run after `npm run build`:
// GRIDCLEAR_CASES=/work/shared/cases node bench/experiments/periods-tscale.mjs [Ts JSON] [case] [orders] [k] [limit]
// [--debug] (UPTO=n: substituteUpTo, default 8; PERP=n: rowsPerPeriod, default 3; FORM=angles: the angle form from the crash basis, lazyLineSolver; MK=1: markowitz; NSTORAGE, NUNITS: other counts of storage and ramped units; limit: the engine's maxIterations per solve, to cut the large T; 0 = none)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dayMarket } from '../lib/day.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// --debug: the core with its Wasm function names (lib/debugCore.mjs), for `node --cpu-prof`
const { lib, instances } = process.argv.includes('--debug') ? await (await import('./lib/debugCore.mjs')).debugLib({ name: 'periods-tscale' }) : await (async () => {
  const instances = [];
  const Native = WebAssembly.Instance;
  WebAssembly.Instance = class extends Native { constructor(m, i) { super(m, i); instances.push(this); } };
  return { lib: await import(path.resolve(root, process.env.DIST ?? 'dist/index.js')), instances };
})();
const cases = process.env.GRIDCLEAR_CASES ?? path.join(root, '../shared/cases');
const [Ts = '[12,24,48]', file = 'case1354_pegase', orders = '1000', k = '10', limit = '0'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const cpuMs = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const load = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
const base = lib.importMatpower(fs.readFileSync(path.join(cases, `pglib_opf_${file}.m`), 'utf8'));
// --assembly=DIR with a dual.ts counting PRICE's row entries (lpCounter 24, its rows 25): see docs/periods.md
const priceWork = process.argv.some((a) => a.startsWith('--assembly='));
const cores = () => instances.filter((i) => i.exports.lpCounter);
const reset = () => { for (const i of cores()) i.exports.lpCounterReset(); };
const counter = (c) => cores().reduce((s, i) => s + i.exports.lpCounter(c), 0);
for (const T of JSON.parse(Ts)) {
  const mk = dayMarket(base, { periods: T, duration: 24 / T, orders: +orders, storage: +(process.env.NSTORAGE ?? k), units: +(process.env.NUNITS ?? k), seed: +(process.env.SEED ?? 20261205) });
  const grid = lib.GridModel.from(mk.network, { quantityDecimals: mk.quantityDecimals, allowNegativeReactance: true });
  const m = lib.normalizePeriods(mk, grid.network);
  let c0 = cpuMs();
  const start = lib.periodsStart(mk, m, grid);
  const startMs = cpuMs() - c0;
  const angles = process.env.FORM === 'angles';
  const lp = lib.formulate(m, grid, undefined, { form: angles ? 'angles' : 'ptdf', lazyLines: true });
  const lines = [];
  let solveMs = 0, its = 0;
  const engine = (red, basis) => {
    const e = new lib.LpEngine(red, { basis, ...(+limit ? { maxIterations: +limit } : {}), ...(process.env.MK ? { markowitz: true } : {}) });
    const solve = e.solve.bind(e);
    e.solve = () => {
      const l = e.lp;
      reset();
      const t0 = cpuMs();
      let r;
      try { r = solve(); } catch (err) { r = { stats: { iterations: +limit, flips: NaN }, cut: err.code }; }
      const d = cpuMs() - t0;
      solveMs += d;
      const it = counter(7) || 1, f = counter(10) || 1;
      its += r.stats.iterations;
      lines.push(`  solve ${l.numRows} rows (${(l.numRows / T).toFixed(0)}/period) x ${l.numCols} cols, ${l.colStart[l.numCols]} nz: it ${r.stats.iterations}${r.cut ? ` (cut: ${r.cut})` : ''} flips ${r.stats.flips}, ${d.toFixed(0)} ms, ${(d / it).toFixed(2)} ms/it; per it: ftran ${(counter(0) / it).toFixed(0)} btran ${(counter(1) / it).toFixed(0)} row ${(counter(2) / it).toFixed(0)} eta ${(counter(3) / it).toFixed(0)} inf ${(counter(4) / it).toFixed(0)} cand ${(counter(22) / it).toFixed(0)}; ${counter(10)} factorizations: L+U ${(counter(8) / f).toFixed(0)} / B ${(counter(9) / f).toFixed(0)} (fill ${(counter(8) / Math.max(1, counter(9))).toFixed(2)})${priceWork ? `; PRICE: ${(counter(24) / it).toFixed(0)} row entries visited over ${(counter(25) / it).toFixed(0)} rows of rho` : ''}`);
      return r;
    };
    return e;
  };
  const solver = angles ? lib.lazyLineSolver((l) => engine(l, lib.crashBasis(l)), grid) : lib.injectionSolver(grid, { substituteUpTo: +(process.env.UPTO ?? 8), rowsPerPeriod: +(process.env.PERP ?? 3), start, engine });
  c0 = cpuMs();
  let what;
  try { const r = solver(lp); what = `${r.status} it ${r.iterations}`; } catch (err) { what = err.code ?? err.message; }
  const d = cpuMs() - c0;
  solver.dispose?.();
  console.log(`${file} T=${T} x ${orders} orders, ${k}+${k} units: start ${startMs.toFixed(0)} ms (${start.pairs.length} pairs), first LP solver call ${what}, ${d.toFixed(0)} ms CPU (engine solves ${solveMs.toFixed(0)} ms, ${its} it, ${(solveMs / Math.max(1, its)).toFixed(2)} ms/it); load ${load()}`);
  for (const l of lines) console.log(l);
}
