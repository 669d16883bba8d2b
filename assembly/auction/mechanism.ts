// Prices, trade reduction, bilateral trades and payments on top of the efficient allocation.
// Every product and sum is checked (wide.ts): an overflow is reported, never wrapped.
import * as B from "./book";
import { at, col } from "./book";
import { addChecked, interpolateHalfEven, midHalfEven, mulMoney, subChecked } from "./wide";
import { firstUnfilled, lastFilled, share } from "./allocate";
import { MECH_PAY_AS_BID, MECH_TRADE_REDUCTION, PAB_ASK, PAB_BID } from "./layout";

/** Outcome of pricing, read by the entry point. */
export let low: i64 = 0;
export let high: i64 = 0;
export let hasPrice: bool = false;
export let uniformPrice: i64 = 0;
export let hasSidePrices: bool = false;
export let buyPrice: i64 = 0;
export let sellPrice: i64 = 0;

/** "No such order" for setPriceInterval's bounds: below or above every price. */
export const NONE_LOW: i64 = i64.MIN_VALUE;
export const NONE_HIGH: i64 = i64.MAX_VALUE;

/**
 * The interval of prices consistent with the efficient allocation, clipped to [floor, cap]: low is
 * the highest of the last filled ask and the first bid not filled completely, high the lowest of
 * the last filled bid and the first ask not filled completely (NONE_LOW / NONE_HIGH: no such order).
 */
export function setPriceInterval(floor: i64, cap: i64, lastAsk: i64, firstUnfilledBid: i64,
                                 lastBid: i64, firstUnfilledAsk: i64): void {
  low = max(floor, max(lastAsk, firstUnfilledBid));
  high = min(cap, min(lastBid, firstUnfilledAsk));
}

/** setPriceInterval on the merit orders. */
export function priceInterval(floor: i64, cap: i64): void {
  const bm = lastFilled(B.buys, B.nb, B.fills), sm = lastFilled(B.sells, B.ns, B.fills);
  const bu = firstUnfilled(B.buys, B.nb, B.fills, B.qty), su = firstUnfilled(B.sells, B.ns, B.fills, B.qty);
  setPriceInterval(floor, cap,
    sm >= 0 ? col(B.price, at(B.sells, sm)) : NONE_LOW, bu >= 0 ? col(B.price, at(B.buys, bu)) : NONE_LOW,
    bm >= 0 ? col(B.price, at(B.buys, bm)) : NONE_HIGH, su >= 0 ? col(B.price, at(B.sells, su)) : NONE_HIGH);
}

/** No price at all (pay-as-bid; trade reduction with nothing to trade). */
export function setNoPrices(): void {
  hasPrice = false;
  hasSidePrices = false;
}

/** Trade reduction's two prices: buyers pay pb, sellers receive ps. */
export function setSidePrices(pb: i64, ps: i64): void {
  hasPrice = false;
  hasSidePrices = true;
  buyPrice = pb;
  sellPrice = ps;
}

/** Everyone trades at one price p (uniform; trade reduction without reduction). */
export function setUniform(p: i64): void {
  hasPrice = true;
  uniformPrice = p;
  hasSidePrices = true;
  buyPrice = p;
  sellPrice = p;
}

/** Applies the mechanism's prices; trade reduction may also cut the fills. */
export function applyPrices(mech: i32, kNum: u64, kDen: u64): void {
  hasPrice = false;
  hasSidePrices = false;
  if (mech == MECH_PAY_AS_BID) return;
  if (mech != MECH_TRADE_REDUCTION) {
    setUniform(interpolateHalfEven(low, high, kNum, kDen));
    return;
  }
  const bm = lastFilled(B.buys, B.nb, B.fills), sm = lastFilled(B.sells, B.ns, B.fills);
  if (bm < 0 || sm < 0) return;
  const pb = col(B.price, at(B.buys, bm)), ps = col(B.price, at(B.sells, sm));
  const bu = firstUnfilled(B.buys, B.nb, B.fills, B.qty), su = firstUnfilled(B.sells, B.ns, B.fills, B.qty);
  if (bu >= 0 && su >= 0) {
    const p0 = midHalfEven(col(B.price, at(B.buys, bu)), col(B.price, at(B.sells, su)));
    if (p0 >= ps && p0 <= pb) {
      setUniform(p0);
      return;
    }
  }
  reduce(bm, sm);
  hasSidePrices = true;
  buyPrice = pb;
  sellPrice = ps;
}

/** Sum of the quantities of list[0..k). */
function prefixQty(list: usize, k: i32): i64 {
  let s: i64 = 0;
  for (let i = 0; i < k; i++) s = addChecked(s, col(B.qty, at(list, i)));
  return s;
}

/** Drops the marginal buyer and seller and everything after them; the long side is rationed. */
function reduce(bm: i32, sm: i32): void {
  for (let i = 0; i < B.nb; i++) store<i64>(B.fills + (<usize>at(B.buys, i) << 3), 0);
  for (let i = 0; i < B.ns; i++) store<i64>(B.fills + (<usize>at(B.sells, i) << 3), 0);
  const d = prefixQty(B.buys, bm), s = prefixQty(B.sells, sm);
  const v = d < s ? d : s;
  if (v == 0) return;
  share(B.buys, 0, bm, v, d, B.qty, B.fills, B.tie, B.rem, B.copy, B.tmp);
  share(B.sells, 0, sm, v, s, B.qty, B.fills, B.tie, B.rem, B.copy, B.tmp);
}

/** Price of one trade between buyer b and seller s. */
@inline
function tradePrice(mech: i32, pab: i32, b: i32, s: i32): i64 {
  if (mech != MECH_PAY_AS_BID) return buyPrice;
  if (pab == PAB_BID) return col(B.price, b);
  if (pab == PAB_ASK) return col(B.price, s);
  return midHalfEven(col(B.price, b), col(B.price, s));
}

/** Adds money to an order's payment, checked. */
@inline
function pay(o: i32, m: i64): void {
  const p = B.payments + (<usize>o << 3);
  store<i64>(p, addChecked(load<i64>(p), m));
}

/**
 * Pairs filled buyers and sellers in merit order (two pointers) into at most
 * #buyers + #sellers - 1 trades (input indices via idx); pay-as-bid payments are summed from them.
 */
export function buildTrades(mech: i32, pab: i32, idx: usize, tb: usize, ts: usize, tq: usize, tp: usize): i32 {
  let i = 0, j = 0, n = 0;
  let rb: i64 = 0, rs: i64 = 0, b = -1, s = -1;
  while (true) {
    while (rb == 0 && i < B.nb) { b = at(B.buys, i++); rb = col(B.fills, b); }
    while (rs == 0 && j < B.ns) { s = at(B.sells, j++); rs = col(B.fills, s); }
    if (rb == 0 || rs == 0) break;
    const t = rb < rs ? rb : rs;
    const p = tradePrice(mech, pab, b, s);
    store<i32>(tb + (<usize>n << 2), at(idx, b));
    store<i32>(ts + (<usize>n << 2), at(idx, s));
    store<i64>(tq + (<usize>n << 3), t);
    store<i64>(tp + (<usize>n << 3), p);
    if (mech == MECH_PAY_AS_BID) {
      const m = mulMoney(p, t);
      pay(b, m);
      pay(s, m);
    }
    rb -= t;
    rs -= t;
    n++;
  }
  return n;
}

/** Totals of the clearing, read by the entry point. */
export let volume: i64 = 0;
export let welfare: i64 = 0;
export let buyersPay: i64 = 0;
export let sellersReceive: i64 = 0;

/** Volume, welfare and totals; pay-as-bid payments were summed per order from the trades. */
export function settle(mech: i32): void {
  volume = 0; welfare = 0; buyersPay = 0; sellersReceive = 0;
  const pab = mech == MECH_PAY_AS_BID;
  // Only positions up to the last filled one can have a fill: stop there, and multiply zeros
  // rather than branch on them (fills at the marginal level are unpredictable).
  const lb = lastFilled(B.buys, B.nb, B.fills);
  for (let i = 0; i <= lb; i++) {
    const o = at(B.buys, i);
    const f = col(B.fills, o);
    volume += f; // <= Q*, already checked
    welfare = addChecked(welfare, mulMoney(col(B.price, o), f));
    if (pab) buyersPay = addChecked(buyersPay, col(B.payments, o));
  }
  const ls = lastFilled(B.sells, B.ns, B.fills);
  for (let i = 0; i <= ls; i++) {
    const o = at(B.sells, i);
    const f = col(B.fills, o);
    welfare = subChecked(welfare, mulMoney(col(B.price, o), f));
    if (pab) sellersReceive = addChecked(sellersReceive, col(B.payments, o));
  }
  if (pab) return;
  // One price per side: sum(p * f) = p * volume, and every partial sum has the same sign and a
  // smaller magnitude, so this single checked product also covers each order's payment.
  buyersPay = mulMoney(buyPrice, volume);
  sellersReceive = mulMoney(sellPrice, volume);
}

/** Sets the totals directly (levels.ts computed them from the price levels). */
export function setTotals(vol: i64, wel: i64, pay: i64, receive: i64): void {
  volume = vol;
  welfare = wel;
  buyersPay = pay;
  sellersReceive = receive;
}
