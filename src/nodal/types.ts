// Types of the nodal (network-constrained) clearing. Tick fields are integers of the market's
// ticks; money is in ticks of priceDecimals + quantityDecimals decimals.

import type { GridModel } from '../grid/index.js';

/** Options of clearNodal. */
export interface NodalOptions {
  /**
   * The market's network prepared once: `GridModel.from(market.network, { quantityDecimals:
   * market.quantityDecimals, allowNegativeReactance: true })`. The clearing then skips network
   * validation, normalization and factorization (for many markets on one network, e.g. the
   * periods of a simulation); the results are identical. The network must not have changed
   * since the model was built.
   */
  grid?: GridModel;
  /** Dual simplex iterations allowed in all (default 200000). */
  maxIterations?: number;
  /**
   * Violated lines added to the LP per round, most violated first. Default: a quarter of the
   * violated lines, at least 16 and at most 128 (fewer rounds where many lines bind).
   */
  linesPerRound?: number;
  /**
   * Line rows the dense core may hold before the clearing moves to the sparse path (the same LP
   * in B-theta form on the sparse LP engine, warm-started from the core's basis; docs/nodal.md).
   * Default: 0.72 (buses + limited lines)^0.75, at least 64 (a rule on the network's size), so the
   * same market always takes the same path. 2^31 - 1 keeps every clearing on the dense core.
   */
  denseRowLimit?: number;
}

/** Solver figures of one clearing. */
export interface NodalStats {
  /**
   * 'dense': the dense core alone; 'sparse': the dense core handed over to the sparse LP engine
   * past `denseRowLimit` line rows (the counts below are then the sum of both, and the line rows
   * those of the sparse LP: every limited line).
   */
  path: 'dense' | 'sparse';
  /** Dual simplex iterations (each may flip many orders at once). */
  iterations: number;
  /** Line rows of the LP at the end (lines once violated, less the rows dropped). */
  activeLines: number;
  /** Most line rows the LP held at once. */
  peakLines: number;
  /** Line rows dropped because their slack stayed basic (see docs/nodal.md). */
  rowsDropped: number;
  /** Rebuilds of the basis inverse (by update count or by the accuracy check). */
  refactorizations: number;
  /** Lines with a nonzero dual at the optimum. */
  bindingLines: number;
  /** Rounds of row generation. */
  rounds: number;
  /** The LP optimum's welfare in money units (before rounding fills onto the tick). */
  lpWelfare: number;
  /** Largest change of a line flow (MW) caused by rounding the fills. */
  roundingFlowShiftMw: number;
}

/** Why a market could not be cleared. */
export interface NodalInfeasibility {
  /** Reference bus id of the island that cannot balance (or of the line's island). */
  island: string;
  /**
   * MW (a decimal string on the quantity tick): without `line`, how far the island's fixed
   * injections lie beyond what its orders absorb (+ surplus, - shortfall); with `line`, how far
   * the line's reachable flow misses its bounds (+ above maxFlow, - below minFlow), rounded away from 0.
   */
  imbalance: string;
  /** Set when a line's bounds (not the balance) are what cannot be met: no balanced fills meet them. */
  line?: string;
}

/** The outcome of a nodal clearing; arrays follow the input order of orders, buses and lines. */
export interface NodalResult {
  status: 'optimal' | 'infeasible';
  priceDecimals: number;
  quantityDecimals: number;
  orderIds: string[];
  busIds: string[];
  lineIds: string[];
  /** Fill per order (quantity ticks). */
  fills: BigInt64Array;
  /** Locational marginal price per bus (price ticks). */
  priceTicks: BigInt64Array;
  /**
   * Shadow price per line (price ticks), signed: > 0 when the flow is held at maxFlow (welfare per
   * MW of more maxFlow), < 0 when held at minFlow (minus the welfare per MW of lower minFlow), 0
   * unless binding.
   */
  shadowPriceTicks: BigInt64Array;
  /** +1 binding at maxFlow, -1 at minFlow, 0 not binding. */
  bindingSign: Int8Array;
  /** DC flow per line of the rounded fills (MW). */
  flows: Float64Array;
  /** Sum of buy price*fill minus sell price*fill (money ticks). */
  welfareTicks: bigint;
  /** Sum over buses of price * (buy fills - sell fills - fixed injection) (money ticks). */
  congestionRentTicks: bigint;
  /** Reference bus index of each bus's island. */
  busReference: Int32Array;
  infeasible?: NodalInfeasibility;
  stats: NodalStats;
}

/**
 * Orders of a networked market as columns (clearNodalColumns): the auction's order columns
 * (src/auction/types.ts OrderColumns, without `sequence`: the nodal clearing breaks ties by id)
 * plus each order's bus.
 */
export interface NodalColumns {
  /** 0 = buy, 1 = sell. */
  side: Uint8Array;
  priceTicks: BigInt64Array;
  quantityTicks: BigInt64Array;
  /** Bus index of each order into the GridModel's buses (`grid.network.busIds`). */
  bus: Int32Array;
  /** Order ids (unique, non-empty): ties at a price go by id; without them by index. */
  ids?: string[];
}

/** Options of clearNodalColumns: clearNodal's, with the prepared network required. */
export interface NodalColumnsOptions extends NodalOptions {
  grid: GridModel;
}

/** The outcome of clearNodalColumns: a NodalResult whose orderIds are set only when ids were given. */
export type NodalColumnsResult = Omit<NodalResult, 'orderIds'> & { orderIds?: string[] };
