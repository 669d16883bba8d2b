// Every order at one price (a community's flat tariff, default bids at the cap): the short side
// fills completely and the long side shares the volume pro rata. The general path (levels.ts)
// lists the long side's orders, shares over the list, selects the leftover ticks, pays the listed
// orders again and appends them as keys: six passes over the long side. Here one pass in input
// order writes every fill (the long side's floor share), payment and packed key (fill above
// index, merit.ts hiLoKey; input order is the merit order at one price, ties by index) and each
// long-side remainder densely by position; a radix selection over the dense remainders (its
// first histogram in a pass of its own: in the fill pass it cost more, that loop being short of
// registers) finds the leftover ticks' threshold, one pass over the long side gives them (and
// drops orders without a fill from the keys), and two pointers pair the keys (merit.ts pairHiLo).
// Fills, payments and trades are identical to the general path's (allocate.ts share: floor
// shares, one tick each to the largest remainders, ties by priority), which the property tests
// check on one-price markets.
import { hiLoKey, pairHiLo } from "./merit";

/** Counts of one 8-bit digit of the remainders. */
const DIGITS = memory.data(256 << 2);
/** 2^52: a double in [0, 2^52) plus this holds its nearest integer in the low bits (MAGIC_BITS above). */
const MAGIC: f64 = 4503599627370496.0;
const MAGIC_BITS: i64 = 0x4330000000000000;
/** Largest r, total (below 2^32) and quantity (below 2^21) for the exact f64 floor share (allocate.ts). */
const SMALL: u64 = <u64>1 << 32;
export const ONE_PRICE_QTY_BITS: u32 = 21;

/** Whether a one-price pro-rata split of `r` over `total` can take this path. */
export function onePriceFits(r: i64, total: i64, qtyBits: u32): bool {
  return (<u64>r | <u64>total) < SMALL && qtyBits <= ONE_PRICE_QTY_BITS;
}

/** Trades written by the last clearOnePrice. */
export let onePriceTrades: i32 = 0;

/**
 * Clears a market whose orders are all at one price, the long side (sells when `longSell`) sharing
 * `r` (the short side's total) pro rata over its total `total` (onePriceFits holds). Writes fills,
 * payments at `p` and, with `trades`, the trades.
 * Scratch: keys (8 x n bytes: buys from 0, sells from nb), rem, bufA, bufB (8 x n each).
 */
export function clearOnePrice(n: i32, nb: i32, side: usize, qty: usize, p: i64, longSell: bool, r: i64, total: i64,
                              fills: usize, payments: usize, keys: usize, rem: usize,
                              bufA: usize, bufB: usize, trades: bool, tb: usize, ts: usize, tq: usize): void {
  const shift0 = <u64>((63 - clz(<u64>(total - 1) | 1)) & ~7); // remainders are below total
  const ft = <f64>total, shortSide = longSell ? 0 : 1;
  let bc = 0, sc = nb;
  let sumF: i64 = 0;
  for (let i = 0; i < n; i++) {
    const sell = <i32>load<u8>(side + <usize>i);
    const q = load<i64>(qty + (<usize>i << 3));
    // r * q and total exact in f64 (below 2^53), the quotient below 2^21: adding 2^52 rounds it
    // to an integer in the low bits, the floor share or one more (allocate.ts share), corrected
    const prod = r * q;
    let fl = reinterpret<i64>(<f64>prod / ft + MAGIC) - MAGIC_BITS;
    let left = prod - fl * total;
    const neg = left < 0;
    fl -= <i64>neg;
    left += select<i64>(total, 0, neg);
    const f = select<i64>(fl, q, sell != shortSide);
    store<i64>(fills + (<usize>i << 3), f);
    store<i64>(payments + (<usize>i << 3), p * f);
    sumF += f;
    const at = <usize>select<i32>(sc, bc, sell != 0) << 3;
    store<u64>(keys + at, hiLoKey(i, f));
    store<i64>(rem + at, left); // the short side's are never read
    bc += 1 - sell;
    sc += sell;
  }
  const lo = longSell ? nb : 0, hi = longSell ? n : nb;
  const leftover = <i32>(r - (sumF - r)); // the long side's floor shares sum to sumF - r; < its count
  // no leftover: a threshold above every remainder gives none
  const kth = leftover > 0 ? kthDense(rem + (<usize>lo << 3), hi - lo, leftover, shift0, bufA, bufB) : u64.MAX_VALUE;
  const take = leftover > 0 ? denseTake : 0;
  let kept = hi - lo;
  if (leftover > 0 || trades) kept = giveTicks(keys, rem, lo, hi, kth, take, p, fills, payments) - lo;
  onePriceTrades = 0;
  if (!trades || r == 0) return;
  const nbf = longSell ? nb : kept, nsf = longSell ? kept : n - nb;
  onePriceTrades = pairHiLo(keys, keys + (<usize>nb << 3), r, tb, ts, tq, nbf + nsf - 1);
}

/** How many of the remainders equal to the last kthDense value get a tick. */
let denseTake: i32 = 0;

/**
 * The k-th largest of the n u64 at `vals` (k >= 1) by radix selection from digit `shift` down;
 * candidates are copied between bufA and bufB. Sets denseTake (allocate.ts kthLargest, over dense
 * values instead of a list).
 */
function kthDense(vals: usize, n: i32, k: i32, shift: u64, bufA: usize, bufB: usize): u64 {
  let src = vals, dst = bufA, prefix: u64 = 0;
  memory.fill(DIGITS, 0, 256 << 2);
  for (let i = 0; i < n; i++) {
    const d = DIGITS + (<usize>((load<u64>(vals + (<usize>i << 3)) >> shift) & 0xFF) << 2);
    store<i32>(d, load<i32>(d) + 1);
  }
  while (true) {
    let digit = 255;
    while (true) {
      const c = load<i32>(DIGITS + (<usize>digit << 2));
      if (c >= k) break;
      k -= c;
      digit--;
    }
    prefix |= <u64>digit << shift;
    if (shift == 0) break;
    let m = 0;
    const want = <u64>digit;
    for (let i = 0; i < n; i++) { // keep the candidates with this digit (branch-free)
      const v = load<u64>(src + (<usize>i << 3));
      store<u64>(dst + (<usize>m << 3), v);
      m += <i32>(((v >> shift) & 0xFF) == want);
    }
    src = dst; n = m; dst = dst == bufA ? bufB : bufA;
    shift -= 8;
    memory.fill(DIGITS, 0, 256 << 2);
    for (let i = 0; i < n; i++) {
      const d = DIGITS + (<usize>((load<u64>(src + (<usize>i << 3)) >> shift) & 0xFF) << 2);
      store<i32>(d, load<i32>(d) + 1);
    }
  }
  denseTake = k;
  return prefix;
}

/**
 * One tick each to the long side's remainders above `kth` and to the first `take` equal to it
 * (position order = priority), branch-free (about half the orders get one, at random); rewrites
 * their fills and payments and keeps only the keys with a fill, in order. Returns the end of the
 * kept keys.
 */
function giveTicks(keys: usize, rem: usize, lo: i32, hi: i32, kth: u64, take: i32, p: i64,
                   fills: usize, payments: usize): i32 {
  let ties = take, w = lo;
  for (let k = lo; k < hi; k++) {
    const v = load<u64>(rem + (<usize>k << 3));
    const key = load<u64>(keys + (<usize>k << 3));
    const te = <i32>(v == kth) & <i32>(ties > 0);
    const inc = <i32>(v > kth) | te;
    ties -= te;
    const o = <usize><u32>key << 3;
    const f = <i64>(key >> 32) + <i64>inc;
    store<i64>(fills + o, f);
    store<i64>(payments + o, p * f);
    store<u64>(keys + (<usize>w << 3), key + (<u64>inc << 32));
    w += <i32>(f > 0);
  }
  return w;
}
