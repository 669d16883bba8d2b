// Mutations of results and markets for the property tests and the fuzz suite.
// resultMutations: single changes of a valid result that the contract makes invalid (every one
// must be rejected by verify, with the digest recomputed). junkValue / mutateMarket: random
// values of every JavaScript type for the input-error fuzzing.
import { digestOf } from '../../src/io/digest.js';
import { normalizeMarket } from '../../src/model/normalize.js';
import { formatTicks } from '../../src/model/fixed.js';
import type { Market } from '../../src/model/types.js';

type Json = Record<string, any>;
export interface Mutation { name: string; apply: (r: Json) => void }

const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const ticks = (s: string): bigint => BigInt(s.replace('.', ''));
const decimalsOf = (s: string): number => (s.includes('.') ? s.length - s.indexOf('.') - 1 : 0);
const shift = (s: string, by: bigint): string => formatTicks(ticks(s) + by, decimalsOf(s));

/** Applies a mutation to a copy of `result` and recomputes its digest. */
export function mutated(result: object, m: Mutation): Json {
  const x = copy(result) as Json;
  m.apply(x);
  try { x.digest = digestOf(x as never); } catch { /* a shape the digest cannot read: keep the old one */ }
  return x;
}

/**
 * Single mutations of an optimal result of `market` that no valid result has: a fill off by a tick,
 * a price beyond every order price in the direction its orders forbid, a shadow price moved far, a
 * key added or dropped, a non-canonical spelling, welfare or congestion rent off by a tick. `pick`
 * chooses the element (an integer).
 */
export function resultMutations(market: Market, result: Json, pick: number): Mutation[] {
  const m = normalizeMarket(market), out: Mutation[] = [];
  const ids = Object.keys(result.fills);
  const id = ids[pick % ids.length];
  out.push({ name: 'fill +1 tick', apply: (r) => { r.fills[id] = shift(r.fills[id], 1n); } });
  out.push({ name: 'fill key dropped', apply: (r) => { delete r.fills[id]; } });
  out.push({ name: 'fill key added', apply: (r) => { r.fills[`${id}~`] = r.fills[id]; } });
  out.push({ name: 'fill spelling', apply: (r) => { r.fills[id] = r.fills[id].includes('.') ? `${r.fills[id]}0` : `${r.fills[id]}.0`; } });
  out.push({ name: 'welfare +1 tick', apply: (r) => { r.welfare = shift(r.welfare, 1n); } });
  out.push({ name: 'welfare spelling', apply: (r) => { r.welfare = `0${r.welfare.replace(/^-/, '')}`; } });
  out.push({ name: 'congestionRent +1 tick', apply: (r) => { r.congestionRent = shift(r.congestionRent, 1n); } });
  out.push({ name: 'price key added', apply: (r) => { r.prices['~'] = Object.values(r.prices)[0]; } });
  // a price moved beyond every order price, against the first order at that bus
  const busIds = Object.keys(result.prices);
  const far = 2n * (m.priceCapTicks - m.priceFloorTicks) + 10n;
  const bus = busIds[pick % busIds.length];
  const at = m.orderIds.findIndex((_, i) => (m.network ? m.network.busIds[m.bus![i]] : '*') === bus);
  const islandSize = m.network ? m.network.busIsland.filter((k) => k === m.network!.busIsland[m.network!.busIndex.get(bus)!]).length : 1;
  if (at >= 0 || islandSize > 1) {
    const filled = at >= 0 && result.fills[m.orderIds[at]] !== formatTicks(0n, m.quantityDecimals);
    const up = at < 0 || (m.side[at] === 0) === filled; // a filled buy (an unfilled sell) is wrong above every price
    out.push({ name: 'price moved far', apply: (r) => { r.prices[bus] = shift(r.prices[bus], up ? far : -far); } });
  }
  out.push({ name: 'price key dropped', apply: (r) => { delete r.prices[bus]; } });
  if (result.lines) {
    const lineIds = Object.keys(result.lines);
    if (lineIds.length) {
      const l = lineIds[pick % lineIds.length];
      out.push({ name: 'shadow price moved far', apply: (r) => { r.lines[l].shadowPrice = shift(r.lines[l].shadowPrice, far * 1000n); } });
      out.push({ name: 'line key dropped', apply: (r) => { delete r.lines[l]; } });
      out.push({ name: 'line key added', apply: (r) => { r.lines[`${l}~`] = r.lines[l]; } });
      out.push({ name: 'shadow price spelling', apply: (r) => { r.lines[l].shadowPrice = `+${r.lines[l].shadowPrice}`; } });
    }
  }
  return out;
}

/** A value of some JavaScript type that no field of a market takes as it is (or sometimes does). */
export function junkValue(k: number): unknown {
  const all: unknown[] = [null, undefined, 1n, -5n, 2n ** 70n, NaN, Infinity, -Infinity, 0, -0, 1.5, 2 ** 53, 2 ** 63, -1, '', ' ', '1e3', '+5', '5.', '.5',
    '00005', '\ufeff5', '5\n', 'x', '0x10', '-0', '9'.repeat(40), `0.${'0'.repeat(30)}1`, true, false, [], [1], {}, { toFixed: () => '3' },
    { toFixed: () => { throw new Error('boom'); } }, new Int32Array(2), new Uint8Array(0), Symbol('s'), () => 1, new Date(0), 'buy', 'sell', 'B0', 'o0'];
  return all[k % all.length];
}

const ORDER_FIELDS = ['id', 'side', 'price', 'quantity', 'bus', 'participant', 'sequence'];
const BUS_FIELDS = ['id', 'fixedInjection'];
const LINE_FIELDS = ['id', 'from', 'to', 'x', 'shiftDeg', 'minFlow', 'maxFlow'];
const MARKET_FIELDS = ['format', 'name', 'priceDecimals', 'quantityDecimals', 'priceCap', 'priceFloor', 'orders', 'network'];
const NETWORK_FIELDS = ['baseMVA', 'buses', 'lines', 'referenceBus'];

/** A copy of `market` with one field (chosen by `a`, `b`) set to junkValue(`c`), or one element duplicated / dropped. */
export function mutateMarket(market: Market, a: number, b: number, c: number): Market {
  const m = copy(market) as Json;
  const v = junkValue(c);
  const set = (o: Json, f: string) => { if (v === undefined) delete o[f]; else o[f] = v; };
  const where = a % 7;
  if (where === 0) set(m, MARKET_FIELDS[b % MARKET_FIELDS.length]);
  else if (where <= 2) set(m.orders[b % m.orders.length], ORDER_FIELDS[c % ORDER_FIELDS.length]);
  else if (where === 3 && m.network) set(m.network, NETWORK_FIELDS[b % NETWORK_FIELDS.length]);
  else if (where === 4 && m.network) set(m.network.buses[b % m.network.buses.length], BUS_FIELDS[c % BUS_FIELDS.length]);
  else if (where === 5 && m.network?.lines.length) set(m.network.lines[b % m.network.lines.length], LINE_FIELDS[c % LINE_FIELDS.length]);
  else if (b % 2 === 0) m.orders.push(copy(m.orders[c % m.orders.length])); // a duplicate id
  else m.orders[c % m.orders.length] = v;
  return m as Market;
}
