// Price levels (a FIFO queue per price and side, found through a two-level bitmap of non-empty
// levels: best price and next price by count-trailing/leading-zeros), the id -> slot hash table,
// the expiry heap, and adding/removing resting orders.
import * as S from "./state";
import { ld32, st32, ld64, st64 } from "./state";

// ---- bitmap -------------------------------------------------------------------------------------

function setBit(side: i32, k: i32): void {
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
export function bestLevel(side: i32): i32 {
  return side == 0 ? prevSet(0, S.nLevels - 1) : nextSet(1, 0);
}

// ---- id -> slot ---------------------------------------------------------------------------------

@inline function hashOf(id: i64): i32 {
  return <i32>((<u64>id * 0x9E3779B97F4A7C15) >> S.hShift);
}

/** The slot of a resting order by id, or -1. */
export function findSlot(id: i64): i32 {
  let i = hashOf(id);
  while (true) {
    const v = ld32(S.hVals, i);
    if (v < 0) return -1;
    if (ld64(S.hKeys, i) == id) return v;
    i = (i + 1) & S.hMask;
  }
}

function hashInsert(id: i64, slot: i32): void {
  let i = hashOf(id);
  while (ld32(S.hVals, i) >= 0) i = (i + 1) & S.hMask;
  st64(S.hKeys, i, id);
  st32(S.hVals, i, slot);
}

function hashDelete(id: i64): void {
  let i = hashOf(id);
  while (ld64(S.hKeys, i) != id || ld32(S.hVals, i) < 0) i = (i + 1) & S.hMask;
  let j = i;
  while (true) {
    j = (j + 1) & S.hMask;
    if (ld32(S.hVals, j) < 0) break;
    const k = hashOf(ld64(S.hKeys, j));
    const stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
    if (stays) continue;
    st64(S.hKeys, i, ld64(S.hKeys, j));
    st32(S.hVals, i, ld32(S.hVals, j));
    i = j;
  }
  st32(S.hVals, i, -1);
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
