// Cold-process A/B of two builds of clearPeriods: the bench's figure (bench/periods.bench.mjs
// counts the 2nd-4th clearing of a fresh process, the first a JIT warm-up) depends on V8's warm-up
// as much as on the warmed code. Spawns fresh `node --expose-gc` processes, alternating A and B;
// each clears the day `runs` times (a GC before each, as the bench) and reports its CPU per run;
// prints per build the median over processes of the median of runs 2..runs, the digest and
// iterations. Run after building both:
// `node bench/experiments/periods-cold-ab.mjs A.mjs B.mjs [processes] [case] [T] [orders] [k] [hours] [runs]`
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dayMarket } from '../lib/day.mjs';

const here = fileURLToPath(import.meta.url), root = path.resolve(path.dirname(here), '../..');
const cpuMs = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const med = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];

if (process.env.PERIODS_COLD_CHILD) {
  // the child: one build, `runs` clearings, one JSON line
  const [file, T, orders, k, duration, runs] = process.argv.slice(2);
  const lib = await import(path.resolve(process.env.PERIODS_COLD_CHILD));
  const base = lib.importMatpower(fs.readFileSync(path.join(root, `../shared/cases/pglib_opf_${file}.m`), 'utf8'));
  const mk = dayMarket(base, { periods: +T, duration, orders: +orders, storage: +k, units: +k, seed: +(process.env.SEED ?? 20261202) });
  const grid = lib.GridModel.from(mk.network, { quantityDecimals: mk.quantityDecimals, allowNegativeReactance: true });
  const ts = [];
  let out;
  for (let i = 0; i < +runs; i++) { globalThis.gc?.(); const c0 = cpuMs(); out = lib.clearPeriods(mk, { grid }); ts.push(cpuMs() - c0); }
  console.log(JSON.stringify({ ts, it: out.stats.iterations, digest: lib.toPeriodsResult(out).digest }));
} else {
  const [fa, fb, procs = '6', file = 'case118_ieee', T = '24', orders = '1000', k = '10', duration = '1', runs = '4'] = process.argv.slice(2);
  const res = [[], []];
  for (let p = 0; p < +procs; p++) {
    for (const v of p % 2 ? [1, 0] : [0, 1]) {
      const out = execFileSync(process.execPath, ['--expose-gc', here, file, T, orders, k, duration, runs], { env: { ...process.env, PERIODS_COLD_CHILD: v ? fb : fa }, encoding: 'utf8' });
      res[v].push(JSON.parse(out.trim().split('\n').at(-1)));
    }
  }
  const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  console.log(`${file} T=${T} ${orders}/period k=${k} h=${duration}: ${procs} processes per build, ${runs} clearings each (load ${load})`);
  ['A', 'B'].forEach((n, v) => {
    const bench = res[v].map((r) => med(r.ts.slice(1)));
    console.log(`  ${n}: runs 2-${runs} ${med(bench).toFixed(0)} ms [${bench.map((x) => x.toFixed(0)).join(' ')}], first ${med(res[v].map((r) => r.ts[0])).toFixed(0)}, last ${med(res[v].map((r) => r.ts.at(-1))).toFixed(0)}; it ${res[v][0].it}`);
  });
  const same = res.flat().every((r) => r.digest === res[0][0].digest);
  console.log(`  B/A ${(med(res[1].map((r) => med(r.ts.slice(1)))) / med(res[0].map((r) => med(r.ts.slice(1))))).toFixed(3)}; digests ${same ? 'equal' : 'DIFFER'}`);
}
