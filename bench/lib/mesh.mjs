// Congested meshed markets for the nodal LP tests and benchmarks: a k x k grid of buses (lines to
// the right and below, reactances 0.01-0.1 p.u.), `orders` random prosumer orders (a seeded
// generator, so the same arguments give the same market), every line limited to `limit` MW.
// Cheap sellers sit in the west and dear buyers in the east, so flows cross the mesh and many
// lines bind; `limit` tunes how many.

// rng: mulberry32 from bench/lib/market.mjs (a small seeded PRNG, deterministic across engines).
import { prng as rng } from './market.mjs';

export { rng };

/**
 * A market-case/1 market object on a k x k mesh. Options: orders (default 10 k^2), limit (MW,
 * default 4), seed, quantityDecimals (default 3), priceDecimals (default 2), ties (prices on a
 * coarse grid of 1.00, so many orders share a price).
 */
export function meshMarket(k, o = {}) {
  const r = rng(o.seed ?? 1);
  const qd = o.quantityDecimals ?? 3, pd = o.priceDecimals ?? 2;
  const limit = o.limit ?? 4, nOrders = o.orders ?? 10 * k * k;
  const buses = [], lines = [];
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) buses.push({ id: `b${i}_${j}` });
  const add = (a, b) => {
    const x = Math.round((0.01 + 0.09 * r()) * 1e4) / 1e4;
    lines.push({ id: `l${lines.length}`, from: a, to: b, x, maxFlow: limit.toFixed(qd > 0 ? 1 : 0), minFlow: `-${limit.toFixed(qd > 0 ? 1 : 0)}` });
  };
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
    if (j + 1 < k) add(`b${i}_${j}`, `b${i}_${j + 1}`);
    if (i + 1 < k) add(`b${i}_${j}`, `b${i + 1}_${j}`);
  }
  const orders = [];
  const step = o.ties ? 100 : 1;
  for (let n = 0; n < nOrders; n++) {
    const i = Math.floor(r() * k), j = Math.floor(r() * k);
    const west = j / Math.max(1, k - 1); // 0 west .. 1 east
    const sell = r() < 0.75 - 0.5 * west;
    const base = sell ? 20 + 40 * west : 40 + 40 * west;
    const p = Math.round((base + 30 * (r() - 0.5)) * 10 ** pd / step) * step;
    const q = Math.max(1, Math.round((0.5 + 9.5 * r()) * 10 ** qd));
    orders.push({
      id: `o${n}`, side: sell ? 'sell' : 'buy', bus: `b${i}_${j}`,
      price: (p / 10 ** pd).toFixed(pd), quantity: (q / 10 ** qd).toFixed(qd),
    });
  }
  return { priceDecimals: pd, quantityDecimals: qd, priceCap: '1000', priceFloor: '-1000', network: { baseMVA: 100, buses, lines }, orders };
}
