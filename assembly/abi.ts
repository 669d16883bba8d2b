/** ABI version stamped into the module; src/wasm/abi.ts checks it at load. Bump on any layout change. */
export const ABI_VERSION: i32 = 2;

/** Status codes returned by every entry point (mirrored in src/wasm/abi.ts). */
export const STATUS_OK: i32 = 0;
export const STATUS_OVERFLOW: i32 = 1;
export const STATUS_BAD_INPUT: i32 = 2;
export const STATUS_OUT_OF_MEMORY: i32 = 3;
export const STATUS_INFEASIBLE: i32 = 4;
export const STATUS_SINGULAR: i32 = 5;
export const STATUS_ITERATION_LIMIT: i32 = 6;
// Call auction input errors (the failing order's index is reported beside the code).
export const STATUS_NON_POSITIVE_QUANTITY: i32 = 16;
export const STATUS_PRICE_OUT_OF_RANGE: i32 = 17;
export const STATUS_UNKNOWN_SIDE: i32 = 18;
export const STATUS_EMPTY_MARKET: i32 = 19;
export const STATUS_DUPLICATE_ID: i32 = 20;
// Nodal clearing: the LP's balance drifted beyond what rounding the fractional fills can absorb.
export const STATUS_ROUNDING: i32 = 24;
