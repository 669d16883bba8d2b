// Column singletons in merit order (docs/lp.md "Column singletons in merit order"): the ratio test
// walks each row's singletons sorted by c_j / a_ij instead of visiting all of them in PRICE, and
// their reduced costs are read from the duals. The answer is the same LP's: the same status and
// optimum with the order on and off, on LPs where half the columns are singletons (ties, badly
// scaled, free and one-sided columns, infeasible ones), and far fewer singletons visited.
import { afterEach, describe, expect, it } from 'vitest';
import { solveLp, type SparseLp } from '../../src/lp/index.js';
import { core } from '../../src/wasm/engine.js';
import { meshLp, randomLp } from '../helpers/lpArb.js';

const hook = () => core() as unknown as { lpMeritOrder(on: number): void; lpWalkSkip(on: number): void; lpCounterReset(): void; lpCounter(k: number): number };
afterEach(() => { hook().lpMeritOrder(1); hook().lpWalkSkip(1); });

function solve(lp: SparseLp, on: number) {
  hook().lpMeritOrder(on);
  hook().lpCounterReset();
  const r = solveLp(lp);
  return { r, reached: hook().lpCounter(2), walked: hook().lpCounter(23) };
}

/** Half the columns singletons (perCol 1.5: one or two entries), many per row; boxed and fixed (a free or one-sided singleton with a cost is mostly unbounded: the last test). */
const lps: [string, SparseLp][] = [
  ['300 rows, 6000 columns', randomLp({ seed: 5, rows: 300, cols: 6000, perCol: 1.5, mode: 'feasible', free: 0, oneSided: 0 })],
  ['300 rows, 6000 columns, ties', randomLp({ seed: 6, rows: 300, cols: 6000, perCol: 1.5, mode: 'feasible', ties: true, free: 0, oneSided: 0 })],
  ['200 rows, 4000 columns, ties, scaled', randomLp({ seed: 7, rows: 200, cols: 4000, perCol: 1.5, mode: 'feasible', ties: true, scaleExp: 2, free: 0, oneSided: 0 })],
  ['400 rows, 5000 columns, boxed, maximized', randomLp({ seed: 8, rows: 400, cols: 5000, perCol: 1.5, mode: 'feasible', free: 0, oneSided: 0, maximize: true })],
];

describe('column singletons in merit order', () => {
  for (const [name, lp] of lps) {
    it(`${name}: the same status and optimum on and off, fewer singletons visited`, () => {
      const off = solve(lp, 0), on = solve(lp, 1);
      expect(off.r.status).toBe('optimal');
      expect(on.r.status).toBe('optimal');
      expect(Math.abs(on.r.objective - off.r.objective)).toBeLessThanOrEqual(1e-7 * (1 + Math.abs(off.r.objective)));
      expect(off.walked).toBe(0);
      expect(on.reached + on.walked).toBeLessThan(off.reached);
    });
  }
  it('random bounds (infeasible and unbounded ones too): the same status on and off', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const lp = randomLp({ seed, rows: 60, cols: 600, perCol: 1.5, mode: 'random', ties: seed % 2 === 0 });
      const off = solve(lp, 0), on = solve(lp, 1);
      expect(on.r.status).toBe(off.r.status);
      if (off.r.status === 'optimal') expect(Math.abs(on.r.objective - off.r.objective)).toBeLessThanOrEqual(1e-7 * (1 + Math.abs(off.r.objective)));
    }
  });
});

// The walks skip a listed row whose next singleton's key is past the bound without visiting it
// (dual.ts walkable: the value walkRow would test, kept per row within a ratio test): the same
// rows visited as far, so the same candidates, iterations, flips and bits as visiting every row.
describe('the ratio test\'s walks skip rows past the bound', () => {
  const bits = (r: ReturnType<typeof solveLp>) => [r.status, r.objective, r.stats.flips, ...r.x, ...r.rowDual].map((v) => (Object.is(v, -0) ? '-0' : String(v))).join(',');
  const cases: [string, SparseLp, Parameters<typeof solveLp>[1]][] = [
    ...lps.map(([name, lp]): [string, SparseLp, Parameters<typeof solveLp>[1]] => [name, lp, {}]),
    ['B-theta mesh 20x20 from a warm start', meshLp(20, 2, 0.6), { basis: solveLp(meshLp(20, 2, 1), { markowitz: true }).basis, markowitz: true, perturb: false }],
  ];
  for (const [name, lp, opts] of cases) {
    it(`${name}: the same iterations, flips and bits with the skip on and off`, () => {
      hook().lpWalkSkip(0);
      const all = solveLp(lp, opts);
      hook().lpWalkSkip(1);
      const skip = solveLp(lp, opts);
      expect(skip.iterations).toBe(all.iterations);
      expect(bits(skip)).toBe(bits(all));
    });
  }
});
