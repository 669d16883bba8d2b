// clearPeriods: a market over T periods cleared together. Periods that nothing couples (no
// storage, no ramp limits) clear one by one with the single-period clearings (identical fills and
// prices); otherwise the multi-period LP (formulation.ts) is solved by an LP method, rounded onto
// the ticks (round.ts) and priced from its duals (outcome.ts).
import { GridclearError } from '../errors.js';
import type { Market } from '../model/types.js';
import { GridModel } from '../grid/index.js';
import { clearAuction } from '../auction/index.js';
import { headlinePriceTicks } from '../io/result.js';
import { checkOptions, clearNodalBasic } from '../nodal/index.js';
import { normalizePeriods, uncoupled, type BasicPeriods } from './normalize.js';
import { balanceGap, type Gap } from './gaps.js';
import { formulate, noTightening, retighten, type FormulateOptions, type LpSolver, type PeriodsForm, type PeriodsLp } from './formulation.js';
import { preempt, roundSchedule, tighten, violations, type Violation } from './round.js';
import { buildOutcome, scheduleOutcome, type PeriodsOutcome, type PeriodsStats } from './outcome.js';
import type { PeriodsMarket } from './types.js';
import { solveLp } from '../lp/solve.js';
import { LpEngine } from '../lp/engine.js';
import { lazyLineSolver, type WarmSolver } from './lazy.js';
import { crashBasis } from './crash.js';
import { injectionSolver } from './reduced.js';
import { periodMarket, periodMembers, periodNetwork } from './single.js';
import { periodsStart } from './start.js';
import { halvesOf } from './halves.js';

/** Options of clearPeriods. */
export interface PeriodsOptions {
  /**
   * The market's network prepared once (`GridModel.from(market.network, { quantityDecimals,
   * allowNegativeReactance: true })`), for many markets on one network: no new validation of the
   * network or factorization. Per-period fixed injections and line bounds still come from the market.
   */
  grid?: GridModel;
  /**
   * The LP method for periods that storage or ramps couple (any solver of a PeriodsLp: see
   * docs/periods.md). Default: the Wasm LP engine (docs/lp.md) through `injectionSolver`.
   */
  solver?: LpSolver;
  /** Clear uncoupled periods one by one with the single-period clearings (default true). */
  decompose?: boolean;
  /**
   * Leave the line rows out of the LP given to `solver`: the method adds the line rows it finds
   * violated and reports their duals (LpSolution.lineDual). Without `solver`: `injectionSolver`
   * (PTDF form) or `lazyLineSolver` from `crashBasis` (angle form, the Markowitz factorization)
   * over the Wasm engine's LpEngine (warm starts). Default: true without `solver` (the Wasm engine), false with one.
   */
  lazyLines?: boolean;
  /**
   * How the LP states the network (formulate's `form`): 'angles' (B-theta: an angle column per
   * bus and period, sparse rows; the default with `solver` or `lazyLines: false`) or 'ptdf' (bus
   * injection columns, PTDF line rows dense over the buses; the default of the Wasm engine with
   * lazy line rows, which substitutes most bus injections out: `injectionSolver`). The same
   * optimum, prices and welfare (see docs/periods.md).
   */
  form?: PeriodsForm;
  /**
   * The default method's warm start (only for the default method on a network). `true`: each
   * period cleared alone first by the nodal core (storage idle, ramps ignored); the joint LP starts
   * with the lines binding there and a basis of their marginal orders (start.ts). `'storage'`: the
   * basis of the storage clearing instead, at values of stored energy searched so that each unit
   * meets its final energy (8 clearings of the day at most). Default: `'storage'` where the storage
   * is large against each period's orders (`storageLed`: its power at least a quarter of a period's
   * mean order quantity; on a 96-quarter-hour case118 day a third of the iterations), else `true`
   * (on 24-hour days of 1e3 orders the storage start does not pay). `false`: none (docs/periods.md).
   */
  warmStart?: boolean | 'storage';
  /**
   * The default method (injectionSolver, `lazyRamps`) leaves the Ramp rows out of its first LP but
   * those the warm start's ramp clipping holds orders against, and appends the ones a solution
   * breaks (experimental, default false: more iterations, each cheaper; docs/periods.md, "Lazy Ramp
   * rows"). The same LP optimum; where it is not unique another optimal vertex.
   */
  lazyRamps?: boolean;
  /** Rounds of tightening allowed when rounding breaks an exact bound (default 6). */
  maxTightenings?: number;
}

/**
 * Clears a market-case/2 market: welfare-maximizing over all periods together, with storage
 * schedules and ramp limits; prices per bus and period, exact fills and storage schedules on the
 * quantity tick. Throws GridclearError for bad input; a market whose fixed injections cannot be
 * balanced (or whose LP is infeasible) comes back with status 'infeasible'.
 */
export function clearPeriods(market: PeriodsMarket, options: PeriodsOptions = {}): PeriodsOutcome {
  const grid = options.grid;
  if (grid !== undefined && !(grid instanceof GridModel)) throw new GridclearError('INVALID_OPTION', 'grid must be a GridModel', { field: 'grid' });
  if (options.form !== undefined && options.form !== 'ptdf' && options.form !== 'angles') {
    throw new GridclearError('INVALID_OPTION', `form must be 'ptdf' or 'angles', got ${JSON.stringify(options.form)}`, { field: 'form', expected: "'ptdf' or 'angles'", value: options.form });
  }
  const b = market as { blocks?: unknown; zones?: unknown; borders?: unknown };
  if (b.blocks !== undefined || b.zones !== undefined || b.borders !== undefined) {
    // normalizePeriods reads neither: clearing the rest alone would be a silently wrong answer
    throw new GridclearError('UNSUPPORTED', 'a market with block orders or zones clears with clearBlocks (docs/blocks.md)', { field: b.blocks !== undefined ? 'blocks' : 'zones', expected: 'clearBlocks' });
  }
  const m = normalizePeriods(market, grid?.network);
  const gap = balanceGap(m);
  if (gap) return infeasibleOutcome(m, gap);
  const model = grid ?? (m.net.lineIds.length > 0 ? GridModel.from(m.net) : undefined);
  if (uncoupled(m) && options.decompose !== false) return clearOneByOne(market, m, model);
  // the built-in engine adds line rows lazily by default (10x faster on a congested case118 day)
  const lazyLines = options.lazyLines ?? options.solver === undefined;
  // the default method: the Wasm LP engine, adding the overloaded line rows itself with lazyLines
  // from a crash basis (angle and energy columns basic: crash.ts), not from the row logicals; in
  // the angle form (lazy rows or all) factorized by the Markowitz rule (the count order fills the
  // bus blocks in: the case1354 day 0.27x the CPU, docs/periods.md "The LP method")
  // the default method states the network in the PTDF form with the injections of buses with few
  // orders substituted out (injectionSolver); an outside solver gets the angle form by default
  const form = options.form ?? (options.solver === undefined && lazyLines ? 'ptdf' : 'angles');
  if (options.solver) return clearTogether(m, model, options.solver, options.maxTightenings ?? 6, { lazyLines, form });
  const solver: LpSolver | WarmSolver = !lazyLines ? (lp: PeriodsLp) => solveLp(lp, { basis: crashBasis(lp), markowitz: form === 'angles' })
    : form === 'ptdf' ? injectionSolver(model, { substituteUpTo: SUBSTITUTE_UP_TO, rowsPerPeriod: ROWS_PER_PERIOD, lazyRamps: options.lazyRamps === true, start: model && options.warmStart !== false ? periodsStart(market, m, model, (options.warmStart ?? (storageLed(m) ? 'storage' : true)) === 'storage' ? { storageBasis: true, search: STORAGE_SEARCH } : {}) : undefined }) : lazyLineSolver((lp) => new LpEngine(lp, { basis: crashBasis(lp), markowitz: true }), model);
  try {
    return clearTogether(m, model, solver, options.maxTightenings ?? 6, { lazyLines, form });
  } finally {
    // the default method's engine disposed of as the clearing ends: its Wasm instance (memory grown
    // to the day's LP) goes back for the next clearing's engine, instead of waiting for the garbage
    // collector while the next engine instantiates and grows a new one (external memory pressure:
    // GCs during every first solve)
    if ('dispose' in solver) solver.dispose();
  }
}

/**
 * Whether the storage is large against each period's orders: the units' charge or discharge power
 * (the larger of the two, summed) at least STORAGE_LED of a period's mean order quantity (both
 * sides, every order). There each unit's value of stored energy sets the prices of many periods,
 * and the default method starts from the storage clearing (`warmStart: 'storage'`). A rule on the
 * market alone (no clearing): on the bench's days 0.5 (96 quarter-hours, 100 orders per period,
 * 10 + 10 units; 24 hours of 1e3 orders with 100 + 100 units) against 0.09 (24 hours of 1e3
 * orders with 10 + 10 units).
 */
export function storageLed(m: BasicPeriods): boolean {
  const G = m.storage.ids.length, T = m.periodIds.length;
  if (G === 0 || T < 2 || m.net.lineIds.length === 0) return false;
  let power = 0, volume = 0;
  for (let g = 0; g < G; g++) power += Math.max(Number(m.storage.chargeMax[g]), Number(m.storage.dischargeMax[g]));
  for (let i = 0; i < m.orderQtyNum.length; i++) volume += m.orderQtyNum[i];
  return volume > 0 && power >= STORAGE_LED * (volume / T);
}

/** storageLed's share of a period's mean order quantity. */
const STORAGE_LED = 0.25;

/** Clearings of the day at most that `warmStart: 'storage'` spends searching the values of stored energy (start.ts). */
const STORAGE_SEARCH = 8;
/** The default method substitutes a (bus, period)'s injection where at most this many orders and storage powers inject (injectionSolver). */
const SUBSTITUTE_UP_TO = 8;
/** The default method adds at most this many line rows per period and round, the most overloaded first (injectionSolver). */
const ROWS_PER_PERIOD = 3;

function clearTogether(m: BasicPeriods, grid: GridModel | undefined, solver: LpSolver, maxTightenings: number, opts: FormulateOptions): PeriodsOutcome {
  const tight = noTightening(m);
  const stats: PeriodsStats = { lpWelfare: 0, solves: 0, tightened: 0, iterations: 0 };
  let broken: Violation[] = [];
  let prev: PeriodsLp | undefined;
  for (;;) {
    // a re-solve changes only the tightened bounds: the first LP with those bounds (no second formulate)
    const lp = oneLayout(prev ? retighten(m, prev, tight) : formulate(m, grid, tight, opts));
    prev = lp;
    const sol = solver(lp);
    stats.solves++;
    stats.iterations += sol.iterations ?? 0;
    if (sol.status === 'infeasible' && stats.solves === 1) return infeasibleOutcome(m, {}, stats);
    if (sol.status === 'infeasible') throw noExactSchedule(m, broken, stats.solves - 1);
    if (sol.status !== 'optimal') throw new GridclearError('INTERNAL', `the LP method ended with status ${sol.status}`);
    if (stats.solves === 1) {
      let w = 0;
      for (let j = 0; j < sol.x.length; j++) w += sol.x[j] * lp.colCost[j];
      stats.lpWelfare = w;
    }
    const r = roundSchedule(m, lp, sol);
    broken = violations(m, r);
    if (broken.length === 0) return buildOutcome(m, lp, sol, r, grid, stats);
    if (stats.solves > maxTightenings) throw noExactSchedule(m, broken, maxTightenings);
    preempt(m, tight, broken, lp, sol.x);
    tighten(m, tight, broken);
    stats.tightened += broken.length;
  }
}

/**
 * The LP in one object layout: every field spelled out in one literal (formulate builds its LP
 * with spreads, retighten copies it with a spread: two layouts, so each function taking the LP saw
 * the second one only at the first re-solve and was deoptimized there). A literal's layout also
 * stays alive between calls (its boilerplate holds it), where a layout made by spreads may be
 * dropped by a full GC (ARCHITECTURE.md, "Per-call objects").
 */
function oneLayout(lp: PeriodsLp): PeriodsLp {
  return {
    numCols: lp.numCols, numRows: lp.numRows, colKind: lp.colKind, colRef: lp.colRef, colPeriod: lp.colPeriod,
    colLower: lp.colLower, colUpper: lp.colUpper, colCost: lp.colCost, colStart: lp.colStart, colRow: lp.colRow, colValue: lp.colValue,
    rowKind: lp.rowKind, rowRef: lp.rowRef, rowPeriod: lp.rowPeriod, rowLower: lp.rowLower, rowUpper: lp.rowUpper, form: lp.form,
    orderCol: lp.orderCol, chargeCol: lp.chargeCol, dischargeCol: lp.dischargeCol, energyCol: lp.energyCol, energyRow: lp.energyRow,
    busCol: lp.busCol, busRow: lp.busRow, rampRow: lp.rampRow, lineRow: lp.lineRow, lineBase: lp.lineBase, lineLower: lp.lineLower,
    lineUpper: lp.lineUpper, lineK: lp.lineK, lineFrom: lp.lineFrom, lineTo: lp.lineTo,
  };
}

/**
 * No schedule on the quantity tick was found that keeps the exact stored-energy and ramp bounds
 * (a tick of power that moves more energy than the bounds leave room for): UNSUPPORTED, naming
 * the first storage unit or unit.
 */
function noExactSchedule(m: BasicPeriods, broken: Violation[], rounds: number): GridclearError {
  const v = broken[0], T = m.periodIds.length, energy = v.kind.startsWith('energy');
  const id = energy ? m.storage.ids[Math.floor(v.k / T)] : m.units.ids[Math.floor(v.k / T)];
  return new GridclearError('UNSUPPORTED', `no schedule on the quantity tick was found within the exact bounds after ${rounds} tightenings ` +
    `(first: ${v.kind} of ${JSON.stringify(id)} in period ${JSON.stringify(m.periodIds[v.k % T])}); a finer quantity tick helps`, { id, value: v });
}

function emptyOutcome(m: BasicPeriods): PeriodsOutcome {
  const T = m.periodIds.length, G = m.storage.ids.length, U = m.units.ids.length;
  return {
    status: 'optimal', priceDecimals: m.pd, quantityDecimals: m.qd, durationDecimals: m.dd, copperPlate: m.copperPlate,
    periodIds: m.periodIds, busIds: m.net.busIds, lineIds: m.net.lineIds, orderIds: m.orderIds, fills: new BigInt64Array(m.orderIds.length),
    prices: [], shadowPrices: [], flows: [], congestionRent: [], welfare: 0n, storageIds: m.storage.ids,
    charge: new BigInt64Array(G * T), discharge: new BigInt64Array(G * T), energy: new BigInt64Array(G * T), storageValue: new BigInt64Array(G * T),
    unitIds: m.units.ids, output: new BigInt64Array(U * T), rampShadowPrice: new BigInt64Array(U * T),
    stats: { lpWelfare: 0, solves: 0, tightened: 0, iterations: 0 },
  };
}

function infeasibleOutcome(m: BasicPeriods, gap: Gap, stats?: PeriodsStats): PeriodsOutcome {
  const o = emptyOutcome(m);
  return { ...o, status: 'infeasible', infeasible: gap, stats: stats ?? o.stats };
}

/**
 * Uncoupled periods: each cleared alone, by the nodal clearing's core (network, on the day's
 * columns: the orders are validated once, by normalizePeriods) or the uniform-price auction
 * (copper plate).
 */
function clearOneByOne(market: PeriodsMarket, m: BasicPeriods, grid: GridModel | undefined): PeriodsOutcome {
  const T = m.periodIds.length, nB = m.net.busIds.length, nL = m.net.lineIds.length;
  const fills = new BigInt64Array(m.orderIds.length), fillHalves = halvesOf(fills), prices: BigInt64Array[] = [], shadow: BigInt64Array[] = [];
  // the nodal clearing's flows, rent and welfare, reused (the same numbers scheduleOutcome would compute)
  const flows: (Float64Array | undefined)[] = new Array(T).fill(undefined), rent: bigint[] = new Array(T).fill(0n);
  let welfare = 0n;
  const members = periodMembers(m);
  const base = m.copperPlate ? undefined : grid ?? GridModel.from(m.net);
  const opt = checkOptions({});
  for (let t = 0; t < T; t++) {
    const idx = members[t];
    if (idx.length === 0) { prices.push(new BigInt64Array(nB)); shadow.push(new BigInt64Array(nL)); continue; }
    if (m.copperPlate) {
      const single: Market = {
        priceDecimals: m.pd, quantityDecimals: m.qd, priceCap: market.priceCap, priceFloor: market.priceFloor,
        orders: Array.from(idx, (i) => { const { id, side, price, quantity } = market.orders[i]; return { id, side, price, quantity }; }),
      };
      const r = clearAuction(single, { trades: false });
      idx.forEach((i, k) => { fills[i] = r.fills[k]; });
      prices.push(BigInt64Array.of(headlinePriceTicks(r)));
      shadow.push(new BigInt64Array(0));
      continue;
    }
    // a period that changes no fixed injection or line bound clears on the base model itself
    const p = market.periods[t];
    const model = p.fixedInjections === undefined && p.lines === undefined ? base! : base!.withNetwork(periodNetwork(m, t));
    const factor = model.factorData;
    const r = clearNodalBasic(periodMarket(m, idx, factor.net), opt, factor);
    if (r.status !== 'optimal') {
      return infeasibleOutcome(m, { period: m.periodIds[t], island: r.infeasible?.island, imbalance: r.infeasible?.imbalance });
    }
    // the fills copied as their i32 halves (no bigint per order)
    const from = halvesOf(r.fills);
    for (let k = 0; k < idx.length; k++) { const i = 2 * idx[k]; fillHalves[i] = from[2 * k]; fillHalves[i + 1] = from[2 * k + 1]; }
    flows[t] = r.flows;
    rent[t] = r.congestionRentTicks * m.duration[t];
    welfare += r.welfareTicks * m.duration[t];
    prices.push(r.priceTicks.slice());
    // signed: + held at maxFlow, - at minFlow (whatever sign convention the nodal result uses)
    const sp = r.shadowPriceTicks.slice(), sign = r.bindingSign;
    for (let l = 0; l < sp.length; l++) if (sign[l] < 0 && sp[l] > 0n) sp[l] = -sp[l];
    shadow.push(sp);
  }
  const G = m.storage.ids.length, U = m.units.ids.length;
  const stats: PeriodsStats = { lpWelfare: 0, solves: 0, tightened: 0, iterations: 0 };
  return scheduleOutcome(m, { fills, charge: new BigInt64Array(G * T), discharge: new BigInt64Array(G * T) }, base, prices, shadow,
    new BigInt64Array(G * T), new BigInt64Array(U * T), stats, m.copperPlate ? {} : { flows, congestionRent: rent, welfare });
}
