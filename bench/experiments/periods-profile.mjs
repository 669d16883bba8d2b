// Where a coupled clearPeriods day spends its time: the LP solves (LpEngine.solve, with
// iterations) against everything else. Run after `npm run build`:
// `node bench/experiments/periods-profile.mjs case118_ieee 24 1000 10 1`
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dayMarket } from '../lib/day.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const lib = await import(path.resolve(root, process.env.DIST ?? 'dist/index.js'));
const [file = 'case118_ieee', T = '24', orders = '1000', k = '10', duration = '1'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const base = lib.importMatpower(fs.readFileSync(path.join(root, `../shared/cases/pglib_opf_${file}.m`), 'utf8'));
const mk = dayMarket(base, { periods: +T, duration, orders: +orders, storage: +k, units: +k, seed: +(process.env.SEED ?? 20261203) });
const grid = lib.GridModel.from(mk.network, { quantityDecimals: mk.quantityDecimals, allowNegativeReactance: true });
const cpuMs = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
let solveMs = 0, solves = 0;
const solve = lib.LpEngine.prototype.solve;
lib.LpEngine.prototype.solve = function () {
  const c0 = cpuMs();
  const r = solve.call(this);
  const d = cpuMs() - c0;
  solveMs += d; solves++;
  if (process.argv.includes('--verbose')) console.log(`  solve ${this.lp.numRows}x${this.lp.numCols}: it ${r.stats.iterations} flips ${r.stats.flips} ${d.toFixed(0)} ms`);
  return r;
};
// SIFT=1: the blocks' siftingEngine (orders near their price only) as the warm LP of lazyLineSolver
const sifted = (lp) => {
  const e = lib.siftingEngine({ ...lp, ratioCol: new Int32Array(0), acceptCol: new Int32Array(0), borderCol: new Int32Array(0) }, process.env.SIFT_OPTS ? JSON.parse(process.env.SIFT_OPTS) : {});
  return {
    solve: () => e.solve(),
    addRows(r) {
      const rows = [];
      for (let k = 0; k + 1 < r.start.length; k++) rows.push({ lower: r.lower[k], upper: r.upper[k], cols: Array.from(r.index.subarray(r.start[k], r.start[k + 1])), vals: Array.from(r.value.subarray(r.start[k], r.start[k + 1])) });
      e.addRows(rows);
    },
    dispose: () => { if (process.env.FIG) console.log('  sift', JSON.stringify(e.figures())); e.dispose(); },
  };
};
// CRASH=1: the first solve starts from a basis with every angle column basic (and each island's
// reference-bus row logical), orders nonbasic at the bound their cost wants
const crashBasis = (lp) => {
  const n = lp.numCols, m = lp.numRows, b = new Int32Array(n + m);
  for (let j = 0; j < n; j++) b[j] = lp.colKind[j] === lib.ColKind.Angle ? 0 : lp.colCost[j] > 0 && lp.colUpper[j] < Infinity ? 2 : lp.colLower[j] > -Infinity ? 1 : lp.colUpper[j] < Infinity ? 2 : 3;
  for (let i = 0; i < m; i++) b[n + i] = lp.rowKind[i] === lib.RowKind.Bus ? 1 : 0;
  for (let k = 0; k < lp.busCol.length; k++) if (lp.busCol[k] < 0) b[n + lp.busRow[k]] = 0;
  return b;
};
const crashed = (lp) => new lib.LpEngine(lp, { basis: crashBasis(lp) });
const S = process.env.SOLVER;
const solverOpt = () => S === 'crash' ? { solver: lib.lazyLineSolver((lp) => new lib.LpEngine(lp, { basis: lib.crashBasis(lp) }), grid), lazyLines: true }
  : S === 'plain' ? { solver: lib.lazyLineSolver((lp) => new lib.LpEngine(lp), grid), lazyLines: true }
  : S === 'inj' ? { solver: lib.injectionSolver(grid, { substituteUpTo: process.env.UPTO === undefined ? Infinity : +process.env.UPTO, rowsPerPeriod: process.env.PERP === undefined ? Infinity : +process.env.PERP }), lazyLines: true } : (process.env.CRASH ? { solver: lib.lazyLineSolver(crashed, grid), lazyLines: true } : process.env.SIFT ? { solver: lib.lazyLineSolver(sifted, grid), lazyLines: true } : {});
const runs = +(process.env.RUNS ?? 3);
for (let i = 0; i < runs; i++) {
  solveMs = 0; solves = 0;
  const c0 = cpuMs();
  const res = lib.clearPeriods(mk, { grid, ...solverOpt(), ...(process.env.OPTS ? JSON.parse(process.env.OPTS) : {}) });
  const total = cpuMs() - c0;
  console.log(`${file} T=${T} ${orders}/period k=${k}: ${res.status} lpWelfare ${res.stats.lpWelfare.toFixed(4)} welfare ${res.welfare} it ${res.stats.iterations} solves ${res.stats.solves} (engine ${solves}) cpu ${total.toFixed(0)} ms, in engine.solve ${solveMs.toFixed(0)} ms, rest ${(total - solveMs).toFixed(0)} ms`);
}
