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
/** Nodal clearing: the line rows passed NH_MAX_ROWS (the caller clears the market on the sparse path). */
export const STATUS_ROW_CAP: i32 = 8;
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
export const H_FILLS: i32 = 14;      // out i64[n] (may be left unwritten when H_VOLUME is 0: all zero)
export const H_PAYMENTS: i32 = 15;   // out i64[n] (likewise)
export const H_T_BUYER: i32 = 16;    // out i32[n]
export const H_T_SELLER: i32 = 17;   // out i32[n]
export const H_T_QTY: i32 = 18;      // out i64[n]
export const H_T_PRICE: i32 = 19;    // out i64[n] (may be left unwritten but for pay-as-bid: one price)
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
export const NH_MAX_ROWS: i32 = 25;    // line rows allowed (0: no cap); more end the call with STATUS_ROW_CAP
export const NH_SLOTS: i32 = 26;

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

// The continuous order book (assembly/book/layout.ts gives these their short names there). Config header
// (i64 slots written before bookInit; bookInit writes the BC_OUT_* slots), the per-book I/O header
// (one event in, its outcome out; batch columns), record sizes (the canonical little-endian records
// of docs/formats.md), note kinds, event kinds, time in force, status codes and error fields.
export const BC_CAPACITY: i32 = 0;      // resting orders the book can hold (slots)
export const BC_PRICE_FLOOR: i32 = 1;   // ticks
export const BC_PRICE_CAP: i32 = 2;     // ticks; cap - floor + 1 <= MAX_LEVELS
export const BC_QTY_MAX: i32 = 3;       // largest quantity of one order, ticks
export const BC_BUSES: i32 = 4;         // 0: no network (every order at bus 0)
export const BC_LINES: i32 = 5;
export const BC_QTY_SCALE: i32 = 6;     // 10^quantityDecimals (ticks per MW)
export const BC_PTDF: i32 = 7;          // f64[buses * lines], bus-major: PTDF of line l for bus b at b*lines+l
export const BC_LINE_MIN: i32 = 8;      // f64[lines] MW
export const BC_LINE_MAX: i32 = 9;      // f64[lines] MW
export const BC_FLOW: i32 = 10;         // f64[lines] MW: the starting flows (updated in place)
export const BC_BUS_ISLAND: i32 = 11;   // i32[buses]
export const BC_BUS_ZONE: i32 = 12;     // i32[buses]
export const BC_FEES: i32 = 13;         // count of fee components
export const BC_FEE_TABLE: i32 = 14;    // FEE_BYTES per component (see FEE_*)
export const BC_TRADE_CAP: i32 = 15;    // trade records the output buffer holds
export const BC_SCRATCH_BYTES: i32 = 16;
export const BC_OUT_IO: i32 = 17;       // out: the I/O header
export const BC_OUT_TRADES: i32 = 18;   // out: TRADE_BYTES records
export const BC_OUT_NOTES: i32 = 19;    // out: NOTE_BYTES records (as many as trades)
export const BC_OUT_SCRATCH: i32 = 20;  // out: scratch for batch columns and snapshots
export const BC_OUT_DIGEST: i32 = 21;   // out: the running digest (32 bytes)
export const BC_HASH: i32 = 22;         // 1: chain the digest (default), 0: no digest (simulators)
export const BC_SLOTS: i32 = 23;
export const BREC_FEE_BYTES: i32 = 32;
export const BIO_E_KIND: i32 = 0;          // 0 limit, 1 market, 2 cancel, 3 modify
export const BIO_E_SIDE: i32 = 1;          // 0 buy, 1 sell
export const BIO_E_TIF: i32 = 2;           // 0 gtc, 1 gtt, 2 ioc, 3 fok
export const BIO_E_FLAGS: i32 = 3;         // modify: bit 0 new price, bit 1 new quantity
export const BIO_E_TIME: i32 = 4;
export const BIO_E_ID: i32 = 5;
export const BIO_E_PARTICIPANT: i32 = 6;
export const BIO_E_PRICE: i32 = 7;
export const BIO_E_QTY: i32 = 8;
export const BIO_E_EXPIRES: i32 = 9;
export const BIO_E_BUS: i32 = 10;
export const BIO_O_TRADES: i32 = 11;       // out: trade records written (from record 0)
export const BIO_O_NOTES: i32 = 12;        // out: note records written
export const BIO_O_SEQ: i32 = 13;          // out: sequence number of the last accepted event
export const BIO_O_RESTING: i32 = 14;      // out: quantity of the event's order left resting
export const BIO_O_KILLED: i32 = 15;       // out: quantity of the event's order cancelled unfilled (IOC/FOK/market)
export const BIO_O_LIVE: i32 = 16;         // out: resting orders
export const BIO_O_FIELD: i32 = 17;        // out: with an error status, the field at fault (FIELD_*)
export const BIO_B_COUNT: i32 = 18;        // batch: events in the columns
export const BIO_B_KIND: i32 = 19;         // u8[n]
export const BIO_B_SIDE: i32 = 20;         // u8[n]
export const BIO_B_TIF: i32 = 21;          // u8[n]
export const BIO_B_FLAGS: i32 = 22;        // u8[n]
export const BIO_B_TIME: i32 = 23;         // i64[n]
export const BIO_B_ID: i32 = 24;           // i64[n]
export const BIO_B_PARTICIPANT: i32 = 25;  // i32[n]
export const BIO_B_PRICE: i32 = 26;        // i64[n]
export const BIO_B_QTY: i32 = 27;          // i64[n]
export const BIO_B_EXPIRES: i32 = 28;      // i64[n]
export const BIO_B_BUS: i32 = 29;          // i32[n]
export const BIO_B_TRADE_END: i32 = 30;    // out i32[n]: trade records written after each event
export const BIO_B_NOTE_END: i32 = 31;     // out i32[n]
export const BIO_B_DIGESTS: i32 = 32;      // out u8[32 n] or 0: the digest after each event
export const BIO_B_DONE: i32 = 33;         // out: events processed
export const BIO_S_BYTES: i32 = 34;        // snapshot: bytes written / to read (at the scratch)
export const BIO_SLOTS: i32 = 35;
export const BREC_TRADE_BYTES: i32 = 56;
export const BREC_NOTE_BYTES: i32 = 32;
export const BREC_ORDER_BYTES: i32 = 48;
export const BREC_SNAP_HEADER_BYTES: i32 = 64;
export const BNOTE_BLOCKED: i32 = 1;    // a crossing resting order skipped: the grid blocks the pair
export const BNOTE_SELF_TRADE: i32 = 2; // a resting order of the same participant cancelled
export const BNOTE_EXPIRED: i32 = 3;    // a good-till-time order expired
export const BNOTE_KILLED: i32 = 4;     // the event's order: unfilled quantity cancelled
export const BKIND_LIMIT: i32 = 0;
export const BKIND_MARKET: i32 = 1;
export const BKIND_CANCEL: i32 = 2;
export const BKIND_MODIFY: i32 = 3;
export const BTIF_GTC: i32 = 0;
export const BTIF_GTT: i32 = 1;
export const BTIF_IOC: i32 = 2;
export const BTIF_FOK: i32 = 3;
export const BREC_MAX_LEVELS: i32 = 4194304;
export const STATUS_BOOK_FULL: i32 = 40;          // no free order slot: the caller grows the book and retries
export const STATUS_BOOK_OUTPUT_FULL: i32 = 41;   // batch: output buffers full, B_DONE events processed
export const STATUS_BOOK_UNKNOWN_ORDER: i32 = 42;
export const STATUS_BOOK_DUPLICATE_ID: i32 = 43;
export const STATUS_BOOK_PRICE_RANGE: i32 = 44;
export const STATUS_BOOK_QUANTITY: i32 = 45;
export const STATUS_BOOK_NOT_OWNER: i32 = 46;
export const STATUS_BOOK_TIME: i32 = 47;
export const STATUS_BOOK_BAD_FIELD: i32 = 48;     // kind, side, tif, flags, participant or expiry invalid (O_FIELD says which)
export const STATUS_BOOK_BUS: i32 = 49;
export const STATUS_BOOK_SNAPSHOT: i32 = 50;      // a snapshot that does not fit this book
export const BFIELD_KIND: i32 = 1;
export const BFIELD_SIDE: i32 = 2;
export const BFIELD_TIF: i32 = 3;
export const BFIELD_FLAGS: i32 = 4;
export const BFIELD_PARTICIPANT: i32 = 5;
export const BFIELD_EXPIRES: i32 = 6;
export const BFIELD_ID: i32 = 7;

// Header of one LP call (f64 slots: pointers and counts are exact; src/lp/solve.ts writes it,
// assembly/lp/entry.ts reads it). Infinite bounds are +-Infinity. Outputs go to the OUT columns.
export const LH_ROWS: i32 = 0;
export const LH_COLS: i32 = 1;
export const LH_NNZ: i32 = 2;
export const LH_COL_START: i32 = 3;  // i32[cols+1]
export const LH_COL_ROW: i32 = 4;    // i32[nnz]
export const LH_COL_VALUE: i32 = 5;  // f64[nnz] (scaled in place by the call)
export const LH_COL_LOWER: i32 = 6;  // f64[cols]
export const LH_COL_UPPER: i32 = 7;  // f64[cols]
export const LH_COL_COST: i32 = 8;   // f64[cols]
export const LH_ROW_LOWER: i32 = 9;  // f64[rows]
export const LH_ROW_UPPER: i32 = 10; // f64[rows]
export const LH_MAXIMIZE: i32 = 11;  // 1: maximize, 0: minimize
export const LH_MAX_ITER: i32 = 12;
export const LH_LU_CAP: i32 = 13;    // entries of each of the L and U files
export const LH_BASIS: i32 = 14;     // in/out i32[cols+rows]: LBASIS_* per column, then per row
export const LH_WARM: i32 = 15;      // 1: start from LH_BASIS, 0: from the logicals
export const LH_PERTURB: i32 = 16;   // 1: perturb costs against degeneracy (removed at the end)
export const LH_SCALE: i32 = 17;     // 1: scale rows and columns by powers of two
export const LH_OUT_X: i32 = 18;     // out f64[cols]
export const LH_OUT_ROW: i32 = 19;   // out f64[rows]: row activities
export const LH_OUT_ROW_DUAL: i32 = 20; // out f64[rows]: d objective / d row bound
export const LH_OUT_COL_DUAL: i32 = 21; // out f64[cols]: reduced costs, d objective / d column bound
export const LH_OUT_STATS: i32 = 22; // out f64[LS_SLOTS]
export const LH_MARKOWITZ: i32 = 23; // 1: Markowitz factorization (lu.ts factorKernel), 0: columns by count (left-looking)
export const LH_UPDATE: i32 = 24;    // 1: Forrest-Tomlin updates (lu.ts pushFT), 0: product form (eta columns)
export const LH_EDGE_WEIGHTS: i32 = 25; // dual steepest-edge weights of a warm start: 0 all 1, 1 exact (m BTRANs), 2 exact when first needed
// A resident engine's reload after appended rows or columns (src/lp/engine.ts): what the last
// solve's state carries over (docs/lp.md, "Appended rows and columns"); 0 in LH_CARRY_HEAD: nothing.
export const LH_CARRY_COLS: i32 = 26; // columns of the last solve's LP (the first ones of this LP)
export const LH_CARRY_ROWS: i32 = 27; // rows of the last solve's LP (the first ones of this LP)
export const LH_CARRY_SCALE: i32 = 28; // f64[carry cols + carry rows]: their scale factors, kept
export const LH_CARRY_HEAD: i32 = 29; // i32[rows]: the variable basic at each position (the new rows' logicals last)
export const LH_CARRY_WEIGHT: i32 = 30; // f64[rows]: dual steepest-edge weights by position (-1: unknown)
export const LH_SLOTS: i32 = 31;
// Statistics of one LP call (f64 slots of LH_OUT_STATS).
export const LS_ITERATIONS: i32 = 0;
export const LS_REFACTORS: i32 = 1;
export const LS_FLIPS: i32 = 2;          // bound flips taken by the ratio test
export const LS_PHASE1: i32 = 3;         // iterations spent reaching dual feasibility
export const LS_CLEANUPS: i32 = 4;       // rounds after removing the perturbation
export const LS_PEAK_FACTOR: i32 = 5;    // largest L + U entries of one factorization
export const LS_REPLACED: i32 = 6;       // dependent basis columns replaced by logicals
export const LS_FAILURE: i32 = 7;        // why a solve ended NUMERICAL (LFAIL_*), 0 otherwise
export const LS_SLOTS: i32 = 8;
// Causes of STATUS_NUMERICAL (LS_FAILURE).
export const LFAIL_RETRIES: i32 = 1;     // more than 50 refactorizations for a pivot mismatch
export const LFAIL_PIVOT: i32 = 2;       // a pivot below 1e-11 on fresh factors
export const LFAIL_PHASE1: i32 = 3;      // dual phase 1 found its boxed problem infeasible
export const LFAIL_CLEANUP: i32 = 4;     // the cleanup after the perturbation did not settle
export const LFAIL_CERTIFICATE: i32 = 5;  // no entering variable, but the row's Farkas certificate does not hold
// Variable status in LH_BASIS.
export const LBASIS_BASIC: i32 = 0;
export const LBASIS_LOWER: i32 = 1;
export const LBASIS_UPPER: i32 = 2;
export const LBASIS_ZERO: i32 = 3;
/** The LP has no optimum: its objective improves without bound. */
export const STATUS_UNBOUNDED: i32 = 8;
