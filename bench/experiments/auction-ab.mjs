// Interleaved A/B of builds of the package on the distributions (issue 16): median wall and CPU ms
// (process.cpuUsage: the figure to trust on a loaded machine) of each, after checking that every
// build gives the same result (totals, every fill, payment and trade). PEER=1 adds peer (b).
// node --expose-gc bench/experiments/auction-ab.mjs distA/index.js distB/index.js [...more] -- [n] [runs] [names]
// (OPTS env: options as JSON, e.g. OPTS='{"views":true}')
import { DISTRIBUTIONS, distributionColumns } from '../lib/distributions.mjs';
import { clearUniformFast } from '../peers/fast.mjs';
const args = process.argv.slice(2);
const cut = args.indexOf('--');
const paths = cut < 0 ? args.slice(0, 2) : args.slice(0, cut);
const rest = cut < 0 ? args.slice(2) : args.slice(cut + 1);
const builds = await Promise.all(paths.map((p) => import(new URL(p, `file://${process.cwd()}/`).href)));
const n = Number(rest[0] ?? 1e6), runs = Number(rest[1] ?? 9);
const names = rest[2]?.split(',');
const opts = JSON.parse(process.env.OPTS ?? '{}');
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const copy = (r) => ({ ...r, fills: r.fills.slice(), payments: r.payments.slice(),
  trades: r.trades && Object.fromEntries(Object.entries(r.trades).map(([k, v]) => [k, v.slice()])) });
function same(a, b, d) {
  for (const k of ['priceTicks', 'priceLowTicks', 'priceHighTicks', 'buyPriceTicks', 'sellPriceTicks', 'volumeTicks', 'welfareTicks', 'buyersPayTicks', 'sellersReceiveTicks']) {
    if (a[k] !== b[k]) throw new Error(`${d}: ${k} differs`);
  }
  for (let i = 0; i < n; i++) if (a.fills[i] !== b.fills[i] || a.payments[i] !== b.payments[i]) throw new Error(`${d}: order ${i} differs`);
  if ((a.trades === null) !== (b.trades === null)) throw new Error(`${d}: trades differ`);
  if (a.trades) for (const k of ['buyer', 'seller', 'quantityTicks', 'priceTicks']) {
    const x = a.trades[k], y = b.trades[k];
    if (x.length !== y.length) throw new Error(`${d}: trades differ`);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) throw new Error(`${d}: trade ${k}[${i}] differs`);
  }
}
const labels = paths.map((_p, k) => String.fromCharCode(65 + k));
if (process.env.PEER) labels.push('peer(b)');
console.log(`${n} orders, ${runs} rounds, options ${JSON.stringify(opts)}; ${paths.map((p, k) => `${labels[k]} = ${p}`).join(', ')}`);
for (const d of DISTRIBUTIONS) {
  if (names && !names.includes(d.name)) continue;
  const data = distributionColumns(d, n, 20261124 + 16 * n);
  const impls = builds.map((g) => () => g.clearColumns(data.columns, data.market, opts));
  if (process.env.PEER) impls.push(() => clearUniformFast(data.f64, data.market));
  const ref = copy(impls[0]());
  for (let k = 1; k < builds.length; k++) same(impls[k](), ref, d.name);
  const wall = impls.map(() => []), cpu = impls.map(() => []);
  for (let r = 0; r < runs; r++) {
    const order = impls.map((_, k) => k);
    if (r & 1) order.reverse();
    for (const k of order) {
      impls[k]();
      globalThis.gc?.();
      const c0 = process.cpuUsage(), t0 = performance.now();
      impls[k]();
      wall[k].push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu[k].push((c.user + c.system) / 1000);
    }
  }
  const cells = labels.map((l, k) => `${l} ${med(wall[k]).toFixed(1)}/${med(cpu[k]).toFixed(1)}`);
  const ratios = labels.slice(1).map((l, k) => `${l}/A ${(med(cpu[k + 1]) / med(cpu[0])).toFixed(2)}`);
  console.log(`${d.name.padEnd(10)} wall/cpu ms: ${cells.join('  ')}  cpu ${ratios.join(' ')}`);
}
