// Where a coupled day's LP iterations go, round by round: the default method's engine solves
// (rows and columns, rows added before each, iterations, CPU) and the start's cost.
// SEED=20261204 node bench/experiments/periods-rounds.mjs case118_ieee 96 100 10 0.25
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dayMarket } from '../lib/day.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const lib = await import(path.resolve(root, process.env.DIST ?? 'dist/index.js'));
const cases = process.env.GRIDCLEAR_CASES ?? path.join(root, '../shared/cases');
const [file = 'case118_ieee', T = '96', orders = '100', k = '10', duration = '0.25'] = process.argv.slice(2);
const base = lib.importMatpower(fs.readFileSync(path.join(cases, `pglib_opf_${file}.m`), 'utf8'));
const mk = dayMarket(base, { periods: +T, duration, orders: +orders, storage: +k, units: +k, seed: +(process.env.SEED ?? 20261203) });
const grid = lib.GridModel.from(mk.network, { quantityDecimals: mk.quantityDecimals, allowNegativeReactance: true });
const cpuMs = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const P = lib.LpEngine.prototype, solve = P.solve, addRows = P.addRows, setBasis = P.setBasis;
let pending = 0, log = [];
P.addRows = function (r) { pending += r.start.length - 1; return addRows.call(this, r); };
P.setBasis = function (b) { const c0 = cpuMs(); const r = setBasis.call(this, b); log.push(`  setBasis ${(cpuMs() - c0).toFixed(0)} ms`); return r; };
P.solve = function () {
  const c0 = cpuMs(), r = solve.call(this), d = cpuMs() - c0;
  log.push(`  solve +${pending} rows -> ${this.lp?.numRows ?? '?'} x ${this.lp?.numCols ?? '?'}: it ${r.iterations ?? r.stats?.iterations} ${d.toFixed(0)} ms (${(d / Math.max(1, r.iterations ?? 0)).toFixed(2)} ms/it)`);
  pending = 0;
  return r;
};
const m = lib.normalizePeriods(mk, grid.network);
let c0 = cpuMs();
const s = lib.periodsStart(mk, m, grid);
console.log(`periodsStart ${(cpuMs() - c0).toFixed(0)} ms: ${s.pairs.length} pairs (${s.sign.filter((v) => v === 0).length} from the storage clearing)`);
c0 = cpuMs();
const out = lib.clearPeriods(mk, { grid });
const total = cpuMs() - c0;
console.log(log.join('\n'));
console.log(`${file} T=${T} ${orders}/period k=${k} h=${duration}: it ${out.stats.iterations} solves ${out.stats.solves} cpu ${total.toFixed(0)} ms lpWelfare ${out.stats.lpWelfare} digest ${lib.toPeriodsResult(out).digest.slice(0, 16)} load ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`);
