// The shared cross-check: clearNodal vs HiGHS on one market, and verify() on the result.
import { expect } from 'vitest';
import { clearNodal, nodalOutcome } from '../../src/nodal/index.js';
import { toClearingResult } from '../../src/io/result.js';
import { verify } from '../../src/settle/index.js';
import type { Market } from '../../src/model/types.js';
import type { NodalResult } from '../../src/nodal/types.js';
import { solveWithHighs } from './nodalOracle.js';

/** Welfare the rounding may cost or add: one quantity tick of every order's price. */
function roundingBound(m: Market): number {
  return m.orders.reduce((s, o) => s + Math.abs(Number(o.price)), 0) * 10 ** -(m.quantityDecimals ?? 3);
}

/** Same status as HiGHS, same LP welfare (1e-9 relative), rounded welfare within the rounding, verifies. */
export async function crossCheck(m: Market): Promise<NodalResult> {
  const h = await solveWithHighs(m);
  const r = clearNodal(m);
  if (h.status === 'Infeasible') {
    expect(r.status).toBe('infeasible');
    return r;
  }
  expect(h.status).toBe('Optimal');
  expect(r.status).toBe('optimal');
  const scale = Math.max(1, Math.abs(h.welfare));
  expect(Math.abs(r.stats.lpWelfare - h.welfare)).toBeLessThanOrEqual(1e-9 * scale + 1e-7);
  const rounded = Number(r.welfareTicks) / 10 ** (r.priceDecimals + r.quantityDecimals);
  expect(Math.abs(rounded - h.welfare)).toBeLessThanOrEqual(roundingBound(m) + 1e-9 * scale);
  const report = verify(m, JSON.parse(JSON.stringify(toClearingResult(nodalOutcome(r)))));
  expect(report.failures).toEqual([]);
  return r;
}
