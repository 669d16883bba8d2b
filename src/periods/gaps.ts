// The exact balance check of every (period, island) before any LP (shared by clearPeriods and verifyPeriods).
import { formatTicks } from '../model/fixed.js';
import type { BasicPeriods } from './normalize.js';

/** Which period and island cannot balance, and by how much (MW on the quantity tick: + surplus, - shortfall). */
export type Gap = { period?: string; island?: string; imbalance?: string };

/** The first (period, island) whose fixed injection lies outside what its orders and storage can absorb. */
export function balanceGap(m: BasicPeriods): Gap | undefined {
  const net = m.net, nI = net.islandReference.length, T = m.periodIds.length;
  for (let t = 0; t < T; t++) {
    const fixed = new Array<bigint>(nI).fill(0n), sell = new Array<bigint>(nI).fill(0n), buy = new Array<bigint>(nI).fill(0n);
    m.fixed[t].forEach((f, b) => { fixed[net.busIsland[b]] += f; });
    for (let i = 0; i < m.orderIds.length; i++) {
      if (m.orderPeriod[i] !== t) continue;
      const k = net.busIsland[m.orderBus[i]];
      if (m.orderSide[i] > 0) sell[k] += m.orderQty[i]; else buy[k] += m.orderQty[i];
    }
    m.storage.ids.forEach((_, g) => { const k = net.busIsland[m.storage.bus[g]]; sell[k] += m.storage.dischargeMax[g]; buy[k] += m.storage.chargeMax[g]; });
    for (let k = 0; k < nI; k++) {
      const gap = fixed[k] > buy[k] ? fixed[k] - buy[k] : -fixed[k] > sell[k] ? fixed[k] + sell[k] : 0n;
      if (gap !== 0n) return { period: m.periodIds[t], island: net.busIds[net.islandReference[k]], imbalance: formatTicks(gap, m.qd) };
    }
  }
  return undefined;
}

