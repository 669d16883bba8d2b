// Exact 64x64 -> 128-bit products, 128/64 division and checked i64 sums for the auction core.
// Results come back in module globals (no tuples, no allocation); overflow raises a sticky flag
// that the entry point turns into STATUS_OVERFLOW, so a wrapped value is never reported.

/** High and low words of the last `mulWide`, and the remainder of the last `divWide`. */
export let wideHi: u64 = 0;
export let wideLo: u64 = 0;
export let wideRem: u64 = 0;
/** Set by any checked operation that did not fit in i64; cleared at the start of every clearing. */
export let overflowed: bool = false;

/** Resets the sticky overflow flag at the start of a clearing. */
export function clearOverflow(): void {
  overflowed = false;
}

/** Full 128-bit product of two u64 (schoolbook on 32-bit halves), so no product can wrap. */
export function mulWide(a: u64, b: u64): void {
  const aL = a & 0xFFFFFFFF, aH = a >> 32, bL = b & 0xFFFFFFFF, bH = b >> 32;
  const ll = aL * bL, lh = aL * bH, hl = aH * bL, hh = aH * bH;
  const mid = (ll >> 32) + (lh & 0xFFFFFFFF) + (hl & 0xFFFFFFFF);
  wideLo = (mid << 32) | (ll & 0xFFFFFFFF);
  wideHi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

/** Quotient of (hi:lo) / d for hi < d (the quotient fits in u64); remainder in wideRem. */
export function divWide(hi: u64, lo: u64, d: u64): u64 {
  if (hi == 0) {
    if ((lo | d) < (<u64>1 << 53)) {
      // Both exact in f64: the correctly rounded quotient truncates to floor(lo / d) (it cannot
      // round up to the next integer k: that needs k - lo/d <= k 2^-53, i.e. lo >= 2^53); the
      // remainder is then exact in i64, and the correction step is only a guard. A pro-rata split
      // of a million orders divides a million times: f64 division pipelines, i64 division does not.
      let q = <u64>(<f64>lo / <f64>d);
      let r = <i64>lo - <i64>(q * d); // q * d <= lo + d < 2^54
      if (r < 0) { q--; r += <i64>d; }
      wideRem = <u64>r;
      return q;
    }
    const q = lo / d;
    wideRem = lo - q * d;
    return q;
  }
  let r = hi;
  let q: u64 = 0;
  for (let i = 63; i >= 0; i--) {
    const carry = r >> 63;
    r = (r << 1) | ((lo >> <u64>i) & 1);
    q <<= 1;
    if (carry != 0 || r >= d) {
      r -= d;
      q |= 1;
    }
  }
  wideRem = r;
  return q;
}

/** price * quantity (quantity >= 0) as an exact i64, or 0 with the overflow flag set. */
@inline
export function mulMoney(price: i64, qty: i64): i64 {
  const a: u64 = <u64>(price < 0 ? -price : price);
  if ((a | <u64>qty) >> 31 == 0) return price * qty; // both < 2^31: exact in i64
  return mulMoneyWide(price, qty);
}

/** The 128-bit path of mulMoney, for operands of 31 bits or more. */
function mulMoneyWide(price: i64, qty: i64): i64 {
  const neg = price < 0;
  const a: u64 = neg ? <u64>(-price) : <u64>price;
  mulWide(a, <u64>qty);
  if (wideHi != 0 || wideLo > <u64>i64.MAX_VALUE) {
    overflowed = true;
    return 0;
  }
  return neg ? -<i64>wideLo : <i64>wideLo;
}

/** a + b as an exact i64, or the wrapped value with the overflow flag set. */
@inline
export function addChecked(a: i64, b: i64): i64 {
  const r = a + b;
  if (((a ^ r) & (b ^ r)) < 0) overflowed = true;
  return r;
}

/** a - b as an exact i64, or the wrapped value with the overflow flag set. */
@inline
export function subChecked(a: i64, b: i64): i64 {
  const r = a - b;
  if (((a ^ b) & (a ^ r)) < 0) overflowed = true;
  return r;
}

/** (a + b) / 2 rounded to the nearest integer, exact halves to the even one (no double rounding). */
export function midHalfEven(a: i64, b: i64): i64 {
  const s = a + b; // |a|, |b| < 2^62: cannot wrap
  const q = s >> 1; // floor
  if ((s & 1) == 0) return q;
  return (q & 1) == 0 ? q : q + 1;
}

/** low + num/den * (high - low), rounded to the nearest tick, exact halves to the even tick. */
export function interpolateHalfEven(low: i64, high: i64, num: u64, den: u64): i64 {
  const span = <u64>(high - low); // high >= low, both |.| < 2^62
  mulWide(span, num);
  let q = divWide(wideHi, wideLo, den);
  const r = wideRem;
  const twice = r << 1; // r < den < 2^63
  if (twice > den || (twice == den && ((low + <i64>q) & 1) != 0)) q++; // an exact half goes to the even price tick
  return low + <i64>q;
}
