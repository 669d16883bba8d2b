// Typed-array columns carved from one ArrayBuffer: each ArrayBuffer of more than 64 bytes costs
// V8 a backing-store allocation (microseconds, about as much as a thousand Map lookups), so a call
// that needs many temporary columns allocates once. Only for columns that stay internal: a
// result's arrays each get their own buffer (a user may take `.buffer`).

/** Bytes of a column of `n` elements of `size` bytes, rounded up to 8 (every column stays 8-aligned). */
export function slabBytes(n: number, size: number): number {
  return (n * size + 7) & ~7;
}

/** One ArrayBuffer handed out as consecutive 8-aligned columns (zeroed, as fresh typed arrays are). */
export class Slab {
  /** Keeps the instances' layout alive across full GCs: see ARCHITECTURE.md, "Per-call objects". */
  static readonly anchor = new Slab(0);
  private readonly buf: ArrayBuffer;
  private off = 0;
  /** `bytes`: the sum of slabBytes of every column that will be taken. */
  constructor(bytes: number) {
    this.buf = new ArrayBuffer(bytes);
  }
  private take(n: number, size: number): number {
    const at = this.off;
    this.off += slabBytes(n, size);
    return at;
  }
  f64(n: number): Float64Array { return new Float64Array(this.buf, this.take(n, 8), n); }
  i32(n: number): Int32Array { return new Int32Array(this.buf, this.take(n, 4), n); }
  u8(n: number): Uint8Array { return new Uint8Array(this.buf, this.take(n, 1), n); }
  i64(n: number): BigInt64Array { return new BigInt64Array(this.buf, this.take(n, 8), n); }
}
