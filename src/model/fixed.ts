// Exact decimal <-> integer-tick conversion at the edges of the engine.
// A value is on the tick of `decimals` when it has at most that many decimals (trailing zeros
// beyond are fine). Off-tick values are rejected (OFF_TICK), never rounded.
import { GridclearError, type ErrorDetail } from '../errors.js';

/** A decimal value as users give it: a decimal string, a JS number, or a decimal.js Decimal. */
export type DecimalLike = string | number | bigint | { toFixed(): string };

/** Largest priceDecimals / quantityDecimals (market-case/1 revision 2). */
export const MAX_DECIMALS = 18;
/** Largest decimals formatTicks takes: money has priceDecimals + quantityDecimals. */
const MAX_FORMAT_DECIMALS = 2 * MAX_DECIMALS;
/** Ticks are i64 in the core; inputs are limited to 2^62 so that a sum of two never wraps unseen. */
const MAX_TICKS = 1n << 62n;
const POW10: bigint[] = Array.from({ length: 40 }, (_, i) => 10n ** BigInt(i));

/** Checks a market's `priceDecimals` / `quantityDecimals` field. */
export function checkDecimals(decimals: unknown, field: string): number {
  if (typeof decimals !== 'number' || !Number.isInteger(decimals) || decimals < 0 || decimals > MAX_DECIMALS) {
    throw new GridclearError('INVALID_MARKET', `${field} must be an integer in [0, ${MAX_DECIMALS}], got ${show(decimals)}`, {
      field, expected: `integer in [0, ${MAX_DECIMALS}]`, value: decimals,
    });
  }
  return decimals;
}

/** The decimal text of a DecimalLike, or undefined when it is not a finite decimal. */
function decimalText(value: DecimalLike): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? numberText(value) : undefined;
  if (typeof value === 'bigint') return value.toString();
  if (value !== null && typeof value === 'object' && typeof (value as { toFixed?: unknown }).toFixed === 'function') {
    const d = value as { toFixed(): unknown; isFinite?: () => boolean };
    try {
      if (typeof d.isFinite === 'function' && !d.isFinite()) return undefined;
      const t = d.toFixed();
      return typeof t === 'string' ? t : undefined;
    } catch {
      return undefined; // a toFixed that throws is not a decimal
    }
  }
  return undefined;
}

/** A number's shortest round-trip decimal (what the user typed), without exponent notation. */
function numberText(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  // 1e-7 -> 0.0000001, 1.5e+21 -> 1500000000000000000000
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/i.exec(s)!;
  const digits = m[2] + (m[3] ?? '');
  const exp = Number(m[4]);
  if (exp < 0) return `${m[1]}0.${'0'.repeat(-exp - 1)}${digits}`;
  return m[1] + digits + '0'.repeat(Math.max(0, exp - (digits.length - 1)));
}

const POW10_NUM = Array.from({ length: 16 }, (_, i) => 10 ** i);
/** fastTicks reads decimals 0..FAST_DECIMALS-1 (beyond, the general parser decides). */
export const FAST_DECIMALS = POW10_NUM.length;
/** Fast-path ticks stay below this: exact in f64, with room to add two of them. */
const FAST_LIMIT = 1e15;

/**
 * Ticks of a plain decimal string ("-12.50": optional minus, digits, optional point and digits;
 * zeros beyond the tick are fine) or of a JS number that is exactly a short decimal on the tick,
 * as an exact f64 integer below 1e15 in magnitude (never -0); undefined where the general parser
 * must decide (it gives the same value, or the error). No BigInt, no regex, no allocation: the
 * per-order path of every clearing.
 */
export function fastTicks(v: unknown, decimals: number): number | undefined {
  if (!(decimals >= 0 && decimals < POW10_NUM.length && (decimals | 0) === decimals)) return undefined; // e.g. k's 18 decimals
  if (typeof v === 'number') {
    const t = Math.round(v * POW10_NUM[decimals]);
    // t / 10^d === v: v is the double nearest to a decimal of at most d decimals and < 1e15 ticks,
    // which is also its shortest round-trip text (what toTicks reads)
    if (!(Math.abs(t) < FAST_LIMIT) || t / POW10_NUM[decimals] !== v) return undefined;
    return t === 0 ? 0 : t;
  }
  if (typeof v !== 'string') return undefined;
  return fastTicksIn(v, 0, v.length, decimals);
}

/**
 * fastTicks of the text v[from, to) (decimals checked by the caller): what a scanner calls on the
 * file's text, without a string per value.
 */
export function fastTicksIn(v: string, from: number, to: number, decimals: number): number | undefined {
  // the grammar -?(0|[1-9][0-9]*)(\.[0-9]+)? exactly; anything else goes to exactTicks (the error).
  // One pass with charCodeAt, each character read once (c: the character's code less 48, so a
  // digit's value, and -2 for '.'); the first digit apart, so no test runs past the string's end.
  let i = from, neg = false;
  if (i >= to) return undefined;
  let c = v.charCodeAt(i) - 48;
  if (c === -3) { // '-'
    neg = true;
    if (++i >= to) return undefined;
    c = v.charCodeAt(i) - 48;
  }
  if (c < 0 || c > 9) return undefined;
  let t = c;
  if (++i < to && c === 0) {
    const d = v.charCodeAt(i) - 48;
    if (d >= 0 && d <= 9) return undefined; // a leading zero
  }
  for (; i < to; i++) {
    c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    t = t * 10 + c;
  }
  let frac = 0;
  if (i < to) {
    if (c !== -2) return undefined;
    const fracStart = ++i;
    for (; i < to; i++) {
      c = v.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return undefined;
      if (frac < decimals) { t = t * 10 + c; frac++; } else if (c !== 0) return undefined;
    }
    if (i === fracStart) return undefined; // "5."
  }
  if (t >= FAST_LIMIT) return undefined;
  t *= POW10_NUM[decimals - frac];
  if (t >= FAST_LIMIT) return undefined;
  return neg && t !== 0 ? -t : t;
}

/**
 * Parses a decimal to an integer number of ticks (`decimals` decimals), exactly.
 * Throws INVALID_NUMBER (NaN, Infinity, not a decimal), OFF_TICK (too many decimals) or
 * OVERFLOW (|ticks| >= 2^62). `detail` names the element and field for the error.
 */
export function toTicks(value: DecimalLike, decimals: number, detail: ErrorDetail = {}): bigint {
  const fast = fastTicks(value, decimals);
  return fast !== undefined ? BigInt(fast) : exactTicks(value, decimals, detail);
}

/** toTicks without the fast path: the general exact parser (and the reference the tests compare with). */
export function exactTicks(value: DecimalLike, decimals: number, detail: ErrorDetail): bigint {
  checkDecimalsArg(decimals, MAX_DECIMALS);
  const text = decimalText(value);
  if (text === undefined) {
    throw new GridclearError('INVALID_NUMBER', `${describe(detail)} must be a finite decimal, got ${show(value)}`, {
      ...detail, expected: 'a finite decimal', value,
    });
  }
  const m = DECIMAL.exec(text);
  if (!m) {
    throw new GridclearError('INVALID_NUMBER', `${describe(detail)} must be a decimal such as "12.50", got ${show(text)}`, {
      ...detail, expected: 'a decimal matching -?(0|[1-9][0-9]*)(.[0-9]+)?', value,
    });
  }
  const intPart = m[2];
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac.length > decimals) {
    throw new GridclearError('OFF_TICK', `${describe(detail)} ${text} has more than ${decimals} decimals`, {
      ...detail, expected: `at most ${decimals} decimals`, value,
    });
  }
  if (intPart.length > 40) {
    throw new GridclearError('OVERFLOW', `${describe(detail)} ${show(text)} does not fit in 62 bits of ticks`, { ...detail, value });
  }
  const ticks = BigInt(intPart + frac.padEnd(decimals, '0'));
  const signed = m[1] === '-' ? -ticks : ticks;
  if (ticks >= MAX_TICKS) {
    throw new GridclearError('OVERFLOW', `${describe(detail)} ${text} does not fit in 62 bits of ticks`, {
      ...detail, expected: `|value| < ${formatTicks(MAX_TICKS, decimals)}`, value,
    });
  }
  return signed === 0n ? 0n : signed;
}

/** The decimal grammar of market-case/1 revision 2: no exponent, no +, no leading zeros, no spaces. */
const DECIMAL = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

/** True when `text` matches the decimal grammar -?(0|[1-9][0-9]*)(\.[0-9]+)?. */
export function isDecimalText(text: unknown): text is string {
  return typeof text === 'string' && DECIMAL.test(text);
}

/** A decimals argument of a public function: an integer in [0, max], else INVALID_OPTION. */
function checkDecimalsArg(decimals: unknown, max: number): void {
  if (typeof decimals !== 'number' || !Number.isInteger(decimals) || decimals < 0 || decimals > max) {
    throw new GridclearError('INVALID_OPTION', `decimals must be an integer in [0, ${max}], got ${show(decimals)}`, {
      field: 'decimals', expected: `an integer in [0, ${max}]`, value: decimals,
    });
  }
}

/** A value as text for a message, whatever its JavaScript type (BigInt, symbols, cycles...). */
export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'symbol' || typeof v === 'function') return String(typeof v);
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = Object.prototype.toString.call(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Formats integer ticks as a decimal string with exactly `decimals` decimals ("-1.50"). */
export function formatTicks(ticks: bigint, decimals: number): string {
  if (typeof ticks !== 'bigint') {
    throw new GridclearError('INVALID_NUMBER', `ticks must be a bigint, got ${show(ticks)}`, { field: 'ticks', expected: 'a bigint', value: ticks });
  }
  if (!(decimals >= 0 && decimals <= MAX_FORMAT_DECIMALS && Number.isInteger(decimals))) checkDecimalsArg(decimals, MAX_FORMAT_DECIMALS);
  const neg = ticks < 0n;
  const abs = (neg ? -ticks : ticks).toString();
  if (decimals === 0) return (neg ? '-' : '') + abs;
  const padded = abs.padStart(decimals + 1, '0');
  const cut = padded.length - decimals;
  return `${neg ? '-' : ''}${padded.slice(0, cut)}.${padded.slice(cut)}`;
}

/** Rounds ticks from `from` decimals to `to` decimals, half away from zero (for imports only). */
export function roundTicks(ticks: bigint, from: number, to: number): bigint {
  if (to >= from) return ticks * POW10[to - from];
  const d = POW10[from - to];
  const q = ticks / d;
  const r = ticks % d;
  if ((r < 0n ? -r : r) * 2n >= d) return ticks < 0n ? q - 1n : q + 1n;
  return q;
}

/** 10^n as a bigint. */
export function pow10(n: number): bigint {
  return POW10[n] ?? 10n ** BigInt(n);
}

function describe(d: ErrorDetail): string {
  const who = d.id !== undefined ? ` of ${JSON.stringify(d.id)}` : d.index !== undefined ? ` of #${d.index}` : '';
  return `${d.field ?? 'value'}${who}`;
}
