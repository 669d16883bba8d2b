// The LP engine's dual steepest-edge weights after a warm start: every weight the engine knows must
// be the exact ||e_p^T B^-1||^2 of the final basis (the recurrence keeps exact weights exact), with
// 'exact' all of them known, with 'lazy' those pricing needed; 'unit' (the old start) is not exact.
import { describe, expect, it } from 'vitest';
import { solveLp, type SparseLp } from '../../src/lp/index.js';
import { core } from '../../src/wasm/engine.js';
import { randomLp } from '../helpers/lpArb.js';
import { exactWeights } from '../helpers/denseWeights.js';

/** A warm start that must iterate: the cold optimum's basis with some row bounds moved past the activity. */
function warmCase(seed: number) {
  const lp = randomLp({ seed, rows: 24, cols: 40, mode: 'feasible' });
  const cold = solveLp(lp, { scale: false });
  if (cold.status !== 'optimal') return undefined;
  const rowLower = Float64Array.from(lp.rowLower), rowUpper = Float64Array.from(lp.rowUpper);
  for (let i = seed % 3; i < lp.numRows; i += 3) {
    const v = cold.rowActivity[i];
    if (rowUpper[i] < Infinity && rowLower[i] < v - 0.5) rowUpper[i] = v - 0.5;
    else if (rowLower[i] > -Infinity && rowUpper[i] > v + 0.5) rowLower[i] = v + 0.5;
  }
  return { lp: { ...lp, rowLower, rowUpper }, basis: cold.basis };
}

function solveAndRead(lp: SparseLp, basis: Int32Array, edgeWeights: 'lazy' | 'exact' | 'unit') {
  const r = solveLp(lp, { basis, scale: false, edgeWeights });
  const ex = core() as unknown as { lpEdgeWeight(p: number): number; lpBasisHead(p: number): number };
  const weights: number[] = [], head: number[] = [];
  for (let p = 0; p < lp.numRows; p++) { weights.push(ex.lpEdgeWeight(p)); head.push(ex.lpBasisHead(p)); }
  return { r, weights, head };
}

const close = (w: number, e: number) => Math.abs(w - Math.max(e, 1e-6)) <= 1e-7 * Math.max(1, e);

describe('dual steepest-edge weights of a warm start', () => {
  it('are the exact row norms of the final basis inverse (exact: all; lazy: those priced); unit ones are not', () => {
    let cases = 0, iterations = 0, lazyKnown = 0, unitWrong = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const c = warmCase(seed);
      if (!c) continue;
      const exact = solveAndRead(c.lp, c.basis, 'exact');
      if (exact.r.status !== 'optimal' || exact.r.iterations === 0) continue;
      cases++; iterations += exact.r.iterations;
      // the head is the final basis as reported
      expect(exact.head.every((j) => c.basis.length > j && exact.r.basis[j] === 0)).toBe(true);
      const want = exactWeights(c.lp, exact.head);
      exact.weights.forEach((w, p) => expect(close(w, want[p]), `seed ${seed} exact p ${p}: ${w} vs ${want[p]}`).toBe(true));
      const lazy = solveAndRead(c.lp, c.basis, 'lazy');
      expect(lazy.r.status).toBe('optimal');
      expect(Math.abs(lazy.r.objective - exact.r.objective)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(exact.r.objective)));
      const wantLazy = exactWeights(c.lp, lazy.head);
      lazy.weights.forEach((w, p) => {
        if (w === -1) return;
        lazyKnown++;
        expect(close(w, wantLazy[p]), `seed ${seed} lazy p ${p}: ${w} vs ${wantLazy[p]}`).toBe(true);
      });
      const unit = solveAndRead(c.lp, c.basis, 'unit');
      const wantUnit = exactWeights(c.lp, unit.head);
      unit.weights.forEach((w, p) => { if (!close(w, wantUnit[p])) unitWrong++; });
    }
    expect(cases).toBeGreaterThanOrEqual(10);
    expect(iterations).toBeGreaterThan(2 * cases);
    expect(lazyKnown).toBeGreaterThanOrEqual(cases);
    expect(unitWrong).toBeGreaterThan(0);
  });

  it('keeps 1 for the logical basis and rejects an unknown mode', () => {
    const lp = randomLp({ seed: 3, rows: 10, cols: 15, mode: 'feasible' });
    const logicals = new Int32Array(lp.numCols + lp.numRows).fill(1, 0, lp.numCols);
    const r = solveAndRead(lp, logicals, 'exact');
    expect(r.r.status).toBe('optimal');
    const want = exactWeights(lp, r.head);
    r.weights.forEach((w, p) => expect(close(w, want[p])).toBe(true));
    expect(() => solveLp(lp, { edgeWeights: 'devex' as 'unit' })).toThrow(/edgeWeights/);
  });
});
