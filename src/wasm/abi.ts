// Mirror of assembly/abi.ts: keep the two in step (the ABI version is checked at load).
export const ABI_VERSION = 2;

export const STATUS_OK = 0;
export const STATUS_OVERFLOW = 1;
export const STATUS_BAD_INPUT = 2;
export const STATUS_OUT_OF_MEMORY = 3;
export const STATUS_INFEASIBLE = 4;
export const STATUS_SINGULAR = 5;
export const STATUS_ITERATION_LIMIT = 6;
// Call auction input errors (the failing order's index is reported beside the code).
export const STATUS_NON_POSITIVE_QUANTITY = 16;
export const STATUS_PRICE_OUT_OF_RANGE = 17;
export const STATUS_UNKNOWN_SIDE = 18;
export const STATUS_EMPTY_MARKET = 19;
export const STATUS_DUPLICATE_ID = 20;
// Nodal clearing: the LP's balance drifted beyond what rounding the fractional fills can absorb.
export const STATUS_ROUNDING = 24;
