// HiGHS alone on a day's first LP (angle form, every line row: the bench's HiGHS column), CPU time.
// Run: `node bench/experiments/periods-highs.mjs case1354_pegase 24 1000 10 [hours] [presolve]`
// HOPTS='{"solver":"ipm"}' replaces the options (HiGHS's own defaults otherwise, e.g. presolve on).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dayMarket } from '../lib/day.mjs';
import { loadHighs, periodsModel, solvePeriodsModel } from '../peers/highs-periods.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const lib = await import(path.resolve(root, process.env.DIST ?? 'dist/index.js'));
const [file = 'case118_ieee', T = '24', orders = '1000', k = '10', duration = '1', presolve = 'off'] = process.argv.slice(2);
const base = lib.importMatpower(fs.readFileSync(path.join(root, `../shared/cases/pglib_opf_${file}.m`), 'utf8'));
const mk = dayMarket(base, { periods: +T, duration, orders: +orders, storage: +k, units: +k, seed: +(process.env.SEED ?? 20261203) });
const grid = lib.GridModel.from(mk.network, { quantityDecimals: mk.quantityDecimals, allowNegativeReactance: true });
const lp = lib.formulate(lib.normalizePeriods(mk, grid.network), grid, undefined, { form: 'angles' });
const highs = await loadHighs();
const model = periodsModel(highs, lp);
const c0 = process.cpuUsage(), t0 = performance.now();
const opts = process.env.HOPTS ? JSON.parse(process.env.HOPTS) : { presolve };
const h = solvePeriodsModel(highs, model, opts);
const c = process.cpuUsage(c0);
console.log(`${file} T=${T} ${orders}/period k=${k}: HiGHS (${JSON.stringify(opts)}) ${h.status} welfare ${h.welfare} it ${h.iterations} cpu ${((c.user + c.system) / 1000).toFixed(0)} ms wall ${(performance.now() - t0).toFixed(0)} ms; LP ${lp.numCols} x ${lp.numRows}`);
