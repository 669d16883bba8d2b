// The Wasm boundary, declared once: ABI version, status codes, the header slots of every entry
// point and the statistics slots. scripts/build-wasm.mjs reads every `export const NAME: i32 = N;`
// line of this file, writes the TypeScript copy (src/wasm/abi.generated.ts, grouped by the prefix
// before the first underscore: H_N -> H.N) and stamps a hash of the list into the module (custom
// section "gridclear.layout"), which src/wasm/engine.ts checks at load. Values are integer literals.

/** ABI version stamped into the module. Bump on any change of meaning that keeps the layout. */
export const ABI_VERSION: i32 = 3;

// Status codes returned by every entry point.
export const STATUS_OK: i32 = 0;
export const STATUS_OVERFLOW: i32 = 1;
export const STATUS_BAD_INPUT: i32 = 2;
export const STATUS_OUT_OF_MEMORY: i32 = 3;
export const STATUS_INFEASIBLE: i32 = 4;
export const STATUS_SINGULAR: i32 = 5;
export const STATUS_ITERATION_LIMIT: i32 = 6;
/** The LP basis became numerically unusable (tiny pivot after a fresh factorization). */
export const STATUS_NUMERICAL: i32 = 7;
// Call auction input errors (the failing order's index is reported beside the code).
export const STATUS_NON_POSITIVE_QUANTITY: i32 = 16;
export const STATUS_PRICE_OUT_OF_RANGE: i32 = 17;
export const STATUS_UNKNOWN_SIDE: i32 = 18;
export const STATUS_EMPTY_MARKET: i32 = 19;
export const STATUS_DUPLICATE_ID: i32 = 20;
// Nodal clearing: the LP's balance drifted beyond what rounding the fractional fills can absorb.
export const STATUS_ROUNDING: i32 = 24;

// Header of one auction call (i64 slots, src/auction/encode.ts). Inputs are pointers, counts and
// ticks; outputs are written back into the same header by the core.
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
/** Histogram of one 16-bit radix digit (1 << 18 bytes). */
export const HIST_BYTES: i32 = 262144;

// Header of one nodal call (i32 slots, src/nodal/encode.ts; read by assembly/nodal/entry.ts).
export const NH_BUSES: i32 = 0;
export const NH_LINES: i32 = 1;
export const NH_ORDERS: i32 = 2;
export const NH_ISLANDS: i32 = 3;
export const NH_BUS_ISLAND: i32 = 4;   // i32[nB]
export const NH_BUS_IS_REF: i32 = 5;   // i32[nB]
export const NH_BUS_FIXED: i32 = 6;    // f64[nB] quantity ticks
export const NH_LINE_FROM: i32 = 7;    // i32[nL]
export const NH_LINE_TO: i32 = 8;      // i32[nL]
export const NH_LINE_X: i32 = 9;       // f64[nL] per unit
export const NH_LINE_SHIFT: i32 = 10;  // f64[nL] radians
export const NH_LINE_MIN: i32 = 11;    // f64[nL] ticks (-inf allowed)
export const NH_LINE_MAX: i32 = 12;    // f64[nL] ticks (+inf allowed)
export const NH_ORDER_BUS: i32 = 13;   // i32[nO]
export const NH_ORDER_SIDE: i32 = 14;  // i32[nO]: +1 sell, -1 buy
export const NH_ORDER_PRICE: i32 = 15; // f64[nO] ticks
export const NH_ORDER_QTY: i32 = 16;   // f64[nO] ticks
export const NH_OUT_FILL: i32 = 17;    // out i64[nO]
export const NH_OUT_PRICE: i32 = 18;   // out f64[nB]
export const NH_OUT_DUAL: i32 = 19;    // out f64[nL]
export const NH_OUT_FLOW: i32 = 20;    // out f64[nL]
export const NH_OUT_STATS: i32 = 21;   // out f64[NS_SLOTS]
export const NH_MAX_ITER: i32 = 22;
export const NH_MAX_ADD: i32 = 23;     // lines added per round
export const NH_FACTOR: i32 = 24;      // a GridFactor loaded by TypeScript, or 0
export const NH_SLOTS: i32 = 25;

// Statistics of one nodal call (f64 slots of NH_OUT_STATS).
export const NS_ITERATIONS: i32 = 0;
export const NS_ACTIVE_LINES: i32 = 1;  // line rows at the end
export const NS_BINDING: i32 = 2;       // lines with a nonzero dual
export const NS_ROUNDS: i32 = 3;
export const NS_OBJECTIVE: i32 = 4;     // LP objective (ticks x ticks)
export const NS_INFEASIBLE_KIND: i32 = 5; // 1 island balance, 2 line
export const NS_INFEASIBLE_INDEX: i32 = 6; // island or line
export const NS_INFEASIBLE_AMOUNT: i32 = 7; // quantity ticks
export const NS_ROUNDING_SHIFT: i32 = 8;  // largest flow change by rounding (ticks)
export const NS_REFACTORS: i32 = 9;
export const NS_ROWS_DROPPED: i32 = 10;
export const NS_PEAK_ROWS: i32 = 11;
export const NS_SLOTS: i32 = 16;

// Byte offsets of the GridFactor header (assembly/grid/factor.ts; checked by gridHeaderLayout).
export const G_BASE_MVA: i32 = 0;
export const G_N_BUS: i32 = 8;
export const G_N_LINE: i32 = 12;
export const G_M: i32 = 16;
export const G_NNZ_L: i32 = 20;
export const G_BUS_POS: i32 = 24;
export const G_POS_BUS: i32 = 28;
export const G_LP: i32 = 32;
export const G_LI: i32 = 36;
export const G_LX: i32 = 40;
export const G_D: i32 = 44;
export const G_LINE_FROM: i32 = 48;
export const G_LINE_TO: i32 = 52;
export const G_LINE_X: i32 = 56;
export const G_LINE_SHIFT: i32 = 60;
export const G_WORK: i32 = 64;
export const G_SIZE: i32 = 68;
