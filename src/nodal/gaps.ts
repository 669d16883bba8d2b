// Exact balance check of every island (shared by clearNodal and verify).
import type { NodalInput } from './prepare.js';

/**
 * Per island, how far its fixed injection lies outside what its orders can absorb (quantity
 * ticks: + surplus, - shortfall, 0 when balanceable); exact, before any LP.
 */
export function islandGaps(inp: NodalInput): bigint[] {
  const { net } = inp;
  const ni = net.islandReference.length;
  const fixed = new Array<bigint>(ni).fill(0n), sell = new Array<bigint>(ni).fill(0n), buy = new Array<bigint>(ni).fill(0n);
  net.busFixedInjectionTicks.forEach((f, b) => { fixed[net.busIsland[b]] += f; });
  for (let k = 0; k < inp.bus.length; k++) {
    const i = net.busIsland[inp.bus[k]];
    if (inp.side[k] > 0) sell[i] += inp.qtyTicks[k]; else buy[i] += inp.qtyTicks[k];
  }
  return fixed.map((f, i) => (f > buy[i] ? f - buy[i] : -f > sell[i] ? f + sell[i] : 0n));
}
