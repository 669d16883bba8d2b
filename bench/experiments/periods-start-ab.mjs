// periodsStart alone, two builds in one process, interleaved: CPU per start (median, least) and
// whether the two starts are the same (pairs, signs, shares, held orders, bus prices, the storage
// clearing's powers and values). Run after copying the baseline's dist/ aside:
// `node bench/experiments/periods-start-ab.mjs /tmp/A/index.js dist/index.js case118_ieee:24:1000:10:1:20261202:20 case118_ieee:96:100:10:0.25:20261204:4`
// (each day: case:periods:orders per period:storage and ramped units:hours:seed[:runs]; the start's
// options as clearPeriods' default picks them: the storage clearing's (8 search passes) where storageLed holds).
import fs from 'node:fs';
import path from 'node:path';
import { dayOf, storageLed } from './lib/day.mjs';

const [fa, fb, ...specs] = process.argv.slice(2);
const libs = [await import(path.resolve(fa)), await import(path.resolve(fb))];
const cpuMs = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const med = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
const load = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
const key = (s) => JSON.stringify([s.pairs, Array.from(s.sign), Array.from(s.share, String), Array.from(s.held), Array.from(s.busPrice, String), s.storage && [Array.from(s.storage.charge, String), Array.from(s.storage.discharge, String), Array.from(s.storage.value, String)]]);
let allSame = true;
for (const spec of specs) {
  const [file, T, orders, k, h, seed, runs = '5'] = spec.split(':');
  const { mk, grid } = dayOf(libs[0], file, T, orders, k, h, +seed);
  const grids = [grid, libs[1].GridModel.from(mk.network, { quantityDecimals: mk.quantityDecimals, allowNegativeReactance: true })];
  const times = [[], []], keys = [];
  const l0 = load();
  for (let r = 0; r < +runs; r++) {
    for (const v of r % 2 ? [1, 0] : [0, 1]) {
      const lib = libs[v], m = lib.normalizePeriods(mk, grids[v].network);
      const opts = storageLed(m) ? { storageBasis: true, search: 8 } : {};
      const c0 = cpuMs();
      const s = lib.periodsStart(mk, m, grids[v], opts);
      times[v].push(cpuMs() - c0);
      keys[v] = key(s);
    }
  }
  const same = keys[0] === keys[1];
  allSame &&= same;
  console.log(`${spec} load ${l0}-${load()}: A med ${med(times[0]).toFixed(1)} min ${Math.min(...times[0]).toFixed(1)} B med ${med(times[1]).toFixed(1)} min ${Math.min(...times[1]).toFixed(1)} B/A ${(med(times[1]) / med(times[0])).toFixed(3)} (min ${(Math.min(...times[1]) / Math.min(...times[0])).toFixed(3)}) starts ${same ? 'same' : 'DIFFER'}`);
}
console.log(allSame ? 'ALL STARTS SAME' : 'SOME STARTS DIFFER');
