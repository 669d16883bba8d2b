// The exact reference for small markets with blocks: enumerate every acceptance set that keeps the
// family and group rules, solve each set's LP (decisions fixed) with HiGHS, keep the sets whose
// prices admit no paradoxically accepted block, take the best welfare.
import { fixDecisions, formulateBlocks, normalizeBlocks, priceCheck, type BlocksMarket } from '../../src/blocks/index.js';
import { GridModel } from '../../src/grid/index.js';
import type { LpSolver } from '../../src/periods/formulation.js';
import { highsSolver } from './periodsHighs.js';

/**
 * Best welfare (money) over paradox-free acceptance sets, or undefined when none is feasible; with
 * priceCondition false, over every set. `solver`: the LP method of each set (HiGHS by default; the
 * bulk test passes the Wasm engine's solveLp, itself cross-checked against HiGHS in test/crosscheck);
 * the price check's dual-face LP is HiGHS's.
 */
export function referenceBlocks(market: BlocksMarket, priceCondition = true, solver: LpSolver = highsSolver): { welfare: number; accept: number[] } | undefined {
  const b = normalizeBlocks(market), n = b.blockIds.length;
  if (n > 16) throw new Error('the reference enumerates at most 2^16 sets');
  const grid = b.kind === 'network' && b.m.net.lineIds.length > 0 ? GridModel.from(b.m.net) : undefined;
  const lp = formulateBlocks(b, grid);
  let best: { welfare: number; accept: number[] } | undefined;
  for (let mask = 0; mask < 1 << n; mask++) {
    const accept = Array.from({ length: n }, (_, k) => (mask >> k) & 1);
    if (accept.some((a, k) => a && b.blockParent[k] >= 0 && !accept[b.blockParent[k]])) continue;
    const groups = new Set<number>();
    if (accept.some((a, k) => { if (!a || b.blockGroup[k] < 0) return false; if (groups.has(b.blockGroup[k])) return true; groups.add(b.blockGroup[k]); return false; })) continue;
    const fixed = fixDecisions(lp, accept), sol = solver(fixed);
    if (sol.status !== 'optimal') continue;
    // the optimal dual face (a zero-cost feasibility LP, needed only where the set's own duals show a loss) on HiGHS
    if (priceCondition && priceCheck(b, accept, fixed, sol, highsSolver).lossy.length > 0) continue;
    let w = 0;
    for (let j = 0; j < fixed.numCols; j++) w += fixed.colCost[j] * sol.x[j];
    if (!best || w > best.welfare + 1e-9 * Math.max(1, Math.abs(w))) best = { welfare: w, accept };
  }
  return best;
}
