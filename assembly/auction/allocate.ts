// The efficient allocation: walk the two merit orders while bid >= ask (ties at the crossing
// trade, so the volume is the largest among welfare-maximizing allocations), then give each side
// that volume level by level; the marginal level shares its remainder by the tie rule.
import { addChecked, divWide, mulWide, overflowed, wideHi, wideLo, wideRem } from "./wide";

export const TIE_PRO_RATA: i32 = 0;
export const TIE_TIME: i32 = 1;

@inline function at(list: usize, i: i32): i32 { return load<i32>(list + (<usize>i << 2)); }
@inline function px(price: usize, o: i32): i64 { return load<i64>(price + (<usize>o << 3)); }

/** The efficient volume Q*: the two books walked against each other while bid >= ask. */
export function crossVolume(buys: usize, nb: i32, sells: usize, ns: i32, price: usize, qty: usize): i64 {
  if (nb == 0 || ns == 0) return 0;
  let i = 0, j = 0, q: i64 = 0;
  let rb = px(qty, at(buys, 0)), rs = px(qty, at(sells, 0));
  while (i < nb && j < ns && px(price, at(buys, i)) >= px(price, at(sells, j))) {
    const t = rb < rs ? rb : rs;
    q = addChecked(q, t);
    rb -= t;
    rs -= t;
    if (rb == 0 && ++i < nb) rb = px(qty, at(buys, i));
    if (rs == 0 && ++j < ns) rs = px(qty, at(sells, j));
  }
  return q;
}

/** A pro-rata share's inline fast path: r and the level's total below 2^32, q below 2^21. */
const SMALL: u64 = <u64>1 << 32;
const SMALL_QTY: u64 = <u64>1 << 21;

/**
 * Shares `r` among list[a..b) (total quantity `total` >= r) by the tie rule, writing fills.
 * Pro rata: floor(r*q/total) each, leftover ticks one each to the largest remainders, ties by
 * list position (priority). Scratch: rem (8 bytes per order index), copy and tmp (4 per list entry).
 */
export function share(list: usize, a: i32, b: i32, r: i64, total: i64, qty: usize, fills: usize,
                      tie: i32, rem: usize, copy: usize, tmp: usize): void {
  if (tie == TIE_TIME) {
    let left = r;
    for (let i = a; i < b && left > 0; i++) {
      const o = at(list, i);
      const q = px(qty, o);
      const f = q < left ? q : left;
      store<i64>(fills + (<usize>o << 3), f);
      left -= f;
    }
    return;
  }
  let given: i64 = 0;
  let top: u64 = 0;
  const small = (<u64>r | <u64>total) < SMALL; // then r * q < 2^53 whenever q < 2^21
  for (let i = a; i < b; i++) {
    const o = at(list, i);
    const q = <u64>px(qty, o);
    let f: u64, rm: u64;
    if (small && q < SMALL_QTY) {
      // r * q and total exact in f64: the rounded quotient truncates to the floor (wide.ts divWide)
      const prod = <u64>r * q;
      f = <u64>(<f64>prod / <f64>total);
      let left = <i64>prod - <i64>(f * <u64>total);
      if (left < 0) { f--; left += total; }
      rm = <u64>left;
    } else {
      mulWide(<u64>r, q);
      f = divWide(wideHi, wideLo, <u64>total);
      rm = wideRem;
    }
    store<i64>(fills + (<usize>o << 3), <i64>f);
    store<u64>(rem + (<usize>o << 3), rm);
    top |= rm;
    given += <i64>f;
  }
  const left = <i32>(r - given); // < b - a
  if (left == 0) return;
  giveLeftovers(list, a, b, left, rem, fills, kthLargest(list, a, b, left, rem, top, copy, tmp));
}

/** Counts of one 8-bit digit (selection scratch: 256 counters). */
const DIGITS = memory.data(256 << 2);
/** How many of the remainders equal to the last `kthLargest` value still get a tick. */
export let kthTake: i32 = 0;

/**
 * The k-th largest remainder of list[a..b) (k >= 1), by radix selection: one pass per 8-bit digit,
 * each over the candidates that share the digits chosen so far (moved between copy and tmp).
 * Sets kthTake: how many of the remainders equal to it are among the k largest.
 */
export function kthLargest(list: usize, a: i32, b: i32, k: i32, rem: usize, top: u64, copy: usize, tmp: usize): u64 {
  let src = list + (<usize>a << 2), n = b - a, dst = copy;
  let prefix: u64 = 0;
  let shift = <i32>((63 - clz(top | 1)) & ~7); // the highest non-zero digit
  while (true) {
    memory.fill(DIGITS, 0, 256 << 2);
    for (let i = 0; i < n; i++) {
      const d = DIGITS + (<usize>((load<u64>(rem + (<usize>at(src, i) << 3)) >> <u64>shift) & 0xFF) << 2);
      store<i32>(d, load<i32>(d) + 1);
    }
    let digit = 255;
    while (true) {
      const c = load<i32>(DIGITS + (<usize>digit << 2));
      if (c >= k) break;
      k -= c;
      digit--;
    }
    prefix |= <u64>digit << <u64>shift;
    if (shift == 0) break;
    let m = 0; // keep the candidates with this digit
    for (let i = 0; i < n; i++) {
      const o = at(src, i);
      if (((load<u64>(rem + (<usize>o << 3)) >> <u64>shift) & 0xFF) == <u64>digit) { store<i32>(dst + (<usize>m << 2), o); m++; }
    }
    src = dst; n = m; dst = dst == copy ? tmp : copy;
    shift -= 8;
  }
  kthTake = k;
  return prefix;
}

/** One tick each to the remainders above `kth`, and to the first kthTake equal to it (list order). */
function giveLeftovers(list: usize, a: i32, b: i32, left: i32, rem: usize, fills: usize, kth: u64): void {
  let ties = kthTake;
  for (let i = a; i < b && left > 0; i++) {
    const o = at(list, i);
    const v = load<u64>(rem + (<usize>o << 3));
    if (v > kth || (v == kth && ties > 0)) {
      if (v == kth) ties--;
      const p = fills + (<usize>o << 3);
      store<i64>(p, load<i64>(p) + 1);
      left--;
    }
  }
}

/** Fills one side's merit order with volume `q`: levels above the marginal one fully. */
export function fillSide(list: usize, n: i32, q: i64, price: usize, qty: usize, fills: usize,
                         tie: i32, rem: usize, copy: usize, tmp: usize): void {
  let pos = 0;
  let cum: i64 = 0;
  while (pos < n && cum < q) {
    const start = pos;
    const p = px(price, at(list, pos));
    let levelQ: i64 = 0;
    while (pos < n && px(price, at(list, pos)) == p) {
      levelQ = addChecked(levelQ, px(qty, at(list, pos)));
      pos++;
    }
    if (overflowed) return;
    if (levelQ <= q - cum) {
      for (let i = start; i < pos; i++) {
        const o = at(list, i);
        store<i64>(fills + (<usize>o << 3), px(qty, o));
      }
      cum += levelQ;
    } else {
      share(list, start, pos, q - cum, levelQ, qty, fills, tie, rem, copy, tmp);
      cum = q;
    }
  }
}

/** Position in the list of the last order with a fill (-1 when none). */
export function lastFilled(list: usize, n: i32, fills: usize): i32 {
  for (let i = n - 1; i >= 0; i--) {
    if (load<i64>(fills + (<usize>at(list, i) << 3)) > 0) return i;
  }
  return -1;
}

/** Position in the list of the first order not filled completely (-1 when none). */
export function firstUnfilled(list: usize, n: i32, fills: usize, qty: usize): i32 {
  for (let i = 0; i < n; i++) {
    const o = at(list, i);
    if (load<i64>(fills + (<usize>o << 3)) < px(qty, o)) return i;
  }
  return -1;
}
