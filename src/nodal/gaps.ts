// Exact balance check of every island (shared by clearNodal and verify).
import { F64_SAFE_SUM, type NodalInput } from './prepare.js';

/**
 * Per island, how far its fixed injection lies outside what its orders can absorb (quantity
 * ticks: + surplus, - shortfall, 0 when balanceable); exact, before any LP.
 */
export function islandGaps(inp: NodalInput): bigint[] {
  const { net } = inp;
  const ni = net.islandReference.length, n = inp.bus.length;
  const fixed = new Array<bigint>(ni).fill(0n), sell = new Array<bigint>(ni).fill(0n), buy = new Array<bigint>(ni).fill(0n);
  const fx = net.busFixedInjectionTicks;
  for (let b = 0; b < fx.length; b++) if (fx[b] !== 0n) fixed[net.busIsland[b]] += fx[b];
  if (inp.totalQty <= F64_SAFE_SUM) {
    // every partial sum is at most totalQty: exact in f64
    const s = new Float64Array(ni), d = new Float64Array(ni);
    for (let k = 0; k < n; k++) {
      const i = net.busIsland[inp.bus[k]];
      if (inp.side[k] > 0) s[i] += inp.qty[k]; else d[i] += inp.qty[k];
    }
    for (let i = 0; i < ni; i++) { sell[i] = BigInt(s[i]); buy[i] = BigInt(d[i]); }
  } else {
    for (let k = 0; k < n; k++) {
      const i = net.busIsland[inp.bus[k]];
      if (inp.side[k] > 0) sell[i] += BigInt(inp.qty[k]); else buy[i] += BigInt(inp.qty[k]);
    }
  }
  return fixed.map((f, i) => (f > buy[i] ? f - buy[i] : -f > sell[i] ? f + sell[i] : 0n));
}
