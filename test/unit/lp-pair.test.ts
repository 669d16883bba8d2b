// The entering column's and the steepest-edge tau's FTRANs in one pass (docs/lp.md "Two dense
// FTRANs in one pass"): where both are predicted dense they run over the factors together, each
// in an f64x2 lane with the scalar solve's operations, so the solve takes the same steps with the
// pass on and off: the same iterations, flips, objective, x and duals bit for bit. So do the exact
// steepest-edge weights of a warm start (edgeWeights 'exact', and 'lazy' for the positions a full
// CHUZR scan meets unknown), whose dense BTRANs run two at a time.
import { afterEach, describe, expect, it } from 'vitest';
import { solveLp, type LpOptions, type SparseLp } from '../../src/lp/index.js';
import { core } from '../../src/wasm/engine.js';
import { meshLp, randomLp } from '../helpers/lpArb.js';

const hook = () => core() as unknown as { lpPairSolves(on: number): void; lpCounterReset(): void; lpCounter(k: number): number };
afterEach(() => hook().lpPairSolves(1));

function solve(lp: SparseLp, on: number, markowitz: boolean, more: LpOptions = {}) {
  hook().lpPairSolves(on);
  hook().lpCounterReset();
  const r = solveLp(lp, { markowitz, ...more });
  return { r, pairs: hook().lpCounter(19) };
}

const bits = (a: Float64Array) => Array.from(a, (v) => (Object.is(v, -0) ? '-0' : String(v)));

describe('the paired dense FTRANs', () => {
  const lps: [string, SparseLp, boolean, boolean][] = [
    ['B-theta mesh 20x20, Markowitz', meshLp(20, 2, 1), true, true],
    ['B-theta mesh 25x25, left-looking', meshLp(25, 5, 1), false, true],
    ['random 1500 rows, ties', randomLp({ seed: 12, rows: 1500, cols: 2200, mode: 'feasible', ties: true, scaleExp: 2, free: 0, oneSided: 0 }), false, false],
  ];
  for (const [name, lp, markowitz, dense] of lps) {
    it(`${name}: the same iterations, flips and bits paired and apart`, () => {
      const apart = solve(lp, 0, markowitz), paired = solve(lp, 1, markowitz);
      expect(apart.r.status).toBe('optimal');
      expect(apart.pairs).toBe(0);
      // the meshes' results are dense: most iterations ran the pair
      if (dense) expect(paired.pairs).toBeGreaterThan(paired.r.stats.iterations / 4);
      expect(paired.r.stats.iterations).toBe(apart.r.stats.iterations);
      expect(paired.r.stats.flips).toBe(apart.r.stats.flips);
      expect(paired.r.stats.refactorizations).toBe(apart.r.stats.refactorizations);
      expect(Object.is(paired.r.objective, apart.r.objective)).toBe(true);
      expect(bits(paired.r.x)).toEqual(bits(apart.r.x));
      expect(bits(paired.r.rowDual)).toEqual(bits(apart.r.rowDual));
      expect(bits(paired.r.colDual)).toEqual(bits(apart.r.colDual));
    });
  }
  it('a warm start with exact weights (the nodal hand-over\'s): the same weights\' solves and bits paired and apart', () => {
    const basis = solveLp(meshLp(20, 2, 1), { markowitz: true }).basis, lp = meshLp(20, 2, 0.6);
    const apart = solve(lp, 0, true, { basis, edgeWeights: 'exact' }), paired = solve(lp, 1, true, { basis, edgeWeights: 'exact' });
    expect(apart.r.status).toBe('optimal');
    expect(paired.pairs).toBeGreaterThan(lp.numRows / 4);
    expect(paired.r.stats.iterations).toBe(apart.r.stats.iterations);
    expect(paired.r.stats.flips).toBe(apart.r.stats.flips);
    expect(Object.is(paired.r.objective, apart.r.objective)).toBe(true);
    expect(bits(paired.r.x)).toEqual(bits(apart.r.x));
    expect(bits(paired.r.rowDual)).toEqual(bits(apart.r.rowDual));
  });
  it('a warm start with lazy weights (the nodal hand-over\'s since): the infeasible positions\' weights two per pass, the same bits apart', () => {
    const basis = solveLp(meshLp(20, 2, 1), { markowitz: true }).basis, lp = meshLp(20, 2, 0.6);
    const apart = solve(lp, 0, true, { basis, edgeWeights: 'lazy' }), paired = solve(lp, 1, true, { basis, edgeWeights: 'lazy' });
    const ftranOnly = solve(lp, 1, true, { basis, edgeWeights: 'unit' });
    expect(apart.r.status).toBe('optimal');
    // more pairs than the FTRAN pairs of a solve of about the same length: the weights' BTRANs ran paired
    expect(paired.pairs).toBeGreaterThan(ftranOnly.pairs + 20);
    expect(paired.r.stats.iterations).toBe(apart.r.stats.iterations);
    expect(paired.r.stats.flips).toBe(apart.r.stats.flips);
    expect(Object.is(paired.r.objective, apart.r.objective)).toBe(true);
    expect(bits(paired.r.x)).toEqual(bits(apart.r.x));
    expect(bits(paired.r.rowDual)).toEqual(bits(apart.r.rowDual));
  });
});

// Hyper-sparse CHUZR (docs/lp.md): only the positions moved since the last CHUZR are scored again
// against a candidate set; it must choose the rows the full scan chooses.
describe('the hyper-sparse CHUZR', () => {
  const chuzr = () => core() as unknown as { lpHyperChuzr(on: number): void; lpCounterReset(): void; lpCounter(k: number): number };
  afterEach(() => chuzr().lpHyperChuzr(1));
  const lps: [string, SparseLp, LpOptions][] = [
    ['random 3000 rows', randomLp({ seed: 31, rows: 3000, cols: 4500, mode: 'feasible', ties: false, scaleExp: 2, free: 0, oneSided: 0 }), {}],
    ['random 2000 rows, ties', randomLp({ seed: 7, rows: 2000, cols: 3000, mode: 'feasible', ties: true, scaleExp: 1, free: 0, oneSided: 0 }), {}],
    ['random 1500 rows, free and one-sided columns (unbounded)', randomLp({ seed: 5, rows: 1500, cols: 2200, mode: 'feasible', ties: false, scaleExp: 3, free: 0.05, oneSided: 0.2 }), {}],
    ['B-theta mesh 20x20, lazy weights from a warm start', meshLp(20, 2, 0.6), { basis: solveLp(meshLp(20, 2, 1), { markowitz: true }).basis, markowitz: true }],
  ];
  for (const [name, lp, more] of lps) {
    it(`${name}: the same iterations, flips and bits with the candidate set and with full scans`, () => {
      chuzr().lpHyperChuzr(0);
      const full = solveLp(lp, more);
      chuzr().lpHyperChuzr(1);
      chuzr().lpCounterReset();
      const hyper = solveLp(lp, more), decided = chuzr().lpCounter(20);
      expect(hyper.status).toBe(full.status);
      // the random LPs' columns are sparse: the candidate set decides most CHUZRs
      if (!more.basis) expect(decided).toBeGreaterThan(hyper.stats.iterations / 2);
      expect(hyper.stats.iterations).toBe(full.stats.iterations);
      expect(hyper.stats.flips).toBe(full.stats.flips);
      expect(Object.is(hyper.objective, full.objective)).toBe(true);
      expect(bits(hyper.x)).toEqual(bits(full.x));
      expect(bits(hyper.rowDual)).toEqual(bits(full.rowDual));
    });
  }
});
