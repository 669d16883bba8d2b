// Lazy Ramp rows (injectionSolver's `lazyRamps`, off by default): the engine's LP starts without
// the Ramp rows (but those the start's ramp clipping holds orders against) and appends the ones a
// solution breaks, in the rounds of the lazy Line rows. The optimum of all rows (HiGHS), verified;
// the Ramp rows' duals mapped back (verify's ramp complementary slackness), fewer rows than all.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GridModel } from '../../src/grid/index.js';
import { clearPeriods, injectionSolver, normalizePeriods, periodsStart, toPeriodsResult, verifyPeriods, type InjectionStats } from '../../src/periods/index.js';
import { highsSolver, loadPeriodsHighs } from '../helpers/periodsHighs.js';
import { periodsOnCase } from '../helpers/periodsArb.js';
import { CASES_DIR } from '../helpers/shared.js';

const have = (f: string) => existsSync(join(CASES_DIR, f));
beforeAll(async () => { await loadPeriodsHighs(); });

describe('lazy Ramp rows (injectionSolver lazyRamps)', () => {
  let appended = 0, fewer = 0;
  for (const [file, T, factor, seed] of [['pglib_opf_case14_ieee.m', 6, 0.15, 4], ['pglib_opf_case30_ieee.m', 8, 0.3, 7], ['pglib_opf_case57_ieee.m', 4, 0.3, 9], ['pglib_opf_case118_ieee.m', 12, 0.5, 13], ['pglib_opf_case30_ieee.m', 24, 0.3, 21]] as const) {
    it.skipIf(!have(file))(`${file} T=${T} lines x${factor}, storage and ramps: HiGHS's optimum on all rows, verified, with and without the start`, () => {
      const m = periodsOnCase(file, { periods: T, storage: 3, ramps: true, lineFactor: factor, seed });
      const grid = GridModel.from(m.network!, { quantityDecimals: m.quantityDecimals!, allowNegativeReactance: true });
      const ref = clearPeriods(m, { solver: highsSolver, grid });
      for (const start of [periodsStart(m, normalizePeriods(m, grid.network), grid), undefined]) {
        const stats: InjectionStats = { rounds: 0, rowsAdded: 0 };
        const out = clearPeriods(m, { grid, form: 'ptdf', lazyLines: true, solver: injectionSolver(grid, { substituteUpTo: 8, rowsPerPeriod: 3, start, lazyRamps: true }, stats) });
        expect(out.status).toBe(ref.status);
        expect(Math.abs(out.stats.lpWelfare - ref.stats.lpWelfare)).toBeLessThanOrEqual(1e-9 * Math.abs(ref.stats.lpWelfare));
        expect(verifyPeriods(m, toPeriodsResult(out), { grid }).failures).toEqual([]);
        const all = normalizePeriods(m, grid.network).units.ids.length * T;
        expect(stats.rampRows).toBeLessThanOrEqual(all);
        if ((stats.rampRowsAdded ?? 0) > 0) appended++;
        if ((stats.rampRows ?? all) < all) fewer++;
      }
    });
  }
  it('appended Ramp rows somewhere and held fewer than all somewhere (the cases above are not vacuous)', () => {
    expect(appended).toBeGreaterThan(0);
    expect(fewer).toBeGreaterThan(0);
  });
});
