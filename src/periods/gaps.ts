// The exact balance check of every (period, island) before any LP (shared by clearPeriods and verifyPeriods).
import { formatTicks } from '../model/fixed.js';
import type { BasicPeriods } from './normalize.js';

/** Which period and island cannot balance, and by how much (MW on the quantity tick: + surplus, - shortfall). */
export type Gap = { period?: string; island?: string; imbalance?: string };

/** The first (period, island) whose fixed injection lies outside what its orders and storage can absorb. */
export function balanceGap(m: BasicPeriods): Gap | undefined {
  const net = m.net, nI = net.islandReference.length, T = m.periodIds.length;
  // one pass over the orders: sell and buy ticks per (period, island)
  const { sell, buy } = sideTotals(m, T, nI);
  for (let t = 0; t < T; t++) {
    const fixed = new Array<bigint>(nI).fill(0n), o = t * nI;
    const ft = m.fixed[t];
    for (let b = 0; b < ft.length; b++) fixed[net.busIsland[b]] += ft[b];
    for (let g = 0; g < m.storage.ids.length; g++) { const k = o + net.busIsland[m.storage.bus[g]]; sell[k] += m.storage.dischargeMax[g]; buy[k] += m.storage.chargeMax[g]; }
    for (let k = 0; k < nI; k++) {
      const gap = fixed[k] > buy[o + k] ? fixed[k] - buy[o + k] : -fixed[k] > sell[o + k] ? fixed[k] + sell[o + k] : 0n;
      if (gap !== 0n) return { period: m.periodIds[t], island: net.busIds[net.islandReference[k]], imbalance: formatTicks(gap, m.qd) };
    }
  }
  return undefined;
}


/**
 * Sell and buy quantity ticks per (period, island) (t*nI + r), one pass over the orders: summed as
 * numbers (exact integers) while all quantities together stay within 2^53, else as bigints.
 */
function sideTotals(m: BasicPeriods, T: number, nI: number): { sell: bigint[]; buy: bigint[] } {
  const n = m.orderIds.length, period = m.orderPeriod, bus = m.orderBus, side = m.orderSide, busIsland = m.net.busIsland, qty = m.orderQtyNum;
  let total = 0;
  for (let i = 0; i < n; i++) total += qty[i];
  if (total <= Number.MAX_SAFE_INTEGER) {
    const s = new Float64Array(T * nI), b = new Float64Array(T * nI);
    for (let i = 0; i < n; i++) {
      const k = period[i] * nI + busIsland[bus[i]];
      if (side[i] > 0) s[k] += qty[i]; else b[k] += qty[i];
    }
    return { sell: Array.from(s, (v) => BigInt(v)), buy: Array.from(b, (v) => BigInt(v)) };
  }
  const sell = new Array<bigint>(T * nI).fill(0n), buy = new Array<bigint>(T * nI).fill(0n);
  for (let i = 0; i < n; i++) {
    const k = period[i] * nI + busIsland[bus[i]];
    if (side[i] > 0) sell[k] += m.orderQty[i]; else buy[k] += m.orderQty[i];
  }
  return { sell, buy };
}
