// The outcome of a multi-period clearing in ticks: rounded schedule plus prices from the LP's
// duals (rounded half away from zero to their ticks), flows, congestion rent, welfare.
import { GridModel } from '../grid/index.js';
import { pow10 } from '../model/fixed.js';
import type { BasicPeriods } from './normalize.js';
import type { LpSolution, PeriodsLp } from './formulation.js';
import { storageEnergy, unitOutputs, type RoundedSchedule } from './round.js';
import { getI64, halvesOf, LO } from './halves.js';

/** What a multi-period clearing produced, in ticks (write it with toPeriodsResult). */
export interface PeriodsOutcome {
  status: 'optimal' | 'infeasible';
  priceDecimals: number;
  quantityDecimals: number;
  durationDecimals: number;
  copperPlate: boolean;
  periodIds: string[];
  /** Bus ids ("*" on a copper plate) and line ids, in network order. */
  busIds: string[];
  lineIds: string[];
  orderIds: string[];
  /** Quantity ticks (MW) per order, input order. */
  fills: BigInt64Array;
  /** Per period: price ticks per bus; signed shadow price ticks per line; flows (MW) per line. */
  prices: BigInt64Array[];
  shadowPrices: BigInt64Array[];
  flows: Float64Array[];
  /** Per period: money ticks (priceDecimals + quantityDecimals + durationDecimals). */
  congestionRent: bigint[];
  welfare: bigint;
  storageIds: string[];
  /** Per storage unit g and period t at g*T + t: charge and discharge (quantity ticks), stored energy rounded down to the energy tick, value of stored energy (price ticks). */
  charge: BigInt64Array;
  discharge: BigInt64Array;
  energy: BigInt64Array;
  storageValue: BigInt64Array;
  unitIds: string[];
  /** Per unit u and period t at u*T + t: net output (quantity ticks), signed ramp shadow price (money per MW: priceDecimals + durationDecimals). */
  output: BigInt64Array;
  rampShadowPrice: BigInt64Array;
  infeasible?: { period?: string; island?: string; imbalance?: string };
  stats: PeriodsStats;
}

/** Figures of one clearing. */
export interface PeriodsStats {
  /** The first LP optimum's welfare (money, before rounding and any tightening). */
  lpWelfare: number;
  /** LP solves (1 + rounds of tightening), and 0 when the periods cleared one by one. */
  solves: number;
  /** Bounds tightened for the rounding. */
  tightened: number;
  iterations: number;
}

/** Rounds half away from zero to an integer bigint. */
export function roundHalfAway(v: number): bigint {
  const r = Math.sign(v) * Math.round(Math.abs(v));
  return r === 0 || !Number.isFinite(r) ? 0n : BigInt(r);
}

/** The outcome of a rounded schedule with the duals of the LP it came from. */
export function buildOutcome(m: BasicPeriods, lp: PeriodsLp, sol: LpSolution, r: RoundedSchedule, grid: GridModel | undefined, stats: PeriodsStats): PeriodsOutcome {
  const T = m.periodIds.length, nB = m.net.busIds.length, nL = m.net.lineIds.length, G = m.storage.ids.length, U = m.units.ids.length;
  const ps = Number(pow10(m.pd)), hs = Number(pow10(m.dd)), rampScale = Number(pow10(m.pd + m.dd));
  const prices: BigInt64Array[] = [], shadowPrices: BigInt64Array[] = [];
  // plain loops, no callback per clearing: a closure made per call is optimized again at every
  // clearing (its optimized code dies with it at the next GC; docs/periods.md, "Closures")
  const rowDual = sol.rowDual, lineDual = sol.lineDual;
  for (let t = 0; t < T; t++) {
    const h = Number(m.duration[t]) / hs, pr = new BigInt64Array(nB), sp = new BigInt64Array(nL);
    for (let b = 0; b < nB; b++) pr[b] = roundHalfAway((rowDual[lp.busRow[t * nB + b]] / h) * ps);
    for (let l = 0; l < nL; l++) {
      const row = lp.lineRow[t * nL + l];
      const y = row >= 0 ? rowDual[row] : lineDual?.[t * nL + l] ?? 0;
      sp[l] = roundHalfAway((y / h) * ps);
    }
    prices.push(pr); shadowPrices.push(sp);
  }
  const storageValue = new BigInt64Array(G * T), rampShadowPrice = new BigInt64Array(U * T);
  for (let k = 0; k < G * T; k++) storageValue[k] = roundHalfAway(rowDual[lp.energyRow[k]] * ps);
  for (let k = 0; k < U * T; k++) if (lp.rampRow[k] >= 0) rampShadowPrice[k] = roundHalfAway(rowDual[lp.rampRow[k]] * rampScale);
  return scheduleOutcome(m, r, grid, prices, shadowPrices, storageValue, rampShadowPrice, stats);
}

/**
 * What single-period clearings already computed for each period (the decomposed path): flows
 * (MW), congestion rent and welfare (money ticks, duration included). Computed here when absent.
 */
export interface KnownMoney {
  flows?: (Float64Array | undefined)[];
  congestionRent?: bigint[];
  welfare?: bigint;
}

/** The outcome of a rounded schedule and its (rounded) prices: energies, flows, money. */
export function scheduleOutcome(m: BasicPeriods, r: RoundedSchedule, grid: GridModel | undefined, prices: BigInt64Array[], shadowPrices: BigInt64Array[],
  storageValue: BigInt64Array, rampShadowPrice: BigInt64Array, stats: PeriodsStats, known: KnownMoney = {}): PeriodsOutcome {
  const T = m.periodIds.length, G = m.storage.ids.length;
  const energy = new BigInt64Array(G * T);
  for (let g = 0; g < G; g++) {
    const { energy: e, scale } = storageEnergy(m, g, r.charge, r.discharge);
    const toTick = scale / pow10(m.qd + m.dd);
    for (let t = 0; t < e.length; t++) energy[g * T + t] = e[t] / toTick; // e[t] >= 0: division rounds down
  }
  const complete = known.flows !== undefined && known.flows.length === T && known.flows.every((f) => f !== undefined);
  const withdrawal = known.congestionRent && complete ? undefined : netWithdrawals(m, r);
  const congestionRent = known.congestionRent ?? rentOf(m, withdrawal!, prices);
  return {
    status: 'optimal', priceDecimals: m.pd, quantityDecimals: m.qd, durationDecimals: m.dd, copperPlate: m.copperPlate,
    periodIds: m.periodIds, busIds: m.net.busIds, lineIds: m.net.lineIds, orderIds: m.orderIds, fills: r.fills,
    prices, shadowPrices, flows: complete ? known.flows as Float64Array[] : flowsOf(m, withdrawal!, grid, known.flows ?? []), congestionRent, welfare: known.welfare ?? welfareOf(m, r),
    storageIds: m.storage.ids, charge: r.charge, discharge: r.discharge, energy, storageValue,
    unitIds: m.units.ids, output: unitOutputs(m, r.fills), rampShadowPrice, stats,
  };
}

/** Per period and bus: buy fills + charge - sell fills - discharge - fixed injection (quantity ticks). */
export function netWithdrawals(m: BasicPeriods, r: RoundedSchedule): BigInt64Array[] {
  const T = m.periodIds.length, s = m.storage;
  const num = withinExact(m) && powersWithin(m, r) ? netWithdrawalsNum(m, r) : undefined;
  if (num) return num;
  const w = m.fixed.map((f) => BigInt64Array.from(f, (v) => -v));
  for (let i = 0; i < m.orderIds.length; i++) w[m.orderPeriod[i]][m.orderBus[i]] -= BigInt(m.orderSide[i]) * r.fills[i];
  for (let g = 0; g < s.ids.length; g++) {
    for (let t = 0; t < T; t++) w[t][s.bus[g]] += r.charge[g * T + t] - r.discharge[g * T + t];
  }
  return w;
}

/**
 * Whether every fixed injection, order quantity and storage power of the day together stays within
 * 2^53 ticks: then any sum of them (and of fills, charges and discharges, which are at most those)
 * is exact as a number.
 */
function withinExact(m: BasicPeriods): boolean {
  let total = 0;
  const q = m.orderQtyNum, s = m.storage, T = m.periodIds.length;
  for (let i = 0; i < q.length; i++) total += q[i];
  for (const f of m.fixed) for (let b = 0; b < f.length; b++) total += Math.abs(Number(f[b]));
  for (let g = 0; g < s.ids.length; g++) total += T * (Number(s.chargeMax[g]) + Number(s.dischargeMax[g]));
  return total <= Number.MAX_SAFE_INTEGER / 2;
}

/** netWithdrawals summed as numbers (exact: withinExact, and every fill and power within its limits), else undefined. */
function netWithdrawalsNum(m: BasicPeriods, r: RoundedSchedule): BigInt64Array[] | undefined {
  const T = m.periodIds.length, s = m.storage, n = m.orderIds.length, nB = m.net.busIds.length, w = new Float64Array(T * nB);
  const period = m.orderPeriod, bus = m.orderBus, side = m.orderSide, fills = numbersOf(r.fills, m.orderQtyNum);
  if (!fills) return undefined;
  for (let t = 0; t < T; t++) { const f = m.fixed[t]; for (let b = 0; b < nB; b++) w[t * nB + b] = -Number(f[b]); }
  for (let i = 0; i < n; i++) w[period[i] * nB + bus[i]] -= side[i] * fills[i];
  for (let g = 0; g < s.ids.length; g++) {
    for (let t = 0; t < T; t++) w[t * nB + s.bus[g]] += Number(r.charge[g * T + t]) - Number(r.discharge[g * T + t]);
  }
  const out: BigInt64Array[] = [];
  for (let t = 0; t < T; t++) {
    const row = new BigInt64Array(nB);
    for (let b = 0; b < nB; b++) row[b] = BigInt(w[t * nB + b]);
    out.push(row);
  }
  return out;
}

/** Welfare (money ticks): sum over periods of duration x (buy price x fill - sell price x fill - storage costs). */
export function welfareOf(m: BasicPeriods, r: RoundedSchedule): bigint {
  const T = m.periodIds.length, s = m.storage;
  let w = 0n;
  const acc = ordersWelfareNum(m, r);
  if (!acc) {
    for (let i = 0; i < m.orderIds.length; i++) {
      if (r.fills[i] !== 0n) w -= BigInt(m.orderSide[i]) * m.orderPrice[i] * r.fills[i] * m.duration[m.orderPeriod[i]];
    }
  } else {
    for (let t = 0; t < T; t++) w -= BigInt(acc[t]) * m.duration[t];
  }
  for (let g = 0; g < s.ids.length; g++) {
    for (let t = 0; t < T; t++) w -= (s.costC[g] * r.charge[g * T + t] + s.costD[g] * r.discharge[g * T + t]) * m.duration[t];
  }
  return w;
}

/**
 * Per period the orders' sum of side x price x fill (price ticks x quantity ticks) as numbers,
 * exact where the largest |price| times all quantities of the day stays within 2^52 and every fill
 * within its quantity; undefined otherwise (welfareOf sums bigints).
 */
function ordersWelfareNum(m: BasicPeriods, r: RoundedSchedule): Float64Array | undefined {
  const n = m.orderIds.length, price = m.orderPriceNum, qty = m.orderQtyNum, side = m.orderSide, period = m.orderPeriod;
  let most = 0, total = 0;
  for (let i = 0; i < n; i++) { most = Math.max(most, Math.abs(price[i])); total += qty[i]; }
  const fills = most * total <= 2 ** 52 ? numbersOf(r.fills, qty) : undefined;
  if (!fills) return undefined;
  const acc = new Float64Array(m.periodIds.length);
  for (let i = 0; i < n; i++) acc[period[i]] += side[i] * price[i] * fills[i];
  return acc;
}

/**
 * Fills (quantity ticks) as numbers, read as i32 halves (no bigint per order); undefined unless
 * every fill is within [0, its order's quantity] (a result under verification may hold anything:
 * its sums then go through bigints).
 */
function numbersOf(a: BigInt64Array, qty: Float64Array): Float64Array | undefined {
  const h = halvesOf(a), out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const top = h[2 * i + 1 - LO];
    if (top < 0 || top >= 2 ** 21) return undefined; // outside [0, 2^53)
    const v = getI64(h, i);
    if (v > qty[i]) return undefined;
    out[i] = v;
  }
  return out;
}

/** Whether every charge and discharge is within [0, its unit's limit]. */
function powersWithin(m: BasicPeriods, r: RoundedSchedule): boolean {
  const s = m.storage, T = m.periodIds.length;
  for (let g = 0; g < s.ids.length; g++) {
    for (let t = 0; t < T; t++) {
      const c = r.charge[g * T + t], d = r.discharge[g * T + t];
      if (c < 0n || c > s.chargeMax[g] || d < 0n || d > s.dischargeMax[g]) return false;
    }
  }
  return true;
}

/** DC flows (MW) per period of the rounded schedule (`known`: a period's flows already computed, e.g. by clearNodal). */
function flowsOf(m: BasicPeriods, withdrawal: BigInt64Array[], grid: GridModel | undefined, known: (Float64Array | undefined)[]): Float64Array[] {
  const nL = m.net.lineIds.length, qs = Number(pow10(m.qd));
  if (nL === 0) return withdrawal.map(() => new Float64Array(0));
  const out: Float64Array[] = [];
  for (let t = 0; t < withdrawal.length; t++) {
    if (known[t]) { out.push(known[t]!); continue; } // the period's single clearing computed them (same rounding)
    grid ??= GridModel.from(m.net);
    const w = withdrawal[t], inj = new Float64Array(w.length);
    for (let b = 0; b < w.length; b++) inj[b] = -Number(w[b]) / qs;
    const f = grid!.flows(inj, { slack: true }), rounded = new Float64Array(f.length);
    for (let l = 0; l < f.length; l++) { const r = Math.round(f[l] * 1e6) / 1e6; rounded[l] = r === 0 ? 0 : r; }
    out.push(rounded);
  }
  return out;
}

/** Congestion rent per period: sum over buses of price x net withdrawal, times the duration (exact). */
function rentOf(m: BasicPeriods, withdrawal: BigInt64Array[], prices: BigInt64Array[]): bigint[] {
  const out: bigint[] = [];
  for (let t = 0; t < withdrawal.length; t++) {
    const w = withdrawal[t], p = prices[t];
    let rent = 0n;
    for (let b = 0; b < w.length; b++) rent += p[b] * w[b];
    out.push(rent * m.duration[t]);
  }
  return out;
}
