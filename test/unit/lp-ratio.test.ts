// The ratio test's large-step pass (docs/lp.md "The ratio test"): the candidates with ratio up to
// a growing limit go first, and the groups are taken from them alone while their bounds stay
// within the limit. The groups, their order and the entering variable are those of all
// candidates, so the solve takes the same steps: the same iterations, flips and bits with the pass
// on, off, and cut to one pass at its first limit (where the groups often leave it and are taken
// again from all candidates).
import { afterEach, describe, expect, it } from 'vitest';
import { solveLp, type SparseLp } from '../../src/lp/index.js';
import { core } from '../../src/wasm/engine.js';
import { randomLp } from '../helpers/lpArb.js';

const hook = () => core() as unknown as { lpLargeStep(mode: number): void; lpCounterReset(): void; lpCounter(k: number): number };
afterEach(() => hook().lpLargeStep(1));

function solve(lp: SparseLp, mode: number) {
  hook().lpLargeStep(mode);
  hook().lpCounterReset();
  const r = solveLp(lp);
  const c = hook().lpCounter;
  return { r, tests: c(15), all: c(16), kept: c(17), again: c(18) };
}

describe('the ratio test\'s large-step pass', () => {
  const lps: [string, SparseLp][] = [
    ['random 600 rows, boxed', randomLp({ seed: 3, rows: 600, cols: 900, mode: 'feasible', free: 0, oneSided: 0 })],
    ['random 600 rows, ties, scaled', randomLp({ seed: 21, rows: 600, cols: 900, mode: 'feasible', ties: true, scaleExp: 2, free: 0, oneSided: 0 })],
    ['random 1000 rows, maximized', randomLp({ seed: 8, rows: 1000, cols: 1500, mode: 'feasible', free: 0, oneSided: 0, maximize: true })],
  ];
  for (const [name, lp] of lps) {
    it(`${name}: the same iterations, flips, objective and x bits on, off and cut short`, () => {
      const off = solve(lp, 0), on = solve(lp, 1), short = solve(lp, 2);
      expect(off.r.status).toBe('optimal');
      // the pass ran past the first group on some tests and kept fewer candidates than all
      expect(on.tests).toBeGreaterThan(0);
      expect(on.kept).toBeLessThan(on.all);
      expect(off.tests).toBe(0);
      for (const s of [on, short]) {
        expect(s.r.stats.iterations).toBe(off.r.stats.iterations);
        expect(s.r.stats.flips).toBe(off.r.stats.flips);
        expect(Object.is(s.r.objective, off.r.objective)).toBe(true);
        expect(s.r.x).toEqual(off.r.x);
        expect(s.r.rowDual).toEqual(off.r.rowDual);
      }
    });
  }
  it('cut short, the groups leave the kept candidates and are taken again from all', () => {
    let again = 0;
    for (const [, lp] of lps) again += solve(lp, 2).again;
    expect(again).toBeGreaterThan(0);
  });
});
