// Two builds of clearPeriods on one day, what differs: iterations, CPU, LP and exact welfare,
// verify, and per result column how many entries differ (fills, prices, storage schedules and
// values, shadow prices, ramps); the values of stored energy that differ, with the stored energy
// (a value differs alone where the energy sits at a bound: a dual tie).
// node bench/experiments/periods-diff.mjs A/index.js B/index.js case1354_pegase 24 1000 10 1 20261203
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dayMarket } from '../lib/day.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cases = process.env.GRIDCLEAR_CASES ?? path.join(root, '../shared/cases');
const [fa, fb, file = 'case1354_pegase', T = '24', orders = '1000', k = '10', duration = '1', seed = '20261203'] = process.argv.slice(2);
const libs = [await import(path.resolve(fa)), await import(path.resolve(fb))];
const base = libs[0].importMatpower(fs.readFileSync(path.join(cases, `pglib_opf_${file}.m`), 'utf8'));
const mk = dayMarket(base, { periods: +T, duration, orders: +orders, storage: +k, units: +k, seed: +seed });
const outs = libs.map((lib) => { const grid = lib.GridModel.from(mk.network, { quantityDecimals: mk.quantityDecimals, allowNegativeReactance: true }); const c0 = process.cpuUsage(); const o = lib.clearPeriods(mk, { grid }); const c = process.cpuUsage(c0); return { o, cpu: (c.user + c.system) / 1000, r: lib.toPeriodsResult(o), v: lib.verifyPeriods(mk, lib.toPeriodsResult(o)) }; });
for (const [n, x] of [['A', outs[0]], ['B', outs[1]]]) console.log(n, 'it', x.o.stats.iterations, 'solves', x.o.stats.solves, 'cpu', x.cpu.toFixed(0), 'lpWelfare', x.o.stats.lpWelfare, 'welfare', String(x.o.welfare ?? x.r.welfare), 'verify', x.v.ok, x.v.ok ? '' : JSON.stringify(x.v.failures.slice(0, 3)), x.r.digest.slice(0, 20));
const [a, b] = outs.map((x) => x.o);
const cnt = (xa, xb) => { let d = 0, mx = 0n; for (let i = 0; i < xa.length; i++) if (xa[i] !== xb[i]) { d++; const z = xa[i] > xb[i] ? xa[i] - xb[i] : xb[i] - xa[i]; if (z > mx) mx = z; } return `${d}/${xa.length} differ (max ${mx})`; };
const flat = (arr) => arr.flatMap ? arr.flatMap((x) => Array.from(x)) : Array.from(arr);
console.log('fills', cnt(flat(a.fills), flat(b.fills)));
console.log('prices', cnt(flat(a.prices), flat(b.prices)));
console.log('charge', cnt(a.charge, b.charge), 'discharge', cnt(a.discharge, b.discharge), 'storageValue', cnt(a.storageValue, b.storageValue));
console.log('shadow', cnt(flat(a.shadowPrices), flat(b.shadowPrices)), 'output', cnt(a.output, b.output), 'ramp', cnt(a.rampShadowPrice, b.rampShadowPrice));
console.log('welfare', a.welfare === b.welfare ? 'equal' : `${a.welfare} vs ${b.welfare}`);
for (let i = 0; i < a.storageValue.length; i++) if (a.storageValue[i] !== b.storageValue[i]) { const g = Math.floor(i / +T), t = i % +T; console.log(`unit ${g} period ${t}: value ${a.storageValue[i]} vs ${b.storageValue[i]}, energy ${a.energy[i]} (cap ${mk.storage[g].energyCapacity}, min final ${mk.storage[g].minFinalEnergy}), next value ${a.storageValue[i + 1]} / ${b.storageValue[i + 1]}, charge ${a.charge[i]} discharge ${a.discharge[i]}`); }
