// A/B of two builds of clearPeriods in one process, interleaved: CPU time per clearing (medians),
// LP iterations and the result digests (equal or not). Run:
// `node bench/experiments/periods-ab.mjs A.mjs B.mjs case118_ieee 24 1000 10 [hours] [runs]`
// (A, B: bundles or dist/index.js of the two versions; WARM=n leaves the first n runs of each out).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dayMarket } from '../lib/day.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const [fa, fb, file = 'case118_ieee', T = '24', orders = '1000', k = '10', duration = '1', runs = '3'] = process.argv.slice(2);
const libs = [await import(path.resolve(fa)), await import(path.resolve(fb))];
const base = libs[0].importMatpower(fs.readFileSync(path.join(root, `../shared/cases/pglib_opf_${file}.m`), 'utf8'));
const mk = dayMarket(base, { periods: +T, duration, orders: +orders, storage: +k, units: +k, seed: +(process.env.SEED ?? 20261203) });
const grids = libs.map((lib) => lib.GridModel.from(mk.network, { quantityDecimals: mk.quantityDecimals, allowNegativeReactance: true }));
const cpuMs = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const times = [[], []], info = [];
for (let r = 0; r < +runs; r++) {
  for (const v of r % 2 ? [1, 0] : [0, 1]) {
    const lib = libs[v];
    globalThis.gc?.();
    const c0 = cpuMs();
    const out = lib.clearPeriods(mk, { grid: grids[v] });
    if (r >= +(process.env.WARM ?? 0)) times[v].push(cpuMs() - c0);
    info[v] = { digest: lib.toPeriodsResult(out).digest, lpWelfare: out.stats.lpWelfare, it: out.stats.iterations, solves: out.stats.solves, status: out.status };
  }
}
const med = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
console.log(`${file} T=${T} ${orders}/period k=${k} h=${duration} (load ${load}, ${runs} runs each)`);
['A', 'B'].forEach((n, v) => console.log(`  ${n}: cpu median ${med(times[v]).toFixed(0)} ms min ${Math.min(...times[v]).toFixed(0)} ms [${times[v].map((t) => t.toFixed(0)).join(' ')}] it ${info[v].it} solves ${info[v].solves} lpWelfare ${info[v].lpWelfare.toFixed(6)} ${info[v].status}`));
console.log(`  B/A cpu ${(med(times[1]) / med(times[0])).toFixed(3)} (min ${(Math.min(...times[1]) / Math.min(...times[0])).toFixed(3)}); digests ${info[0].digest === info[1].digest ? 'equal' : 'DIFFER'}; LP welfare rel diff ${(Math.abs(info[0].lpWelfare - info[1].lpWelfare) / Math.abs(info[0].lpWelfare)).toExponential(1)}`);
