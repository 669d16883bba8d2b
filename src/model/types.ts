// The input data of gridclear, as users write it (see docs in README "Input data").
import type { DecimalLike } from './fixed.js';

export type { DecimalLike };

/** Which side of the market an order is on. */
export type Side = 'buy' | 'sell';

/** One divisible order: any fill in [0, quantity] on the quantity tick. */
export interface Order {
  /** Unique among the market's orders. */
  id: string;
  side: Side;
  /** Limit price per MWh, on the market's price tick, in [priceFloor, priceCap]. */
  price: DecimalLike;
  /** MWh offered or wanted, > 0, on the quantity tick. */
  quantity: DecimalLike;
  /** Who pays or is paid (default: the order id). */
  participant?: string;
  /** Time priority: lower first (ties: by id). Integer. */
  sequence?: number | bigint;
  /** Bus id; required when the market has a network. */
  bus?: string;
}

/** A bus of the network. */
export interface Bus {
  id: string;
  /** MW, + into the grid, - out of it (must-run output, shunts...). Default 0. */
  fixedInjection?: DecimalLike;
}

/** A line (branch) of the DC network. */
export interface Line {
  id: string;
  from: string;
  to: string;
  /** Series reactance in per unit, > 0 (tap already folded in). */
  x: number;
  /** Phase shifter angle in degrees (default 0). */
  shiftDeg?: number;
  /** Lower bound of the flow in MW (null/omitted: unbounded). */
  minFlow?: DecimalLike | null;
  /** Upper bound of the flow in MW (null/omitted: unbounded). */
  maxFlow?: DecimalLike | null;
}

/** The DC network a market clears against. */
export interface Network {
  baseMVA: number;
  buses: Bus[];
  lines: Line[];
  /** Preferred reference bus (of its island); others get the first bus of each island. */
  referenceBus?: string;
}

/** A market: the orders of one period, their ticks and bounds, and optionally a network. */
export interface Market {
  format?: 'market-case/1';
  name?: string;
  /** Decimals of the price tick (default 4). */
  priceDecimals?: number;
  /** Decimals of the quantity tick (default 3). */
  quantityDecimals?: number;
  /** Highest allowed order price (default 4000). */
  priceCap?: DecimalLike;
  /** Lowest allowed order price (default -500). */
  priceFloor?: DecimalLike;
  network?: Network;
  orders: Order[];
}

/** Defaults of market-case/1 (spec section 3). */
export const MARKET_DEFAULTS = {
  priceDecimals: 4,
  quantityDecimals: 3,
  priceCap: '4000',
  priceFloor: '-500',
} as const;
