// Interleaved A/B of two builds of the package on the distributions (issue 16): median ms each.
// node --expose-gc bench/experiments/auction-ab.mjs distA/index.js distB/index.js [n] [runs] [names] (OPTS env: options)
import { DISTRIBUTIONS, distributionColumns } from '../lib/distributions.mjs';
const [pa, pb] = process.argv.slice(2, 4);
const A = await import(pa), B = await import(pb);
const n = Number(process.argv[4] ?? 1e6), runs = Number(process.argv[5] ?? 9);
const names = process.argv[6]?.split(',');
const opts = JSON.parse(process.env.OPTS ?? '{}');
const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
for (const d of DISTRIBUTIONS) {
  if (names && !names.includes(d.name)) continue;
  const data = distributionColumns(d, n, 20261124 + 16 * n);
  const impls = { A: () => A.clearColumns(data.columns, data.market, opts), B: () => B.clearColumns(data.columns, data.market, opts) };
  const ra = impls.A(), rb = impls.B();
  for (const k of ['priceTicks', 'volumeTicks', 'welfareTicks']) if (ra[k] !== rb[k]) throw new Error(`${d.name}: ${k} differs`);
  for (let i = 0; i < n; i++) if (ra.fills[i] !== rb.fills[i] || ra.payments[i] !== rb.payments[i]) throw new Error(`${d.name}: order ${i} differs`);
  if (ra.trades) for (const k of ['buyer', 'seller', 'quantityTicks', 'priceTicks']) {
    const x = ra.trades[k], y = rb.trades[k];
    if (x.length !== y.length) throw new Error(`${d.name}: trades differ`);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) throw new Error(`${d.name}: trade ${k}[${i}] differs`);
  }
  const t = { A: [], B: [] };
  for (let r = 0; r < runs; r++) for (const k of r & 1 ? ['B', 'A'] : ['A', 'B']) {
    impls[k]();
    globalThis.gc?.();
    const t0 = performance.now();
    impls[k]();
    t[k].push(performance.now() - t0);
  }
  console.log(`${d.name.padEnd(10)} A ${med(t.A).toFixed(1)} ms  B ${med(t.B).toFixed(1)} ms  A/B ${(med(t.A) / med(t.B)).toFixed(2)}`);
}
