// Mirror of assembly/auction/layout.ts: the i64 header slots of one auction call. Keep in step.
export const H = {
  N: 0, SIDE: 1, PRICE: 2, QTY: 3, SEQ: 4, ID_OFF: 5, ID_CHARS: 6, CAP: 7, FLOOR: 8,
  MECH: 9, TIE: 10, PAB: 11, K_NUM: 12, K_DEN: 13,
  FILLS: 14, PAYMENTS: 15, T_BUYER: 16, T_SELLER: 17, T_QTY: 18, T_PRICE: 19, SCRATCH: 20,
  BAD_INDEX: 21, HAS_PRICE: 22, PRICE_OUT: 23, LOW: 24, HIGH: 25, HAS_SIDE_PRICES: 26,
  BUY_PRICE: 27, SELL_PRICE: 28, VOLUME: 29, WELFARE: 30, BUYERS_PAY: 31, SELLERS_RECEIVE: 32,
  SURPLUS: 33, N_TRADES: 34,
  S_TMP: 35, S_WIDE: 36, S_HIST: 37, S_POS: 38, S_FILL: 39, S_PAY: 40, WANT_TRADES: 41,
} as const;
export const H_SLOTS = 42;
/** Slots of the core's scratch pieces, in the order of `scratchPieces`. */
export const SCRATCH_SLOTS = [H.SCRATCH, H.S_TMP, H.S_WIDE, H.S_HIST, H.S_POS, H.S_FILL, H.S_PAY];
/** Bytes of the core's scratch pieces for n orders (assembly/auction/entry.ts auctionScratchBytes). */
export function scratchPieces(n: number): number[] {
  const m = n + (n & 1);
  return [4 * m, 4 * m, 32 * m, 1 << 18, 4 * m, 8 * m, 8 * m];
}
