// The default method's LP engine is disposed of as clearPeriods ends (its Wasm instance goes back
// for the next clearing's engine: no instance left to the garbage collector per clearing), and a
// solver passed in is left to its caller (WarmSolver.dispose).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GridModel } from '../../src/grid/index.js';
import { LpEngine, type SparseLp } from '../../src/lp/index.js';
import { clearPeriods, injectionSolver, lazyLineSolver, crashBasis, toPeriodsResult, verifyPeriods, type PeriodsForm, type PeriodsMarket, type WarmSolver } from '../../src/periods/index.js';
import { twoBus } from '../helpers/periodsCases.js';

/** twoBus with a battery at A: coupled, so the LP method clears it. */
function coupled(): PeriodsMarket {
  const m = twoBus();
  m.storage = [{ id: 'bat', bus: 'A', energyCapacity: '20', chargeCapacity: '20', dischargeCapacity: '20', chargeEfficiency: '0.9', dischargeEfficiency: '0.9' }];
  return m;
}

describe('clearPeriods disposes of the engines it makes', () => {
  afterEach(() => { vi.restoreAllMocks(); });

  for (const form of ['ptdf', 'angles'] as const) {
    it(`every engine of the default method (${form} form) is disposed of when the clearing ends`, () => {
      const solved = new Set<LpEngine>(), disposed = new Set<LpEngine>();
      const solve = LpEngine.prototype.solve, dispose = LpEngine.prototype.dispose;
      vi.spyOn(LpEngine.prototype, 'solve').mockImplementation(function (this: LpEngine) { solved.add(this); return solve.call(this); });
      vi.spyOn(LpEngine.prototype, 'dispose').mockImplementation(function (this: LpEngine) { disposed.add(this); dispose.call(this); });
      const m = coupled();
      const r = toPeriodsResult(clearPeriods(m, { form }));
      expect(verifyPeriods(m, r).failures).toEqual([]);
      expect(solved.size).toBeGreaterThan(0);
      expect([...solved].every((e) => disposed.has(e))).toBe(true);
      // the next clearing (on a reused instance) gives the same result
      expect(toPeriodsResult(clearPeriods(m, { form })).digest).toBe(r.digest);
    });
  }

  it('a solver passed in is not disposed of; its dispose() disposes of its engine and it starts over at its next call', () => {
    const m = coupled(), grid = GridModel.from(m.network!, { quantityDecimals: 3, allowNegativeReactance: true });
    type Make = (lp: SparseLp, basis: Int32Array) => LpEngine;
    const makers: [PeriodsForm, (engine: Make) => WarmSolver][] = [
      ['ptdf', (engine) => injectionSolver(grid, { engine })],
      ['angles', (engine) => lazyLineSolver((lp) => engine(lp, crashBasis(lp)), grid)],
    ];
    for (const [form, make] of makers) {
      let made = 0, gone = 0;
      const solver = make((lp, basis) => {
        made++;
        const e = new LpEngine(lp, { basis }), dispose = e.dispose.bind(e);
        e.dispose = () => { gone++; dispose(); };
        return e;
      });
      const first = toPeriodsResult(clearPeriods(m, { grid, solver, lazyLines: true, form }));
      expect(verifyPeriods(m, first).failures).toEqual([]);
      expect(made).toBe(1);
      expect(gone).toBe(0);
      solver.dispose();
      expect(gone).toBe(1);
      expect(toPeriodsResult(clearPeriods(m, { grid, solver, lazyLines: true, form })).digest).toBe(first.digest);
      expect(made).toBe(2);
      solver.dispose();
      expect(gone).toBe(2);
    }
  });
});
