// One period of a day as a single-period market: its network (the period's fixed injections and
// line bounds), its orders as the nodal core's BasicMarket from the day's columns (validated once,
// by normalizePeriods). Used by the uncoupled path (clear.ts) and the warm start (start.ts).
import { networkWith, type BasicNetwork } from '../model/network.js';
import type { BasicMarket } from '../model/normalize.js';
import type { BasicPeriods } from './normalize.js';

/** The period's network: the base network with the period's fixed injections and line bounds. */
export function periodNetwork(m: BasicPeriods, t: number): BasicNetwork {
  const qs = 10 ** m.qd;
  return networkWith(m.net, {
    busFixedInjectionTicks: m.fixed[t], busFixedInjectionMw: Float64Array.from(m.fixed[t], (v) => Number(v) / qs),
    lineMinFlowTicks: m.lineMin[t], lineMaxFlowTicks: m.lineMax[t],
    lineMinFlowMw: Float64Array.from(m.lineMin[t], (v) => (v === null ? -Infinity : Number(v) / qs)),
    lineMaxFlowMw: Float64Array.from(m.lineMax[t], (v) => (v === null ? Infinity : Number(v) / qs)),
  });
}

/** periodMembers' last market and answer: a clearing asks up to 5 times (the start's two passes, each rounding). */
let lastMarket: BasicPeriods | undefined, lastMembers: Int32Array[] = [];

/** Each period's orders (indices in input order), one pass (the last market's kept: read them, never write). */
export function periodMembers(m: BasicPeriods): Int32Array[] {
  if (m === lastMarket && lastMembers.length === m.periodIds.length) return lastMembers;
  lastMembers = membersOf(m);
  lastMarket = m;
  return lastMembers;
}

function membersOf(m: BasicPeriods): Int32Array[] {
  const T = m.periodIds.length, count = new Int32Array(T + 1), n = m.orderIds.length;
  for (let i = 0; i < n; i++) count[m.orderPeriod[i] + 1]++;
  for (let t = 0; t < T; t++) count[t + 1] += count[t];
  const all = new Int32Array(n), next = count.slice(0, T);
  for (let i = 0; i < n; i++) all[next[m.orderPeriod[i]]++] = i;
  return Array.from({ length: T }, (_, t) => all.subarray(count[t], count[t + 1]));
}

/** Orders that are not the market's, appended after a period's own (the warm start's storage as orders): ticks as f64. */
export interface ExtraOrders {
  ids: string[];
  /** 1 sell, 0 buy (the nodal core's sides). */
  side: number[];
  price: number[];
  qty: number[];
  bus: number[];
}

/**
 * Period t's orders as the single-period clearing's BasicMarket, from the day's columns (already
 * validated by normalizePeriods: no second validation of any order). `qtyTicks` (per position in
 * `idx`, on the quantity tick, > 0): other quantities than the orders' (the warm start's ramp
 * clipping). `extra`: more orders after them (on the ticks, within the price cap and floor).
 * No order objects (`orders: []`): the nodal core reads the columns and ids only.
 */
export function periodMarket(m: BasicPeriods, idx: Int32Array, net: BasicNetwork, qtyTicks?: Float64Array, extra?: ExtraOrders): BasicMarket {
  const own = idx.length, n = own + (extra ? extra.ids.length : 0), side = new Uint8Array(n), price = new Float64Array(n), qty = new Float64Array(n), bus = new Int32Array(n);
  const orderIds = new Array<string>(n);
  let totalQty = 0, maxAbsPrice = 0, idChars = 0;
  for (let k = 0; k < n; k++) {
    const i = k < own ? idx[k] : -1, e = k - own;
    const p = i >= 0 ? m.orderPriceNum[i] : extra!.price[e], q = i < 0 ? extra!.qty[e] : qtyTicks ? qtyTicks[k] : m.orderQtyNum[i], id = i >= 0 ? m.orderIds[i] : extra!.ids[e];
    orderIds[k] = id;
    idChars += id.length;
    side[k] = i >= 0 ? (m.orderSide[i] === 1 ? 1 : 0) : extra!.side[e]; price[k] = p; qty[k] = q; bus[k] = i >= 0 ? m.orderBus[i] : extra!.bus[e];
    totalQty += q;
    const a = p < 0 ? -p : p;
    if (a > maxAbsPrice) maxAbsPrice = a;
  }
  // the fields of normalizeMarket's literal in its order: one layout for the nodal core's readers;
  // no order objects (the nodal core reads the columns and ids only, as clearNodalColumns' markets)
  return {
    priceDecimals: m.pd, quantityDecimals: m.qd, priceCapTicks: m.cap, priceFloorTicks: m.floor, orders: [],
    orderIds, idChars, side, price, qty, bigPrice: undefined, bigQty: undefined, firstBig: -1, sequence: undefined, bus, network: net,
    totalQty, maxAbsPrice,
  };
}
