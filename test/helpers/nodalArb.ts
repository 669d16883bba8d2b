// fast-check arbitraries of small networked markets for the nodal tests: random meshed networks
// (optionally two islands), reactances across orders of magnitude, phase shifters, tight limits,
// fixed injections, random orders.
import fc from 'fast-check';
import type { Market, Order, Line } from '../../src/model/types.js';

export interface ArbOptions {
  maxBuses?: number;
  maxOrders?: number;
  /** Reactance range as powers of ten (default [-3, 0.5]). */
  logX?: [number, number];
}

/** A random networked market (prices 4 decimals, quantities 3 decimals). */
export function nodalMarketArb(o: ArbOptions = {}): fc.Arbitrary<Market> {
  const maxB = o.maxBuses ?? 7, maxO = o.maxOrders ?? 16;
  const [xlo, xhi] = o.logX ?? [-3, 0.5];
  return fc.integer({ min: 2, max: maxB }).chain((n) => fc.record({
    n: fc.constant(n),
    islands: fc.integer({ min: 1, max: Math.min(2, n - 1) }),
    parents: fc.array(fc.nat(), { minLength: n, maxLength: n }),
    extra: fc.array(fc.tuple(fc.nat({ max: n - 1 }), fc.nat({ max: n - 1 })), { maxLength: n }),
    xs: fc.array(fc.double({ min: xlo, max: xhi, noNaN: true }), { minLength: 2 * n, maxLength: 2 * n }),
    caps: fc.array(fc.option(fc.integer({ min: 1, max: 60 }), { freq: 4 }), { minLength: 2 * n, maxLength: 2 * n }),
    shifts: fc.array(fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.integer({ min: -15, max: 15 }), weight: 1 }), { minLength: 2 * n, maxLength: 2 * n }),
    fixed: fc.array(fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: fc.integer({ min: -20000, max: 20000 }), weight: 1 }), { minLength: n, maxLength: n }),
    orders: fc.array(fc.record({
      sell: fc.boolean(), bus: fc.nat({ max: n - 1 }),
      price: fc.integer({ min: -50_0000, max: 200_0000 }), qty: fc.integer({ min: 1, max: 60_000 }),
    }), { minLength: 1, maxLength: maxO }),
  })).map((r) => build(r));
}

function build(r: {
  n: number; islands: number; parents: number[]; extra: [number, number][]; xs: number[];
  caps: (number | null)[]; shifts: number[]; fixed: number[];
  orders: { sell: boolean; bus: number; price: number; qty: number }[];
}): Market {
  const split = r.islands === 2 ? Math.max(1, Math.floor(r.n / 2)) : r.n;
  const pairs: [number, number][] = [];
  for (let b = 1; b < r.n; b++) {
    const lo = b < split ? 0 : split;
    if (b === lo) continue;
    pairs.push([lo + (r.parents[b] % (b - lo)), b]);
  }
  for (const [a, b] of r.extra) {
    if (a !== b && (a < split) === (b < split)) pairs.push([a, b]);
  }
  const lines: Line[] = pairs.map(([f, t], l) => {
    const cap = r.caps[l % r.caps.length];
    return {
      id: `L${l}`, from: `B${f}`, to: `B${t}`, x: Number((10 ** r.xs[l % r.xs.length]).toPrecision(4)),
      shiftDeg: r.shifts[l % r.shifts.length],
      minFlow: cap === null ? null : `-${cap}`, maxFlow: cap === null ? null : `${cap}`,
    };
  });
  const orders: Order[] = r.orders.map((o, j) => ({
    id: `o${j}`, side: o.sell ? 'sell' : 'buy', bus: `B${o.bus}`,
    price: (o.price / 1e4).toFixed(4), quantity: (o.qty / 1e3).toFixed(3),
  }));
  return {
    format: 'market-case/1', priceDecimals: 4, quantityDecimals: 3,
    network: {
      baseMVA: 100,
      buses: Array.from({ length: r.n }, (_, b) => ({ id: `B${b}`, fixedInjection: (r.fixed[b] / 1e3).toFixed(3) })),
      lines,
    },
    orders,
  };
}
