/** Every error code gridclear throws; each names one kind of problem a caller can fix or handle. */
export type ErrorCode =
  | 'INVALID_NUMBER'        // NaN, Infinity, not a decimal
  | 'NON_POSITIVE_QUANTITY' // quantity <= 0
  | 'OFF_TICK'              // more decimals than the market's tick
  | 'PRICE_OUT_OF_RANGE'    // price outside [priceFloor, priceCap]
  | 'DUPLICATE_ID'          // two orders, buses or lines with one id
  | 'UNKNOWN_SIDE'          // side is not 'buy' or 'sell'
  | 'EMPTY_MARKET'          // no orders
  | 'TOO_MANY_ORDERS'       // the columns do not fit in Wasm memory
  | 'OVERFLOW'              // a value, product or sum does not fit in 64 bits
  | 'INVALID_MARKET'        // the market's own fields (decimals, cap, floor, format) are wrong
  | 'INVALID_OPTION'        // a clearing option is out of range
  | 'INVALID_ORDER'         // an order field is missing or of the wrong type
  | 'UNKNOWN_BUS'           // a line or an order names a bus that does not exist
  | 'INVALID_NETWORK'       // a network element is malformed (reactance, bounds, baseMVA)
  | 'PARSE_ERROR'           // a file is not valid JSON / MATPOWER
  | 'UNBALANCED'            // injections of an island do not sum to zero (grid power flow without slack)
  | 'TOO_LARGE'             // a result asked for is beyond its size limit (e.g. a dense PTDF)
  | 'UNSUPPORTED'           // valid input this version cannot handle (e.g. MATPOWER dcline)
  | 'NUMERICAL'             // the LP solver lost numerical accuracy (a singular basis after refactorization)
  | 'ITERATION_LIMIT'       // the LP solver reached its iteration limit (maxIterations)
  | 'UNKNOWN_ORDER'         // order book: a cancel or modify names no resting order
  | 'NOT_OWNER'             // order book: a cancel or modify by another participant than the order's
  | 'OUT_OF_ORDER'          // order book: an event's time is before the previous event's
  | 'INVALID_SNAPSHOT'      // order book: a snapshot that is malformed or does not fit the book
  | 'INTERNAL';             // a bug: please report it

/** Where and why an input was rejected. */
export interface ErrorDetail {
  /** Order, bus or line id the problem is about, when there is one. */
  id?: string;
  /** Index of the element in its input array or columns. */
  index?: number;
  /** The field at fault, e.g. `price`. */
  field?: string;
  /** What was expected, in words. */
  expected?: string;
  /** The offending value as given. */
  value?: unknown;
  /** 1-based line number in an input file. */
  line?: number;
}

/**
 * The one error class gridclear throws. `code` is stable and meant for programs; `message` is for
 * people. A call that throws leaves the engine ready for the next call: nothing is half-applied.
 */
export class GridclearError extends Error implements ErrorDetail {
  readonly code: ErrorCode;
  id?: string;
  index?: number;
  field?: string;
  expected?: string;
  value?: unknown;
  line?: number;

  constructor(code: ErrorCode, message: string, detail: ErrorDetail = {}) {
    super(message);
    this.name = 'GridclearError';
    this.code = code;
    Object.assign(this, detail);
  }
}

/** True when `e` is a GridclearError (also across copies of the package). */
export function isGridclearError(e: unknown): e is GridclearError {
  return e instanceof Error && e.name === 'GridclearError' && typeof (e as GridclearError).code === 'string';
}
