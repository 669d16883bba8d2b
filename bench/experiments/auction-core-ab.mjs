// Core-only A/B of builds of the package (issue 16): CPU ms (min, p25, median) of the Wasm entry point
// auctionClear alone, on the inputs one clearColumns call of each build left in its memory (no copies in
// or out), builds interleaved. node bench/experiments/auction-core-ab.mjs A/index.js B/index.js -- n runs [names]
// (OPTS env: options as JSON). Results are compared by auction-ab.mjs, not here.
import { DISTRIBUTIONS, distributionColumns } from '../lib/distributions.mjs';
import { lastAuctionCall } from './core-hook.mjs';
const args = process.argv.slice(2); const cut = args.indexOf('--');
const paths = args.slice(0, cut); const [n, runs, names] = [Number(args[cut+1]), Number(args[cut+2]), args[cut+3]?.split(',')];
const builds = [];
for (const p of paths) builds.push(await import(new URL(p, `file://${process.cwd()}/`).href + '?' + builds.length));
const opts = JSON.parse(process.env.OPTS ?? '{}');
for (const d of DISTRIBUTIONS) {
  if (names && !names.includes(d.name)) continue;
  const data = distributionColumns(d, n, 20261124 + 16 * n);
  const calls = builds.map((b) => { b.clearColumns(data.columns, data.market, { ...opts, views: true }); const { ex, h } = lastAuctionCall(); return () => ex.auctionClear(h); });
  const cpu = builds.map(() => []);
  for (let r = 0; r < runs; r++) for (let k = 0; k < builds.length; k++) {
    calls[k]();
    const c0 = process.cpuUsage(); calls[k](); const c = process.cpuUsage(c0); cpu[k].push((c.user + c.system) / 1000);
  }
  const q = (a, f) => { a = [...a].sort((x, y) => x - y); return a[Math.floor(f * (a.length - 1))].toFixed(2); };
  console.log(d.name.padEnd(10), builds.map((_, k) => `${String.fromCharCode(65 + k)} min ${q(cpu[k], 0)} p25 ${q(cpu[k], .25)} med ${q(cpu[k], .5)}`).join(' | '));
}
