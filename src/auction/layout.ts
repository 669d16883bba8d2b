// The i64 header slots of one auction call: declared in assembly/abi.ts, generated into TypeScript.
import { H as G } from '../wasm/abi.generated.js';

export const H = G;
export const H_SLOTS = G.SLOTS;
/** Slots of the core's scratch pieces, in the order of `scratchPieces`. */
export const SCRATCH_SLOTS = [H.SCRATCH, H.S_TMP, H.S_WIDE, H.S_HIST, H.S_POS, H.S_FILL, H.S_PAY];
/**
 * Bytes of the core's scratch pieces for n orders (assembly/auction/entry.ts auctionScratchBytes);
 * the last has 16 bytes of slack, read (never used) by the pairing's lookahead (merit.ts pairInKey).
 */
export function scratchPieces(n: number): number[] {
  const m = n + (n & 1);
  return [4 * m, 4 * m, 32 * m, 1 << 18, 4 * m, 8 * m, 8 * m + 16];
}
