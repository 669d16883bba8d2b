// One nodal market against HiGHS (its typed model interface, bench/peers/highs-nodal.mjs): status
// and LP welfare equal to 1e-9 relative, bus prices within half a price tick where HiGHS's duals
// are unique, and the clearing-result/1 verifies (the contract's tick-scaled tolerance).
import { expect } from 'vitest';
import { clearNodal, nodalOutcome } from '../../src/nodal/index.js';
import { normalizeNetwork } from '../../src/model/network.js';
import { toClearingResult } from '../../src/io/result.js';
import { verify } from '../../src/settle/index.js';
import type { Market } from '../../src/model/types.js';
import type { NodalOptions, NodalResult } from '../../src/nodal/types.js';
// @ts-expect-error: plain .mjs helpers without types
import { loadHighs, buildNodalModel, solveNodalModel } from '../../bench/peers/highs-nodal.mjs';

/** Clears m with `options` and checks it against HiGHS; `optimal` is false when both agree it is not. */
export async function checkNodalAgainstHighs(m: Market, options: NodalOptions = {}): Promise<{ r: NodalResult; optimal: boolean; pricesCompared: boolean }> {
  const highs = await loadHighs();
  const qd = m.quantityDecimals ?? 3, pd = m.priceDecimals ?? 4;
  const net = normalizeNetwork(m.network!, { quantityDecimals: qd, allowNegativeReactance: true });
  const h = solveNodalModel(highs, buildNodalModel(m, net), { presolve: 'off' });
  const r = clearNodal(m, options);
  expect(r.status).toBe(h.status);
  if (h.status !== 'optimal') return { r, optimal: false, pricesCompared: false };
  expect(Math.abs(r.stats.lpWelfare - h.welfare)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(h.welfare)));
  if (h.uniqueDuals) {
    const scale = 10 ** pd;
    r.busIds.forEach((id, i) => {
      const want = h.busPrices[net.busIndex.get(id)!] * scale;
      expect(Math.abs(Number(r.priceTicks[i]) - want), `price at ${id}`).toBeLessThanOrEqual(0.5 + 1e-6 * Math.max(1, Math.abs(want)));
    });
  }
  const report = verify(m, JSON.parse(JSON.stringify(toClearingResult(nodalOutcome(r)))));
  expect(report.failures).toEqual([]);
  return { r, optimal: true, pricesCompared: h.uniqueDuals };
}
