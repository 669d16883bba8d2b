// Settlement of a nodal clearing: every order pays or is paid its bus price, and a list of
// bilateral trades that adds up exactly to the fills and the money (see docs/nodal.md).
import { GridclearError } from '../errors.js';
import { toTicks } from '../model/fixed.js';
import type { Market } from '../model/types.js';
import type { NodalResult } from '../nodal/types.js';

/** One bilateral trade: the buyer pays quantity * (energyPrice + networkCharge). */
export interface BilateralTrade {
  /** Selling order id, or `fixed:<bus id>` for a bus's positive fixed injection. */
  seller: string;
  /** Buying order id, or `fixed:<bus id>` for a bus's negative fixed injection. */
  buyer: string;
  quantityTicks: bigint;
  /** The seller's bus price (price ticks): what the seller receives per unit. */
  energyPriceTicks: bigint;
  /** Buyer's bus price minus seller's bus price (price ticks, may be negative): the grid's share. */
  networkChargeTicks: bigint;
}

/** Money per participant: + pays, - is paid (money ticks). */
export interface ParticipantBalance {
  participant: string;
  netTicks: bigint;
}

/** The money of a clearing. */
export interface Settlement {
  /** Per order (input order): buyers' payment or sellers' revenue at the bus price (money ticks, >= 0 for prices >= 0). */
  orderMoneyTicks: BigInt64Array;
  /** Participants in order of first appearance. */
  participants: ParticipantBalance[];
  trades: BilateralTrade[];
  /** Sum over trades of quantity * networkCharge: equals the result's congestion rent. */
  congestionRentTicks: bigint;
}

interface Side { id: string; bus: number; qty: bigint }

/**
 * Settles an optimal nodal result of `market`. Trades per island: sellers sorted by bus price
 * ascending, buyers by bus price descending (ties by id, UTF-16 order), matched greedily in that
 * order, so the cheapest energy meets the buyers who value it most; fixed injections take part as
 * `fixed:<bus>` so that every island's trades balance exactly.
 */
export function settle(market: Market, result: NodalResult): Settlement {
  if (result.status !== 'optimal') throw new GridclearError('INVALID_OPTION', 'only an optimal result can be settled', { field: 'status', expected: "'optimal'" });
  const busIndex = new Map(result.busIds.map((id, b) => [id, b]));
  const md = { orderMoneyTicks: new BigInt64Array(result.fills.length), participants: [] as ParticipantBalance[] };
  const net = new Map<string, bigint>();
  const sellers: Side[][] = [], buyers: Side[][] = [];
  const island = (b: number) => result.busReference[b];
  const push = (list: Side[][], s: Side) => { (list[island(s.bus)] ??= []).push(s); };
  market.orders.forEach((o, i) => {
    const b = busIndex.get(o.bus!);
    if (b === undefined || o.id !== result.orderIds[i]) throw new GridclearError('INVALID_OPTION', `order #${i} does not match the result`, { index: i, id: o.id });
    const fill = result.fills[i], money = result.priceTicks[b] * fill;
    md.orderMoneyTicks[i] = money;
    const who = o.participant ?? o.id;
    net.set(who, (net.get(who) ?? 0n) + (o.side === 'buy' ? money : -money));
    if (fill > 0n) push(o.side === 'sell' ? sellers : buyers, { id: o.id, bus: b, qty: fill });
  });
  (market.network?.buses ?? []).forEach((bus) => {
    const b = busIndex.get(bus.id)!;
    const f = fixedTicks(bus.fixedInjection, result.quantityDecimals);
    if (f > 0n) push(sellers, { id: `fixed:${bus.id}`, bus: b, qty: f });
    if (f < 0n) push(buyers, { id: `fixed:${bus.id}`, bus: b, qty: -f });
  });
  const trades: BilateralTrade[] = [];
  let rent = 0n;
  for (let k = 0; k < Math.max(sellers.length, buyers.length); k++) rent += match(sellers[k] ?? [], buyers[k] ?? [], result, trades);
  md.participants = Array.from(net, ([participant, netTicks]) => ({ participant, netTicks }));
  return { ...md, trades, congestionRentTicks: rent };
}

function fixedTicks(v: unknown, qd: number): bigint {
  return v === undefined || v === null ? 0n : toTicks(v as string, qd, { field: 'fixedInjection' });
}

function byKey(price: BigInt64Array, dir: 1 | -1) {
  return (a: Side, b: Side) => {
    const pa = price[a.bus], pb = price[b.bus];
    if (pa !== pb) return (pa < pb ? -1 : 1) * dir;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

/** Greedy two-pointer matching of one island; returns the island's sum of network charges. */
function match(sellers: Side[], buyers: Side[], r: NodalResult, out: BilateralTrade[]): bigint {
  sellers.sort(byKey(r.priceTicks, 1));
  buyers.sort(byKey(r.priceTicks, -1));
  let i = 0, j = 0, si = sellers[0]?.qty ?? 0n, bj = buyers[0]?.qty ?? 0n, rent = 0n;
  while (i < sellers.length && j < buyers.length) {
    const q = si < bj ? si : bj;
    const s = sellers[i], b = buyers[j];
    const charge = r.priceTicks[b.bus] - r.priceTicks[s.bus];
    out.push({ seller: s.id, buyer: b.id, quantityTicks: q, energyPriceTicks: r.priceTicks[s.bus], networkChargeTicks: charge });
    rent += q * charge;
    si -= q; bj -= q;
    if (si === 0n && ++i < sellers.length) si = sellers[i].qty;
    if (bj === 0n && ++j < buyers.length) bj = buyers[j].qty;
  }
  if (i < sellers.length || j < buyers.length) throw new GridclearError('INTERNAL', 'an island of the result does not balance; cannot settle');
  return rent;
}
