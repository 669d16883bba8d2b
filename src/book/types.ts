// Types of the continuous order book (see docs/book.md).
import type { DecimalLike } from '../model/fixed.js';
import type { GridModel } from '../grid/index.js';

/** Time in force: good till cancelled, good till `expires`, immediate-or-cancel, fill-or-kill. */
export type TimeInForce = 'gtc' | 'gtt' | 'ioc' | 'fok';

/** A new limit order. Trades happen at the resting order's price. */
export interface LimitEvent {
  type: 'limit';
  /** Order id: an integer in [0, 2^53), unique among resting orders. */
  id: number;
  /** Participant number: an integer in [0, 2^31); orders of one participant never trade together. */
  participant: number;
  side: 'buy' | 'sell';
  price: DecimalLike;
  quantity: DecimalLike;
  /** Default 'gtc'. */
  tif?: TimeInForce;
  /** With 'gtt': the order expires at the first event whose time is >= expires. */
  expires?: number;
  /** Event time (integer, non-decreasing along the log); default the previous event's (0 at first). */
  time?: number;
  /** Bus id of the order; required with a network, absent without. */
  bus?: string;
}

/** A market order: immediate-or-cancel (default) or fill-or-kill, up to a price limit. */
export interface MarketEvent {
  type: 'market';
  id: number;
  participant: number;
  side: 'buy' | 'sell';
  quantity: DecimalLike;
  /** Worst price accepted; default the price cap (buy) or floor (sell). */
  price?: DecimalLike;
  tif?: 'ioc' | 'fok';
  time?: number;
  bus?: string;
}

/** Cancels a resting order (by its participant). */
export interface CancelEvent {
  type: 'cancel';
  id: number;
  participant: number;
  time?: number;
}

/** Changes a resting order: a quantity decrease at the same price keeps priority; anything else re-queues (and may trade). */
export interface ModifyEvent {
  type: 'modify';
  id: number;
  participant: number;
  price?: DecimalLike;
  /** The new remaining quantity. */
  quantity?: DecimalLike;
  time?: number;
}

export type BookEvent = LimitEvent | MarketEvent | CancelEvent | ModifyEvent;

/** One fee component, paid to one grid operator. Per unit of quantity: perUnit + percent of |price| + perDistance x distance. */
export interface FeeComponent {
  operator: string;
  /** Price per unit (on the price tick), >= 0. */
  perUnit?: DecimalLike;
  /** Percent of |trade price|, >= 0, up to 4 decimals (the fee is floored on the price tick). */
  percent?: DecimalLike;
  /** Price ticks per unit per unit of electrical distance (sum over lines of |PTDF difference|), >= 0; floored. Needs a network. */
  perDistance?: number;
  /** Applies only to trades whose seller's bus is in this zone (default all). */
  fromZone?: string;
  /** Applies only to trades whose buyer's bus is in this zone (default all). */
  toZone?: string;
}

/** Grid fees of the book; a match needs bid >= ask + fee. */
export interface FeeSchedule {
  /** Who pays the fee: 'buyer' (default), 'seller', or 'shared' (the seller half rounded down). */
  payer?: 'buyer' | 'seller' | 'shared';
  /** Zone of each bus id (buses not listed are in no zone). */
  zones?: Record<string, string>;
  components: FeeComponent[];
}

/** The network of a grid-aware book. */
export interface BookNetwork {
  /** The prepared network (PTDFs from its factor). */
  grid: GridModel;
  /** Starting flow per line in MW (default 0); must be within the line bounds. */
  flows?: ArrayLike<number>;
}

/** Options of a book (one delivery period). */
export interface BookOptions {
  priceDecimals: number;
  quantityDecimals: number;
  priceFloor: DecimalLike;
  priceCap: DecimalLike;
  /** Largest quantity of one order (default 2^53 - 1 ticks). */
  maxQuantity?: DecimalLike;
  network?: BookNetwork;
  fees?: FeeSchedule;
  /** Resting orders to allocate room for at first (grows by doubling; default 1024). */
  capacity?: number;
  /**
   * Chain the running digest (default true). `false` (simulators that need no ledger): no BLAKE3
   * per event, the digest stays 64 zeros; everything else is the same.
   */
  digest?: boolean;
}

/** A trade: at the resting order's price; `feeTicks` per unit of quantity. */
export interface BookTrade {
  buyId: number;
  sellId: number;
  buyer: number;
  seller: number;
  priceTicks: bigint;
  quantityTicks: bigint;
  feeTicks: bigint;
  /** Bus indices of the network (0 without one). */
  buyBus: number;
  sellBus: number;
}

/** What else an event did: a pair skipped for the grid, a self-trade cancel, an expiry, a kill. */
export interface BookNote {
  kind: 'blocked' | 'self-trade' | 'expired' | 'killed';
  /** The order concerned (the resting order, or the event's own order for 'killed'). */
  id: number;
  quantityTicks: bigint;
  /** 'blocked': the line index that blocks the pair (-1: the buses are in different islands). */
  line: number;
  /** 'blocked' / 'self-trade': the incoming order's id. */
  by: number;
}

/** Outcome of one accepted event. */
export interface EventResult {
  /** Sequence number of the event (1, 2, ...). */
  seq: number;
  trades: BookTrade[];
  notes: BookNote[];
  /** Quantity of the event's order left resting (limit and re-queued modify), ticks. */
  restingTicks: bigint;
  /** Quantity of the event's order cancelled unfilled (IOC, FOK, market), ticks. */
  killedTicks: bigint;
  /** Running digest after this event (64 hex digits). */
  digest: string;
}

/** Event columns for the batch API (ticks; kinds and enums as numbers: see docs/book.md). */
export interface EventColumns {
  /** 0 limit, 1 market, 2 cancel, 3 modify. */
  kind: Uint8Array;
  /** 0 buy, 1 sell. */
  side: Uint8Array;
  /** 0 gtc, 1 gtt, 2 ioc, 3 fok. */
  tif: Uint8Array;
  /** Modify: bit 0 a new price, bit 1 a new quantity. */
  flags?: Uint8Array;
  time: BigInt64Array;
  id: BigInt64Array;
  participant: Int32Array;
  priceTicks: BigInt64Array;
  quantityTicks: BigInt64Array;
  expires?: BigInt64Array;
  /** Bus indices (network order). */
  bus?: Int32Array;
}

/** Trades of a batch as columns. */
export interface TradeColumns {
  length: number;
  buyId: BigInt64Array;
  sellId: BigInt64Array;
  priceTicks: BigInt64Array;
  quantityTicks: BigInt64Array;
  feeTicks: BigInt64Array;
  buyer: Int32Array;
  seller: Int32Array;
  buyBus: Int32Array;
  sellBus: Int32Array;
}

/** Outcome of a batch of event columns. */
export interface BatchResult {
  /** Events accepted (all, unless `error`). */
  processed: number;
  /** The first rejected event's error (its `index` is the column index); the events before it were applied. */
  error?: Error;
  trades: TradeColumns;
  /** Per processed event: number of trades up to and including it. */
  tradeEnd: Int32Array;
  /** Notes, as raw records (see docs/formats.md; empty with `notes: false`) and per event end offsets. */
  notes: Uint8Array;
  noteEnd: Int32Array;
  /** With { digests: true }: the digest after each processed event, 32 bytes each. */
  digests?: Uint8Array;
  /** The digest after the last processed event. */
  digest: string;
}
