// The resident LpEngine (docs/lp.md, "The resident engine"): the LP stays loaded in the engine's own
// core instance between solves. With `keepFactors: false` it must give the bits of the engine that
// loads the LP at every solve (`resident: false`); with the factors and edge weights kept (the
// default), and with re-solves perturbed lazily (`lazyPerturb: true`), the same status and optimum
// on a branch-and-bound-like sequence of bound changes, saved bases, appended rows and columns.
import { describe, expect, it } from 'vitest';
import { LpEngine, type LpEngineOptions, type LpResult, type SparseLp } from '../../src/lp/index.js';
import { randomLp } from '../helpers/lpArb.js';
import { rng } from '../helpers/rng.js';

/** Runs one sequence of changes and solves on an engine with these options; the results of every solve. */
function sequence(lp: SparseLp, seed: number, options: LpEngineOptions): LpResult[] {
  const r = rng(seed), e = new LpEngine(lp, options), out: LpResult[] = [];
  const solve = () => { const s = e.solve(); out.push(s); return s; };
  const first = solve();
  const saved = e.getBasis();
  for (let round = 0; round < 6; round++) {
    const j = Math.floor(r() * lp.numCols), x = first.x[j] ?? 0;
    // a branch on column j: below or above its value
    if (r() < 0.5) e.setColumnBounds(j, lp.colLower[j], Math.min(lp.colUpper[j], Math.floor(x))); else e.setColumnBounds(j, Math.max(lp.colLower[j], Math.ceil(x)), lp.colUpper[j]);
    solve();
    if (round === 2 && saved) { e.setBasis(saved); e.setColumnBounds(j, lp.colLower[j], lp.colUpper[j]); solve(); }
    if (round === 3) {
      const i = Math.floor(r() * lp.numRows);
      e.setRowBounds(i, lp.rowLower[i] - 1, lp.rowUpper[i] + 1);
      solve();
    }
  }
  const k = e.lp.numCols, cols = [0, 1 % k, 2 % k].filter((v, i, a) => a.indexOf(v) === i);
  e.addRows({ lower: [-Infinity], upper: [1 + 5 * r()], start: [0, cols.length], index: cols, value: cols.map(() => 1) });
  solve();
  e.addColumns({ lower: [0], upper: [3], cost: [lp.maximize === false ? -1 : 1], start: [0, 1], index: [0], value: [1] });
  solve();
  solve();
  e.dispose();
  return out;
}

const lps: [string, SparseLp][] = [
  ['random 300 rows, ties', randomLp({ seed: 31, rows: 300, cols: 450, mode: 'feasible', ties: true, free: 0, oneSided: 0 })],
  ['random 200 rows, scaled', randomLp({ seed: 8, rows: 200, cols: 300, mode: 'feasible', scaleExp: 2, free: 0, oneSided: 0 })],
  ['random 40 rows, free and one-sided', randomLp({ seed: 5, rows: 40, cols: 60, mode: 'feasible' })],
];

describe('the resident LpEngine', () => {
  for (const [name, lp] of lps) {
    it(`${name}: the loaded LP without kept factors gives the same bits; kept factors the same optimum`, () => {
      const old = sequence(lp, 7, { resident: false }), lazy = sequence(lp, 7, { lazyPerturb: true }), loaded = sequence(lp, 7, { keepFactors: false }), kept = sequence(lp, 7, {});
      expect(loaded.length).toBe(old.length);
      for (let s = 0; s < old.length; s++) {
        expect([loaded[s].status, loaded[s].iterations, loaded[s].objective], `solve ${s}`).toEqual([old[s].status, old[s].iterations, old[s].objective]);
        expect(Array.from(loaded[s].x)).toEqual(Array.from(old[s].x));
        expect(Array.from(loaded[s].rowDual)).toEqual(Array.from(old[s].rowDual));
        expect(Array.from(loaded[s].basis)).toEqual(Array.from(old[s].basis));
        for (const other of [kept[s], lazy[s]]) {
          expect(other.status, `solve ${s}`).toBe(old[s].status);
          if (old[s].status === 'optimal') expect(Math.abs(other.objective - old[s].objective), `solve ${s}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(old[s].objective)));
        }
      }
    });
  }

  it('a solve after bound changes starts on the kept factors (one factorization fewer), and twice the same bits', () => {
    const lp = lps[0][1];
    const run = (options: LpEngineOptions) => {
      const e = new LpEngine(lp, options);
      e.solve();
      e.setColumnBounds(3, 0, 0);
      const r = e.solve();
      e.dispose();
      return r;
    };
    const kept = run({}), loaded = run({ keepFactors: false }), again = run({}), lazy = run({ lazyPerturb: true });
    expect(kept.stats.refactorizations).toBeLessThan(loaded.stats.refactorizations);
    expect(lazy.objective).toBeCloseTo(kept.objective, 9);
    expect(Array.from(again.x)).toEqual(Array.from(kept.x));
    expect(again.objective).toBe(kept.objective);
  });

  it('dispose hands the instance back; a disposed engine refuses to solve', () => {
    const e = new LpEngine(lps[2][1]);
    const first = e.solve();
    e.dispose();
    expect(() => e.solve()).toThrow(/disposed/);
    // the next engine takes the spare instance: no new memory
    const f = new LpEngine(lps[2][1]);
    expect(f.solve().stats.memoryBytes).toBe(first.stats.memoryBytes);
    f.dispose();
  });
});
