// The object path of the call auction: a validated BasicMarket (src/model normalizeMarket) written
// into the core's columns in one pass, with no Decimal or BigInt per common order.
import type { BasicMarket } from '../model/normalize.js';
import type { Arena } from '../wasm/engine.js';
import type { InputPtrs } from './encode.js';
import type { TickMarket } from './types.js';

const TWO32 = 4294967296;

/** The market's ticks and bounds as the core takes them. */
export function tickMarketOf(m: BasicMarket): TickMarket {
  return { priceDecimals: m.priceDecimals, quantityDecimals: m.quantityDecimals, priceCapTicks: m.priceCapTicks, priceFloorTicks: m.priceFloorTicks };
}

/** Writes exact f64 ticks into an i64 column seen as Int32 pairs (no bigint per value). */
function putColumn(w32: Int32Array, v: Float64Array): void {
  for (let i = 0; i < v.length; i++) {
    const t = v[i];
    w32[2 * i] = t >>> 0;
    w32[2 * i + 1] = Math.floor(t / TWO32);
  }
}

/** Writes the order columns (side, price, quantity, sequence, id code units) of a BasicMarket. */
export function writeOrders(m: BasicMarket, arena: Arena, p: InputPtrs): void {
  const n = m.orderIds.length, buf = arena.buffer;
  new Uint8Array(buf, p.side, n).set(m.side);
  if (m.bigPrice) {
    new BigInt64Array(buf, p.price, n).set(m.bigPrice);
    new BigInt64Array(buf, p.qty, n).set(m.bigQty!);
  } else {
    putColumn(new Int32Array(buf, p.price, 2 * n), m.price);
    putColumn(new Int32Array(buf, p.qty, 2 * n), m.qty);
  }
  if (p.seq && m.sequence) new BigInt64Array(buf, p.seq, n).set(m.sequence);
  const off = new Int32Array(buf, p.idOff, n + 1);
  const chars = new Uint16Array(buf, p.idChars, m.idChars);
  const ids = m.orderIds;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const id = ids[i];
    off[i] = c;
    for (let k = 0; k < id.length; k++) chars[c++] = id.charCodeAt(k);
  }
  off[n] = c;
}
