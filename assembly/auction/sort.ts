// Merit order: a stable LSD radix sort of each side's prices (one counting pass when the price
// range fits 16 bits), then a comparison sort only inside runs of equal price, and only when
// sequences or ids can break the tie. Stability makes the input index the last tie-break.

/** Comparator inputs (no closures in AssemblyScript): set once per clearing by `setTieKeys`. */
let seqPtr: usize = 0;
let idOffPtr: usize = 0;
let idCharPtr: usize = 0;
let remPtr: usize = 0;
/** 0: priority tie order (sequence, id, index); 1: pro-rata remainder, largest first;
 * 2: price (at remPtr) lowest first; 3: price highest first. */
let cmpMode: i32 = 0;

export const SORT_TIE: i32 = 0;
export const SORT_REMAINDER: i32 = 1;
export const SORT_PRICE_UP: i32 = 2;
export const SORT_PRICE_DOWN: i32 = 3;

const DIGIT_BITS: u64 = 16;
const BUCKETS: i32 = 1 << 16;

/** Tells the comparators where the optional sequence and id columns are (0 = absent). */
export function setTieKeys(seq: usize, idOff: usize, idChars: usize): void {
  seqPtr = seq;
  idOffPtr = idOff;
  idCharPtr = idChars;
  prefixPtr = 0;
}

/** Compares two ids by UTF-16 code units, as JavaScript's `<` on strings does. */
function cmpIds(a: i32, b: i32): i32 {
  const a0 = load<i32>(idOffPtr + (<usize>a << 2)), a1 = load<i32>(idOffPtr + (<usize>a << 2), 4);
  const b0 = load<i32>(idOffPtr + (<usize>b << 2)), b1 = load<i32>(idOffPtr + (<usize>b << 2), 4);
  const la = a1 - a0, lb = b1 - b0;
  const m = la < lb ? la : lb;
  for (let k = 0; k < m; k++) {
    const ca = <i32>load<u16>(idCharPtr + (<usize>(a0 + k) << 1));
    const cb = <i32>load<u16>(idCharPtr + (<usize>(b0 + k) << 1));
    if (ca != cb) return ca - cb;
  }
  return la - lb;
}

/** Per order, its id's first four UTF-16 code units packed big-endian (0 = none): a fast first test. */
let prefixPtr: usize = 0;

/** Packs each id's first four code units, so most id comparisons are one u64 comparison. */
export function setIdPrefixes(n: i32, out: usize): void {
  prefixPtr = out;
  for (let i = 0; i < n; i++) {
    const a = load<i32>(idOffPtr + (<usize>i << 2)), b = load<i32>(idOffPtr + (<usize>i << 2), 4);
    let key: u64 = 0;
    for (let k = 0; k < 4; k++) {
      const c: u64 = a + k < b ? <u64>load<u16>(idCharPtr + (<usize>(a + k) << 1)) : 0;
      key = (key << 16) | c;
    }
    store<u64>(out + (<usize>i << 3), key);
  }
}

/** Tie order inside one price level: sequence (lower first), then id, then input index. */
function cmpTie(a: i32, b: i32): i32 {
  if (seqPtr != 0) {
    const sa = load<i64>(seqPtr + (<usize>a << 3)), sb = load<i64>(seqPtr + (<usize>b << 3));
    if (sa != sb) return sa < sb ? -1 : 1;
  }
  if (idOffPtr != 0) {
    // Different prefixes order as the ids do (a missing unit packs as 0, below or equal to any unit).
    const pa = load<u64>(prefixPtr + (<usize>a << 3)), pb = load<u64>(prefixPtr + (<usize>b << 3));
    if (pa != pb) return pa < pb ? -1 : 1;
    const c = cmpIds(a, b);
    if (c != 0) return c;
  }
  return a - b;
}

/** The active comparison; ties (0) keep the current order since the merge sort is stable. */
@inline
function cmp(a: i32, b: i32): i32 {
  if (cmpMode == 0) return cmpTie(a, b);
  if (cmpMode >= SORT_PRICE_UP) {
    const pa = load<i64>(remPtr + (<usize>a << 3)), pb = load<i64>(remPtr + (<usize>b << 3));
    if (pa == pb) return 0;
    return (pa < pb) == (cmpMode == SORT_PRICE_UP) ? -1 : 1;
  }
  const ra = load<u64>(remPtr + (<usize>a << 3)), rb = load<u64>(remPtr + (<usize>b << 3));
  return ra == rb ? 0 : (ra > rb ? -1 : 1);
}

/** Stable insertion sort of the i32 indices in [p, p + 4n). */
function insertionSort(p: usize, n: i32): void {
  for (let i = 1; i < n; i++) {
    const v = load<i32>(p + (<usize>i << 2));
    let j = i - 1;
    while (j >= 0 && cmp(load<i32>(p + (<usize>j << 2)), v) > 0) {
      store<i32>(p + (<usize>(j + 1) << 2), load<i32>(p + (<usize>j << 2)));
      j--;
    }
    store<i32>(p + (<usize>(j + 1) << 2), v);
  }
}

/** Merges sorted [lo, mid) and [mid, hi) of src into dst, stably. */
function merge(src: usize, dst: usize, lo: i32, mid: i32, hi: i32): void {
  let i = lo, j = mid, k = lo;
  while (i < mid && j < hi) {
    const a = load<i32>(src + (<usize>i << 2)), b = load<i32>(src + (<usize>j << 2));
    if (cmp(a, b) <= 0) { store<i32>(dst + (<usize>k << 2), a); i++; }
    else { store<i32>(dst + (<usize>k << 2), b); j++; }
    k++;
  }
  if (i < mid) memory.copy(dst + (<usize>k << 2), src + (<usize>i << 2), <usize>(mid - i) << 2);
  else if (j < hi) memory.copy(dst + (<usize>k << 2), src + (<usize>j << 2), <usize>(hi - j) << 2);
}

/** Stable sort of n i32 indices at p (tmp: n more) in mode `mode` (SORT_*; rem: the remainders or prices). */
export function stableSort(p: usize, n: i32, tmp: usize, mode: i32, rem: usize): void {
  cmpMode = mode;
  remPtr = rem;
  const RUN = 16;
  for (let s = 0; s < n; s += RUN) insertionSort(p + (<usize>s << 2), n - s < RUN ? n - s : RUN);
  let src = p, dst = tmp;
  for (let w = RUN; w < n; w <<= 1) {
    for (let lo = 0; lo < n; lo += w << 1) {
      const mid = lo + w < n ? lo + w : n;
      const hi = lo + (w << 1) < n ? lo + (w << 1) : n;
      merge(src, dst, lo, mid, hi);
    }
    const t = src; src = dst; dst = t;
  }
  if (src != p) memory.copy(p, src, <usize>n << 2);
}

/** Sorts the runs of equal price in the sorted index list by the tie order. */
export function sortTieRuns(idx: usize, n: i32, price: usize, tmp: usize): void {
  if (seqPtr == 0 && idOffPtr == 0) return;
  let s = 0;
  while (s < n) {
    const p = load<i64>(price + (<usize>load<i32>(idx + (<usize>s << 2)) << 3));
    let e = s + 1;
    while (e < n && load<i64>(price + (<usize>load<i32>(idx + (<usize>e << 2)) << 3)) == p) e++;
    if (e - s > 1) stableSort(idx + (<usize>s << 2), e - s, tmp, 0, 0);
    s = e;
  }
}

/** Radix key of a price: distance from the best end of the side, so ascending key = priority. */
@inline
function keyOf(p: i64, base: i64, desc: bool): u64 {
  return desc ? <u64>(base - p) : <u64>(p - base);
}

/** One stable counting pass on 16-bit digit `shift` of the keys at keys (or of the prices). */
function countPass(idx: usize, n: i32, out: usize, keys: usize, keysOut: usize,
                   price: usize, base: i64, desc: bool, shift: u64, hist: usize): void {
  countPassInto(idx, n, out, keys, keysOut, price, base, desc, shift, hist, 0, 0, 0);
}

/** countPass that also writes price and quantity at each order's sorted position (sp, sq != 0;
 * only for a single pass over the full key, shift 0). */
function countPassInto(idx: usize, n: i32, out: usize, keys: usize, keysOut: usize, price: usize,
                       base: i64, desc: bool, shift: u64, hist: usize, qty: usize, sp: usize, sq: usize): void {
  memory.fill(hist, 0, <usize>BUCKETS << 2);
  for (let i = 0; i < n; i++) {
    const k = keys != 0 ? load<u64>(keys + (<usize>i << 3))
      : keyOf(load<i64>(price + (<usize>load<i32>(idx + (<usize>i << 2)) << 3)), base, desc);
    const h = hist + (<usize>((k >> shift) & 0xFFFF) << 2);
    store<i32>(h, load<i32>(h) + 1);
  }
  let sum = 0;
  for (let b = 0; b < BUCKETS; b++) {
    const h = hist + (<usize>b << 2);
    const c = load<i32>(h);
    store<i32>(h, sum);
    sum += c;
  }
  for (let i = 0; i < n; i++) {
    const v = load<i32>(idx + (<usize>i << 2));
    const k = keys != 0 ? load<u64>(keys + (<usize>i << 3)) : keyOf(load<i64>(price + (<usize>v << 3)), base, desc);
    const h = hist + (<usize>((k >> shift) & 0xFFFF) << 2);
    const at = load<i32>(h);
    store<i32>(h, at + 1);
    store<i32>(out + (<usize>at << 2), v);
    if (keysOut != 0) store<u64>(keysOut + (<usize>at << 3), k);
    // sequential reads, scattered writes: cheaper than a random-read gather later
    if (sq != 0) store<i64>(sq + (<usize>at << 3), load<i64>(qty + (<usize>v << 3)));
  }
  if (sp != 0) fillPrices(hist, n, sp, base, desc);
}

/** Sorted prices of a single full-key counting pass, written bucket by bucket (sequentially). */
function fillPrices(hist: usize, n: i32, sp: usize, base: i64, desc: bool): void {
  let k = 0;
  for (let b = 0; k < n; b++) {
    const end = load<i32>(hist + (<usize>b << 2)); // after the scatter: end of bucket b
    const p = desc ? base - <i64>b : base + <i64>b;
    for (; k < end; k++) store<i64>(sp + (<usize>k << 3), p);
  }
}

/**
 * Stable sort by price in [lo, hi] (desc for buys) of one side's n indices, read from `src` (which
 * it may clobber) and written to `dst`; scratch: keyA, keyB, hist. When sp != 0 and one counting
 * pass suffices, also writes the sorted prices and quantities to sp/sq and returns true (the
 * caller gathers them otherwise).
 */
export function sortSide(src: usize, dst: usize, n: i32, price: usize, lo: i64, hi: i64, desc: bool,
                         keyA: usize, keyB: usize, hist: usize, qty: usize, sp: usize, sq: usize): bool {
  const base = desc ? hi : lo;
  const range = <u64>(hi - lo);
  if (n < 2 || range == 0) {
    memory.copy(dst, src, <usize>n << 2);
    return false;
  }
  const bits = 64 - <u64>clz(range);
  if (bits <= DIGIT_BITS) {
    countPassInto(src, n, dst, 0, 0, price, base, desc, 0, hist, qty, sp, sp != 0 ? sq : 0);
    return sp != 0;
  }
  for (let i = 0; i < n; i++) {
    store<u64>(keyA + (<usize>i << 3), keyOf(load<i64>(price + (<usize>load<i32>(src + (<usize>i << 2)) << 3)), base, desc));
  }
  let a = src, b = dst, ks = keyA, kd = keyB;
  for (let shift: u64 = 0; shift < bits; shift += DIGIT_BITS) {
    countPass(a, n, b, ks, kd, price, base, desc, shift, hist);
    let t = a; a = b; b = t;
    t = ks; ks = kd; kd = t;
  }
  if (a != dst) memory.copy(dst, a, <usize>n << 2);
  return false;
}
