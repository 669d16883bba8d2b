// The orders array of a market-case/1 text read by the Wasm core (assembly/auction/scan.ts): what
// src/io/scan.ts scanOrders returns, and the ticks of every price and quantity, for the `gridclear`
// command, which installs it with useOrdersScanner. A process that clears one file runs
// scanOrders' loops once, mostly before they are compiled; the core's are compiled code from the
// first byte on.
import type { OrdersScanner } from '../io/scan.js';
import { withArena } from '../wasm/engine.js';
import { rememberAsciiKeys } from './text.js';

/** Below this many characters after the array's start JavaScript reads it (a call costs more). */
export const MIN_CHARS = 1 << 16;
/** Every order object the core takes has more characters than this (`{"id":"","side":"buy",...}`). */
const MIN_ORDER_CHARS = 32;

const encoder = new TextEncoder();
const latin1 = new TextDecoder('latin1');

/** An OrdersScanner on the Wasm core; undefined for short or non-ASCII texts and whatever the core does not take. */
export const coreScanOrders: OrdersScanner = (text, pos, pd, qd) => {
  const len = text.length;
  if (len - pos < MIN_CHARS) return undefined;
  const maxN = Math.floor((len - pos) / MIN_ORDER_CHARS) + 1;
  const sizes = [len, len, 4 * (maxN + 1), maxN, 16 * maxN, 8 * maxN, 8 * maxN, 16];
  return withArena((arena) => {
    arena.reserve(sizes.reduce((a, b) => a + b, 0), sizes.length);
    const [tp, idp, offp, sp, atp, pp, qp, outp] = sizes.map((b) => arena.alloc(b) >>> 0);
    // ASCII only: then byte positions are the string's positions
    const r = encoder.encodeInto(text, arena.u8(tp, len));
    if (r.read !== len || r.written !== len) return undefined;
    const scan = arena.ex.scanOrderArray as (...a: number[]) => number;
    const n = scan(tp, len, pos, maxN, idp, offp, sp, atp, pd, qd, pp, qp, outp);
    if (n < 0) return undefined;
    const [end, idBytes, ticksOk] = arena.i32(outp, 3);
    // the ids' bytes with '"' between them (no id holds one): one decode and one split
    const ids = n === 0 ? [] : latin1.decode(arena.u8(idp, idBytes)).split('"');
    // the result writer's keys (text.ts): the same bytes, not encoded again
    if (n > 0) rememberAsciiKeys(ids, arena.u8(idp, idBytes).slice(), arena.i32(offp, n + 1).slice());
    const ticks = ticksOk === 1 ? { priceDecimals: pd, quantityDecimals: qd, price: arena.f64(pp, n).slice(), qty: arena.f64(qp, n).slice() } : undefined;
    return { end, ids, idChars: idBytes - Math.max(0, n - 1), side: arena.u8(sp, n).slice(), at: arena.i32(atp, 4 * n).slice(), bus: [], ticks };
  });
};
