// Types of the call auction (copper plate). Tick fields are integers of the market's ticks;
// money is in ticks of priceDecimals + quantityDecimals decimals.

/** The clearing mechanism; see docs/auction.md for each price rule. */
export type Mechanism = 'uniform' | 'pay-as-bid' | 'trade-reduction';
/** How orders tied at the marginal price share a partial fill. */
export type TieRule = 'pro-rata' | 'time-priority';
/** The price of each pay-as-bid trade. */
export type PayAsBidPrice = 'bid' | 'ask' | 'midpoint';

/** Options of a clearing. */
export interface AuctionOptions {
  /** Default 'uniform'. */
  mechanism?: Mechanism;
  /** k-double-auction weight in [0, 1] for the uniform price: low + k*(high - low). Default 0.5. */
  k?: number | string;
  /** Default 'pro-rata'. */
  tieRule?: TieRule;
  /** Default 'midpoint'. */
  payAsBidPrice?: PayAsBidPrice;
  /**
   * Build the list of bilateral trades (default true). False leaves `trades` null and, for the
   * uniform price, lets the core clear from per-price-level totals without sorting the orders
   * (same fills, prices and totals, several times faster on large markets): what a simulator that
   * needs fills and prices, not a ledger's trade list, should ask for.
   */
  trades?: boolean;
  /**
   * Return `fills`, `payments` and the trade columns as views over the engine's memory instead of
   * fresh copies (default false): no copy and no fresh pages per call, for a loop of clearings
   * that reads each result before the next. The views are valid only until the next call into the
   * engine on this thread (any clearing: the next one overwrites them, and a call that grows the
   * engine's memory detaches them); copy what must outlive it (`fills.slice()`).
   */
  views?: boolean;
}

/** Orders as columns: the fast path (one copy into Wasm memory, no per-order work in JS). */
export interface OrderColumns {
  /** 0 = buy, 1 = sell. */
  side: Uint8Array;
  priceTicks: BigInt64Array;
  quantityTicks: BigInt64Array;
  /** Time priority, lower first; ties fall back to the order's index. */
  sequence?: BigInt64Array;
}

/** The market's ticks and bounds, already in ticks. */
export interface TickMarket {
  priceDecimals: number;
  quantityDecimals: number;
  priceCapTicks: bigint;
  priceFloorTicks: bigint;
}

/** Bilateral trades a ledger can record; indices refer to the input orders. */
export interface Trades {
  buyer: Int32Array;
  seller: Int32Array;
  quantityTicks: BigInt64Array;
  /** The price the buyer pays per unit (trade reduction: the seller receives sellPriceTicks). */
  priceTicks: BigInt64Array;
}

/** The outcome of one call auction. */
export interface AuctionResult {
  mechanism: Mechanism;
  /** Pay-as-bid only: the price rule of its trades. */
  payAsBidPrice?: PayAsBidPrice;
  priceDecimals: number;
  quantityDecimals: number;
  /** The uniform price (uniform; trade reduction when nothing was reduced); null for pay-as-bid. */
  priceTicks: bigint | null;
  /** The interval of market-clearing prices of the efficient allocation. */
  priceLowTicks: bigint;
  priceHighTicks: bigint;
  /** Trade reduction: the price buyers pay and the price sellers receive (equal to priceTicks otherwise). */
  buyPriceTicks: bigint | null;
  sellPriceTicks: bigint | null;
  /** Traded volume (= total buy fill = total sell fill). */
  volumeTicks: bigint;
  /** Sum of buy price*fill minus sum of sell price*fill at the orders' own prices (money ticks). */
  welfareTicks: bigint;
  buyersPayTicks: bigint;
  sellersReceiveTicks: bigint;
  /** buyersPay - sellersReceive: 0 except for trade reduction (the auctioneer's surplus). */
  surplusTicks: bigint;
  /** Fill per order, in input order. */
  fills: BigInt64Array;
  /** Money per order: what a buyer pays or a seller receives (money ticks; < 0 only at negative prices). */
  payments: BigInt64Array;
  /** The bilateral trades; null when the clearing was asked for without them (`trades: false`). */
  trades: Trades | null;
  /** Order ids in input order (object input only). */
  orderIds?: string[];
}
