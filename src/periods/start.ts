// A warm start for the joint LP from the periods cleared alone. Storage and ramps couple the periods
// weakly: cleared one by one by the nodal core (storage idle, ramp limits ignored: the uncoupled
// path's clearings, 50-80x faster than the joint LP), each period says which lines bind and which
// orders are marginal; cleared once more with the storage as orders at a guessed value of stored
// energy, which lines the storage loads. injectionSolver (reduced.ts) then starts with those Line rows and a basis
// made of the periods' marginal orders, so its dual simplex mostly moves storage and ramps. The
// lazy rounds stay the safety net: a line that binds only jointly still gets its row. See
// docs/periods.md ("A warm start from the periods cleared alone").
import type { GridModel } from '../grid/index.js';
import { checkOptions, clearNodalBasic } from '../nodal/index.js';
import type { BasicPeriods } from './normalize.js';
import type { PeriodsMarket } from './types.js';
import type { PeriodsLp } from './formulation.js';
import { solveLp } from '../lp/solve.js';
import { periodMarket, periodMembers, periodNetwork, type ExtraOrders } from './single.js';
import type { NodalResult } from '../nodal/types.js';
import { getI64, halvesOf } from './halves.js';

/** What the periods cleared alone say about the joint LP's optimum (injectionSolver's `start`). */
export interface PeriodsStart {
  /**
   * (line, period) pairs t*nL + l whose rows the first solve has, ascending; `sign` +1 where the
   * line binds at maxFlow in the period cleared alone, -1 at minFlow, 0 where it does not bind
   * (a row whose logical stays basic: `near`).
   */
  pairs: number[];
  sign: Int8Array;
  /** Per order: its fill over its quantity in its period cleared alone (NaN: the period was not cleared alone, no start there). */
  share: Float64Array;
  /** Per order: its unit where the ramp clipping held it (filled to its clipped quantity, below its own), else -1. */
  held: Int32Array;
  /** Per period and bus (t*nB + b): the bus price (money per MWh) of the period cleared alone (NaN: not cleared); per period its hours. */
  busPrice: Float64Array;
  hours: Float64Array;
  /**
   * Where the start is the storage clearing's (`storageBasis`): per storage unit and period (g*T + t)
   * its charge and discharge there over their limits (NaN: not cleared), and per unit the value of
   * stored energy it was cleared at.
   */
  storage?: { charge: Float64Array; discharge: Float64Array; value: Float64Array };
}

/**
 * Clears each period alone with the nodal core on the day's columns (storage idle, ramp limits
 * ignored), as the uncoupled path does. Where the market has storage and lines (unless `storage`
 * is false), each period is cleared alone once more with every storage unit as orders at a value of
 * stored energy (the median of its bus's prices over the day; `storageBinding`), and the lines
 * binding there join the pairs (sign 0): the lines that bind only because the storage moves energy
 * between periods, which the first solve would otherwise overload and the lazy rounds add late. `near` (experimental, default none): also the rows of the
 * lines whose flow there is at least this share of a limit (maxFlow x near, minFlow x near). A period the nodal core finds infeasible alone (storage
 * may be what balances it) gives no start: its orders' shares are NaN and none of its lines is named.
 * Experimental (`clearPeriods`' `warmStart: 'storage'`): `values` (one per unit) instead of the median,
 * `search` passes of searchValues first, and with `storageBasis` the start (shares, prices, binding
 * signs, `storage`) is the storage clearing's instead of the first clearing's (docs/periods.md).
 */
export function periodsStart(market: PeriodsMarket, m: BasicPeriods, grid: GridModel, opts: { near?: number; clip?: boolean; storage?: boolean; values?: Float64Array; storageBasis?: boolean; search?: number } = {}): PeriodsStart {
  const near = opts.near;
  const T = m.periodIds.length, nL = m.net.lineIds.length;
  const pairs: number[] = [], sign: number[] = [], share = new Float64Array(m.orderIds.length).fill(NaN), held = new Int32Array(m.orderIds.length).fill(-1);
  const nB = m.net.busIds.length, busPrice = new Float64Array(T * nB).fill(NaN), ps = 10 ** m.pd, hours = Float64Array.from(m.duration, (d) => Number(d) / 10 ** m.dd);
  const qs = 10 ** m.qd;
  // each order's filled share of its quantity in a period cleared alone (ramp-clipped orders: 0 when
  // clipped away; held by their unit when the clipped quantity fills completely)
  const takeShares = (r: NodalResult, all: Int32Array, qty: Float64Array | undefined) => sharesOf(r.fills, all, qty, m.orderQtyNum, m.orderUnit, share, held);
  eachAlone(market, m, grid, opts.clip !== false, undefined, (t, r, all, qty) => {
    takeShares(r, all, qty);
    for (let b = 0; b < nB; b++) busPrice[t * nB + b] = Number(r.priceTicks[b]) / ps;
    const lo = m.lineMin[t], hi = m.lineMax[t];
    for (let l = 0; l < nL; l++) {
      if (r.bindingSign[l] === 0 && near === undefined) continue;
      const f = r.flows[l], h = hi[l] === null ? Infinity : Number(hi[l]) / qs, g = lo[l] === null ? -Infinity : Number(lo[l]) / qs;
      if (r.bindingSign[l] !== 0 || (near !== undefined && ((h < Infinity && f >= h * near) || (g > -Infinity && f <= g * near)))) { pairs.push(t * nL + l); sign.push(r.bindingSign[l]); }
    }
  });
  let storage: PeriodsStart['storage'];
  if (m.storage.ids.length > 0 && nL > 0 && opts.storage !== false) {
    // the lines the storage loads: each period again with every unit as orders at one value of stored
    // energy, the median of its bus's prices over the day; their rows' logicals stay basic (sign 0)
    const G = m.storage.ids.length, value = new Float64Array(G * T), have = new Map(pairs.map((k, q) => [k, q]));
    for (let g = 0; g < G; g++) {
      const b = m.storage.bus[g], p = Array.from({ length: T }, (_, t) => busPrice[t * nB + b]).filter((v) => !Number.isNaN(v)).sort((a, z) => a - z);
      value.fill(opts.values ? opts.values[g] : p.length === 0 ? NaN : p[p.length >> 1], g * T, (g + 1) * T);
    }
    if (opts.search) searchValues(market, m, grid, opts.clip !== false, value, opts.search);
    if (opts.storageBasis) {
      // the start is the storage clearing's: its fills, prices and binding signs; the first clearing's rows stay (sign 0)
      const sc = new Float64Array(G * T).fill(NaN), sd = new Float64Array(G * T).fill(NaN);
      share.fill(NaN); held.fill(-1); busPrice.fill(NaN);
      for (let q = 0; q < sign.length; q++) sign[q] = 0;
      storageBinding(market, m, grid, opts.clip !== false, value, (t, r, all, qty) => {
        let pos = takeShares(r, all, qty);
        for (let g = 0; g < G; g++) {
          if (!Number.isFinite(value[g * T + t])) continue;
          const c = Number(m.storage.chargeMax[g]), d = Number(m.storage.dischargeMax[g]);
          sc[g * T + t] = c > 0 ? Number(r.fills[pos++]) / c : 0;
          sd[g * T + t] = d > 0 ? Number(r.fills[pos++]) / d : 0;
        }
        for (let b = 0; b < nB; b++) busPrice[t * nB + b] = Number(r.priceTicks[b]) / ps;
        for (let l = 0; l < nL; l++) {
          if (r.bindingSign[l] === 0) continue;
          const k = t * nL + l, q = have.get(k);
          if (q === undefined) { have.set(k, pairs.length); pairs.push(k); sign.push(r.bindingSign[l]); } else sign[q] = r.bindingSign[l];
        }
      });
      storage = { charge: sc, discharge: sd, value: Float64Array.from({ length: G }, (_, g) => value[g * T]) };
    } else {
      storageBinding(market, m, grid, opts.clip !== false, value, (t, r) => {
        for (let l = 0; l < nL; l++) if (r.bindingSign[l] !== 0 && !have.has(t * nL + l)) { have.set(t * nL + l, pairs.length); pairs.push(t * nL + l); sign.push(0); }
      });
    }
  }
  const order = pairs.map((_, q) => q).sort((a, z) => pairs[a] - pairs[z]);
  return { pairs: order.map((q) => pairs[q]), sign: Int8Array.from(order, (q) => sign[q]), share, held, busPrice, hours, storage };
}

/**
 * Each of the period's orders (`all`) its filled share of its quantity in the period cleared alone
 * into `share` (ramp-clipped orders: 0 when clipped away; held by their unit, `held`, when the
 * clipped quantity fills completely). Fills are read as i32 halves (0 <= fill <= 2^53: no bigint per
 * order). Returns the position of the first fill after the period's own orders.
 */
function sharesOf(fills: BigInt64Array, all: Int32Array, qty: Float64Array | undefined, orderQty: Float64Array, orderUnit: Int32Array, share: Float64Array, held: Int32Array): number {
  const h = halvesOf(fills);
  let pos = 0;
  for (let k = 0; k < all.length; k++) {
    const i = all[k];
    if (qty && qty[k] <= 0) { share[i] = 0; continue; }
    const fill = getI64(h, pos), q = orderQty[i];
    pos++;
    share[i] = fill / q;
    if (qty && fill === qty[k] && fill < q) held[i] = orderUnit[i];
  }
  return pos;
}

/**
 * The (line, period) pairs t*nL + l binding when each period is cleared alone with every storage
 * unit in it as two orders at its bus: a buy of its charge power at the value of stored energy
 * x etaC minus its charge cost, a sell of its discharge power at the value / etaD plus its
 * discharge cost (`value` per unit and period at g*T + t, money per MWh). At the joint optimum's
 * values of stored energy (its Energy rows' duals) each period alone would be its part of the joint
 * optimum (the storage's reduced costs are the differences of those prices and its bus's), so the
 * lines the storage loads bind there too; periodsStart guesses the values (docs/periods.md). Ascending.
 */
function storageBinding(market: PeriodsMarket, m: BasicPeriods, grid: GridModel, clip: boolean, value: Float64Array,
  visit: (t: number, r: NodalResult, all: Int32Array, qty: Float64Array | undefined) => void): void {
  const T = m.periodIds.length, G = m.storage.ids.length, ps = 10 ** m.pd, cap = Number(m.cap), floor = Number(m.floor);
  const tick = (v: number) => Math.min(cap, Math.max(floor, Math.round(v * ps)));
  eachAlone(market, m, grid, clip, (t) => {
    const x: ExtraOrders = { ids: [], side: [], price: [], qty: [], bus: [] };
    for (let g = 0; g < G; g++) {
      const v = value[g * T + t], st = m.storage;
      if (!Number.isFinite(v)) continue;
      const c = Number(st.chargeMax[g]), d = Number(st.dischargeMax[g]), etaC = Number(st.etaC[g]) / 1e6, etaD = Number(st.etaD[g]) / 1e6;
      if (c > 0) { x.ids.push(`\u0000${g}c`); x.side.push(0); x.price.push(tick(v * etaC - Number(st.costC[g]) / ps)); x.qty.push(c); x.bus.push(st.bus[g]); }
      if (d > 0) { x.ids.push(`\u0000${g}d`); x.side.push(1); x.price.push(tick(v / etaD + Number(st.costD[g]) / ps)); x.qty.push(d); x.bus.push(st.bus[g]); }
    }
    return x;
  }, visit);
}

/**
 * Searches each storage unit's value of stored energy (`value`, one per unit, at g*T + t: filled
 * for all t) for the one at which the storage clearing (storageBinding) ends the unit's day within
 * its final energy bounds: its final energy grows with the value (more charging, less
 * discharging), so per unit a bracket is kept and narrowed by regula falsi (the Illinois rule),
 * all units at once, at most `passes` clearings of the day; a unit stops where its final energy
 * is within its bounds or its bracket is narrower than a price tick. Energy bounds within the day
 * are not looked at (where they bind the joint optimum's value changes during the day).
 */
function searchValues(market: PeriodsMarket, m: BasicPeriods, grid: GridModel, clip: boolean, value: Float64Array, passes: number): number {
  const T = m.periodIds.length, G = m.storage.ids.length, st = m.storage, qs = 10 ** m.qd, es = 10 ** (m.qd + m.dd), hours = Array.from(m.duration, (d) => Number(d) / 10 ** m.dd);
  const tick = 1 / 10 ** m.pd, lo = new Float64Array(G).fill(NaN), hi = new Float64Array(G).fill(NaN), eLo = new Float64Array(G), eHi = new Float64Array(G), side = new Int8Array(G);
  const done = new Uint8Array(G), want = (g: number) => [Number(st.finalMin[g]) / es];
  const spread = Float64Array.from({ length: G }, (_, g) => Math.max(1, Math.abs(value[g * T]) * 0.05));
  let used = 0;
  for (; used < passes; used++) {
    const end = Float64Array.from({ length: G }, (_, g) => Number(st.initial[g]) / es);
    storageBinding(market, m, grid, clip, value, (t, r, all, qty) => {
      let pos = qty ? qty.filter((q) => q > 0).length : all.length;
      for (let g = 0; g < G; g++) {
        if (!Number.isFinite(value[g * T + t])) continue;
        const etaC = Number(st.etaC[g]) / 1e6, etaD = Number(st.etaD[g]) / 1e6;
        const c = Number(st.chargeMax[g]) > 0 ? Number(r.fills[pos++]) / qs : 0, d = Number(st.dischargeMax[g]) > 0 ? Number(r.fills[pos++]) / qs : 0;
        end[g] += hours[t] * (etaC * c - d / etaD);
      }
    });
    let moving = false;
    for (let g = 0; g < G; g++) {
      const v = value[g * T];
      if (done[g] || !Number.isFinite(v)) continue;
      // a value above 0 is the joint optimum's only where the final energy is at its minimum (energy left over is worth 0)
      const [a] = want(g), e = end[g], target = a;
      if (Math.abs(e - a) <= 1e-9 * (1 + Math.abs(a)) || (e > a && v <= 0)) { done[g] = 1; continue; }
      // e below its bounds: the value is too low (lo); above: too high (hi)
      if (e < a) { lo[g] = v; eLo[g] = e - target; if (side[g] === -1) eHi[g] /= 2; side[g] = -1; } else { hi[g] = v; eHi[g] = e - target; if (side[g] === 1) eLo[g] /= 2; side[g] = 1; }
      let next: number;
      if (Number.isNaN(lo[g])) next = v - spread[g] * 2 ** used;
      else if (Number.isNaN(hi[g])) next = v + spread[g] * 2 ** used;
      else {
        if (hi[g] - lo[g] < tick) { done[g] = 1; continue; }
        next = lo[g] - (eLo[g] * (hi[g] - lo[g])) / (eHi[g] - eLo[g]);
        if (!(next > lo[g] && next < hi[g])) next = (lo[g] + hi[g]) / 2;
      }
      value.fill(next, g * T, (g + 1) * T);
      moving = true;
    }
    if (!moving) { used++; break; }
  }
  return used;
}

/**
 * Clears each period alone (in time order) with the nodal core: each ramped unit's sell offers
 * clipped to its ramp-up room above its output in the period before (`clip`), `extra(t)` orders
 * appended; `visit(t, result, the period's orders, their clipped quantities)` for each period the
 * core clears (an infeasible one, or one without orders, is skipped).
 */
function eachAlone(market: PeriodsMarket, m: BasicPeriods, grid: GridModel, clip: boolean, extra: ((t: number) => ExtraOrders) | undefined,
  visit: (t: number, r: NodalResult, all: Int32Array, qty: Float64Array | undefined) => void): void {
  const T = m.periodIds.length, members = periodMembers(m), opt = checkOptions({});
  // each ramped unit's net output in the previous period (quantity ticks; NaN: no initial output)
  const U = m.units.ids.length, prev = Float64Array.from(m.units.initial, (v) => (v === null ? NaN : Number(v)));
  for (let t = 0; t < T; t++) {
    const all = members[t], more = extra?.(t);
    if (all.length === 0 && (!more || more.ids.length === 0)) { prev.fill(0); continue; }
    const qty = U > 0 && clip ? clipRamps(m, all, prev) : undefined;
    let idx = all, kept: Float64Array | undefined;
    if (qty) {
      // the orders the clipping left a quantity, and those quantities
      let n = 0;
      for (let k = 0; k < qty.length; k++) if (qty[k] > 0) n++;
      idx = new Int32Array(n); kept = new Float64Array(n);
      for (let k = 0, q = 0; k < qty.length; k++) if (qty[k] > 0) { idx[q] = all[k]; kept[q++] = qty[k]; }
    }
    const p = market.periods[t];
    const model = p.fixedInjections === undefined && p.lines === undefined ? grid : grid.withNetwork(periodNetwork(m, t));
    const factor = model.factorData;
    const r = clearNodalBasic(periodMarket(m, idx, factor.net, kept, more), opt, factor);
    if (r.status !== 'optimal') { prev.fill(NaN); continue; }
    visit(t, r, all, qty);
    if (U > 0) {
      prev.fill(0);
      for (let k = 0; k < idx.length; k++) {
        const i = idx[k], u = m.orderUnit[i];
        if (u >= 0) prev[u] += m.orderSide[i] === 1 ? Number(r.fills[k]) : -Number(r.fills[k]);
      }
    }
  }
}

/**
 * The period's order quantities (ticks, per position in `idx`) with each ramped unit's sell offers
 * clipped, cheapest first, to what its ramp-up limit allows above its output in the period before
 * (`prev`, from the previous period's clearing alone); a unit with a buy order in the period, no
 * known output or no up limit is not clipped. Undefined where nothing was clipped.
 */
function clipRamps(m: BasicPeriods, idx: Int32Array, prev: Float64Array): Float64Array | undefined {
  const qty = new Float64Array(idx.length), byUnit = new Map<number, number[]>();
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k], u = m.orderUnit[i];
    qty[k] = m.orderQtyNum[i];
    if (u < 0) continue;
    let list = byUnit.get(u);
    if (!list) byUnit.set(u, (list = []));
    list.push(k);
  }
  let clipped = false;
  for (const [u, list] of byUnit) {
    const up = m.units.rampUp[u];
    if (up === null || Number.isNaN(prev[u]) || list.some((k) => m.orderSide[idx[k]] !== 1)) continue;
    let room = Math.max(0, prev[u] + Number(up));
    list.sort((a, b) => m.orderPriceNum[idx[a]] - m.orderPriceNum[idx[b]] || a - b);
    for (const k of list) {
      const q = Math.min(qty[k], room);
      if (q < qty[k]) { qty[k] = q; clipped = true; }
      room -= q;
    }
  }
  return clipped ? qty : undefined;
}

/**
 * Storage unit g's schedule as a price taker at the prices of the periods cleared alone: the
 * small LP of its charge, discharge and energy columns over its Energy rows, each power valued at
 * its bus's price. Its optimal basis (BasisStatus of the 3T columns charge, discharge, energy per
 * period, then of the T rows), or undefined where a period has no price.
 */
export function storageStart(lp: PeriodsLp, start: PeriodsStart, g: number, T: number, nB: number, bus: number): Int32Array | undefined {
  const cols: number[] = [];
  for (let t = 0; t < T; t++) cols.push(lp.chargeCol[g * T + t], lp.dischargeCol[g * T + t], lp.energyCol[g * T + t]);
  const rowAt = new Map<number, number>();
  for (let t = 0; t < T; t++) rowAt.set(lp.energyRow[g * T + t], t);
  const n = 3 * T, colStart = new Int32Array(n + 1), colRow: number[] = [], colValue: number[] = [], colCost = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    const j = cols[c], t = Math.floor(c / 3), p = start.busPrice[t * nB + bus];
    if (Number.isNaN(p)) return undefined;
    for (let e = lp.colStart[j]; e < lp.colStart[j + 1]; e++) {
      const r = rowAt.get(lp.colRow[e]);
      if (r !== undefined) { colRow.push(r); colValue.push(lp.colValue[e]); }
    }
    colStart[c + 1] = colRow.length;
    colCost[c] = lp.colCost[j] + (c % 3 === 0 ? -1 : c % 3 === 1 ? 1 : 0) * p * start.hours[t];
  }
  // bounds in plain loops (no closure per call: docs/periods.md, "Closures")
  const colLower = new Float64Array(n), colUpper = new Float64Array(n), rowLower = new Float64Array(T), rowUpper = new Float64Array(T);
  for (let c = 0; c < n; c++) { colLower[c] = lp.colLower[cols[c]]; colUpper[c] = lp.colUpper[cols[c]]; }
  for (let t = 0; t < T; t++) { const i = lp.energyRow[g * T + t]; rowLower[t] = lp.rowLower[i]; rowUpper[t] = lp.rowUpper[i]; }
  const r = solveLp({
    numCols: n, numRows: T, maximize: true, colStart, colRow: Int32Array.from(colRow), colValue: Float64Array.from(colValue), colCost,
    colLower, colUpper, rowLower, rowUpper,
  });
  return r.status === 'optimal' ? r.basis : undefined;
}
