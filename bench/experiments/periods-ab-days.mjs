// A/B of two builds of clearPeriods on several days in one process, alternating A B / B A: CPU per
// clearing (every run listed, the cold ones first; the median), iterations, solves, and whether
// the digests are equal. Run after copying the baseline's dist/ aside:
// `node bench/experiments/periods-ab-days.mjs /tmp/A/index.js dist/index.js case118_ieee:24:1000:10:1:20261202:5 case118_ieee:96:100:10:0.25:20261204:2`
// (each day: case:periods:orders per period:storage and ramped units:hours:seed[:runs]; OPTS='{...}' adds clearPeriods options).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dayMarket } from '../lib/day.mjs';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const [fa, fb, ...specs] = process.argv.slice(2);
const libs = [await import(path.resolve(fa)), await import(path.resolve(fb))];
const cpuMs = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const load = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
const med = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
const opts = process.env.OPTS ? JSON.parse(process.env.OPTS) : {};
let allSame = true;
for (const spec of specs) {
  const [file, T, orders, k, h, seed, runs = '3'] = spec.split(':');
  const base = libs[0].importMatpower(fs.readFileSync(path.join(root, `../shared/cases/pglib_opf_${file}.m`), 'utf8'));
  const mk = dayMarket(base, { periods: +T, duration: h, orders: +orders, storage: +k, units: +k, seed: +seed });
  const grids = libs.map((lib) => lib.GridModel.from(mk.network, { quantityDecimals: mk.quantityDecimals, allowNegativeReactance: true }));
  const times = [[], []], info = [];
  const l0 = load();
  for (let r = 0; r < +runs; r++) {
    for (const v of r % 2 ? [1, 0] : [0, 1]) {
      const lib = libs[v];
      const c0 = cpuMs();
      const out = lib.clearPeriods(mk, { grid: grids[v], ...opts });
      times[v].push(cpuMs() - c0);
      const d = lib.toPeriodsResult(out).digest;
      if (info[v] && info[v].digest !== d) console.log('  NONDETERMINISTIC', v);
      info[v] = { digest: d, it: out.stats.iterations, solves: out.stats.solves, lpw: out.stats.lpWelfare };
    }
  }
  const same = info[0].digest === info[1].digest;
  allSame &&= same;
  console.log(`${spec} load ${l0}-${load()}: A med ${med(times[0]).toFixed(0)} [${times[0].map((t) => t.toFixed(0)).join(' ')}] B med ${med(times[1]).toFixed(0)} [${times[1].map((t) => t.toFixed(0)).join(' ')}] B/A ${(med(times[1]) / med(times[0])).toFixed(3)} it ${info[0].it}/${info[1].it} solves ${info[0].solves}/${info[1].solves} digests ${same ? 'equal' : 'DIFFER'}`);
}
console.log(allSame ? 'ALL DIGESTS EQUAL' : 'SOME DIGESTS DIFFER');
