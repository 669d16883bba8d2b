// Variants of clearPeriods' default method on one day, in one process, interleaved: CPU and wall
// time per clearing (medians), LP iterations, solves, LP welfare and digests. Run after
// `npm run build`:
// `node bench/experiments/periods-variants.mjs case118_ieee 24 1000 10 1 3 '[{},{"substituteUpTo":0}]'`
// (case, periods, orders per period, storage and ramped units, hours, runs, variants). A variant
// is an object of injectionSolver options (substituteUpTo, rowsPerPeriod, ...) plus `clear` (more
// clearPeriods options, e.g. {"warmStart":false}); `{}` is the default method. With injectionSolver
// options the warm start is made as clearPeriods makes it (timed too), unless `"start": false`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dayMarket } from '../lib/day.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const lib = await import(path.resolve(root, process.env.DIST ?? 'dist/index.js'));
const [file = 'case118_ieee', T = '24', orders = '1000', k = '10', duration = '1', runs = '3', vs = '[{}]'] = process.argv.slice(2);
const variants = JSON.parse(vs);
const base = lib.importMatpower(fs.readFileSync(path.join(root, `../shared/cases/pglib_opf_${file}.m`), 'utf8'));
const mk = dayMarket(base, { periods: +T, duration, orders: +orders, storage: +k, units: +k, seed: +(process.env.SEED ?? 20261203) });
const grid = lib.GridModel.from(mk.network, { quantityDecimals: mk.quantityDecimals, allowNegativeReactance: true });
const cpuMs = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const cpu = variants.map(() => []), wall = variants.map(() => []), info = [];
const oracleOut = variants.some((v) => v.oracle) ? lib.clearPeriods(mk, { grid }) : undefined;
const options = (v) => {
  const { clear = {}, ...inj } = v;
  if (Object.keys(inj).length === 0) return { grid, ...clear };
  // the default's warm start unless `"start": false`, as clearPeriods makes it
  const { start = true, near, clip, oracle, storageStart = true, ...rest } = inj;
  const s = start ? lib.periodsStart(mk, lib.normalizePeriods(mk, grid.network), grid, { near, clip }) : undefined;
  if (s && !storageStart) s.busPrice = new Float64Array(0); // storage idle in the start basis (the first version)
  if (s && oracle) {
    // an oracle: the pairs binding at the joint optimum (from one default clearing, untimed) added to the start's
    const have = new Set(s.pairs), nL = grid.network.lineIds.length;
    oracleOut.shadowPrices.forEach((sp, t) => sp.forEach((v, l) => { if (v !== 0n && !have.has(t * nL + l)) { s.pairs.push(t * nL + l); have.add(t * nL + l); } }));
    const order = s.pairs.map((k, q) => [k, q]).sort((a, b) => a[0] - b[0]);
    s.sign = Int8Array.from(order, ([, q]) => (q < s.sign.length ? s.sign[q] : 0));
    s.pairs = order.map(([k]) => k);
  }
  return { grid, form: 'ptdf', lazyLines: true, solver: lib.injectionSolver(grid, { substituteUpTo: 8, rowsPerPeriod: 3, start: s, ...rest }), ...clear };
};
for (let r = 0; r < +runs; r++) {
  const order = variants.map((_, i) => i);
  if (r % 2) order.reverse();
  for (const v of order) {
    globalThis.gc?.();
    const c0 = cpuMs(), t0 = performance.now();
    const out = lib.clearPeriods(mk, options(variants[v]));
    cpu[v].push(cpuMs() - c0); wall[v].push(performance.now() - t0);
    info[v] = { digest: lib.toPeriodsResult(out).digest, lpWelfare: out.stats.lpWelfare, it: out.stats.iterations, solves: out.stats.solves, status: out.status,
      ok: process.env.VERIFY ? lib.verifyPeriods(mk, lib.toPeriodsResult(out)).ok : undefined };
  }
}
const med = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
console.log(`${file} T=${T} ${orders}/period k=${k} h=${duration} (load ${load} at the end, ${runs} runs each, interleaved)`);
variants.forEach((v, i) => console.log(`  ${JSON.stringify(v)}: cpu ${med(cpu[i]).toFixed(0)} ms [${cpu[i].map((t) => t.toFixed(0)).join(' ')}] wall ${med(wall[i]).toFixed(0)} ms it ${info[i].it} solves ${info[i].solves} lpWelfare ${info[i].lpWelfare.toFixed(6)} ${info[i].status}` +
  ` digest ${info[i].digest === info[0].digest ? '= first' : 'DIFFERS'} welfare rel ${(Math.abs(info[i].lpWelfare - info[0].lpWelfare) / Math.abs(info[0].lpWelfare)).toExponential(1)}${info[i].ok === undefined ? '' : ` verify ${info[i].ok}`}`));
