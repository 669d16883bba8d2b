// market-case/2: a market over T periods (each with a duration in hours), with storage units and
// ramp-limited units. Quantities of orders, storage power and line flows are MW held over a
// period; energy is MWh = MW x hours; prices are per MWh. See docs/formats.md (market-case/2).
import type { DecimalLike, Network, Side } from '../model/types.js';

/** One period of the horizon, in time order. */
export interface Period {
  /** Unique among the periods. */
  id: string;
  /** Hours, > 0, on the duration tick (`durationDecimals`). */
  duration: DecimalLike;
  /** MW per bus id for this period (replaces the bus's `fixedInjection`; others keep it). */
  fixedInjections?: Record<string, DecimalLike>;
  /** Flow bounds (MW) per line id for this period; a given field replaces the line's own, null = unbounded. */
  lines?: Record<string, { minFlow?: DecimalLike | null; maxFlow?: DecimalLike | null }>;
}

/** A divisible order of one period: any fill (MW) in [0, quantity] on the quantity tick. */
export interface PeriodOrder {
  /** Unique among all orders of the market (all periods). */
  id: string;
  side: Side;
  /** Currency per MWh, on the price tick, in [priceFloor, priceCap]. */
  price: DecimalLike;
  /** MW over the period (energy: quantity x duration), > 0, on the quantity tick. */
  quantity: DecimalLike;
  /** The id of the period the order belongs to. */
  period: string;
  /** Bus id; required when the market has a network. */
  bus?: string;
  /** The ramp-limited unit whose net output this order is part of. */
  unit?: string;
  participant?: string;
}

/** A storage unit (battery) at a bus. */
export interface StorageUnit {
  id: string;
  /** Bus id; required when the market has a network. */
  bus?: string;
  /** MWh, >= 0, on the energy tick (quantityDecimals + durationDecimals). */
  energyCapacity: DecimalLike;
  /** MW, >= 0, on the quantity tick. */
  chargeCapacity: DecimalLike;
  dischargeCapacity: DecimalLike;
  /** Decimal in (0, 1] with at most 6 decimals (default "1"). */
  chargeEfficiency?: DecimalLike;
  dischargeEfficiency?: DecimalLike;
  /** MWh stored before the first period, in [0, energyCapacity] (default 0). */
  initialEnergy?: DecimalLike;
  /** MWh the unit must hold after the last period (exactly, up to the unit's energy step; see docs). */
  finalEnergy?: DecimalLike;
  /** MWh the unit must hold at least after the last period (default 0). */
  minFinalEnergy?: DecimalLike;
  /** Currency per MWh charged / discharged (grid side), >= 0, on the price tick (default 0). */
  chargeCost?: DecimalLike;
  dischargeCost?: DecimalLike;
}

/** A unit whose net output (its sell fills minus its buy fills) is ramp-limited between periods. */
export interface RampUnit {
  id: string;
  /** Largest increase (MW) of net output from one period to the next; null/omitted: unlimited. */
  rampUp?: DecimalLike | null;
  /** Largest decrease (MW) from one period to the next; null/omitted: unlimited. */
  rampDown?: DecimalLike | null;
  /** Net output (MW) before the first period; omitted: the first period is not ramp-limited. */
  initialOutput?: DecimalLike | null;
}

/** A market over several periods (market-case/2). */
export interface PeriodsMarket {
  format?: 'market-case/2';
  name?: string;
  priceDecimals?: number;
  quantityDecimals?: number;
  /** Decimals of the duration tick, 0..6 (default 2: quarter hours are "0.25"). */
  durationDecimals?: number;
  priceCap?: DecimalLike;
  priceFloor?: DecimalLike;
  /** The same network in every period (fixed injections and line bounds may change per period). */
  network?: Network;
  periods: Period[];
  orders: PeriodOrder[];
  storage?: StorageUnit[];
  units?: RampUnit[];
}

/** Defaults of market-case/2 beyond those of market-case/1. */
export const PERIODS_DEFAULTS = { durationDecimals: 2 } as const;
