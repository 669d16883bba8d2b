// The orders array of a market-case/1 text (ASCII bytes) to positions, for the `gridclear` command:
// what src/io/scan.ts scanOrders reads, accepted exactly as it accepts it, without a JavaScript
// loop per character (in a process that clears one file such loops run mostly before they are
// compiled). Anything it does not take (a `bus` or `sequence`, any other field, a repeated field,
// escapes, control characters) makes it return -1: then scanOrders reads the text itself.

@inline const QUOTE: u32 = 34;
@inline const F_ID: i32 = 1;
@inline const F_SIDE: i32 = 2;
@inline const F_PRICE: i32 = 4;
@inline const F_QTY: i32 = 8;
@inline const F_PARTICIPANT: i32 = 16;
@inline const REQUIRED: i32 = F_ID | F_SIDE | F_PRICE | F_QTY;

/** The position of the first byte at or after p that is not JSON whitespace. */
@inline function skipSpace(t: usize, p: i32, len: i32): i32 {
  while (p < len) {
    const c = <u32>load<u8>(t + <usize>p);
    if (c != 32 && c != 10 && c != 13 && c != 9) break;
    p++;
  }
  return p;
}

/** End (the closing quote) of a string without escapes or control characters whose content starts at p; -1 if none. */
@inline function stringEnd(t: usize, p: i32, len: i32): i32 {
  while (p < len) {
    const c = <u32>load<u8>(t + <usize>p);
    if (c == QUOTE) return p;
    if (c < 32 || c == 92) return -1;
    p++;
  }
  return -1;
}

/** The order field the key bytes [p, p + n) name, or 0 (whole-word loads: the key lies inside the text). */
@inline function keyName(t: usize, p: i32, n: i32): i32 {
  const a = t + <usize>p;
  if (n == 2) return load<u16>(a) == 0x6469 ? F_ID : 0; // "id"
  if (n == 4) return load<u32>(a) == 0x65646973 ? F_SIDE : 0; // "side"
  if (n == 5) return load<u32>(a) == 0x63697270 && load<u8>(a, 4) == 0x65 ? F_PRICE : 0; // "price"
  if (n == 8) return load<u64>(a) == 0x797469746E617571 ? F_QTY : 0; // "quantity"
  if (n == 11) return load<u64>(a) == 0x7069636974726170 && load<u16>(a, 8) == 0x6E61 && load<u8>(a, 10) == 0x74 ? F_PARTICIPANT : 0; // "participant"
  return 0;
}

/** 0 buy, 1 sell, -1 anything else: the side's content [p, p + n). */
@inline function sideOf(t: usize, p: i32, n: i32): i32 {
  const a = t + <usize>p;
  if (n == 3 && load<u16>(a) == 0x7562 && load<u8>(a, 2) == 0x79) return 0; // "buy"
  if (n == 4 && load<u32>(a) == 0x6C6C6573) return 1; // "sell"
  return -1;
}

@inline const FAST_LIMIT: f64 = 1e15;

/**
 * Ticks of the decimal text [from, to) exactly as src/model/fixed.ts fastTicksIn computes them
 * (the same f64 operations in the same order), or NaN where it returns undefined.
 */
function ticksOf(t: usize, from: i32, to: i32, decimals: i32): f64 {
  let i = from, neg = false;
  let c: i32 = i < to ? <i32>load<u8>(t + <usize>i) : 0;
  if (c == 45) { neg = true; i++; c = i < to ? <i32>load<u8>(t + <usize>i) : 0; }
  if (c == 48 && i + 1 < to) {
    const d = <i32>load<u8>(t + <usize>(i + 1));
    if (d >= 48 && d <= 57) return NaN; // a leading zero
  }
  const intStart = i;
  let v: f64 = 0;
  for (; i < to; i++) {
    c = <i32>load<u8>(t + <usize>i) - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + <f64>c;
  }
  if (i == intStart) return NaN;
  let frac = 0;
  if (i < to) {
    if (load<u8>(t + <usize>i) != 46) return NaN;
    const fracStart = ++i;
    for (; i < to; i++) {
      c = <i32>load<u8>(t + <usize>i) - 48;
      if (c < 0 || c > 9) return NaN;
      if (frac < decimals) { v = v * 10 + <f64>c; frac++; } else if (c != 0) return NaN;
    }
    if (i == fracStart) return NaN; // "5."
  }
  if (v >= FAST_LIMIT) return NaN;
  let scale: f64 = 1;
  for (let k = frac; k < decimals; k++) scale *= 10;
  v *= scale;
  if (v >= FAST_LIMIT) return NaN;
  return neg && v != 0 ? -v : v;
}

/**
 * Scans the array at pos (its '[' after optional whitespace) of the len bytes at t. Per order k:
 * the id's bytes appended at ids ('"' between two ids: no id holds one) from idOff[k] (i32; idOff[n]:
 * one past the '"' that would follow the last), side[k] = 0 buy / 1 sell,
 * at[4k .. 4k + 3] = the price's and the quantity's content ranges, price[k] and qty[k] their ticks
 * on pd and qd decimals (fastTicksIn's). Returns the order count; in out (i32): the position after
 * the array, the bytes written at ids, 1 when every price and quantity had ticks (else 0: the
 * caller parses them, and finds the bad one). -1 for anything scanOrders would not read the same
 * way, and -1 beyond maxN orders.
 */
export function scanOrderArray(t: usize, len: i32, pos: i32, maxN: i32, ids: usize, idOff: usize, side: usize,
                               at: usize, pd: i32, qd: i32, price: usize, qty: usize, out: usize): i32 {
  let w = ids;
  let ticksOk = true;
  let p = skipSpace(t, pos, len);
  if (p >= len || load<u8>(t + <usize>p) != 91) return -1;
  p = skipSpace(t, p + 1, len);
  let k = 0;
  if (p < len && load<u8>(t + <usize>p) == 93) {
    store<i32>(out, p + 1);
    store<i32>(out, 0, 4);
    store<i32>(out, 1, 8);
    return 0;
  }
  while (true) {
    if (k >= maxN || p >= len || load<u8>(t + <usize>p) != 123) return -1;
    p++;
    let seen = 0;
    while (true) {
      p = skipSpace(t, p, len);
      if (p >= len || <u32>load<u8>(t + <usize>p) != QUOTE) return -1;
      const keyEnd = stringEnd(t, p + 1, len);
      if (keyEnd < 0) return -1;
      const key = keyName(t, p + 1, keyEnd - p - 1);
      if (key == 0 || (seen & key) != 0) return -1; // other fields (bus, sequence), repeated ones
      seen |= key;
      p = skipSpace(t, keyEnd + 1, len);
      if (p >= len || load<u8>(t + <usize>p) != 58) return -1;
      p = skipSpace(t, p + 1, len);
      if (p >= len || <u32>load<u8>(t + <usize>p) != QUOTE) return -1;
      const start = p + 1, end = stringEnd(t, start, len);
      if (end < 0) return -1;
      if (key == F_ID) {
        if (end == start) return -1;
        if (k > 0) store<u8>(w++, <u8>QUOTE);
        store<i32>(idOff + (<usize>k << 2), <i32>(w - ids));
        memory.copy(w, t + <usize>start, <usize>(end - start));
        w += <usize>(end - start);
      } else if (key == F_SIDE) {
        const sd = sideOf(t, start, end - start);
        if (sd < 0) return -1;
        store<u8>(side + <usize>k, <u8>sd);
      } else if (key != F_PARTICIPANT) {
        const isPrice = key == F_PRICE;
        const a = at + (<usize>(4 * k + (isPrice ? 0 : 2)) << 2);
        store<i32>(a, start);
        store<i32>(a, end, 4);
        const v = ticksOf(t, start, end, isPrice ? pd : qd);
        if (isNaN(v)) ticksOk = false;
        store<f64>((isPrice ? price : qty) + (<usize>k << 3), v);
      }
      p = skipSpace(t, end + 1, len);
      if (p >= len) return -1;
      const c = load<u8>(t + <usize>p);
      p++;
      if (c == 44) continue;
      if (c == 125) break;
      return -1;
    }
    if ((seen & REQUIRED) != REQUIRED) return -1;
    k++;
    p = skipSpace(t, p, len);
    if (p >= len) return -1;
    const c = load<u8>(t + <usize>p);
    p++;
    if (c == 93) break;
    if (c != 44) return -1;
    p = skipSpace(t, p, len);
  }
  store<i32>(idOff + (<usize>k << 2), <i32>(w - ids) + 1);
  store<i32>(out, p); // right after ']', as scanOrders leaves it
  store<i32>(out, <i32>(w - ids), 4);
  store<i32>(out, ticksOk ? 1 : 0, 8);
  return k;
}
