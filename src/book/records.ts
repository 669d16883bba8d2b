// Decoding the core's trade and note records (canonical little-endian layouts of docs/formats.md).
import * as L from './layout.js';
import type { BookNote, BookTrade, TradeColumns } from './types.js';

const NOTE_KINDS: BookNote['kind'][] = ['blocked', 'blocked', 'self-trade', 'expired', 'killed'];

function num(v: Int32Array, w: number): number {
  return (v[2 * w] >>> 0) + v[2 * w + 1] * 4294967296;
}

/** Trade records at `ptr` as objects. */
export function readTrades(buf: ArrayBuffer, ptr: number, n: number): BookTrade[] {
  if (n === 0) return [];
  const v = new Int32Array(buf, ptr, n * 14), b = new BigInt64Array(buf, ptr, n * 7);
  const out: BookTrade[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const w = 7 * k;
    out[k] = {
      buyId: num(v, w), sellId: num(v, w + 1), priceTicks: b[w + 2], quantityTicks: b[w + 3], feeTicks: b[w + 4],
      buyer: v[2 * w + 10], seller: v[2 * w + 11], buyBus: v[2 * w + 12], sellBus: v[2 * w + 13],
    };
  }
  return out;
}

/** Note records at `ptr` as objects. */
export function readNotes(buf: ArrayBuffer, ptr: number, n: number): BookNote[] {
  if (n === 0) return [];
  const v = new Int32Array(buf, ptr, n * 8);
  const out: BookNote[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const w = 4 * k;
    out[k] = { kind: NOTE_KINDS[v[2 * w]], line: v[2 * w + 1], id: num(v, w + 1), quantityTicks: BigInt(num(v, w + 2)), by: num(v, w + 3) };
  }
  return out;
}

/** Note records of a byte array (a batch's notes) as objects. */
export function notesOf(bytes: Uint8Array): BookNote[] {
  const copy = bytes.slice();
  return readNotes(copy.buffer, 0, copy.length / L.NOTE_BYTES);
}

/** `n` trade records at `ptr` of `buf` (the core's memory) as columns, read straight from it. */
export function readTradeColumns(buf: ArrayBuffer, ptr: number, n: number): TradeColumns {
  const src = new Int32Array(buf, ptr, n * 14);
  const col64 = () => new BigInt64Array(n);
  const cols: TradeColumns = {
    length: n, buyId: col64(), sellId: col64(), priceTicks: col64(), quantityTicks: col64(), feeTicks: col64(),
    buyer: new Int32Array(n), seller: new Int32Array(n), buyBus: new Int32Array(n), sellBus: new Int32Array(n),
  };
  // one pass, each field by name (a loop over an array of columns runs several times slower)
  const bi = new Int32Array(cols.buyId.buffer), si = new Int32Array(cols.sellId.buffer), pr = new Int32Array(cols.priceTicks.buffer);
  const qt = new Int32Array(cols.quantityTicks.buffer), fe = new Int32Array(cols.feeTicks.buffer);
  const { buyer, seller, buyBus, sellBus } = cols;
  for (let k = 0, s = 0, d = 0; k < n; k++, s += 14, d += 2) {
    bi[d] = src[s]; bi[d + 1] = src[s + 1]; si[d] = src[s + 2]; si[d + 1] = src[s + 3];
    pr[d] = src[s + 4]; pr[d + 1] = src[s + 5]; qt[d] = src[s + 6]; qt[d + 1] = src[s + 7];
    fe[d] = src[s + 8]; fe[d + 1] = src[s + 9];
    buyer[k] = src[s + 10]; seller[k] = src[s + 11]; buyBus[k] = src[s + 12]; sellBus[k] = src[s + 13];
  }
  return cols;
}

/** The columns of several batch chunks as one (the only one without copying when there is one). */
export function concatTradeColumns(parts: TradeColumns[]): TradeColumns {
  if (parts.length === 1) return parts[0];
  const n = parts.reduce((s, p) => s + p.length, 0);
  const cat = <T extends BigInt64Array | Int32Array>(get: (p: TradeColumns) => T, make: (n: number) => T): T => {
    const out = make(n);
    let o = 0;
    for (const p of parts) { out.set(get(p) as never, o); o += p.length; }
    return out;
  };
  const b64 = (n: number) => new BigInt64Array(n), i32 = (n: number) => new Int32Array(n);
  return {
    length: n, buyId: cat((p) => p.buyId, b64), sellId: cat((p) => p.sellId, b64), priceTicks: cat((p) => p.priceTicks, b64),
    quantityTicks: cat((p) => p.quantityTicks, b64), feeTicks: cat((p) => p.feeTicks, b64), buyer: cat((p) => p.buyer, i32),
    seller: cat((p) => p.seller, i32), buyBus: cat((p) => p.buyBus, i32), sellBus: cat((p) => p.sellBus, i32),
  };
}
