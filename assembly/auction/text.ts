// The members of a clearing result's map of tick values (its fills: one per order) as JSON text:
// `"id"<colon>"decimal"` per member, UTF-8 bytes, what src/io/bytes.ts ByteWriter.tickMembers writes
// in JavaScript. A result file of a large market spends most of its writing time there, twice (the
// file's order and the digest's sorted order), in a process that runs each loop once: compiled
// code from the first member on.

@inline const QUOTE: u8 = 0x22;

/** Decimal digits of a (at least 1). */
@inline function digitCount(a: u64): i32 {
  let k = 1;
  while (a >= 10) { a /= 10; k++; }
  return k;
}

/**
 * Writes `"<ticks / 10^decimals>"` as formatTicks does (all `decimals` fraction digits, at least one
 * integer digit, "-" for negative ticks) at out; returns the bytes written.
 */
function writeTicks(t: i64, decimals: i32, out: usize): i32 {
  const neg = t < 0;
  let a: u64 = neg ? <u64>0 - <u64>t : <u64>t; // 2's complement: also right for i64.MIN_VALUE
  let k = digitCount(a);
  if (k < decimals + 1) k = decimals + 1;
  let w = out;
  store<u8>(w++, QUOTE);
  if (neg) store<u8>(w++, 0x2D);
  const len = k + (decimals > 0 ? 1 : 0);
  // digits from the last, the point before the last `decimals` of them
  let p = w + <usize>len - 1;
  for (let j = 0; j < k; j++) {
    if (decimals > 0 && j == decimals) store<u8>(p--, 0x2E);
    store<u8>(p--, <u8>(48 + <i32>(a % 10)));
    a /= 10;
  }
  w += <usize>len;
  store<u8>(w++, QUOTE);
  return <i32>(w - out);
}

/**
 * Writes the n members in `order` (i32 positions; 0: 0..n-1) separated by the sep bytes (none
 * before the first): key j is the bytes ids[idOff[j] .. idOff[j + 1] - gap) (gap: bytes between two
 * keys, 0 or 1), its value the i64 ticks[j].
 * Returns the bytes written, or -1 when a key holds a byte that JSON.stringify would not copy as
 * it is (below 0x20, above 0x7E, '"' or '\'): then the caller writes them in JavaScript.
 */
export function tickMembersText(ids: usize, idOff: usize, gap: i32, ticks: usize, order: usize, n: i32, decimals: i32,
                                sep: usize, sepLen: i32, colon: usize, colonLen: i32, out: usize): i32 {
  let w = out;
  for (let j = 0; j < n; j++) {
    const i = order != 0 ? load<i32>(order + (<usize>j << 2)) : j;
    if (j > 0) { memory.copy(w, sep, sepLen); w += <usize>sepLen; }
    const a = load<i32>(idOff + (<usize>i << 2)), b = load<i32>(idOff + (<usize>i << 2), 4) - gap;
    store<u8>(w++, QUOTE);
    for (let c = a; c < b; c++) {
      const x = load<u8>(ids + <usize>c);
      if (x < 0x20 || x > 0x7E || x == QUOTE || x == 0x5C) return -1;
      store<u8>(w++, x);
    }
    store<u8>(w++, QUOTE);
    memory.copy(w, colon, colonLen);
    w += <usize>colonLen;
    w += <usize>writeTicks(load<i64>(ticks + (<usize>i << 3)), decimals, w);
  }
  return <i32>(w - out);
}
