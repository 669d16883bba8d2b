// Header of one auction call: i64 slots written by src/auction/encode.ts (keep the two in step).
// Inputs are pointers/counts/ticks; outputs are written back into the same header by the core.
export const H_N: i32 = 0;
export const H_SIDE: i32 = 1;        // u8[n]: 0 buy, 1 sell
export const H_PRICE: i32 = 2;       // i64[n] price ticks
export const H_QTY: i32 = 3;         // i64[n] quantity ticks
export const H_SEQ: i32 = 4;         // i64[n] sequence, or 0 = absent
export const H_ID_OFF: i32 = 5;      // i32[n+1] offsets into the id chars, or 0 = no ids
export const H_ID_CHARS: i32 = 6;    // u16[] UTF-16 code units of the ids
export const H_CAP: i32 = 7;
export const H_FLOOR: i32 = 8;
export const H_MECH: i32 = 9;        // 0 uniform, 1 pay-as-bid, 2 trade reduction
export const H_TIE: i32 = 10;        // 0 pro rata, 1 time priority
export const H_PAB: i32 = 11;        // 0 bid, 1 ask, 2 midpoint
export const H_K_NUM: i32 = 12;
export const H_K_DEN: i32 = 13;
export const H_FILLS: i32 = 14;      // out i64[n]
export const H_PAYMENTS: i32 = 15;   // out i64[n]
export const H_T_BUYER: i32 = 16;    // out i32[n]
export const H_T_SELLER: i32 = 17;   // out i32[n]
export const H_T_QTY: i32 = 18;      // out i64[n]
export const H_T_PRICE: i32 = 19;    // out i64[n]
export const H_SCRATCH: i32 = 20;    // scratch: idx i32[m] (m = n rounded up to even)
export const H_BAD_INDEX: i32 = 21;  // out: the order a status code is about (-1: none)
export const H_HAS_PRICE: i32 = 22;  // out: 1 when H_PRICE_OUT holds a uniform price
export const H_PRICE_OUT: i32 = 23;
export const H_LOW: i32 = 24;
export const H_HIGH: i32 = 25;
export const H_HAS_SIDE_PRICES: i32 = 26; // out: 1 when buy/sell prices are set
export const H_BUY_PRICE: i32 = 27;
export const H_SELL_PRICE: i32 = 28;
export const H_VOLUME: i32 = 29;
export const H_WELFARE: i32 = 30;
export const H_BUYERS_PAY: i32 = 31;
export const H_SELLERS_RECEIVE: i32 = 32;
export const H_SURPLUS: i32 = 33;
export const H_N_TRADES: i32 = 34;
// More scratch (the runtime caps one allocation at 1 GiB, so the scratch comes in pieces):
export const H_S_TMP: i32 = 35;      // i32[m]
export const H_S_WIDE: i32 = 36;     // keyA u64[m] | keyB u64[m] | sorted price i64[m] | sorted qty i64[m]
export const H_S_HIST: i32 = 37;     // HIST_BYTES
export const H_S_POS: i32 = 38;      // i32[m]
export const H_S_FILL: i32 = 39;     // i64[m] fills by position
export const H_S_PAY: i32 = 40;      // i64[m] payments by position
export const H_WANT_TRADES: i32 = 41; // 1: build the list of trades (T_* columns); 0: skip it
export const H_SLOTS: i32 = 42;

export const MECH_UNIFORM: i32 = 0;
export const MECH_PAY_AS_BID: i32 = 1;
export const MECH_TRADE_REDUCTION: i32 = 2;
export const PAB_BID: i32 = 0;
export const PAB_ASK: i32 = 1;
export const PAB_MID: i32 = 2;
/** Histogram of one 16-bit radix digit. */
export const HIST_BYTES: i32 = 1 << 18;
