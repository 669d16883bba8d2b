// Quick look at clearColumns per distribution (issue 16): median ms with and without trades,
// peer (b), and minor page faults per call. node --expose-gc bench/experiments/auction-dist.mjs [n] [runs] [names]
import { DISTRIBUTIONS, distributionColumns } from '../lib/distributions.mjs';
import { clearUniformFast } from '../peers/fast.mjs';
const g = await import(process.env.DIST ?? '../../dist/index.js');
const n = Number(process.argv[2] ?? 1e6), runs = Number(process.argv[3] ?? 7);
const names = process.argv[4]?.split(',');
const opts = JSON.parse(process.env.OPTS ?? '{}');
const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
for (const d of DISTRIBUTIONS) {
  if (names && !names.includes(d.name)) continue;
  const data = distributionColumns(d, n, 20261124 + 16 * n);
  const impls = {
    trades: () => g.clearColumns(data.columns, data.market, opts),
    views: () => g.clearColumns(data.columns, data.market, { ...opts, views: true }),
    lean: () => g.clearColumns(data.columns, data.market, { ...opts, trades: false }),
    b: () => clearUniformFast(data.f64, data.market),
  };
  const t = {}, pf = {};
  for (const k in impls) { t[k] = []; pf[k] = []; }
  for (let r = 0; r < runs + 1; r++) for (const k in impls) {
    impls[k]();
    globalThis.gc?.();
    const f0 = process.resourceUsage().minorPageFault;
    const t0 = performance.now();
    impls[k]();
    const dt = performance.now() - t0;
    if (r > 0) { t[k].push(dt); pf[k].push(process.resourceUsage().minorPageFault - f0); }
  }
  const line = Object.keys(impls).map((k) => `${k} ${med(t[k]).toFixed(1)} ms (pf ${med(pf[k])})`).join('  ');
  console.log(`${d.name.padEnd(10)} ${line}  b/trades ${(med(t.b) / med(t.trades)).toFixed(1)}x b/views ${(med(t.b) / med(t.views)).toFixed(1)}x b/lean ${(med(t.b) / med(t.lean)).toFixed(1)}x`);
}
