// fast-check arbitraries that reach the edges of the contract: copper plates and networks with
// price and quantity decimals 0..6 (and 18 on a copper plate), ties, one-price markets, binding
// lines (also minFlow == maxFlow), islands, fixed injections that make markets infeasible.
import fc from 'fast-check';
import type { Line, Market, Order } from '../../src/model/types.js';

const dec = (ticks: number | bigint, d: number): string => {
  const t = BigInt(ticks), neg = t < 0n, a = (neg ? -t : t).toString().padStart(d + 1, '0');
  return (neg && t !== 0n ? '-' : '') + (d ? `${a.slice(0, a.length - d)}.${a.slice(a.length - d)}` : a);
};

interface Raw {
  pd: number; qd: number; n: number; split: number;
  parents: number[]; extra: [number, number][]; xs: number[]; caps: (number | null)[]; eq: boolean[]; shifts: number[];
  fixed: number[];
  orders: { sell: boolean; bus: number; price: number; qty: number }[];
  priceLevels: number;
}

/** A random market: a copper plate when `network` is false, else a small meshed network (maybe two islands). */
export function edgeMarketArb(network: boolean, opts: { maxOrders?: number; maxBuses?: number } = {}): fc.Arbitrary<Market> {
  const maxB = network ? opts.maxBuses ?? 6 : 1, maxO = opts.maxOrders ?? 12;
  return fc.record({
    pd: fc.integer({ min: 0, max: 6 }), qd: fc.integer({ min: 0, max: 6 }),
    n: fc.integer({ min: network ? 2 : 1, max: maxB }), split: fc.integer({ min: 0, max: 1 }),
    parents: fc.array(fc.nat(), { minLength: maxB, maxLength: maxB }),
    extra: fc.array(fc.tuple(fc.nat({ max: maxB - 1 }), fc.nat({ max: maxB - 1 })), { maxLength: maxB }),
    xs: fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 2 * maxB, maxLength: 2 * maxB }),
    caps: fc.array(fc.option(fc.integer({ min: 1, max: 60 }), { freq: 3 }), { minLength: 2 * maxB, maxLength: 2 * maxB }),
    eq: fc.array(fc.integer({ min: 0, max: 9 }).map((v) => v === 0), { minLength: 2 * maxB, maxLength: 2 * maxB }),
    shifts: fc.array(fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: fc.integer({ min: -10, max: 10 }), weight: 1 }), { minLength: 2 * maxB, maxLength: 2 * maxB }),
    fixed: fc.array(fc.oneof({ arbitrary: fc.constant(0), weight: 5 }, { arbitrary: fc.integer({ min: -15, max: 15 }), weight: 1 }), { minLength: maxB, maxLength: maxB }),
    priceLevels: fc.integer({ min: 1, max: 6 }),
    orders: fc.array(fc.record({
      sell: fc.boolean(), bus: fc.nat({ max: maxB - 1 }), price: fc.integer({ min: -20, max: 120 }), qty: fc.integer({ min: 1, max: 50 }),
    }), { minLength: 1, maxLength: maxO }),
  }).map((r) => build(r, network));
}

function build(r: Raw, network: boolean): Market {
  const P = 10 ** r.pd, Q = 10 ** r.qd;
  // prices on a few levels (ties), quantities in whole units plus a random fraction on the tick
  const price = (p: number) => Math.round(((Math.round(p / (120 / r.priceLevels)) * 120) / r.priceLevels) * P) + (p % 3);
  const orders: Order[] = r.orders.map((o, j) => ({
    id: `o${j}`, side: o.sell ? 'sell' : 'buy', price: dec(price(o.price), r.pd), quantity: dec(o.qty * Q + (o.qty % 7) * Math.floor(Q / 10), r.qd),
    ...(network ? { bus: `B${o.bus % r.n}` } : {}),
  }));
  const m: Market = { priceDecimals: r.pd, quantityDecimals: r.qd, priceCap: dec(200 * P, r.pd), priceFloor: dec(-50 * P, r.pd), orders };
  if (!network) return m;
  const cut = r.split && r.n >= 4 ? Math.floor(r.n / 2) : r.n;
  const pairs: [number, number][] = [];
  for (let b = 1; b < r.n; b++) {
    const lo = b < cut ? 0 : cut;
    if (b !== lo) pairs.push([lo + (r.parents[b] % (b - lo)), b]);
  }
  for (const [a, b] of r.extra) if (a < r.n && b < r.n && a !== b && (a < cut) === (b < cut)) pairs.push([a, b]);
  const lines: Line[] = pairs.map(([f, t], l) => {
    const cap = r.caps[l % r.caps.length];
    const line: Line = { id: `L${l}`, from: `B${f}`, to: `B${t}`, x: r.xs[l % r.xs.length] / 1000, shiftDeg: r.shifts[l % r.shifts.length] };
    if (cap !== null) {
      if (r.eq[l % r.eq.length]) { line.minFlow = dec((cap % 8) * Q, r.qd); line.maxFlow = dec((cap % 8) * Q, r.qd); }
      else { line.minFlow = dec(-cap * Q, r.qd); line.maxFlow = dec(cap * Q, r.qd); }
    }
    return line;
  });
  m.network = {
    baseMVA: 100, lines,
    buses: Array.from({ length: r.n }, (_, b) => ({ id: `B${b}`, fixedInjection: dec(r.fixed[b] * Q, r.qd) })),
  };
  return m;
}
