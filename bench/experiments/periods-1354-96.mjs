// What blocks the first solve of case1354, 96 quarter-hours x 1e3 orders, 100 + 100 units (the bench
// row that never finished): the start's cost, the engine LP's size (rows, columns, nonzeros, Line
// rows and their entries), and the first solve cut at a few iteration limits (CPU per iteration).
// STORAGE=8: the storage clearing's start (periodsStart storageBasis, 8 search passes).
// node bench/experiments/periods-1354-96.mjs [limits JSON] [case] [T] [orders] [k] [hours]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dayMarket } from '../lib/day.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const lib = await import(path.resolve(root, process.env.DIST ?? 'dist/index.js'));
const cases = process.env.GRIDCLEAR_CASES ?? path.join(root, '../shared/cases');
const [limits = '[50,200]', file = 'case1354_pegase', T = '96', orders = '1000', k = '100', duration = '0.25'] = process.argv.slice(2);
const cpuMs = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
let c0 = cpuMs();
const base = lib.importMatpower(fs.readFileSync(path.join(cases, `pglib_opf_${file}.m`), 'utf8'));
const mk = dayMarket(base, { periods: +T, duration, orders: +orders, storage: +k, units: +k, seed: +(process.env.SEED ?? 20261205) });
const grid = lib.GridModel.from(mk.network, { quantityDecimals: mk.quantityDecimals, allowNegativeReactance: true });
const m = lib.normalizePeriods(mk, grid.network);
console.log(`market + grid + normalize ${(cpuMs() - c0).toFixed(0)} ms; ${mk.orders.length} orders, ${grid.network.busIds.length} buses, ${grid.network.lineIds.length} lines`);
c0 = cpuMs();
const start = lib.periodsStart(mk, m, grid, process.env.NOSTORAGE ? { storage: false } : process.env.STORAGE ? { storageBasis: true, search: +process.env.STORAGE } : {});
console.log(`periodsStart ${(cpuMs() - c0).toFixed(0)} ms: ${start.pairs.length} pairs (${start.sign.filter((v) => v === 0).length} from the storage clearing)`);
c0 = cpuMs();
const lp = lib.formulate(m, grid, undefined, { form: 'ptdf', lazyLines: true });
console.log(`formulate ${(cpuMs() - c0).toFixed(0)} ms: PTDF form ${lp.numRows} rows x ${lp.numCols} columns, ${lp.colStart[lp.numCols]} entries`);
for (const limit of JSON.parse(limits)) {
  let shape = '';
  const engine = (red, basis) => {
    const e = new lib.LpEngine(red, { basis, maxIterations: limit });
    const addRows = e.addRows.bind(e);
    let rows = 0, entries = 0;
    e.addRows = (r) => { rows += r.start.length - 1; entries += r.start[r.start.length - 1]; return addRows(r); };
    const solve = e.solve.bind(e);
    e.solve = () => { const l = e.lp; shape = `engine LP ${l.numRows} rows (${rows} Line rows, ${entries} entries) x ${l.numCols} columns, ${l.colStart[l.numCols]} entries`; return solve(); };
    return e;
  };
  const solver = lib.injectionSolver(grid, { substituteUpTo: 8, rowsPerPeriod: 3, start, engine });
  c0 = cpuMs();
  let what;
  try { const r = solver(lp); what = `${r.status} it ${r.iterations}`; } catch (e) { what = e.code ?? e.message; }
  const d = cpuMs() - c0;
  console.log(`first solve cut at ${limit} iterations: ${what}, ${d.toFixed(0)} ms CPU (${(d / limit).toFixed(1)} ms per iteration incl. setup); ${shape}; load ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`);
}
