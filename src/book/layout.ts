// Mirror of assembly/book/layout.ts (keep the two in step): header slots, record sizes, status codes.

// Config header (written by TypeScript before bookInit; bookInit writes the C_OUT_* slots).
export const C_CAPACITY = 0;      // resting orders the book can hold (slots)
export const C_PRICE_FLOOR = 1;   // ticks
export const C_PRICE_CAP = 2;     // ticks; cap - floor + 1 <= MAX_LEVELS
export const C_QTY_MAX = 3;       // largest quantity of one order, ticks
export const C_BUSES = 4;         // 0: no network (every order at bus 0)
export const C_LINES = 5;
export const C_QTY_SCALE = 6;     // 10^quantityDecimals (ticks per MW)
export const C_PTDF = 7;          // f64[buses * lines], bus-major: PTDF of line l for bus b at b*lines+l
export const C_LINE_MIN = 8;      // f64[lines] MW
export const C_LINE_MAX = 9;      // f64[lines] MW
export const C_FLOW = 10;         // f64[lines] MW: the starting flows (updated in place)
export const C_BUS_ISLAND = 11;   // i32[buses]
export const C_BUS_ZONE = 12;     // i32[buses]
export const C_FEES = 13;         // count of fee components
export const C_FEE_TABLE = 14;    // FEE_BYTES per component (see FEE_*)
export const C_TRADE_CAP = 15;    // trade records the output buffer holds
export const C_SCRATCH_BYTES = 16;
export const C_OUT_IO = 17;       // out: the I/O header
export const C_OUT_TRADES = 18;   // out: TRADE_BYTES records
export const C_OUT_NOTES = 19;    // out: NOTE_BYTES records (as many as trades)
export const C_OUT_SCRATCH = 20;  // out: scratch for batch columns and snapshots
export const C_OUT_DIGEST = 21;   // out: the running digest (32 bytes)
export const C_SLOTS = 22;

// Fee component: const ticks per unit i64 | ppm of |price| i64 | ticks per unit per unit of
// electrical distance f64 | seller zone i32 (-1 any) | buyer zone i32 (-1 any).
export const FEE_BYTES = 32;

// I/O header: one event in, its outcome out; batch columns.
export const E_KIND = 0;          // 0 limit, 1 market, 2 cancel, 3 modify
export const E_SIDE = 1;          // 0 buy, 1 sell
export const E_TIF = 2;           // 0 gtc, 1 gtt, 2 ioc, 3 fok
export const E_FLAGS = 3;         // modify: bit 0 new price, bit 1 new quantity
export const E_TIME = 4;
export const E_ID = 5;
export const E_PARTICIPANT = 6;
export const E_PRICE = 7;
export const E_QTY = 8;
export const E_EXPIRES = 9;
export const E_BUS = 10;
export const O_TRADES = 11;       // out: trade records written (from record 0)
export const O_NOTES = 12;        // out: note records written
export const O_SEQ = 13;          // out: sequence number of the last accepted event
export const O_RESTING = 14;      // out: quantity of the event's order left resting
export const O_KILLED = 15;       // out: quantity of the event's order cancelled unfilled (IOC/FOK/market)
export const O_LIVE = 16;         // out: resting orders
export const O_FIELD = 17;        // out: with an error status, the field at fault (FIELD_*)
export const B_COUNT = 18;        // batch: events in the columns
export const B_KIND = 19;         // u8[n]
export const B_SIDE = 20;         // u8[n]
export const B_TIF = 21;          // u8[n]
export const B_FLAGS = 22;        // u8[n]
export const B_TIME = 23;         // i64[n]
export const B_ID = 24;           // i64[n]
export const B_PARTICIPANT = 25;  // i32[n]
export const B_PRICE = 26;        // i64[n]
export const B_QTY = 27;          // i64[n]
export const B_EXPIRES = 28;      // i64[n]
export const B_BUS = 29;          // i32[n]
export const B_TRADE_END = 30;    // out i32[n]: trade records written after each event
export const B_NOTE_END = 31;     // out i32[n]
export const B_DIGESTS = 32;      // out u8[32 n] or 0: the digest after each event
export const B_DONE = 33;         // out: events processed
export const S_BYTES = 34;        // snapshot: bytes written / to read (at the scratch)
export const IO_SLOTS = 35;

// Records (little-endian; the canonical form of docs/formats.md).
export const EVENT_BYTES = 64;
export const TRADE_BYTES = 56;
export const NOTE_BYTES = 32;
export const ORDER_BYTES = 48;
export const SNAP_HEADER_BYTES = 64;

export const NOTE_BLOCKED = 1;    // a crossing resting order skipped: the grid blocks the pair
export const NOTE_SELF_TRADE = 2; // a resting order of the same participant cancelled
export const NOTE_EXPIRED = 3;    // a good-till-time order expired
export const NOTE_KILLED = 4;     // the event's order: unfilled quantity cancelled

export const KIND_LIMIT = 0;
export const KIND_MARKET = 1;
export const KIND_CANCEL = 2;
export const KIND_MODIFY = 3;
export const TIF_GTC = 0;
export const TIF_GTT = 1;
export const TIF_IOC = 2;
export const TIF_FOK = 3;

export const MAX_LEVELS = 2 ** 22;

// Status codes of the book (beside those of ../abi.ts).
export const BOOK_FULL = 40;          // no free order slot: the caller grows the book and retries
export const BOOK_OUTPUT_FULL = 41;   // batch: output buffers full, B_DONE events processed
export const BOOK_UNKNOWN_ORDER = 42;
export const BOOK_DUPLICATE_ID = 43;
export const BOOK_PRICE_RANGE = 44;
export const BOOK_QUANTITY = 45;
export const BOOK_NOT_OWNER = 46;
export const BOOK_TIME = 47;
export const BOOK_BAD_FIELD = 48;     // kind, side, tif, flags, participant or expiry invalid (O_FIELD says which)
export const BOOK_BUS = 49;
export const BOOK_SNAPSHOT = 50;      // a snapshot that does not fit this book

export const FIELD_KIND = 1;
export const FIELD_SIDE = 2;
export const FIELD_TIF = 3;
export const FIELD_FLAGS = 4;
export const FIELD_PARTICIPANT = 5;
export const FIELD_EXPIRES = 6;
export const FIELD_ID = 7;

