// The order book's boundary layout: i64 slots of its config header and of its per-book I/O header,
// record sizes and status codes. Mirrored in src/book/layout.ts (keep the two in step).

// Config header (written by TypeScript before bookInit; bookInit writes the C_OUT_* slots).
export const C_CAPACITY: i32 = 0;      // resting orders the book can hold (slots)
export const C_PRICE_FLOOR: i32 = 1;   // ticks
export const C_PRICE_CAP: i32 = 2;     // ticks; cap - floor + 1 <= MAX_LEVELS
export const C_QTY_MAX: i32 = 3;       // largest quantity of one order, ticks
export const C_BUSES: i32 = 4;         // 0: no network (every order at bus 0)
export const C_LINES: i32 = 5;
export const C_QTY_SCALE: i32 = 6;     // 10^quantityDecimals (ticks per MW)
export const C_PTDF: i32 = 7;          // f64[buses * lines], bus-major: PTDF of line l for bus b at b*lines+l
export const C_LINE_MIN: i32 = 8;      // f64[lines] MW
export const C_LINE_MAX: i32 = 9;      // f64[lines] MW
export const C_FLOW: i32 = 10;         // f64[lines] MW: the starting flows (updated in place)
export const C_BUS_ISLAND: i32 = 11;   // i32[buses]
export const C_BUS_ZONE: i32 = 12;     // i32[buses]
export const C_FEES: i32 = 13;         // count of fee components
export const C_FEE_TABLE: i32 = 14;    // FEE_BYTES per component (see FEE_*)
export const C_TRADE_CAP: i32 = 15;    // trade records the output buffer holds
export const C_SCRATCH_BYTES: i32 = 16;
export const C_OUT_IO: i32 = 17;       // out: the I/O header
export const C_OUT_TRADES: i32 = 18;   // out: TRADE_BYTES records
export const C_OUT_NOTES: i32 = 19;    // out: NOTE_BYTES records (as many as trades)
export const C_OUT_SCRATCH: i32 = 20;  // out: scratch for batch columns and snapshots
export const C_OUT_DIGEST: i32 = 21;   // out: the running digest (32 bytes)
export const C_SLOTS: i32 = 22;

// Fee component: const ticks per unit i64 | ppm of |price| i64 | ticks per unit per unit of
// electrical distance f64 | seller zone i32 (-1 any) | buyer zone i32 (-1 any).
export const FEE_BYTES: i32 = 32;

// I/O header: one event in, its outcome out; batch columns.
export const E_KIND: i32 = 0;          // 0 limit, 1 market, 2 cancel, 3 modify
export const E_SIDE: i32 = 1;          // 0 buy, 1 sell
export const E_TIF: i32 = 2;           // 0 gtc, 1 gtt, 2 ioc, 3 fok
export const E_FLAGS: i32 = 3;         // modify: bit 0 new price, bit 1 new quantity
export const E_TIME: i32 = 4;
export const E_ID: i32 = 5;
export const E_PARTICIPANT: i32 = 6;
export const E_PRICE: i32 = 7;
export const E_QTY: i32 = 8;
export const E_EXPIRES: i32 = 9;
export const E_BUS: i32 = 10;
export const O_TRADES: i32 = 11;       // out: trade records written (from record 0)
export const O_NOTES: i32 = 12;        // out: note records written
export const O_SEQ: i32 = 13;          // out: sequence number of the last accepted event
export const O_RESTING: i32 = 14;      // out: quantity of the event's order left resting
export const O_KILLED: i32 = 15;       // out: quantity of the event's order cancelled unfilled (IOC/FOK/market)
export const O_LIVE: i32 = 16;         // out: resting orders
export const O_FIELD: i32 = 17;        // out: with an error status, the field at fault (FIELD_*)
export const B_COUNT: i32 = 18;        // batch: events in the columns
export const B_KIND: i32 = 19;         // u8[n]
export const B_SIDE: i32 = 20;         // u8[n]
export const B_TIF: i32 = 21;          // u8[n]
export const B_FLAGS: i32 = 22;        // u8[n]
export const B_TIME: i32 = 23;         // i64[n]
export const B_ID: i32 = 24;           // i64[n]
export const B_PARTICIPANT: i32 = 25;  // i32[n]
export const B_PRICE: i32 = 26;        // i64[n]
export const B_QTY: i32 = 27;          // i64[n]
export const B_EXPIRES: i32 = 28;      // i64[n]
export const B_BUS: i32 = 29;          // i32[n]
export const B_TRADE_END: i32 = 30;    // out i32[n]: trade records written after each event
export const B_NOTE_END: i32 = 31;     // out i32[n]
export const B_DIGESTS: i32 = 32;      // out u8[32 n] or 0: the digest after each event
export const B_DONE: i32 = 33;         // out: events processed
export const S_BYTES: i32 = 34;        // snapshot: bytes written / to read (at the scratch)
export const IO_SLOTS: i32 = 35;

// Records (little-endian; the canonical form of docs/formats.md).
export const EVENT_BYTES: i32 = 64;
export const TRADE_BYTES: i32 = 56;
export const NOTE_BYTES: i32 = 32;
export const ORDER_BYTES: i32 = 48;
export const SNAP_HEADER_BYTES: i32 = 64;

export const NOTE_BLOCKED: i32 = 1;    // a crossing resting order skipped: the grid blocks the pair
export const NOTE_SELF_TRADE: i32 = 2; // a resting order of the same participant cancelled
export const NOTE_EXPIRED: i32 = 3;    // a good-till-time order expired
export const NOTE_KILLED: i32 = 4;     // the event's order: unfilled quantity cancelled

export const KIND_LIMIT: i32 = 0;
export const KIND_MARKET: i32 = 1;
export const KIND_CANCEL: i32 = 2;
export const KIND_MODIFY: i32 = 3;
export const TIF_GTC: i32 = 0;
export const TIF_GTT: i32 = 1;
export const TIF_IOC: i32 = 2;
export const TIF_FOK: i32 = 3;

/** Largest price range in ticks (levels per side). */
export const MAX_LEVELS: i64 = 1 << 22;

// Status codes of the book (beside those of ../abi.ts).
export const BOOK_FULL: i32 = 40;          // no free order slot: the caller grows the book and retries
export const BOOK_OUTPUT_FULL: i32 = 41;   // batch: output buffers full, B_DONE events processed
export const BOOK_UNKNOWN_ORDER: i32 = 42;
export const BOOK_DUPLICATE_ID: i32 = 43;
export const BOOK_PRICE_RANGE: i32 = 44;
export const BOOK_QUANTITY: i32 = 45;
export const BOOK_NOT_OWNER: i32 = 46;
export const BOOK_TIME: i32 = 47;
export const BOOK_BAD_FIELD: i32 = 48;     // kind, side, tif, flags, participant or expiry invalid (O_FIELD says which)
export const BOOK_BUS: i32 = 49;
export const BOOK_SNAPSHOT: i32 = 50;      // a snapshot that does not fit this book

export const FIELD_KIND: i32 = 1;
export const FIELD_SIDE: i32 = 2;
export const FIELD_TIF: i32 = 3;
export const FIELD_FLAGS: i32 = 4;
export const FIELD_PARTICIPANT: i32 = 5;
export const FIELD_EXPIRES: i32 = 6;
export const FIELD_ID: i32 = 7;
