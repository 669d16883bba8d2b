// A/B of two builds of clearPeriods in separate processes, alternated A B A B: each process clears
// the day WARM times untimed, then RUNS times (CPU per clearing: median and minimum), and prints
// the iterations and digest. For changes that move garbage collection (an engine's Wasm instance
// left to the collector: periods-ab.mjs's one process mixes both builds' garbage). Run:
// `node bench/experiments/periods-solo-ab.mjs A.js B.js case118_ieee 24 1000 10 [hours] [rounds]`
// (SEED, WARM (3), RUNS (16) from the environment).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url), root = path.resolve(path.dirname(here), '../..');
if (process.env.SOLO_CHILD) {
  const { dayMarket } = await import('../lib/day.mjs');
  const lib = await import(path.resolve(process.env.SOLO_CHILD));
  const [file, T, orders, k, duration] = process.argv.slice(2);
  const base = lib.importMatpower(fs.readFileSync(path.join(root, `../shared/cases/pglib_opf_${file}.m`), 'utf8'));
  const mk = dayMarket(base, { periods: +T, duration, orders: +orders, storage: +k, units: +k, seed: +(process.env.SEED ?? 20261202) });
  const grid = lib.GridModel.from(mk.network, { quantityDecimals: mk.quantityDecimals, allowNegativeReactance: true });
  const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
  const warm = +(process.env.WARM ?? 3), ts = [];
  let out;
  for (let i = 0; i < warm + +(process.env.RUNS ?? 16); i++) {
    const c0 = cpu();
    out = lib.clearPeriods(mk, { grid });
    if (i >= warm) ts.push(cpu() - c0);
  }
  ts.sort((a, b) => a - b);
  console.log(JSON.stringify({ median: ts[ts.length >> 1], min: ts[0], it: out.stats.iterations, digest: lib.toPeriodsResult(out).digest }));
} else {
  const [fa, fb, file = 'case118_ieee', T = '24', orders = '1000', k = '10', duration = '1', rounds = '3'] = process.argv.slice(2);
  const got = [[], []];
  for (let r = 0; r < +rounds; r++) {
    for (const v of [0, 1]) {
      const text = execFileSync(process.execPath, [here, file, T, orders, k, duration], { env: { ...process.env, SOLO_CHILD: v ? fb : fa }, encoding: 'utf8' });
      got[v].push(JSON.parse(text.trim().split('\n').pop()));
    }
  }
  const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  console.log(`${file} T=${T} ${orders}/period k=${k} h=${duration} (load ${load}, ${rounds} processes each)`);
  ['A', 'B'].forEach((n, v) => console.log(`  ${n}: medians ${got[v].map((g) => g.median.toFixed(0)).join(' ')} ms, minima ${got[v].map((g) => g.min.toFixed(0)).join(' ')} ms, it ${got[v][0].it}`));
  const mean = (v) => got[v].reduce((a, g) => a + g.median, 0) / got[v].length;
  const same = got.flat().every((g) => g.digest === got[0][0].digest);
  console.log(`  B/A mean of medians ${(mean(1) / mean(0)).toFixed(3)}; digests ${same ? 'equal' : 'DIFFER'}`);
}
