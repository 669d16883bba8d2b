// Settlement of a nodal clearing: every order pays or is paid its bus price, and a list of
// bilateral trades that adds up exactly to the fills and the money (see docs/nodal.md).
import { GridclearError } from '../errors.js';
import { show } from '../model/fixed.js';
import { normalizeMarket } from '../model/normalize.js';
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
  const m = normalizeMarket(market, { network: 'require' });
  const net = m.network!, n = m.orderIds.length;
  checkResult(result, n, net.busIds.length);
  const md = { orderMoneyTicks: new BigInt64Array(n), participants: [] as ParticipantBalance[] };
  const balance = new Map<string, bigint>();
  const sellers: Side[][] = [], buyers: Side[][] = [];
  const island = (b: number) => result.busReference[b];
  const push = (list: Side[][], s: Side) => { (list[island(s.bus)] ??= []).push(s); };
  for (let i = 0; i < n; i++) {
    const id = m.orderIds[i], b = m.bus![i];
    if (id !== result.orderIds[i]) throw new GridclearError('INVALID_OPTION', `order #${i} (${JSON.stringify(id)}) does not match the result's ${show(result.orderIds[i])}`, { index: i, id, field: 'result' });
    const fill = result.fills[i], money = result.priceTicks[b] * fill;
    md.orderMoneyTicks[i] = money;
    const who = m.orders[i].participant ?? id;
    const sell = m.side[i] === 1;
    balance.set(who, (balance.get(who) ?? 0n) + (sell ? -money : money));
    if (fill > 0n) push(sell ? sellers : buyers, { id, bus: b, qty: fill });
  }
  net.busIds.forEach((id, b) => {
    const f = net.busFixedInjectionTicks[b];
    if (f > 0n) push(sellers, { id: `fixed:${id}`, bus: b, qty: f });
    if (f < 0n) push(buyers, { id: `fixed:${id}`, bus: b, qty: -f });
  });
  const trades: BilateralTrade[] = [];
  let rent = 0n;
  for (let k = 0; k < Math.max(sellers.length, buyers.length); k++) rent += match(sellers[k] ?? [], buyers[k] ?? [], result, trades);
  md.participants = Array.from(balance, ([participant, netTicks]) => ({ participant, netTicks }));
  return { ...md, trades, congestionRentTicks: rent };
}

/** A NodalResult of this market (INVALID_OPTION naming the field otherwise): optimal, with columns of the right sizes. */
function checkResult(r: NodalResult, n: number, nB: number): void {
  const bad = (field: string, expected: string): never => {
    throw new GridclearError('INVALID_OPTION', `settle needs an optimal NodalResult of this market: ${field} must be ${expected}`, { field, expected });
  };
  if (r === null || typeof r !== 'object') bad('result', 'a NodalResult (from clearNodal)');
  if (r.status !== 'optimal') bad('status', "'optimal' (only an optimal result can be settled)");
  if (!(r.fills instanceof BigInt64Array) || r.fills.length !== n) bad('fills', `a BigInt64Array of ${n} fills`);
  if (!(r.priceTicks instanceof BigInt64Array) || r.priceTicks.length !== nB) bad('priceTicks', `a BigInt64Array of ${nB} prices`);
  if (!(r.busReference instanceof Int32Array) || r.busReference.length !== nB) bad('busReference', `an Int32Array of ${nB} buses`);
  if (!Array.isArray(r.orderIds) || r.orderIds.length !== n) bad('orderIds', `the ${n} order ids`);
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
