// verify's checks of a copper-plate result of another mechanism (pay-as-bid, trade reduction):
// the result carries its bilateral trades, and every total, price and fill is checked against
// them and against the mechanism's rules (docs/auction.md, docs/formats.md).
import { formatTicks, show } from '../model/fixed.js';
import { canonicalTicks, moneyDecimals, type Ctx } from './verify.js';

/** The fields each mechanism's result carries beside the contract's (checked for presence and spelling). */
export const MECHANISM_FIELDS: Record<string, string[]> = {
  'pay-as-bid': ['volume', 'buyersPay', 'sellersReceive', 'surplus', 'tradePrices', 'payAsBidPrice', 'trades'],
  'trade-reduction': ['volume', 'buyersPay', 'sellersReceive', 'surplus', 'buyPrice', 'sellPrice', 'trades'],
};

/** Integer division rounded half away from zero (b > 0): the headline price's rule. */
function roundDiv(a: bigint, b: bigint): bigint {
  const q = a / b, r = a % b;
  if ((r < 0n ? -r : r) * 2n >= b) return a < 0n ? q - 1n : q + 1n;
  return q;
}

/** (a + b) / 2 to the nearest tick, an exact half to the even tick (the midpoint price rule). */
function midpointEven(a: bigint, b: bigint): bigint {
  const s = a + b;
  let q = s / 2n;
  if (s < 0n && s % 2n !== 0n) q -= 1n; // floor
  if (s % 2n === 0n) return q;
  return q % 2n === 0n ? q : q + 1n;
}

interface Trade { buyer: number; seller: number; qty: bigint; price: bigint }

/** Reads the result's trades (exact keys, canonical decimals, a buy and a sell order); undefined when unreadable. */
function readTrades(c: Ctx): Trade[] | undefined {
  const { m, fail } = c, raw = c.res.trades, index = new Map(m.orderIds.map((id, i) => [id, i]));
  if (!Array.isArray(raw)) { fail.push({ check: 'trades', message: `trades must be an array, got ${show(raw)}` }); return undefined; }
  const out: Trade[] = [];
  let ok = true;
  raw.forEach((t: unknown, k) => {
    const o = (typeof t === 'object' && t !== null ? t : {}) as Record<string, unknown>;
    const b = typeof o.buyer === 'string' ? index.get(o.buyer) : undefined, s = typeof o.seller === 'string' ? index.get(o.seller) : undefined;
    const qty = canonicalTicks(o.quantity, m.quantityDecimals), price = canonicalTicks(o.price, m.priceDecimals);
    const keys = Object.keys(o).sort().join(',');
    if (b === undefined || s === undefined || m.side[b] !== 0 || m.side[s] !== 1 || qty === undefined || qty <= 0n || price === undefined || keys !== 'buyer,price,quantity,seller') {
      fail.push({ check: 'trades', id: String(k), message: `trade #${k} must be { buyer: a buy order, seller: a sell order, quantity > 0, price } in canonical decimals, got ${show(t)}` });
      ok = false;
      return;
    }
    out.push({ buyer: b, seller: s, qty, price });
  });
  if (!ok) return undefined;
  const sum = new Array<bigint>(m.orderIds.length).fill(0n);
  for (const t of out) { sum[t.buyer] += t.qty; sum[t.seller] += t.qty; }
  sum.forEach((q, i) => {
    if (q !== c.fills[i]) fail.push({ check: 'trades', id: m.orderIds[i], message: `the trades of ${m.orderIds[i]} add up to ${formatTicks(q, m.quantityDecimals)}, its fill is ${formatTicks(c.fills[i], m.quantityDecimals)}` });
  });
  return out;
}

/** The interval [low, high] of prices that support the fills as an efficient allocation (low > high: they are not efficient). */
function efficientInterval(c: Ctx): [bigint, bigint] {
  const { m } = c;
  let low = m.priceFloorTicks, high = m.priceCapTicks;
  for (let i = 0; i < m.orderIds.length; i++) {
    const p = c.price[i], f = c.fills[i];
    if (m.side[i] === 1) {
      if (f > 0n && p > low) low = p;
      if (f < c.qty[i] && p < high) high = p;
    } else {
      if (f < c.qty[i] && p > low) low = p;
      if (f > 0n && p < high) high = p;
    }
  }
  return [low, high];
}

/** Checks a pay-as-bid or trade-reduction result against its trades and its mechanism's rules. */
export function checkMechanism(c: Ctx, mechanism: string): void {
  const { m, res, fail } = c, pd = m.priceDecimals, qd = m.quantityDecimals, md = moneyDecimals(m);
  const bad = (message: string, id?: string): void => { fail.push({ check: 'mechanism', id, message }); };
  for (const f of MECHANISM_FIELDS[mechanism]) if (res[f] === undefined) bad(`a ${mechanism} result carries ${f}`);
  const trades = readTrades(c);
  if (!trades) return;
  let volume = 0n, buyersPay = 0n;
  for (let i = 0; i < m.orderIds.length; i++) if (m.side[i] === 1) volume += c.fills[i];
  for (const t of trades) buyersPay += t.qty * t.price;
  const money = (field: string, want: bigint): void => {
    if (canonicalTicks(res[field], md) !== want) bad(`${field} ${show(res[field])} is not ${formatTicks(want, md)}`);
  };
  if (canonicalTicks(res.volume, qd) !== volume) bad(`volume ${show(res.volume)} is not ${formatTicks(volume, qd)}`);
  money('buyersPay', buyersPay);
  if (mechanism === 'pay-as-bid') checkPayAsBid(c, trades, volume, buyersPay, money, bad);
  else checkTradeReduction(c, trades, volume, money, bad);
  if (c.prices[0] < m.priceFloorTicks || c.prices[0] > m.priceCapTicks) {
    fail.push({ check: 'prices', id: '*', message: `the price ${formatTicks(c.prices[0], pd)} lies outside [priceFloor, priceCap]` });
  }
}

type Money = (field: string, want: bigint) => void;
type Bad = (message: string, id?: string) => void;

/** Pay-as-bid: the efficient allocation, each trade at its rule's price, totals and the summary of trade prices. */
function checkPayAsBid(c: Ctx, trades: Trade[], volume: bigint, buyersPay: bigint, money: Money, bad: Bad): void {
  const { m, res } = c, pd = m.priceDecimals;
  const [low, high] = efficientInterval(c);
  if (low > high) bad(`the fills are not an efficient allocation: no price supports them (low ${formatTicks(low, pd)} > high ${formatTicks(high, pd)})`);
  const rule = res.payAsBidPrice;
  if (rule !== 'bid' && rule !== 'ask' && rule !== 'midpoint') { bad(`payAsBidPrice ${show(rule)} is not 'bid', 'ask' or 'midpoint'`); return; }
  trades.forEach((t, k) => {
    const b = c.price[t.buyer], a = c.price[t.seller];
    const want = rule === 'bid' ? b : rule === 'ask' ? a : midpointEven(a, b);
    if (t.price !== want) bad(`trade #${k} is priced ${formatTicks(t.price, pd)}, its ${rule} price is ${formatTicks(want, pd)}`, String(k));
  });
  money('sellersReceive', buyersPay);
  money('surplus', 0n);
  const headline = volume > 0n ? roundDiv(buyersPay, volume) : roundDiv(low + high, 2n);
  if (c.prices[0] !== headline) bad(`prices["*"] is ${formatTicks(c.prices[0], pd)}, the average price paid is ${formatTicks(headline, pd)}`, '*');
  let min: bigint | null = null, max: bigint | null = null;
  for (const t of trades) { if (min === null || t.price < min) min = t.price; if (max === null || t.price > max) max = t.price; }
  const fmt = (t: bigint | null) => (t === null ? null : formatTicks(t, pd));
  const want = { count: trades.length, min: fmt(min), max: fmt(max), average: trades.length ? fmt(headline) : null };
  const got = res.tradePrices as Record<string, unknown> | undefined;
  const same = typeof got === 'object' && got !== null && Object.keys(got).length === 4
    && got.count === want.count && got.min === want.min && got.max === want.max && got.average === want.average;
  if (!same) bad(`tradePrices ${show(got)} is not ${show(want)}`);
}

/**
 * Trade reduction: buyers pay buyPrice, sellers receive sellPrice <= buyPrice; no buy priced below
 * buyPrice (sell above sellPrice) is filled; one side priced strictly inside is filled fully (the
 * short side); totals and surplus follow from the volume.
 */
function checkTradeReduction(c: Ctx, trades: Trade[], volume: bigint, money: Money, bad: Bad): void {
  const { m, res } = c, pd = m.priceDecimals;
  const bp = res.buyPrice === null ? null : canonicalTicks(res.buyPrice, pd);
  const sp = res.sellPrice === null ? null : canonicalTicks(res.sellPrice, pd);
  if (bp === undefined || sp === undefined || (bp === null) !== (sp === null)) { bad(`buyPrice ${show(res.buyPrice)} and sellPrice ${show(res.sellPrice)} must both be canonical prices, or both null`); return; }
  if (bp === null || sp === null) {
    // nothing could trade (Q* = 0): the fills are all 0, and the price is the middle of the clearing interval
    const [low, high] = efficientInterval(c);
    if (volume !== 0n || low > high) bad('buyPrice and sellPrice are null only when nothing can trade');
    if (c.prices[0] !== roundDiv(low + high, 2n)) bad(`prices["*"] is not the middle of the clearing interval`, '*');
    money('sellersReceive', 0n); money('surplus', 0n);
    return;
  }
  if (bp < sp) bad(`buyPrice ${formatTicks(bp, pd)} is below sellPrice ${formatTicks(sp, pd)} (a deficit)`);
  let buysFull = true, sellsFull = true;
  for (let i = 0; i < m.orderIds.length; i++) {
    const p = c.price[i], f = c.fills[i], id = m.orderIds[i], sell = m.side[i] === 1;
    if (sell ? p > sp && f !== 0n : p < bp && f !== 0n) fail(id, 'is priced beyond its side\'s price but filled');
    if (sell && p < sp && f !== c.qty[i]) sellsFull = false;
    if (!sell && p > bp && f !== c.qty[i]) buysFull = false;
  }
  if (!buysFull && !sellsFull) bad('neither side priced strictly inside is filled fully (the short side must be)');
  trades.forEach((t, k) => { if (t.price !== bp) bad(`trade #${k} is priced ${formatTicks(t.price, pd)}, buyers pay ${formatTicks(bp, pd)}`, String(k)); });
  money('sellersReceive', volume * sp);
  money('surplus', volume * (bp - sp));
  if (volume > 0n ? c.prices[0] !== bp : c.prices[0] < sp || c.prices[0] > bp) bad(`prices["*"] ${formatTicks(c.prices[0], pd)} is not what buyers pay`, '*');

  function fail(id: string, why: string): void {
    c.fail.push({ check: 'consistency', id, message: `order ${id} ${why}` });
  }
}
