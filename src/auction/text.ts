// The members of a result's map of ticks (its fills) written by the Wasm core (assembly/auction/
// text.ts): byte for byte what ByteWriter.tickMembers writes, for the `gridclear` command, which
// installs it with useTickMembersWriter (src/io/result.ts). A process that clears one file runs
// each JavaScript loop once, mostly before it is compiled; the core's loop is compiled code from
// the first member on.
import type { ByteWriter } from '../io/bytes.js';
import { withArena } from '../wasm/engine.js';

/** Below this many members JavaScript writes them (a call into the core costs more). */
export const MIN_MEMBERS = 1024;

const encoder = new TextEncoder();

/**
 * The keys as ASCII bytes and offsets (id i: bytes[off[i] .. off[i + 1] - gap), gap the bytes
 * between two keys), or null when one is not ASCII.
 */
interface AsciiKeys { bytes: Uint8Array; off: Int32Array; gap: number }

/**
 * Encoded once per keys array: a result's fills are written twice (the digest, then the file),
 * and the ids of a file read by the core scanner come with their bytes (rememberAsciiKeys).
 */
const encoded = new WeakMap<readonly string[], AsciiKeys | null>();

/**
 * Records the ASCII bytes of `keys` as the core scanner read them (textScan.ts: the ids with one
 * '"' between two, id i from off[i], off[n] one past the '"' that would follow the last), so that
 * writing a result keyed by them encodes nothing again.
 */
export function rememberAsciiKeys(keys: readonly string[], bytes: Uint8Array, off: Int32Array): void {
  encoded.set(keys, { bytes, off, gap: 1 });
}

function asciiKeys(keys: readonly string[]): AsciiKeys | null {
  let e = encoded.get(keys);
  if (e !== undefined) return e;
  const joined = keys.join('');
  const bytes = encoder.encode(joined);
  if (bytes.length !== joined.length) e = null; // a code unit above 0x7F: JavaScript writes them
  else {
    const off = new Int32Array(keys.length + 1);
    let c = 0;
    for (let i = 0; i < keys.length; i++) { off[i] = c; c += keys[i].length; }
    off[keys.length] = c;
    e = { bytes, off, gap: 0 };
  }
  encoded.set(keys, e);
  return e;
}

/** A TickMembersWriter (src/io/result.ts) on the Wasm core; false for small maps and keys it does not take. */
export function coreTickMembers(keys: readonly string[], ticks: BigInt64Array, decimals: number,
                                order: ArrayLike<number> | null, sep: string, colon: string, out: ByteWriter): boolean {
  const n = order ? order.length : keys.length;
  if (n < MIN_MEMBERS || ticks.length !== keys.length || n !== keys.length) return false;
  const ids = asciiKeys(keys);
  if (!ids) return false;
  const sepBytes = encoder.encode(sep), colonBytes = encoder.encode(colon);
  // per member: separator, colon, 4 quotes, sign, point, digits (at most 20, or decimals + 1)
  const most = ids.bytes.length + n * (sepBytes.length + colonBytes.length + 6 + Math.max(20, decimals + 1));
  const sizes = [ids.bytes.length, 4 * (n + 1), 8 * n, order ? 4 * n : 0, sepBytes.length, colonBytes.length, most];
  return withArena((arena) => {
    arena.reserve(sizes.reduce((a, b) => a + b, 0), sizes.length);
    const [idp, offp, tp, op, sp, cp, outp] = sizes.map((b) => (b > 0 ? arena.alloc(b) >>> 0 : 0));
    arena.u8(idp, ids.bytes.length).set(ids.bytes);
    arena.i32(offp, n + 1).set(ids.off);
    arena.i64(tp, n).set(ticks);
    if (order) arena.i32(op, n).set(order);
    arena.u8(sp, sepBytes.length).set(sepBytes);
    arena.u8(cp, colonBytes.length).set(colonBytes);
    const write = arena.ex.tickMembersText as (...a: number[]) => number;
    const len = write(idp, offp, ids.gap, tp, op, n, decimals, sp, sepBytes.length, cp, colonBytes.length, outp);
    if (len < 0) return false; // a key that needs escaping
    out.append(arena.u8(outp, len));
    return true;
  });
}
