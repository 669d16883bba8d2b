// Merit order of the filled orders from packed keys: each filled order is one u64, its distance
// from its side's best price in the high bits and its input index in the low bits, written in
// input order by the fill pass (sequential writes). A stable LSD radix sort over the key bits
// only (the index bits are already ascending) then gives price priority with input order breaking
// ties: the tie rule without sequences or ids. Digits of at most 13 bits keep each scatter's
// buckets in the cache; a digit on which every key agrees costs no pass.
import { PAB_ASK, PAB_BID } from "./layout";
import { midHalfEven } from "./wide";

/**
 * At most this many bits per radix digit (8192 buckets): a side's distances over a few thousand
 * price levels (12 bits) then take one scatter pass instead of two (-9% of the core's time with
 * trades on the bench's 40-80 cents, 1e6 orders), and distances of 25-26 bits (2000-4000 at 4
 * decimals) two passes of 13 bits instead of three of 9 (core's call on every buy above every
 * sell, 1e6 orders: 92 -> 82 ms CPU median, 0-4000: 65 -> 63; 12 and 13 give the same passes
 * below 25 bits). From 196,608 keys on, sortMsd sorts 21 to 26 bits instead (fewer write streams).
 */
const MAX_DIGIT_BITS: u32 = 13;
/** Counts of every digit of one sort (at most 6 digits of 8192 buckets). */
const COUNTS = memory.data(6 << (MAX_DIGIT_BITS + 2));

/** Bits needed for the values 0..v (0 for v = 0). */
export function bitsFor(v: u64): u32 {
  return <u32>(64 - clz(v));
}

/** Where the last sortPacked left the payload (pa or pb). */
export let sortedPayload: usize = 0;

/**
 * Sorts the n u64 at `a` by bits [low, low + keyBits) (stable), ping-ponging with `b`, and moves
 * the i64 payload at `pa` along (ping-ponging with `pb`); returns where the sorted keys are (a or
 * b; the payload: sortedPayload). Keys must be below 2^(low + keyBits). Carrying the payload costs
 * a sequential read and a bucketed write per pass; gathering it afterwards would be a random read
 * per key.
 */
export function sortPacked(a: usize, b: usize, pa: usize, pb: usize, n: i32, low: u32, keyBits: u32, hiLoQb: u32 = 0): usize {
  // pa == 0: no payload (the fill rides in the key's low bits, below the index: see keyPass)
  sortedPayload = pa;
  if (n < 2 || keyBits == 0) {
    if (hiLoQb != 0) toHiLo(a, a, n, low, hiLoQb);
    return a;
  }
  if (pa == 0 && keyBits > 2 * MSD_BITS && keyBits <= MSD_BITS + 16 && n >= MSD_MIN_KEYS) {
    return sortMsd(a, b, n, low, keyBits, hiLoQb);
  }
  const passes = (keyBits + MAX_DIGIT_BITS - 1) / MAX_DIGIT_BITS;
  const bits = (keyBits + passes - 1) / passes;
  const mask: u64 = (<u64>1 << <u64>bits) - 1;
  const buckets = <usize>1 << <usize>bits;
  memory.fill(COUNTS, 0, (<usize>passes * buckets) << 2);
  if (passes == 2) { // the usual case (14 to 26 bits), without the inner loop
    const c1 = COUNTS + (buckets << 2), sh = <u64>bits;
    for (let i = 0; i < n; i++) {
      const v = load<u64>(a + (<usize>i << 3)) >> <u64>low;
      const p0 = COUNTS + (<usize>(v & mask) << 2), p1 = c1 + (<usize>((v >> sh) & mask) << 2);
      store<i32>(p0, load<i32>(p0) + 1);
      store<i32>(p1, load<i32>(p1) + 1);
    }
  } else for (let i = 0; i < n; i++) { // every digit's histogram in one read pass
    const v = load<u64>(a + (<usize>i << 3)) >> <u64>low;
    for (let d: u32 = 0; d < passes; d++) {
      const c = COUNTS + ((<usize>d * buckets + <usize>((v >> <u64>(d * bits)) & mask)) << 2);
      store<i32>(c, load<i32>(c) + 1);
    }
  }
  let moves: u32 = 0, last: u32 = 0; // the digits that move keys (bit d), the last of them
  for (let d: u32 = 0; d < passes; d++) {
    // one digit value for all: already in order
    if (startsOf(COUNTS + ((<usize>d * buckets) << 2), buckets, n)) { moves |= 1 << d; last = d; }
  }
  if (moves == 0 && hiLoQb != 0) toHiLo(a, a, n, low, hiLoQb);
  let src = a, dst = b, ps = pa, pd = pb;
  for (let d: u32 = 0; d < passes; d++) {
    const cnt = COUNTS + ((<usize>d * buckets) << 2);
    if ((moves & (1 << d)) == 0) continue;
    const sh = <u64>(low + d * bits);
    if (hiLoQb != 0 && d == last) { // the last move writes the keys in pairHiLo's layout
      const qs = <u64>hiLoQb, qm = (<u64>1 << qs) - 1, im = (<u64>1 << <u64>(low - hiLoQb)) - 1;
      for (let i = 0; i < n; i++) {
        const v = load<u64>(src + (<usize>i << 3));
        const c = cnt + (<usize>((v >> sh) & mask) << 2);
        const at = <usize>load<i32>(c);
        store<i32>(c, <i32>at + 1);
        store<u64>(dst + (at << 3), ((v & qm) << 32) | ((v >> qs) & im));
      }
    } else if (pa == 0) {
      for (let i = 0; i < n; i++) {
        const v = load<u64>(src + (<usize>i << 3));
        const c = cnt + (<usize>((v >> sh) & mask) << 2);
        const at = <usize>load<i32>(c);
        store<i32>(c, <i32>at + 1);
        store<u64>(dst + (at << 3), v);
      }
    } else {
      for (let i = 0; i < n; i++) {
        const v = load<u64>(src + (<usize>i << 3));
        const c = cnt + (<usize>((v >> sh) & mask) << 2);
        const at = <usize>load<i32>(c);
        store<i32>(c, <i32>at + 1);
        store<u64>(dst + (at << 3), v);
        store<i64>(pd + (at << 3), load<i64>(ps + (<usize>i << 3)));
      }
    }
    let t = src; src = dst; dst = t;
    t = ps; ps = pd; pd = t;
  }
  sortedPayload = ps;
  return src;
}

/** sortMsd's first digit: at most 2^MSD_BITS buckets (write streams) over the whole array. */
const MSD_BITS: u32 = 10;
/** sortMsd from this many keys on (1.5 MB of them); fewer stay in the caches for the LSD passes. */
const MSD_MIN_KEYS: i32 = 3 << 16;
/** sortMsd's bucket starts (2^MSD_BITS) and the two small digits' counts (2 x 256). */
const MSD_COUNTS = memory.data(<i32>((1 << MSD_BITS) + 512) << 2);

/**
 * sortPacked without payload for keys of 21 to 26 bits and many keys: the two LSD passes of 11-13
 * bits each scatter to up to 8192 write streams, which miss the caches on every key; here one pass
 * scatters by the top MSD_BITS bits (at most 1024 streams), then each bucket (a few thousand keys,
 * in the cache) is sorted by the remaining bits in two LSD passes of at most 8 bits, the last
 * writing pairHiLo's layout when hiLoQb > 0. Stable throughout: the same order as sortPacked's.
 * The keys end in `b` (returned). Each bucket's middle step goes through the head of `a` (the same
 * few KiB for every bucket, in the cache) rather than the bucket's own span of it, which the top
 * scatter read long before (a miss and a write-back per line); each digit's counts span only its
 * own 2^d0 or 2^d1 buckets.
 */
function sortMsd(a: usize, b: usize, n: i32, low: u32, keyBits: u32, hiLoQb: u32): usize {
  const loBits = keyBits - MSD_BITS, d0 = (loBits + 1) >> 1, d1 = loBits - d0;
  const top = MSD_COUNTS, c0 = MSD_COUNTS + (<usize>(1 << MSD_BITS) << 2), c1 = c0 + (256 << 2);
  const topSh = <u64>(low + loBits), buckets = <usize>1 << <usize>MSD_BITS;
  memory.fill(top, 0, buckets << 2);
  for (let i = 0; i < n; i++) { // keys are below 2^(low + keyBits): the top digit needs no mask
    const c = top + (<usize>(load<u64>(a + (<usize>i << 3)) >> topSh) << 2);
    store<i32>(c, load<i32>(c) + 1);
  }
  let sum = 0;
  for (let k: usize = 0; k < buckets; k++) {
    const p = top + (k << 2), c = load<i32>(p);
    store<i32>(p, sum);
    sum += c;
  }
  for (let i = 0; i < n; i++) {
    const v = load<u64>(a + (<usize>i << 3));
    const c = top + (<usize>(v >> topSh) << 2);
    const at = <usize>load<i32>(c);
    store<i32>(c, <i32>at + 1);
    store<u64>(b + (at << 3), v);
  }
  // the cursors now hold each bucket's end: bucket k is [end(k - 1), end(k))
  const sh0 = <u64>low, sh1 = <u64>(low + d0), m0 = (<u64>1 << <u64>d0) - 1, m1 = (<u64>1 << <u64>d1) - 1;
  const qs = <u64>hiLoQb, qm = (<u64>1 << qs) - 1, im = (<u64>1 << <u64>(low - hiLoQb)) - 1, hiLo = hiLoQb != 0;
  const n0 = <usize>1 << <usize>d0, n1 = <usize>1 << <usize>d1; // d1 <= d0
  let s = 0;
  for (let k: usize = 0; k < buckets; k++) {
    const e = load<i32>(top + (k << 2));
    if (e > s) {
      memory.fill(c0, 0, n0 << 2); // only the digits' own buckets (d1 may be one bit short of d0)
      memory.fill(c1, 0, n1 << 2);
      for (let i = s; i < e; i++) {
        const v = load<u64>(b + (<usize>i << 3));
        const p0 = c0 + (<usize>((v >> sh0) & m0) << 2), p1 = c1 + (<usize>((v >> sh1) & m1) << 2);
        store<i32>(p0, load<i32>(p0) + 1);
        store<i32>(p1, load<i32>(p1) + 1);
      }
      let s0 = 0, s1 = s; // the first digit's keys go to the head of `a` (in the cache for every bucket)
      for (let d: usize = 0; d < n1; d++) {
        const p0 = c0 + (d << 2), p1 = c1 + (d << 2);
        const k0 = load<i32>(p0), k1 = load<i32>(p1);
        store<i32>(p0, s0); store<i32>(p1, s1);
        s0 += k0; s1 += k1;
      }
      for (let d: usize = n1; d < n0; d++) {
        const p0 = c0 + (d << 2), k0 = load<i32>(p0);
        store<i32>(p0, s0);
        s0 += k0;
      }
      for (let i = s; i < e; i++) {
        const v = load<u64>(b + (<usize>i << 3));
        const c = c0 + (<usize>((v >> sh0) & m0) << 2);
        const at = <usize>load<i32>(c);
        store<i32>(c, <i32>at + 1);
        store<u64>(a + (at << 3), v);
      }
      for (let i = 0; i < e - s; i++) {
        const v = load<u64>(a + (<usize>i << 3));
        const c = c1 + (<usize>((v >> sh1) & m1) << 2);
        const at = <usize>load<i32>(c);
        store<i32>(c, <i32>at + 1);
        store<u64>(b + (at << 3), hiLo ? ((v & qm) << 32) | ((v >> qs) & im) : v);
      }
    }
    s = e;
  }
  return b;
}

/**
 * Rewrites n keys of [distance | index | qb bits of fill] (index below bit `low`) from `src` to
 * `dst` in pairHiLo's layout (fill above the index; the distance dropped).
 */
function toHiLo(src: usize, dst: usize, n: i32, low: u32, qb: u32): void {
  const qs = <u64>qb, qm = (<u64>1 << qs) - 1, im = (<u64>1 << <u64>(low - qb)) - 1;
  for (let i = 0; i < n; i++) {
    const v = load<u64>(src + (<usize>i << 3));
    store<u64>(dst + (<usize>i << 3), ((v & qm) << 32) | ((v >> qs) & im));
  }
}

/** Turns counts into start positions; false when one bucket holds all n (nothing to move). */
function startsOf(cnt: usize, buckets: usize, n: i32): bool {
  let sum = 0;
  for (let k: usize = 0; k < buckets; k++) {
    const p = cnt + (k << 2);
    const c = load<i32>(p);
    if (c == n) return false;
    store<i32>(p, sum);
    sum += c;
  }
  return true;
}

/**
 * Pairs the filled buys and sells in merit order (two pointers over packed keys, index in the bits
 * of `idxMask` above `qb` bits of fill, or with qb = 0 their fills gathered alongside), each trade
 * the smaller of the two remaining fills, until `volume` (the sum of each side's fills) is traded;
 * returns the number of trades. Every read is sequential.
 */
export function pairPacked(bKeys: usize, bFill: usize, nbf: i32, sKeys: usize, sFill: usize, nsf: i32,
                           idxMask: u64, qb: u32, tb: usize, ts: usize, tq: usize, volume: i64): i32 {
  if (qb != 0) return volume > 0 ? pairInKey(bKeys, sKeys, volume, idxMask, qb, tb, ts, tq, nbf + nsf - 1) : 0;
  // qb = 0: the keys hold the index alone, the fills are gathered alongside
  let i = 0, j = 0, k = 0, b = 0, s = 0;
  let rb: i64 = 0, rs: i64 = 0;
  while (true) {
    if (rb == 0) {
      if (i == nbf) break;
      b = <i32>(load<u64>(bKeys + (<usize>i << 3)) & idxMask);
      rb = load<i64>(bFill + (<usize>i << 3));
      i++;
    }
    if (rs == 0) {
      if (j == nsf) break;
      s = <i32>(load<u64>(sKeys + (<usize>j << 3)) & idxMask);
      rs = load<i64>(sFill + (<usize>j << 3));
      j++;
    }
    const t = rb < rs ? rb : rs;
    store<i32>(tb + (<usize>k << 2), b);
    store<i32>(ts + (<usize>k << 2), s);
    store<i64>(tq + (<usize>k << 3), t);
    rb -= t;
    rs -= t;
    k++;
  }
  return k;
}

/**
 * pairPacked with the fills in the keys (qb > 0, volume > 0), without a branch on the data: which
 * side a trade exhausts is a coin toss on random books, and a mispredicted branch per trade cost
 * more than the trade's work. Each side's next key waits in a register and the one after it is
 * loaded a step before it can be needed. The loop ends when the volume is traded, which exhausts
 * both sides' last keys at once, and keeps few values live (pointers, no counts or end positions:
 * x64 has 13 free registers for them, and a spilled one put a store and a reload on the trade's
 * chain): the loads run up to two keys past a side's last, which the scratch allows (a side's keys
 * are followed by the other side's, the next scratch piece, or the 16 bytes after the last piece:
 * src/auction/layout.ts) and which are never used. A broken invariant
 * (fills that do not sum to the volume on both sides: a bug) cannot pass unseen: a loop that made
 * more than `maxTrades` (nbf + nsf - 1) trades aborts the call when it ends (an INTERNAL error),
 * and one that would not end writes forward until the memory's end traps (an error too). A bound
 * checked on every trade instead cost 2-6% of the call's instructions (auction-icount.mjs).
 */
function pairInKey(bKeys: usize, sKeys: usize, volume: i64, idxMask: u64, qb: u32,
                   tb: usize, ts: usize, tq: usize, maxTrades: i32): i32 {
  const sh = <u64>qb, qm = (<u64>1 << sh) - 1;
  // vb, vs: the current keys, their low qb bits the fill still to trade (a trade subtracts from them)
  let vb = load<u64>(bKeys), vs = load<u64>(sKeys);
  let b1 = load<u64>(bKeys, 8), s1 = load<u64>(sKeys, 8);
  let pb = bKeys + 16, ps = sKeys + 16, ob = tb, os = ts, oq = tq;
  let left = <u64>volume;
  while (true) {
    const rb = vb & qm, rs = vs & qm;
    const t = rb < rs ? rb : rs;
    store<i32>(ob, <i32>((vb >> sh) & idxMask));
    store<i32>(os, <i32>((vs >> sh) & idxMask));
    store<u64>(oq, t);
    ob += 4; os += 4; oq += 8;
    left -= t;
    if (left == 0) break;
    const eb = rb == t, es = rs == t;
    vb = select<u64>(b1, vb - t, eb);
    vs = select<u64>(s1, vs - t, es);
    b1 = select<u64>(load<u64>(pb), b1, eb);
    s1 = select<u64>(load<u64>(ps), s1, es);
    pb += <usize>eb << 3;
    ps += <usize>es << 3;
  }
  const k = <i32>((oq - tq) >> 3);
  if (k > maxTrades) abort("auction pairing: the fills do not sum to the volume");
  return k;
}

/**
 * pairInKey over keys in the pairing's own layout (fill in the high 32 bits, input index in the
 * low 32: oneprice.ts and levels.ts keyPassDirect write them so, `hiLoKey`): the index is the key's
 * low half as it is, the fill a shift by a constant, and no mask or variable shift sits on the
 * trade's chain (pairInKey shifts by the quantity's bit width, a count that x64 must keep in one
 * register for the whole loop). Same loop otherwise, same trades, except that it ends when the
 * last of the `nbf` buy keys is exhausted (a compare with a constant, where a running volume was
 * one more value carried from trade to trade); volume > 0.
 */
export function pairHiLo(bKeys: usize, sKeys: usize, nbf: i32, tb: usize, ts: usize, tq: usize, maxTrades: i32): i32 {
  let vb = load<u64>(bKeys), vs = load<u64>(sKeys);
  let b1 = load<u64>(bKeys, 8), s1 = load<u64>(sKeys, 8);
  let pb = bKeys + 16, ps = sKeys + 16, ob = tb, os = ts, oq = tq;
  // the trade that exhausts the last buy trades the volume (both sides' fills sum to it): pb, two
  // keys ahead of the current buy, then reaches this
  const endB = bKeys + (<usize>(nbf + 2) << 3);
  while (true) {
    const rb = vb >> 32, rs = vs >> 32;
    const t = rb < rs ? rb : rs;
    store<i32>(ob, <i32>vb);
    store<i32>(os, <i32>vs);
    store<u64>(oq, t);
    ob += 4; os += 4; oq += 8;
    const eb = rb == t, es = rs == t, tt = t << 32;
    const nb1 = load<u64>(pb);
    pb += <usize>eb << 3;
    if (pb == endB) break;
    vb = select<u64>(b1, vb - tt, eb);
    vs = select<u64>(s1, vs - tt, es);
    b1 = select<u64>(nb1, b1, eb);
    s1 = select<u64>(load<u64>(ps), s1, es);
    ps += <usize>es << 3;
  }
  const k = <i32>((oq - tq) >> 3);
  if (k > maxTrades) abort("auction pairing: the fills do not sum to the volume");
  return k;
}

/** A key in pairHiLo's layout: fill (below 2^32) above the input index. */
@inline export function hiLoKey(i: i32, f: i64): u64 {
  return (<u64>f << 32) | <u64><u32>i;
}

/** appendPacked for keys in pairHiLo's layout. */
export function appendHiLo(keys: usize, len: i32, list: usize, count: i32, fills: usize): i32 {
  for (let k = 0; k < count; k++) {
    const o = load<i32>(list + (<usize>k << 2));
    const f = load<i64>(fills + (<usize>o << 3));
    if (f > 0) {
      store<u64>(keys + (<usize>len << 3), hiLoKey(o, f));
      len++;
    }
  }
  return len;
}

/**
 * Appends the listed (marginal) orders that got a fill, in list order: as keys (index only) and
 * fills, or with qb > 0 as keys of index above qb bits of fill.
 */
export function appendPacked(keys: usize, fill: usize, len: i32, list: usize, count: i32, fills: usize, qb: u32): i32 {
  for (let k = 0; k < count; k++) {
    const o = load<i32>(list + (<usize>k << 2));
    const f = load<i64>(fills + (<usize>o << 3));
    if (f > 0) {
      if (qb != 0) store<u64>(keys + (<usize>len << 3), (<u64>o << <u64>qb) | <u64>f);
      else {
        store<u64>(keys + (<usize>len << 3), <u64>o);
        store<i64>(fill + (<usize>len << 3), f);
      }
      len++;
    }
  }
  return len;
}

/** Keyed orders per side after keyFilled (buys at keys[0..), sells at keys[nb..)) and their largest distances. */
export let keyedB: i32 = 0, keyedS: i32 = 0, maxDistB: u64 = 0, maxDistS: u64 = 0;

/**
 * Writes the packed key (distance from bHi for buys, from sLo for sells, above `ib` bits of
 * index) and the fill of every order with a fill, per side in input order: buys from keys[0],
 * sells from keys[nb] (fills alongside at `fillOut`).
 */
export function keyFilled(n: i32, nb: i32, side: usize, price: usize, fills: usize, bHi: i64, sLo: i64, ib: u32,
                          keys: usize, fillOut: usize): void {
  let bc = 0, sc = nb;
  let bMax: u64 = 0, sMax: u64 = 0;
  for (let i = 0; i < n; i++) {
    const sell = <i32>load<u8>(side + <usize>i);
    const isSell = sell != 0;
    const pr = load<i64>(price + (<usize>i << 3));
    const f = load<i64>(fills + (<usize>i << 3));
    const key = <u64>select<i64>(pr - sLo, bHi - pr, isSell);
    const at = <usize>select<i32>(sc, bc, isSell) << 3; // a write at the cursor: overwritten unless filled
    store<u64>(keys + at, (key << <u64>ib) | <u64>i);
    store<i64>(fillOut + at, f);
    const filled = <i32>(f > 0);
    const kf = select<u64>(key, 0, f > 0);
    bMax = max(bMax, select<u64>(0, kf, isSell));
    sMax = max(sMax, select<u64>(kf, 0, isSell));
    bc += filled & (1 - sell);
    sc += filled & sell;
  }
  keyedB = bc; keyedS = sc - nb; maxDistB = bMax; maxDistS = sMax;
}

/** Money of all pay-as-bid trades of the last pairPricedPacked. */
export let pricedTotal: i64 = 0;

/**
 * pairPacked with prices: each trade priced `one` or, for pay-as-bid (`pab` >= 0: PAB_*), by the
 * rule on the two orders' prices, read back from their keys (bHi - distance, sLo + distance);
 * pay-as-bid payments are written per order once its last trade is done (sums bounded by the
 * caller's check). Trades are written only when `out`; returns their number.
 */
export function pairPricedPacked(bKeys: usize, bFill: usize, nbf: i32, sKeys: usize, sFill: usize, nsf: i32,
                                 ib: u32, bHi: i64, sLo: i64, one: i64, pab: i32, payments: usize, out: bool,
                                 tb: usize, ts: usize, tq: usize, tp: usize): i32 {
  const mask = (<u64>1 << <u64>ib) - 1, isPab = pab >= 0;
  let i = 0, j = 0, k = 0, b = 0, s = 0;
  let rb: i64 = 0, rs: i64 = 0, total: i64 = 0, payB: i64 = 0, payS: i64 = 0, pb: i64 = 0, ps: i64 = 0;
  while (true) {
    if (rb == 0) {
      if (i == nbf) break;
      const v = load<u64>(bKeys + (<usize>i << 3));
      b = <i32>(v & mask);
      pb = bHi - <i64>(v >> <u64>ib);
      rb = load<i64>(bFill + (<usize>i << 3));
      i++;
    }
    if (rs == 0) {
      if (j == nsf) break;
      const v = load<u64>(sKeys + (<usize>j << 3));
      s = <i32>(v & mask);
      ps = sLo + <i64>(v >> <u64>ib);
      rs = load<i64>(sFill + (<usize>j << 3));
      j++;
    }
    const t = rb < rs ? rb : rs;
    let p = one;
    rb -= t;
    rs -= t;
    if (isPab) { // an order's trades are consecutive: its payment is written once, when it is done
      p = pab == PAB_BID ? pb : pab == PAB_ASK ? ps : midHalfEven(pb, ps);
      const money = p * t;
      payB += money;
      payS += money;
      total += money;
      if (rb == 0) { store<i64>(payments + (<usize>b << 3), payB); payB = 0; }
      if (rs == 0) { store<i64>(payments + (<usize>s << 3), payS); payS = 0; }
    }
    if (out) {
      store<i32>(tb + (<usize>k << 2), b);
      store<i32>(ts + (<usize>k << 2), s);
      store<i64>(tq + (<usize>k << 3), t);
      if (isPab) store<i64>(tp + (<usize>k << 3), p); // one price otherwise: TypeScript fills it
    }
    k++;
  }
  pricedTotal = total;
  return k;
}
