// The angle form over the Wasm engine (`clearPeriods(market, { form: 'angles' })`: lazyLineSolver
// from crashBasis) with the engine's default factorization (column order by counts) against the
// Markowitz one (`markowitz: true`), interleaved in one process; CPU time, iterations, LP welfare
// and digest of each run. Run after `npm run build`:
// GRIDCLEAR_CASES=/work/shared/cases node bench/experiments/periods-angles-mk.mjs [case] [T] [orders] [k] [runs] [seed]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dayMarket } from '../lib/day.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const lib = await import(path.resolve(root, process.env.DIST ?? 'dist/index.js'));
const cases = process.env.GRIDCLEAR_CASES ?? path.join(root, '../shared/cases');
const [file = 'case118_ieee', T = '24', orders = '1000', k = '10', runs = '3', seed = '20261202'] = process.argv.slice(2);
const base = lib.importMatpower(fs.readFileSync(path.join(cases, `pglib_opf_${file}.m`), 'utf8'));
const mk = dayMarket(base, { periods: +T, duration: 24 / +T, orders: +orders, storage: +k, units: +k, seed: +seed });
const grid = lib.GridModel.from(mk.network, { quantityDecimals: mk.quantityDecimals, allowNegativeReactance: true });
const cpuMs = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const load = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
const times = { default: [], markowitz: [] };
for (let r = 0; r < +runs; r++) {
  for (const name of r % 2 ? ['markowitz', 'default'] : ['default', 'markowitz']) {
    const solver = lib.lazyLineSolver((lp) => new lib.LpEngine(lp, { basis: lib.crashBasis(lp), markowitz: name === 'markowitz' }), grid);
    const c0 = cpuMs();
    const out = lib.clearPeriods(mk, { grid, form: 'angles', lazyLines: true, solver });
    const d = cpuMs() - c0;
    solver.dispose?.();
    times[name].push(d);
    console.log(`${file} T=${T} ${name}: ${out.status} lpWelfare ${out.stats.lpWelfare} it ${out.stats.iterations} solves ${out.stats.solves} digest ${lib.toPeriodsResult(out).digest.slice(0, 16)} cpu ${d.toFixed(0)} ms load ${load()}`);
  }
}
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
console.log(`medians: default ${med(times.default).toFixed(0)} ms, markowitz ${med(times.markowitz).toFixed(0)} ms (${(med(times.markowitz) / med(times.default)).toFixed(2)}x)`);
