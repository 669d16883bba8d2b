// Every order at one price (a community's flat tariff, default bids at the cap): the short side
// fills completely and the long side shares the volume pro rata. The general path (levels.ts)
// lists the long side's orders, shares over the list, selects the leftover ticks, pays the listed
// orders again and appends them as keys: six passes over the long side. Here:
// 1. the shares pass, two orders per SIMD step in input order: each long-side order's floor share
//    fl and remainder rem of r x q = fl x total + rem in f64 lanes (every value an exact integer
//    below 2^53: the floor of the rounded quotient is the exact one), packed as rem << 31 | fl (a
//    short-side order: a remainder no long-side order has, above its quantity), with a histogram
//    of the remainders' top bits;
// 2. the selection of the leftover ticks' threshold: the count of the top digit where they run
//    out, its candidates gathered (a few hundred on random quantities), the rest of the remainder
//    selected among them; among equal remainders the lower index wins (allocate.ts share), so the
//    threshold is one 64-bit value, rem << 31 above the complemented index;
// 3. the write pass, two orders per SIMD step in input order: every fill (the floor share plus a
//    tick where that value is at or above the threshold: one compare), payment and, with trades,
//    packed key (fill above index, merit.ts hiLoKey; input order is the merit order at one price;
//    long-side orders without a fill dropped), each output written once and sequentially;
// 4. two pointers pair the keys (merit.ts pairHiLo).
// Fills, payments and trades are identical to the general path's (allocate.ts share: floor
// shares, one tick each to the largest remainders, ties by priority), which the property tests
// check on one-price markets.
import { bitsFor, hiLoKey, pairHiLo } from "./merit";

/** Bits of the remainders' first digit (its counts: 8 KiB, in the L1 cache). */
const TOP_BITS: u32 = 11;
/** Counts of a digit of the remainders (the first digit's 2^TOP_BITS and one for the short side; later ones' 256). */
const DIGITS = memory.data((4 << TOP_BITS) + 16);
/** 2^52: an integer-valued double in [0, 2^52) plus this holds the integer in its low bits. */
const MAGIC: f64 = 4503599627370496.0;
const MAGIC_BITS: i64 = 0x4330000000000000;
/** Largest r, total (below 2^32) and quantity (below 2^21) for the exact f64 floor share (allocate.ts). */
const SMALL: u64 = <u64>1 << 32;
export const ONE_PRICE_QTY_BITS: u32 = 21;
/** A packed value: the remainder above bit 31, the fill (or the complemented index) below. */
const REM_AT: u64 = 31;
const LO: u64 = 0x7FFFFFFF;
/** The top digit of a packed value: its top TOP_BITS bits (the short side's: 2^TOP_BITS). */
const TOP_AT: u64 = 63 - TOP_BITS;

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
 * Scratch: keys (8 x n bytes: buys from 0, sells from nb), packed, bufA, bufB (8 x n each).
 */
export function clearOnePrice(n: i32, nb: i32, side: usize, qty: usize, p: i64, longSell: bool, r: i64, total: i64,
                              fills: usize, payments: usize, keys: usize, packed: usize,
                              bufA: usize, bufB: usize, trades: bool, tb: usize, ts: usize, tq: usize): void {
  const bits = bitsFor(<u64>(total - 1)); // remainders are below total
  memory.fill(DIGITS, 0, (<usize>4 << TOP_BITS) + 4);
  const long = longSell ? 1 : 0;
  const sumFl = sharesPass(n, side, qty, r, total, packed, long, bits);
  const leftover = <i32>(r - sumFl); // below the long side's count
  // no leftover: a threshold above every long-side order's value gives none
  const thr = leftover > 0 ? threshold(packed, n, leftover, bufA, bufB) : i64.MAX_VALUE;
  const bk = keys, sk = keys + (<usize>nb << 3);
  let kept = 0;
  if (trades) kept = writeKeyed(n, side, p, packed, thr, fills, payments, bk, sk, long);
  else writeFills(n, side, p, packed, thr, fills, payments, long);
  onePriceTrades = 0;
  if (!trades || r == 0) return;
  const nbf = longSell ? nb : kept, nsf = longSell ? kept : n - nb;
  onePriceTrades = pairHiLo(bk, sk, nbf, tb, ts, tq, nbf + nsf - 1);
}

/**
 * The passes' constant vectors, written at the start of a pass and loaded into locals: a vector
 * constant in the loop V8 would build again on every step (a splat of a parameter too, which
 * binaryen moves next to its one use).
 */
const K = memory.data(16 * 12, 16);
const K_PICK = 0, K_FLIP = 16, K_FR = 32, K_FT = 48, K_SCALE = 64, K_MAGIC = 80, K_MAGIC_BITS = 96, K_SENT = 112;
const K_LO = 128, K_THR = 144, K_P = 160, K_TWO = 176;

@inline function kSplat(at: usize, v: i64): void { v128.store(K + at, i64x2.splat(v)); }

/** Two side bytes at `side` as i64 lanes: all ones where the order is on the long side (`flip`: all ones when buys are). */
@inline function longLanes(side: usize, pick: v128, flip: v128): v128 {
  const two = i64x2.splat(<i64>load<u16>(side));
  return v128.xor(i64x2.eq(v128.and(two, pick), pick), flip);
}

/** Sets the constants both passes read: the side bytes' lane masks, the long side, LO. */
function setSideConstants(long: i32): void {
  v128.store(K + K_PICK, i64x2(1, 0x100));
  kSplat(K_FLIP, long - 1);
  kSplat(K_LO, <i64>LO);
  kSplat(K_TWO, 2);
}

/**
 * Pass 1: per order, rem' << 31 | fl for the long side (r x q = fl x total + rem, and rem' = rem x
 * 2^(32 - bits): the same order, its top bit at bit 31, so the top digit is v >> 52) and
 * 2^63 | q for the short side (a remainder no long-side order has: its top digit, 2^11, is the
 * histogram's extra count) at `packed` in input order; the counts of the top digit in DIGITS;
 * returns the sum of the long side's floor shares. Two orders per step in f64 lanes: q below
 * 2^21 converts from its low half, r x q (below 2^53) and total are exact, the floor of the
 * rounded quotient is the exact floor (its distance below the next integer is at least 1/total,
 * above half an ulp), fl x total, the remainder and its scaling by a power of two are exact.
 */
function sharesPass(n: i32, side: usize, qty: usize, r: i64, total: i64, packed: usize, long: i32,
                    bits: u32): i64 {
  setSideConstants(long);
  v128.store(K + K_FR, f64x2.splat(<f64>r));
  v128.store(K + K_FT, f64x2.splat(<f64>total));
  v128.store(K + K_SCALE, f64x2.splat(<f64>(<u64>1 << <u64>(32 - bits))));
  v128.store(K + K_MAGIC, f64x2.splat(MAGIC));
  kSplat(K_MAGIC_BITS, MAGIC_BITS);
  kSplat(K_SENT, i64.MIN_VALUE);
  const pick = v128.load(K + K_PICK), flip = v128.load(K + K_FLIP), fr = v128.load(K + K_FR), ft = v128.load(K + K_FT);
  const scale = v128.load(K + K_SCALE), magic = v128.load(K + K_MAGIC), magicBits = v128.load(K + K_MAGIC_BITS);
  const sent = v128.load(K + K_SENT);
  let sum = v128.xor(sent, sent);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const isLong = longLanes(side + <usize>i, pick, flip);
    const q = v128.load(qty + (<usize>i << 3));
    const prod = f64x2.mul(f64x2.convert_low_i32x4_s(i32x4.shuffle(q, q, 0, 2, 0, 2)), fr);
    const fl = f64x2.floor(f64x2.div(prod, ft));
    const left = f64x2.mul(f64x2.sub(prod, f64x2.mul(fl, ft)), scale);
    // the integers' bits: adding 2^52 puts them in the low bits (the remainder shifted past them)
    const flI = i64x2.sub(f64x2.add(fl, magic), magicBits);
    const remHi = i64x2.shl(f64x2.add(left, magic), <i32>REM_AT);
    const v = v128.or(v128.bitselect(remHi, sent, isLong), v128.bitselect(flI, q, isLong));
    v128.store(packed + (<usize>i << 3), v);
    sum = i64x2.add(sum, v128.and(flI, isLong));
    const d0 = DIGITS + (<usize>(<u64>i64x2.extract_lane(v, 0) >> TOP_AT) << 2);
    store<i32>(d0, load<i32>(d0) + 1);
    const d1 = DIGITS + (<usize>(<u64>i64x2.extract_lane(v, 1) >> TOP_AT) << 2);
    store<i32>(d1, load<i32>(d1) + 1);
  }
  let s = i64x2.extract_lane(sum, 0) + i64x2.extract_lane(sum, 1);
  if (i < n) { // the last order (odd n): the same steps in scalar
    const q = load<i64>(qty + (<usize>i << 3));
    const prod = <f64>q * <f64>r, tf = <f64>total;
    const fl = Math.floor(prod / tf);
    const left = (prod - fl * tf) * <f64>(<u64>1 << <u64>(32 - bits));
    let v: u64 = <u64>i64.MIN_VALUE | <u64>q;
    if (<i32>load<u8>(side + <usize>i) == long) {
      v = (<u64>left << REM_AT) | <u64>fl;
      s += <i64>fl;
    }
    store<u64>(packed + (<usize>i << 3), v);
    const d = DIGITS + (<usize>(v >> TOP_AT) << 2);
    store<i32>(d, load<i32>(d) + 1);
  }
  return s;
}

/**
 * The threshold of the `k` largest of the long side's orders by (remainder, lower index first):
 * the k-th largest of rem' << 31 | ~index (31 bits), as one value (`writePass` gives a tick to
 * every long-side order at or above it). Radix selection: the first digit (the top TOP_BITS,
 * counted by sharesPass), its candidates gathered from `packed` into bufA with their indices,
 * then 8-bit digits over the candidates (copied between bufA and bufB); candidates left with
 * equal remainders are in index order, and the k-th of them is the answer.
 */
function threshold(packed: usize, n: i32, k: i32, bufA: usize, bufB: usize): i64 {
  let digit = (1 << TOP_BITS) - 1;
  while (true) {
    const c = load<i32>(DIGITS + (<usize>digit << 2));
    if (c >= k) break;
    k -= c;
    digit--;
  }
  let m = load<i32>(DIGITS + (<usize>digit << 2));
  const want = <u64>digit, sh = TOP_AT;
  // the candidates as rem' << 31 | ~index; behind a branch when they are few (1/64 of the orders
  // at most), else branch-free (equal remainders: most or all of them)
  let w = bufA;
  if (m <= n >> 6) {
    for (let i = 0; i < n; i++) {
      const v = load<u64>(packed + (<usize>i << 3));
      if ((v >> sh) == want) {
        store<u64>(w, (v & ~LO) | (<u64>~i & LO));
        w += 8;
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = load<u64>(packed + (<usize>i << 3));
      store<u64>(w, (v & ~LO) | (<u64>~i & LO));
      w += <usize>((v >> sh) == want) << 3;
    }
  }
  // the remainder's bits below the first digit, 8 at a time
  let src = bufA, dst = bufB, shift = sh;
  while (shift > REM_AT && m > 1) {
    const wd = min<u64>(8, shift - REM_AT);
    shift -= wd;
    const mask = (<u64>1 << wd) - 1;
    memory.fill(DIGITS, 0, 256 << 2);
    for (let i = 0; i < m; i++) {
      const d = DIGITS + (<usize>((load<u64>(src + (<usize>i << 3)) >> shift) & mask) << 2);
      store<i32>(d, load<i32>(d) + 1);
    }
    let dg = <i32>mask;
    while (true) {
      const c = load<i32>(DIGITS + (<usize>dg << 2));
      if (c >= k) break;
      k -= c;
      dg--;
    }
    const c = load<i32>(DIGITS + (<usize>dg << 2));
    if (c == m) continue; // every candidate has this digit
    let j = 0;
    const wantD = <u64>dg;
    for (let i = 0; i < m; i++) { // keep the candidates with this digit (branch-free)
      const v = load<u64>(src + (<usize>i << 3));
      store<u64>(dst + (<usize>j << 3), v);
      j += <i32>(((v >> shift) & mask) == wantD);
    }
    const t = src; src = dst; dst = t;
    m = j;
  }
  // equal remainders among the m candidates (in index order): the k-th is the last to get one
  return load<i64>(src + (<usize>(k - 1) << 3));
}

/** writePass without the keys. */
function writeFills(n: i32, side: usize, p: i64, packed: usize, thr: i64, fills: usize, payments: usize, long: i32): void {
  writePass(n, side, p, packed, thr, fills, payments, 0, 0, long, false);
}

/** writePass with the keys; returns the long side's keys. */
function writeKeyed(n: i32, side: usize, p: i64, packed: usize, thr: i64, fills: usize, payments: usize,
                    bk: usize, sk: usize, long: i32): i32 {
  return writePass(n, side, p, packed, thr, fills, payments, bk, sk, long, true);
}

/**
 * Pass 3: every fill and payment in input order, two orders per SIMD step: the low bits of the
 * packed value (the long side's floor share, the short side's quantity) plus a tick for a
 * long-side order whose rem' << 31 | ~index is at or above `thr` (both below 2^63: a signed
 * compare); with `trades`, each filled order's key (hiLoKey) at the next position of its side
 * (buys from `bk`, sells from `sk`; a short-side order always has a fill). Returns the long side's
 * keys. `trades` is a constant where it is inlined (two loops).
 */
@inline function writePass(n: i32, side: usize, p: i64, packed: usize, thr: i64,
                           fills: usize, payments: usize, bk: usize, sk: usize, long: i32, trades: bool): i32 {
  setSideConstants(long);
  kSplat(K_THR, thr - 1);
  kSplat(K_P, p);
  const pick = v128.load(K + K_PICK), flip = v128.load(K + K_FLIP), lo = v128.load(K + K_LO);
  const th = v128.load(K + K_THR), pv = v128.load(K + K_P), two = v128.load(K + K_TWO);
  let iv = i64x2.shuffle(v128.xor(two, two), i64x2.shr_u(two, 1), 0, 3); // (0, 1)
  let kb = bk, ks = sk;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const isLong = longLanes(side + <usize>i, pick, flip);
    const v = v128.load(packed + (<usize>i << 3));
    const rank = v128.or(v128.andnot(v, lo), v128.andnot(lo, iv));
    const tick = v128.and(i64x2.gt_s(rank, th), isLong);
    const f = i64x2.sub(v128.and(v, lo), tick); // a tick: minus all ones
    v128.store(fills + (<usize>i << 3), f);
    v128.store(payments + (<usize>i << 3), i64x2.mul(f, pv));
    if (trades) {
      const key = v128.or(i64x2.shl(f, 32), iv);
      const w = <u32>load<u16>(side + <usize>i);
      const k0 = <u64>i64x2.extract_lane(key, 0), k1 = <u64>i64x2.extract_lane(key, 1);
      const s0 = w & 1, f0 = <u32>(k0 > 0xFFFFFFFF), a0 = s0 & f0;
      store<u64>(select<usize>(ks, kb, s0 != 0), k0);
      ks += <usize>a0 << 3;
      kb += <usize>(f0 - a0) << 3;
      const s1 = w >> 8, f1 = <u32>(k1 > 0xFFFFFFFF), a1 = s1 & f1;
      store<u64>(select<usize>(ks, kb, s1 != 0), k1);
      ks += <usize>a1 << 3;
      kb += <usize>(f1 - a1) << 3;
    }
    iv = i64x2.add(iv, two);
  }
  if (i < n) { // the last order (odd n)
    const sell = <i32>load<u8>(side + <usize>i);
    const v = load<u64>(packed + (<usize>i << 3));
    const rank = <i64>((v & ~LO) | (<u64>~i & LO));
    const f = <i64>(v & LO) + <i64>(sell == long && rank >= thr);
    store<i64>(fills + (<usize>i << 3), f);
    store<i64>(payments + (<usize>i << 3), p * f);
    if (trades && f > 0) {
      if (sell != 0) { store<u64>(ks, hiLoKey(i, f)); ks += 8; }
      else { store<u64>(kb, hiLoKey(i, f)); kb += 8; }
    }
  }
  return <i32>(long != 0 ? (ks - sk) >> 3 : (kb - bk) >> 3);
}
