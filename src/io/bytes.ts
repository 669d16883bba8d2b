// A growable UTF-8 byte buffer for writing large JSON texts (clearing results with one entry per
// order) without building a string per piece: JSON strings that need no escaping are copied as
// bytes, anything else goes through JSON.stringify and TextEncoder, so the output is byte for byte
// what JSON.stringify would give.

const encoder = new TextEncoder();
/** |ticks| below this are written from a double (ticks). */
const FAST_LIMIT = 1n << 50n;
/** Digits of one number, least significant first (decimals are at most 36: 2 x 18). */
const DIGITS = new Uint8Array(64);
const decoder = new TextDecoder();
/** The high 32-bit half of FAST_LIMIT (2^50 = 2^18 x 2^32). */
const FAST_HI = 1 << 18;
/** Whether typed arrays are little-endian here (every engine in use; else the BigInt path). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** UTF-8 bytes appended at the end; `bytes()` is the text so far, `text()` decodes it. */
export class ByteWriter {
  /** Keeps the instances' layout alive across full GCs: see ARCHITECTURE.md, "Per-call objects". */
  static readonly anchor = new ByteWriter(0);
  private buf: Uint8Array;
  private len = 0;

  constructor(capacity = 1 << 16) {
    this.buf = new Uint8Array(capacity);
  }

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** Appends any string as UTF-8. */
  raw(s: string): void {
    const n = s.length;
    this.room(3 * n); // UTF-8 takes at most three bytes per UTF-16 code unit
    if (n <= 32) { // short pieces (separators, numbers): copy ASCII directly, no view per call
      const b = this.buf;
      let w = this.len, i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c > 0x7f) break;
        b[w++] = c;
      }
      if (i === n) { this.len = w; return; }
    }
    const r = encoder.encodeInto(s, this.buf.subarray(this.len));
    this.len += r.written;
  }

  /** Appends bytes as they are (UTF-8 text written elsewhere). */
  append(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  /** Appends JSON.stringify(s): printable ASCII without '"' or '\' is copied between quotes directly. */
  json(s: string): void {
    const n = s.length;
    this.room(n + 2);
    const b = this.buf;
    let w = this.len;
    b[w++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) {
        this.raw(JSON.stringify(s)); // escapes, non-ASCII, lone surrogates: as JSON.stringify writes them
        return;
      }
      b[w++] = c;
    }
    b[w++] = 0x22;
    this.len = w;
  }

  /**
   * Appends JSON.stringify(formatTicks(ticks, decimals)) without building the string: the digits
   * of |ticks| < 2^50 come from a double (exact, and /10 cannot round across an integer there).
   */
  ticks(ticks: bigint, decimals: number, format: (t: bigint, d: number) => string): void {
    if (ticks >= FAST_LIMIT || ticks <= -FAST_LIMIT) { this.json(format(ticks, decimals)); return; }
    let v = Number(ticks);
    const neg = v < 0;
    if (neg) v = -v;
    let k = 0;
    const digits = DIGITS;
    do {
      const q = Math.floor(v / 10);
      digits[k++] = 48 + (v - q * 10);
      v = q;
    } while (v > 0 || k <= decimals);
    this.room(k + 4);
    const b = this.buf;
    let w = this.len;
    b[w++] = 0x22;
    if (neg) b[w++] = 0x2d;
    for (let j = k - 1; j >= 0; j--) {
      if (j === decimals - 1) b[w++] = 0x2e;
      b[w++] = digits[j];
    }
    b[w++] = 0x22;
    this.len = w;
  }

  /**
   * Appends the members of a map of tick values, `"key"<colon>"decimal"` each, separated by `sep`
   * (none before the first), in `order` (positions into keys and ticks; null: 0..n-1): byte for
   * byte `json(key)`, `raw(colon)`, `ticks(value)` per member, in one loop without a call per
   * piece (a result's fills: one member per order). `sep` and `colon` must be ASCII.
   */
  tickMembers(keys: readonly string[], ticks: BigInt64Array, decimals: number, order: ArrayLike<number> | null,
              sep: string, colon: string, format: (t: bigint, d: number) => string): void {
    const n = order ? order.length : keys.length;
    const digits = DIGITS;
    // each tick as two 32-bit halves: no BigInt per value (the fast path's |t| < 2^50: hi in [-2^18, 2^18))
    const half = LITTLE_ENDIAN ? new Int32Array(ticks.buffer, ticks.byteOffset, 2 * ticks.length) : undefined;
    for (let j = 0; j < n; j++) {
      const i = order ? order[j] : j;
      const key = keys[i];
      const kn = key.length;
      this.room(sep.length + colon.length + 3 * kn + 72);
      const b = this.buf;
      let w = this.len;
      if (j > 0) for (let c = 0; c < sep.length; c++) b[w++] = sep.charCodeAt(c);
      b[w++] = 0x22;
      let c = 0;
      for (; c < kn; c++) {
        const x = key.charCodeAt(c);
        if (x < 0x20 || x > 0x7e || x === 0x22 || x === 0x5c) break;
        b[w++] = x;
      }
      if (c < kn) { // escapes, non-ASCII: as json() writes them
        this.len = w - 1 - c;
        this.json(key);
        this.room(colon.length + 72);
        w = this.len;
      } else b[w++] = 0x22;
      const bb = this.buf;
      for (let c = 0; c < colon.length; c++) bb[w++] = colon.charCodeAt(c);
      const hi = half ? half[2 * i + 1] : 0;
      if (!half || hi >= FAST_HI || hi < -FAST_HI || (hi === -FAST_HI && half[2 * i] === 0)) {
        const t = ticks[i];
        if (t >= FAST_LIMIT || t <= -FAST_LIMIT) {
          this.len = w;
          this.json(format(t, decimals));
          continue;
        }
      }
      let v = half ? hi * 4294967296 + (half[2 * i] >>> 0) : Number(ticks[i]);
      const neg = v < 0;
      if (neg) v = -v;
      let k = 0;
      do {
        const q = Math.floor(v / 10);
        digits[k++] = 48 + (v - q * 10);
        v = q;
      } while (v > 0 || k <= decimals);
      bb[w++] = 0x22;
      if (neg) bb[w++] = 0x2d;
      for (let d = k - 1; d >= 0; d--) {
        if (d === decimals - 1) bb[w++] = 0x2e;
        bb[w++] = digits[d];
      }
      bb[w++] = 0x22;
      this.len = w;
    }
  }

  /** The bytes written so far (a view: valid until the next write). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }

  /** The text written so far. */
  text(): string {
    return decoder.decode(this.bytes());
  }
}
