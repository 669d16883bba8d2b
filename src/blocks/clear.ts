// clearBlocks: a market-case/2 market with block orders (and zones) cleared by branch and bound
// on the block decisions over the LP (search.ts), then put on the ticks: accepted ratios on the
// ratio tick (1e-6), block fills and border flows on the quantity tick, and the simple part rounded
// by the multi-period rounding with those as fixed injections (round.ts), priced from the duals
// of the LP with every decision fixed.
import { GridclearError } from '../errors.js';
import { GridModel } from '../grid/index.js';
import { solveLp } from '../lp/solve.js';
import { noTightening, type LpSolution, type LpSolver, type PeriodsForm } from '../periods/formulation.js';
import type { BasicPeriods } from '../periods/normalize.js';
import { buildOutcome, type PeriodsOutcome, type PeriodsStats } from '../periods/outcome.js';
import { roundSchedule, tighten, violations } from '../periods/round.js';
import { roundFixed } from './flows.js';
import { fixDecisions, formulateBlocks, type BlocksLp } from './formulation.js';
import { normalizeBlocks, RATIO_ONE, type BasicBlocks } from './normalize.js';
import { searchBlocks, type BlocksSearchOptions, type BlocksSearchStats } from './search.js';
import type { BlocksMarket } from './types.js';

/** Options of clearBlocks. */
export interface BlocksOptions extends BlocksSearchOptions {
  /**
   * An LP method (any solver of a PeriodsLp, e.g. HiGHS in tests): the nodes are then solved cold
   * by it. Default: the Wasm LP engine (`solveLp`, and `LpEngine` warm-started between nodes).
   */
  solver?: LpSolver;
  /** Rounds of tightening allowed when rounding breaks an exact storage or ramp bound (default 6). */
  maxTightenings?: number;
  /**
   * How the LP states a DC network: 'angles' (default; B-theta, sparse rows) or 'ptdf' (PTDF line
   * rows dense over the buses). The same optimum. With the default LP method the line rows are
   * added only where a node's solution overloads a line (lazy rows, as clearPeriods).
   */
  form?: PeriodsForm;
}

/** What a clearing with blocks produced, in ticks (write it with toBlocksResult). */
export interface BlocksOutcome extends PeriodsOutcome {
  kind: 'copper' | 'network' | 'zones';
  blockIds: string[];
  /** Accepted ratio per block, parts per million (0: rejected). */
  blockRatio: BigInt64Array;
  /** Fill per block and period (b*T + t), quantity ticks. */
  blockFills: BigInt64Array;
  /** Surplus per block at the prices (money ticks): side x sum over periods of (price - block price) x fill x duration. */
  blockSurplus: BigInt64Array;
  /** Rejected blocks in the money at the prices, with the surplus of their full profile (money ticks), canonical order. */
  paradoxicallyRejected: { id: string; lostSurplus: bigint }[];
  borderIds: string[];
  /** Flow per border and period (k*T + t), quantity ticks, + from -> to. */
  borderFlows: BigInt64Array;
  search: BlocksSearchStats;
}

/**
 * Clears a market-case/2 market with block orders: welfare-maximizing acceptance without
 * paradoxically accepted blocks, fills and prices per bus or zone and period. Throws
 * GridclearError for bad input and ITERATION_LIMIT beyond `maxNodes`.
 */
export function clearBlocks(market: BlocksMarket, options: BlocksOptions = {}): BlocksOutcome {
  if (options.solver !== undefined && typeof options.solver !== 'function') throw new GridclearError('INVALID_OPTION', 'options.solver must be an LpSolver', { field: 'solver', expected: 'an LpSolver' });
  const solver = options.solver ?? solveLp;
  const b = normalizeBlocks(market);
  const grid = b.kind === 'network' && b.m.net.lineIds.length > 0 ? GridModel.from(b.m.net) : undefined;
  // the Wasm engine kept between nodes adds the overloaded line rows itself (lazy rows)
  const lazyLines = options.solver === undefined && options.engine === undefined;
  const lp = formulateBlocks(b, grid, undefined, { form: options.form, lazyLines });
  const search = searchBlocks(b, lp, solver, { ...options, grid, coldSolver: options.solver !== undefined });
  if (search.status === 'infeasible') return infeasible(b, search.stats);
  return finish(b, grid, search.accept, search.lp, search.sol, search.stats, { ...options, solver });
}

/** Ratio ticks of an accepted block from its LP ratio: rounded to the ratio tick, within [min, 1]. */
function ratioTicks(b: BasicBlocks, k: number, r: number): bigint {
  if (b.blockMin[k] === RATIO_ONE) return RATIO_ONE;
  let v = BigInt(Math.round(r * 1e6));
  if (v < b.blockMin[k]) v = b.blockMin[k];
  if (v > RATIO_ONE) v = RATIO_ONE;
  return v;
}

/** The market's fixed injections with the block fills and border flows added (quantity ticks). */
export function residualFixed(b: BasicBlocks, blockFills: ArrayLike<bigint>, borderFlows: ArrayLike<bigint>): BigInt64Array[] {
  const m = b.m, T = m.periodIds.length;
  const fixed = m.fixed.map((f) => f.slice());
  for (let k = 0; k < b.blockIds.length; k++) for (let t = 0; t < T; t++) fixed[t][b.blockBus[k]] += BigInt(b.blockSide[k]) * blockFills[k * T + t];
  for (let k = 0; k < b.borderIds.length; k++) {
    for (let t = 0; t < T; t++) { fixed[t][b.borderFrom[k]] -= borderFlows[k * T + t]; fixed[t][b.borderTo[k]] += borderFlows[k * T + t]; }
  }
  return fixed;
}

function finish(b: BasicBlocks, grid: GridModel | undefined, accept: Uint8Array, lp: BlocksLp, sol: LpSolution, search: BlocksSearchStats, options: BlocksOptions): BlocksOutcome {
  const m = b.m, n = b.blockIds.length;
  const stats: PeriodsStats = { lpWelfare: search.rootWelfare, solves: search.nodes + search.candidates, tightened: 0, iterations: search.iterations };
  const tight = noTightening(m), maxTightenings = options.maxTightenings ?? 6;
  for (let round = 0; ; round++) {
    const ratio = BigInt64Array.from({ length: n }, (_, k) => (accept[k] ? ratioTicks(b, k, sol.x[lp.ratioCol[k]]) : 0n));
    const { fills, flows } = roundFixed(b, lp, sol, ratio);
    const m2: BasicPeriods = { ...m, fixed: residualFixed(b, fills, flows) };
    const r = roundSchedule(m2, lp, sol);
    const broken = violations(m2, r);
    if (broken.length === 0) return blocksOutcome(b, buildOutcome(m2, lp, sol, r, grid, stats), ratio, fills, flows, search);
    if (round >= maxTightenings) throw new GridclearError('UNSUPPORTED', `no schedule on the quantity tick was found within the exact storage and ramp bounds after ${round} tightenings; a finer quantity tick helps`, { value: broken[0] });
    tighten(m, tight, broken);
    stats.tightened += broken.length;
    lp = fixDecisions(formulateBlocks(b, grid, tight, { form: options.form }), accept);
    sol = options.solver!(lp);
    stats.solves++;
    if (sol.status !== 'optimal') throw new GridclearError('UNSUPPORTED', `the LP with tightened storage and ramp bounds ended with status ${sol.status}`, { value: sol.status });
  }
}

/** Surplus (money ticks) of block k with the given fills at the prices. */
export function surplusTicks(b: BasicBlocks, prices: ArrayLike<bigint>[], k: number, fill: (t: number) => bigint): bigint {
  const m = b.m, T = m.periodIds.length;
  let s = 0n;
  for (let t = 0; t < T; t++) {
    const f = fill(t);
    if (f !== 0n) s += BigInt(b.blockSide[k]) * (prices[t][b.blockBus[k]] - b.blockPrice[k]) * f * m.duration[t];
  }
  return s;
}

/** Welfare of the blocks (money ticks): minus side x price x fill x duration. */
export function blocksWelfare(b: BasicBlocks, fills: ArrayLike<bigint>): bigint {
  const T = b.m.periodIds.length;
  let w = 0n;
  for (let k = 0; k < b.blockIds.length; k++) for (let t = 0; t < T; t++) w -= BigInt(b.blockSide[k]) * b.blockPrice[k] * fills[k * T + t] * b.m.duration[t];
  return w;
}

/** The rejected blocks whose full profile is in the money at the prices (canonical order). */
export function paradoxicallyRejected(b: BasicBlocks, prices: ArrayLike<bigint>[], ratio: ArrayLike<bigint>): { id: string; lostSurplus: bigint }[] {
  const T = b.m.periodIds.length, out: { id: string; lostSurplus: bigint }[] = [];
  for (let k = 0; k < b.blockIds.length; k++) {
    if (ratio[k] !== 0n) continue;
    const lost = surplusTicks(b, prices, k, (t) => b.blockQty[k * T + t]);
    if (lost > 0n) out.push({ id: b.blockIds[k], lostSurplus: lost });
  }
  return out;
}

function blocksOutcome(b: BasicBlocks, o: PeriodsOutcome, ratio: BigInt64Array, fills: BigInt64Array, flows: BigInt64Array, search: BlocksSearchStats): BlocksOutcome {
  const T = b.m.periodIds.length;
  const blockSurplus = BigInt64Array.from({ length: b.blockIds.length }, (_, k) => surplusTicks(b, o.prices, k, (t) => fills[k * T + t]));
  const congestionRent = b.kind === 'zones' ? zonalRent(b, o.prices, flows) : o.congestionRent;
  return {
    ...o, congestionRent, kind: b.kind, copperPlate: b.kind !== 'network', welfare: o.welfare + blocksWelfare(b, fills),
    blockIds: b.blockIds, blockRatio: ratio, blockFills: fills, blockSurplus, paradoxicallyRejected: paradoxicallyRejected(b, o.prices, ratio),
    borderIds: b.borderIds, borderFlows: flows, search,
  };
}

/** Per period: sum over borders of flow x (price[to] - price[from]) x duration (money ticks). */
export function zonalRent(b: BasicBlocks, prices: ArrayLike<bigint>[], flows: ArrayLike<bigint>): bigint[] {
  const T = b.m.periodIds.length;
  return b.m.periodIds.map((_, t) => {
    let rent = 0n;
    for (let k = 0; k < b.borderIds.length; k++) rent += flows[k * T + t] * (prices[t][b.borderTo[k]] - prices[t][b.borderFrom[k]]);
    return rent * b.m.duration[t];
  });
}

function infeasible(b: BasicBlocks, search: BlocksSearchStats): BlocksOutcome {
  const m = b.m, T = m.periodIds.length, G = m.storage.ids.length, U = m.units.ids.length, n = b.blockIds.length;
  return {
    status: 'infeasible', priceDecimals: m.pd, quantityDecimals: m.qd, durationDecimals: m.dd, copperPlate: b.kind !== 'network',
    periodIds: m.periodIds, busIds: m.net.busIds, lineIds: m.net.lineIds, orderIds: m.orderIds, fills: new BigInt64Array(m.orderIds.length),
    prices: [], shadowPrices: [], flows: [], congestionRent: [], welfare: 0n, storageIds: m.storage.ids,
    charge: new BigInt64Array(G * T), discharge: new BigInt64Array(G * T), energy: new BigInt64Array(G * T), storageValue: new BigInt64Array(G * T),
    unitIds: m.units.ids, output: new BigInt64Array(U * T), rampShadowPrice: new BigInt64Array(U * T), infeasible: {},
    stats: { lpWelfare: search.rootWelfare, solves: search.nodes, tightened: 0, iterations: search.iterations },
    kind: b.kind, blockIds: b.blockIds, blockRatio: new BigInt64Array(n), blockFills: new BigInt64Array(n * T), blockSurplus: new BigInt64Array(n),
    paradoxicallyRejected: [], borderIds: b.borderIds, borderFlows: new BigInt64Array(b.borderIds.length * T), search,
  };
}
