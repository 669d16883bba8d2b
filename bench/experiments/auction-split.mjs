// Where a call with trades spends its time against peer (b) (issue 16): per distribution, CPU
// medians (process.cpuUsage) of peer (b), the whole clearColumns call (copies out), the call with
// `views: true` (no copies out), the core's entry point alone (no copies in or out) and
// `trades: false`, interleaved in one process; the differences split the call into copies out,
// copies in + JavaScript, and the core's work. Results are compared by auction-ab.mjs, not here.
// node --expose-gc bench/experiments/auction-split.mjs dist/index.js -- [n] [runs] [names]
import { DISTRIBUTIONS, distributionColumns } from '../lib/distributions.mjs';
import { clearUniformFast } from '../peers/fast.mjs';
import { lastAuctionCall } from './core-hook.mjs';
const args = process.argv.slice(2); const cut = args.indexOf('--');
const lib = await import(new URL(args[0], `file://${process.cwd()}/`).href);
const n = Number(args[cut + 1] ?? 1e6), runs = Number(args[cut + 2] ?? 11), names = args[cut + 3]?.split(',');
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
console.log(`${n} orders, ${runs} rounds; CPU ms medians; ratios: peer(b) / gridclear`);
for (const d of DISTRIBUTIONS) {
  if (names && !names.includes(d.name)) continue;
  const data = distributionColumns(d, n, 20261124 + 16 * n);
  lib.clearColumns(data.columns, data.market, { views: true });
  const { ex, h } = lastAuctionCall();
  const ways = {
    peer: () => clearUniformFast(data.f64, data.market),
    whole: () => lib.clearColumns(data.columns, data.market),
    views: () => lib.clearColumns(data.columns, data.market, { views: true }),
    core: null,
    noTrades: () => lib.clearColumns(data.columns, data.market, { trades: false }),
  };
  const cpu = Object.fromEntries(Object.keys(ways).map((k) => [k, []]));
  for (let r = 0; r < runs; r++) {
    const order = Object.keys(ways);
    if (r & 1) order.reverse();
    for (const k of order) {
      // the core's call alone, on the inputs a views call just left in its memory
      if (k === 'core') lib.clearColumns(data.columns, data.market, { views: true });
      const f = k === 'core' ? () => ex.auctionClear(h) : ways[k];
      f();
      globalThis.gc?.();
      const c0 = process.cpuUsage();
      f();
      const c = process.cpuUsage(c0);
      cpu[k].push((c.user + c.system) / 1000);
    }
  }
  const m = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, med(v)]));
  console.log(`${d.name.padEnd(10)} peer ${m.peer.toFixed(1)} | whole ${m.whole.toFixed(1)} (${(m.peer / m.whole).toFixed(2)}x) = core ${m.core.toFixed(1)}`
    + ` + in/JS ${(m.views - m.core).toFixed(1)} + out ${(m.whole - m.views).toFixed(1)} | views ${m.views.toFixed(1)} (${(m.peer / m.views).toFixed(2)}x)`
    + ` | trades:false ${m.noTrades.toFixed(1)} (${(m.peer / m.noTrades).toFixed(2)}x) | 5x needs ${(m.peer / 5).toFixed(1)}`);
}
