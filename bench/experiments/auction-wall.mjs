// The price-distribution table's own timing (bench/auction.bench.mjs benchDistribution: harness
// timeInterleaved, primed, wall medians) for builds A, B, ... side by side, plus CPU medians of the
// same calls: to see a change the way the quiet bench will.
// node --expose-gc bench/experiments/auction-wall.mjs A/index.js [B/index.js ...] -- [n] [runs] [names]
import { DISTRIBUTIONS, distributionColumns } from '../lib/distributions.mjs';
import { clearUniformFast } from '../peers/fast.mjs';
const args = process.argv.slice(2);
const cut = args.indexOf('--');
const paths = cut < 0 ? args : args.slice(0, cut);
const rest = cut < 0 ? [] : args.slice(cut + 1);
const builds = await Promise.all(paths.map((p) => import(new URL(p, `file://${process.cwd()}/`).href)));
const n = Number(rest[0] ?? 1e6), runs = Number(rest[1] ?? 7);
const names = rest[2]?.split(',');
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const gc = () => globalThis.gc?.();
for (const d of DISTRIBUTIONS) {
  if (names && !names.includes(d.name)) continue;
  const data = distributionColumns(d, n, 20261124 + 16 * n);
  const impls = { b: () => clearUniformFast(data.f64, data.market) };
  builds.forEach((lib, k) => {
    const t = String.fromCharCode(65 + k);
    impls[`${t} trades`] = () => lib.clearColumns(data.columns, data.market);
    impls[`${t} views`] = () => lib.clearColumns(data.columns, data.market, { views: true });
    impls[`${t} lean`] = () => lib.clearColumns(data.columns, data.market, { trades: false });
  });
  const keys = Object.keys(impls);
  for (const k of keys) impls[k]();
  const wall = Object.fromEntries(keys.map((k) => [k, []])), cpu = Object.fromEntries(keys.map((k) => [k, []]));
  for (let r = 0; r < runs; r++) {
    for (let j = 0; j < keys.length; j++) {
      const k = keys[(j + r) % keys.length];
      gc(); impls[k](); gc();
      const c0 = process.cpuUsage(), t0 = performance.now();
      impls[k]();
      const t1 = performance.now(), c = process.cpuUsage(c0);
      wall[k].push(t1 - t0); cpu[k].push((c.user + c.system) / 1000);
    }
  }
  const b = med(wall.b);
  console.log(`${d.name}: (b) wall ${b.toFixed(1)} ms`);
  for (const k of keys.slice(1)) {
    console.log(`  ${k.padEnd(10)} wall ${med(wall[k]).toFixed(1).padStart(6)} (min ${Math.min(...wall[k]).toFixed(1)}, ${(b / med(wall[k])).toFixed(2)}x)  cpu ${med(cpu[k]).toFixed(1).padStart(6)} (min ${Math.min(...cpu[k]).toFixed(1)})`);
  }
}
