// BigInt64Array entries read and written as their two i32 halves (no bigint per entry), for
// integers within +-2^53: the order columns (normalize.ts), rounded fills (round.ts) and their
// readers (start.ts, outcome.ts).

/** Index of the low half of an i64 within its pair of i32 (0 on little-endian platforms). */
export const LO = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 0 : 1;

/** The i32 halves over a BigInt64Array's entries (entry i at 2i, 2i + 1). */
export const halvesOf = (a: BigInt64Array): Int32Array => new Int32Array(a.buffer, a.byteOffset, 2 * a.length);

/** Writes the integer v (|v| <= 2^53) as entry i. */
export function setI64(halves: Int32Array, i: number, v: number): void {
  if (v >= -2147483648 && v < 2147483648) { halves[2 * i + LO] = v | 0; halves[2 * i + 1 - LO] = v < 0 ? -1 : 0; return; }
  const top = Math.floor(v / 4294967296);
  halves[2 * i + LO] = (v - top * 4294967296) | 0; halves[2 * i + 1 - LO] = top | 0;
}

/** Entry i as a number (exact when it lies within +-2^53). */
export const getI64 = (halves: Int32Array, i: number): number => halves[2 * i + 1 - LO] * 4294967296 + (halves[2 * i + LO] >>> 0);
