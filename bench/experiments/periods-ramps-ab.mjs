// Lazy Ramp rows (clearPeriods' `lazyRamps`: injectionSolver's) against all Ramp rows up front, in
// one process, interleaved: CPU per clearing (medians), iterations, LP welfare, digests, verify.
// Run: `node bench/experiments/periods-ramps-ab.mjs dist/index.js case118_ieee 96 100 10 0.25 [runs]`
// (SEED from the environment).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dayMarket } from '../lib/day.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const [fa, file = 'case118_ieee', T = '24', orders = '1000', k = '10', duration = '1', runs = '3'] = process.argv.slice(2);
const lib = await import(path.resolve(fa));
const base = lib.importMatpower(fs.readFileSync(path.join(root, `../shared/cases/pglib_opf_${file}.m`), 'utf8'));
const mk = dayMarket(base, { periods: +T, duration, orders: +orders, storage: +k, units: +k, seed: +(process.env.SEED ?? 20261203) });
const grid = lib.GridModel.from(mk.network, { quantityDecimals: mk.quantityDecimals, allowNegativeReactance: true });
const cpuMs = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const variants = { off: {}, lazy: { lazyRamps: true } }, names = Object.keys(variants);
const times = Object.fromEntries(names.map((n) => [n, []])), info = {};
for (let r = 0; r < +runs; r++) {
  for (const n of r % 2 ? names.slice().reverse() : names) {
    globalThis.gc?.();
    const c0 = cpuMs();
    const out = lib.clearPeriods(mk, { grid, ...variants[n] });
    times[n].push(cpuMs() - c0);
    const res = lib.toPeriodsResult(out);
    info[n] = { digest: res.digest, lpWelfare: out.stats.lpWelfare, it: out.stats.iterations, solves: out.stats.solves, ok: r === 0 ? lib.verifyPeriods(mk, res).ok : info[n].ok };
  }
}
const med = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
console.log(`${file} T=${T} ${orders}/period k=${k} h=${duration} seed ${process.env.SEED ?? 20261203} (load ${load}, ${runs} runs each)`);
for (const n of names) console.log(`  ${n}: cpu median ${med(times[n]).toFixed(0)} ms min ${Math.min(...times[n]).toFixed(0)} [${times[n].map((t) => t.toFixed(0)).join(' ')}] it ${info[n].it} solves ${info[n].solves} lpWelfare ${info[n].lpWelfare.toFixed(6)} digest ${info[n].digest.slice(7, 19)} verify ${info[n].ok}`);
console.log(`  lazy/off cpu median ${(med(times.lazy) / med(times.off)).toFixed(3)}, min ${(Math.min(...times.lazy) / Math.min(...times.off)).toFixed(3)}`);
