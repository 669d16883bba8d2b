// Exact rational numbers on bigint (numerator / positive denominator, in lowest terms), for the
// MATPOWER import's money and energy arithmetic: sums, products and quotients of the case's
// decimals are exact, and each derived price or quantity is rounded once, half away from zero.
// (It replaces decimal.js there, so the package has no runtime dependency.)
import { GridclearError } from '../errors.js';

/** A decimal in MATPOWER or JavaScript number spelling: `-12`, `0.5`, `.5`, `5.`, `1e-3`, `+2E4`. */
const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** A value a Rational accepts: another Rational, a decimal string or a finite number. */
export type RationalLike = Rational | string | number;

/** An exact rational number. Immutable; the method names follow decimal.js. */
export class Rational {
  readonly n: bigint;
  readonly d: bigint;

  /** `new Rational('1.5')`, `new Rational(0.25)`, or the fraction `new Rational(3n, 4n)`. */
  constructor(v: RationalLike | bigint, d = 1n) {
    if (v instanceof Rational) { this.n = v.n; this.d = v.d; return; }
    if (typeof v === 'bigint') {
      if (d === 0n) throw new GridclearError('INVALID_NUMBER', 'a fraction with denominator 0');
      const g = gcd(v, d) || 1n;
      const s = d < 0n ? -1n : 1n;
      this.n = (s * v) / g; this.d = (s * d) / g;
      return;
    }
    const text = typeof v === 'number' ? String(v) : v;
    const m = NUMBER.exec(text);
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) {
      throw new GridclearError('INVALID_NUMBER', `not a decimal number: ${JSON.stringify(text)}`, { value: v });
    }
    const frac = m[3] ?? '';
    const exp = Number(m[4] ?? '0') - frac.length;
    let n = BigInt((m[2] || '0') + frac) * (m[1] === '-' ? -1n : 1n);
    let den = 1n;
    if (exp >= 0) n *= 10n ** BigInt(exp);
    else den = 10n ** BigInt(-exp);
    const g = gcd(n, den) || 1n;
    this.n = n / g; this.d = den / g;
  }

  plus(o: RationalLike): Rational { const b = new Rational(o); return new Rational(this.n * b.d + b.n * this.d, this.d * b.d); }
  minus(o: RationalLike): Rational { const b = new Rational(o); return new Rational(this.n * b.d - b.n * this.d, this.d * b.d); }
  times(o: RationalLike): Rational { const b = new Rational(o); return new Rational(this.n * b.n, this.d * b.d); }

  /** The quotient; dividing by zero is an INVALID_NUMBER error. */
  div(o: RationalLike): Rational {
    const b = new Rational(o);
    if (b.n === 0n) throw new GridclearError('INVALID_NUMBER', 'division by zero', { value: String(o) });
    return new Rational(this.n * b.d, this.d * b.n);
  }

  cmp(o: RationalLike): number {
    const b = new Rational(o);
    const l = this.n * b.d, r = b.n * this.d;
    return l < r ? -1 : l > r ? 1 : 0;
  }
  gt(o: RationalLike): boolean { return this.cmp(o) > 0; }
  lt(o: RationalLike): boolean { return this.cmp(o) < 0; }
  isZero(): boolean { return this.n === 0n; }
  isNeg(): boolean { return this.n < 0n; }

  static max(a: Rational, b: Rational): Rational { return a.cmp(b) >= 0 ? a : b; }
  static min(a: Rational, b: Rational): Rational { return a.cmp(b) <= 0 ? a : b; }

  /**
   * The value with exactly `dp` decimals, rounded half away from zero. Without `dp`: the exact
   * decimal when it terminates (trailing zeros dropped), else rounded to 20 decimals.
   */
  toFixed(dp?: number): string {
    if (dp === undefined) {
      let d = this.d;
      while (d % 2n === 0n) d /= 2n;
      while (d % 5n === 0n) d /= 5n;
      let places = 0;
      if (d === 1n) { while (10n ** BigInt(places) % this.d !== 0n) places++; } else places = 20;
      const s = this.toFixed(places);
      return places > 0 && d !== 1n ? s.replace(/\.?0+$/, '') : s;
    }
    const neg = this.n < 0n;
    const scaled = (neg ? -this.n : this.n) * 10n ** BigInt(dp);
    let q = scaled / this.d;
    if ((scaled % this.d) * 2n >= this.d) q += 1n;
    const digits = q.toString().padStart(dp + 1, '0');
    const cut = digits.length - dp;
    const body = dp === 0 ? digits : `${digits.slice(0, cut)}.${digits.slice(cut)}`;
    return neg && q !== 0n ? `-${body}` : body;
  }
}
