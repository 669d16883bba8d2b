// market-case/2 with block orders and zones: a day-ahead market's complex products. A market of
// this kind is a PeriodsMarket plus `blocks`, and either a DC network, a copper plate, or `zones`
// with `borders` (the transport model of market coupling). See docs/formats.md and docs/blocks.md.
import type { DecimalLike, Side } from '../model/types.js';
import type { PeriodOrder, PeriodsMarket, StorageUnit } from '../periods/types.js';

/** A block order: one price for a profile of quantities over several periods, accepted at one ratio in every period. */
export interface BlockOrder {
  /** Unique among blocks and orders. */
  id: string;
  side: Side;
  /** Currency per MWh, on the price tick, in [priceFloor, priceCap]. */
  price: DecimalLike;
  /** MW per period id (omitted periods: 0), each >= 0 on the quantity tick; at least one > 0. */
  profile: Record<string, DecimalLike>;
  /** Bus id (a network), zone id (a zonal market), omitted (copper plate). */
  bus?: string;
  zone?: string;
  /** Decimal in (0, 1] with at most 6 decimals (default "1": all or nothing). */
  minAcceptanceRatio?: DecimalLike;
  /** The id of the block this one may be accepted only with. */
  parent?: string;
  /** At most one block of a group is accepted. */
  exclusiveGroup?: string;
  participant?: string;
}

/** A bidding zone (its orders meet at one price per period). */
export interface Zone {
  id: string;
  /** MW injected in every period (periods[].fixedInjections replaces it per period); default 0. */
  fixedInjection?: DecimalLike;
}

/** A border between two zones: the flow from `from` to `to` lies in [-reverseCapacity, capacity]. */
export interface Border {
  id: string;
  from: string;
  to: string;
  /** MW from -> to, >= 0, quantity tick; default for every period. */
  capacity: DecimalLike;
  /** MW to -> from, >= 0, quantity tick (default: capacity). */
  reverseCapacity?: DecimalLike;
}

/** A period of a market with zones may override border capacities. */
export interface BlocksPeriod {
  id: string;
  duration: DecimalLike;
  fixedInjections?: Record<string, DecimalLike>;
  lines?: Record<string, { minFlow?: DecimalLike | null; maxFlow?: DecimalLike | null }>;
  /** Capacities per border id in this period (a given field replaces the border's own). */
  borders?: Record<string, { capacity?: DecimalLike; reverseCapacity?: DecimalLike }>;
}

/** A simple order of a market with blocks: at a bus, in a zone, or on the copper plate. */
export interface BlocksOrder extends PeriodOrder {
  zone?: string;
}

/** A storage unit of a market with blocks (in a zone in a zonal market). */
export interface BlocksStorage extends StorageUnit {
  zone?: string;
}

/** A market-case/2 market with block orders and, optionally, zones. */
export interface BlocksMarket extends Omit<PeriodsMarket, 'periods' | 'orders' | 'storage'> {
  periods: BlocksPeriod[];
  /** Simple (hourly) orders; may be empty when there are blocks. */
  orders: BlocksOrder[];
  storage?: BlocksStorage[];
  blocks?: BlockOrder[];
  /** A zonal market (not together with `network`). */
  zones?: Zone[];
  borders?: Border[];
}
