// Mirror of assembly/abi.ts: keep the two in step (the ABI version is checked at load).
export const ABI_VERSION = 1;

export const STATUS_OK = 0;
export const STATUS_OVERFLOW = 1;
export const STATUS_BAD_INPUT = 2;
export const STATUS_OUT_OF_MEMORY = 3;
export const STATUS_INFEASIBLE = 4;
export const STATUS_SINGULAR = 5;
export const STATUS_ITERATION_LIMIT = 6;
