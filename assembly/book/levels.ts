// Price levels (a FIFO queue per price and side, found through a two-level bitmap of non-empty
// levels: best price and next price by count-trailing/leading-zeros), the id -> slot hash table,
// the expiry heap, and adding/removing resting orders.
import * as S from "./state";
import { ld32, st32, ld64, st64 } from "./state";

// ---- bitmap -------------------------------------------------------------------------------------

// The best level of each side (highest bid, lowest ask; -1: none), kept as levels fill and empty,
// so a walk starts there instead of scanning the bitmap from the far end of the price range.
let best0: i32 = -1;
let best1: i32 = -1;

/** Forgets the best levels (an empty book: after setup). */
export function resetBest(): void {
  best0 = -1;
  best1 = -1;
}

function setBit(side: i32, k: i32): void {
  if (side == 0) { if (k > best0) best0 = k; } else if (best1 < 0 || k < best1) best1 = k;
  const p0 = S.bits0 + (<usize>(side * S.words0 + (k >> 6)) << 3);
  store<u64>(p0, load<u64>(p0) | (<u64>1 << <u64>(k & 63)));
  const w = k >> 6;
  const p1 = S.bits1 + (<usize>(side * S.words1 + (w >> 6)) << 3);
  store<u64>(p1, load<u64>(p1) | (<u64>1 << <u64>(w & 63)));
}

function clearBit(side: i32, k: i32): void {
  const p0 = S.bits0 + (<usize>(side * S.words0 + (k >> 6)) << 3);
  const v = load<u64>(p0) & ~(<u64>1 << <u64>(k & 63));
  store<u64>(p0, v);
  if (v == 0) {
    const w = k >> 6;
    const p1 = S.bits1 + (<usize>(side * S.words1 + (w >> 6)) << 3);
    store<u64>(p1, load<u64>(p1) & ~(<u64>1 << <u64>(w & 63)));
  }
  if (side == 0) { if (k == best0) best0 = prevSet(0, k - 1); } else if (k == best1) best1 = nextSet(1, k + 1);
}

@inline function w0(side: i32, i: i32): u64 { return load<u64>(S.bits0 + (<usize>(side * S.words0 + i) << 3)); }
@inline function w1(side: i32, j: i32): u64 { return load<u64>(S.bits1 + (<usize>(side * S.words1 + j) << 3)); }

/** The lowest non-empty level >= k of a side, or -1. */
export function nextSet(side: i32, k: i32): i32 {
  if (k >= S.nLevels) return -1;
  let i = k >> 6;
  const m = w0(side, i) & (~(<u64>0) << <u64>(k & 63));
  if (m != 0) return (i << 6) + <i32>ctz(m);
  i++;
  if (i >= S.words0) return -1;
  let j = i >> 6;
  let m1 = w1(side, j) & (~(<u64>0) << <u64>(i & 63));
  while (true) {
    if (m1 != 0) {
      const wi = (j << 6) + <i32>ctz(m1);
      return (wi << 6) + <i32>ctz(w0(side, wi));
    }
    j++;
    if (j >= S.words1) return -1;
    m1 = w1(side, j);
  }
}

/** The highest non-empty level <= k of a side, or -1. */
export function prevSet(side: i32, k: i32): i32 {
  if (k < 0) return -1;
  let i = k >> 6;
  const m = w0(side, i) & ((<u64>2 << <u64>(k & 63)) - 1);
  if (m != 0) return (i << 6) + 63 - <i32>clz(m);
  i--;
  if (i < 0) return -1;
  let j = i >> 6;
  let m1 = w1(side, j) & ((<u64>2 << <u64>(i & 63)) - 1);
  while (true) {
    if (m1 != 0) {
      const wi = (j << 6) + 63 - <i32>clz(m1);
      return (wi << 6) + 63 - <i32>clz(w0(side, wi));
    }
    j--;
    if (j < 0) return -1;
    m1 = w1(side, j);
  }
}

/** The best non-empty level of a side (highest bid, lowest ask), or -1. */
@inline export function bestLevel(side: i32): i32 {
  return side == 0 ? best0 : best1;
}

// ---- id -> slot ---------------------------------------------------------------------------------

// Open addressing with linear probing and backward-shift deletion; 16-byte entries (id i64, slot
// i32 or -1, 4 spare), so a probe touches one cache line. The table is sized to the resting orders,
// not to the capacity (at most half full; doubled by rehashing into the other of two areas of the
// largest size), so a book with a large capacity and few orders probes a table that stays in cache.
let hTab: usize = 0;
let hArea0: usize = 0;
let hArea1: usize = 0;
let hBits: i32 = 0;
let hMaxBits: i32 = 0;
let hMask: i32 = 0;
let hShift: u64 = 0;
/** The table starts at 2^10 entries (16 KiB). */
@inline const H_MIN_BITS: i32 = 10;

/** Allocates the two table areas for `capacity` orders and starts an empty table (after setup). */
export function hashSetup(capacity: i32): void {
  hMaxBits = H_MIN_BITS;
  while ((1 << hMaxBits) < 2 * capacity) hMaxBits++;
  hArea0 = heap.alloc(<usize>16 << hMaxBits);
  hArea1 = heap.alloc(<usize>16 << hMaxBits);
  hashReset(hArea0, H_MIN_BITS);
}

function hashReset(area: usize, bits: i32): void {
  hTab = area;
  hBits = bits;
  hMask = (1 << bits) - 1;
  hShift = <u64>(64 - bits);
  for (let i = 0; i < (1 << bits); i++) store<i32>(area + (<usize>i << 4), -1, 8);
}

/** Doubles the table: every entry of the current area re-inserted into the other. */
function hashGrow(): void {
  const old = hTab, n = 1 << hBits;
  hashReset(old == hArea0 ? hArea1 : hArea0, hBits + 1);
  for (let i = 0; i < n; i++) {
    const e = old + (<usize>i << 4);
    const v = load<i32>(e, 8);
    if (v >= 0) hashInsert(load<i64>(e), v);
  }
}

@inline function hashOf(id: i64): i32 {
  return <i32>((<u64>id * 0x9E3779B97F4A7C15) >> hShift);
}

@inline function hk(i: i32): i64 { return load<i64>(hTab + (<usize>i << 4)); }
@inline function hv(i: i32): i32 { return load<i32>(hTab + (<usize>i << 4), 8); }

/** The slot of a resting order by id, or -1. */
export function findSlot(id: i64): i32 {
  let i = hashOf(id);
  while (true) {
    const e = hTab + (<usize>i << 4);
    const v = load<i32>(e, 8);
    if (v < 0) return -1;
    if (load<i64>(e) == id) return v;
    i = (i + 1) & hMask;
  }
}

function hashInsert(id: i64, slot: i32): void {
  let i = hashOf(id);
  while (hv(i) >= 0) i = (i + 1) & hMask;
  store<i64>(hTab + (<usize>i << 4), id);
  store<i32>(hTab + (<usize>i << 4), slot, 8);
}

function hashDelete(id: i64): void {
  let i = hashOf(id);
  while (hk(i) != id || hv(i) < 0) i = (i + 1) & hMask;
  let j = i;
  while (true) {
    j = (j + 1) & hMask;
    if (hv(j) < 0) break;
    const k = hashOf(hk(j));
    const stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
    if (stays) continue;
    v128.store(hTab + (<usize>i << 4), v128.load(hTab + (<usize>j << 4)));
    i = j;
  }
  store<i32>(hTab + (<usize>i << 4), -1, 8);
}

// ---- expiry heap --------------------------------------------------------------------------------

function xLess(a: i32, b: i32): bool {
  const ea = ld64(S.xExp, a), eb = ld64(S.xExp, b);
  return ea < eb || (ea == eb && ld32(S.xSlot, a) < ld32(S.xSlot, b));
}

function xSwap(a: i32, b: i32): void {
  const e = ld64(S.xExp, a); st64(S.xExp, a, ld64(S.xExp, b)); st64(S.xExp, b, e);
  const s = ld32(S.xSlot, a); st32(S.xSlot, a, ld32(S.xSlot, b)); st32(S.xSlot, b, s);
  const g = ld32(S.xGen, a); st32(S.xGen, a, ld32(S.xGen, b)); st32(S.xGen, b, g);
}

function xDown(i: i32): void {
  const n = S.xLen;
  while (true) {
    const l = 2 * i + 1, r = l + 1;
    let m = i;
    if (l < n && xLess(l, m)) m = l;
    if (r < n && xLess(r, m)) m = r;
    if (m == i) return;
    xSwap(i, m);
    i = m;
  }
}

function xPush(expires: i64, slot: i32): void {
  if (S.xLen == S.xCap) xCompact();
  let i = S.xLen;
  st64(S.xExp, i, expires); st32(S.xSlot, i, slot); st32(S.xGen, i, ld32(S.oGen, slot));
  S.setXLen(i + 1);
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!xLess(i, p)) break;
    xSwap(i, p);
    i = p;
  }
}

/** Drops stale entries (orders gone since) and re-heapifies: live entries never exceed capacity. */
function xCompact(): void {
  let n = 0;
  for (let i = 0; i < S.xLen; i++) {
    const s = ld32(S.xSlot, i);
    if (ld32(S.xGen, i) != ld32(S.oGen, s) || ld32(S.oMeta, s) < 0) continue;
    st64(S.xExp, n, ld64(S.xExp, i)); st32(S.xSlot, n, s); st32(S.xGen, n, ld32(S.xGen, i));
    n++;
  }
  S.setXLen(n);
  for (let i = (n >> 1) - 1; i >= 0; i--) xDown(i);
}

/** The slot of the earliest live good-till-time order expiring at or before `time`, or -1 (pops it). */
export function popExpired(time: i64): i32 {
  while (S.xLen > 0 && ld64(S.xExp, 0) <= time) {
    const s = ld32(S.xSlot, 0), g = ld32(S.xGen, 0);
    const n = S.xLen - 1;
    xSwap(0, n);
    S.setXLen(n);
    xDown(0);
    if (g == ld32(S.oGen, s) && ld32(S.oMeta, s) >= 0) return s;
  }
  return -1;
}

// ---- resting orders -----------------------------------------------------------------------------

/** True when slot s is resting and not expired at `time`. */
export function aliveAt(s: i32, time: i64): bool {
  if (s < 0) return false;
  const meta = ld32(S.oMeta, s);
  return meta >= 0 && !((meta >> 1) == 1 && ld64(S.oExpire, s) <= time);
}

/** Rests an order at the back of its level; the caller checked there is a free slot. */
export function addOrder(id: i64, side: i32, tif: i32, price: i64, qty: i64, expires: i64, part: i32, bus: i32): i32 {
  const s = S.freeHead;
  S.setFreeHead(ld32(S.oNext, s));
  st64(S.oId, s, id); st64(S.oPrice, s, price); st64(S.oQty, s, qty); st64(S.oExpire, s, expires);
  st32(S.oPart, s, part); st32(S.oBus, s, bus); st32(S.oMeta, s, side | (tif << 1));
  const k = <i32>(price - S.floor);
  const li = side * S.nLevels + k;
  const tail = ld32(S.lvTail, li);
  st32(S.oPrev, s, tail);
  st32(S.oNext, s, -1);
  if (tail < 0) {
    st32(S.lvHead, li, s);
    setBit(side, k);
  } else {
    st32(S.oNext, tail, s);
  }
  st32(S.lvTail, li, s);
  if (2 * (S.live + 1) > (1 << hBits) && hBits < hMaxBits) hashGrow();
  hashInsert(id, s);
  if (tif == 1) xPush(expires, s);
  S.setLive(S.live + 1);
  return s;
}

/** Unlinks a resting order and frees its slot. */
export function removeOrder(s: i32): void {
  const meta = ld32(S.oMeta, s);
  const side = meta & 1;
  const k = <i32>(ld64(S.oPrice, s) - S.floor);
  const li = side * S.nLevels + k;
  const prev = ld32(S.oPrev, s), next = ld32(S.oNext, s);
  if (prev < 0) st32(S.lvHead, li, next); else st32(S.oNext, prev, next);
  if (next < 0) st32(S.lvTail, li, prev); else st32(S.oPrev, next, prev);
  if (prev < 0 && next < 0) clearBit(side, k);
  hashDelete(ld64(S.oId, s));
  st32(S.oMeta, s, -1);
  st32(S.oGen, s, ld32(S.oGen, s) + 1);
  st32(S.oNext, s, S.freeHead);
  S.setFreeHead(s);
  S.setLive(S.live - 1);
}
