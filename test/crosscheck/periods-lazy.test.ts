// The lazy-line loop (src/periods/lazy.ts: solve without line rows, add the overloaded (line,
// period) rows, solve again) with HiGHS as the warm LP: the same LP optimum as all line rows up
// front, in both network forms, on congested PGLib days; fewer rows than bounded pairs; every
// result verifies (its shadow prices are the added rows' duals). injectionSolver with sifting
// (orders left out, priced in at the duals) reaches the same LP optimum.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GridModel } from '../../src/grid/index.js';
import { ColKind, clearPeriods, crashBasis, formulate, injectionSolver, lazyLineSolver, normalizePeriods, toPeriodsResult, verifyPeriods, type InjectionStats, type LazyLineStats, type PeriodsLp } from '../../src/periods/index.js';
import { LpEngine, type SparseLp } from '../../src/lp/index.js';
import { noTightening, retighten } from '../../src/periods/formulation.js';
import { lineShape, violated } from '../../src/periods/lazy.js';
import { rng } from '../helpers/rng.js';
import { highsSolver, highsWarm, loadPeriodsHighs } from '../helpers/periodsHighs.js';
import { periodsOnCase } from '../helpers/periodsArb.js';
import { CASES_DIR } from '../helpers/shared.js';

const have = (f: string) => existsSync(join(CASES_DIR, f));
beforeAll(async () => { await loadPeriodsHighs(); });

describe('lazy line rows (lazyLineSolver)', () => {
  for (const [file, T, factor, seed] of [['pglib_opf_case14_ieee.m', 6, 0.15, 4], ['pglib_opf_case30_ieee.m', 8, 0.3, 7], ['pglib_opf_case57_ieee.m', 4, 0.3, 9]] as const) {
    for (const form of ['ptdf', 'angles'] as const) {
      it.skipIf(!have(file))(`${file} T=${T} lines x${factor}, ${form}: the optimum of all rows, fewer rows, verified`, () => {
        const m = periodsOnCase(file, { periods: T, storage: 3, ramps: true, lineFactor: factor, seed });
        const grid = GridModel.from(m.network!, { quantityDecimals: m.quantityDecimals!, allowNegativeReactance: true });
        const all = clearPeriods(m, { solver: highsSolver, form, grid });
        const stats: LazyLineStats = { rounds: 0, rowsAdded: 0 };
        const lazy = clearPeriods(m, { solver: lazyLineSolver(highsWarm, grid, {}, stats), lazyLines: true, form, grid });
        expect(lazy.status).toBe('optimal');
        expect(Math.abs(lazy.stats.lpWelfare - all.stats.lpWelfare)).toBeLessThanOrEqual(1e-9 * Math.abs(all.stats.lpWelfare));
        const binding = lazy.shadowPrices.reduce((n, s) => n + s.filter((v) => v !== 0n).length, 0);
        expect(binding).toBeGreaterThan(0);
        expect(stats.rounds).toBeGreaterThan(0);
        expect(stats.rowsAdded).toBeGreaterThanOrEqual(binding);
        expect(stats.rowsAdded).toBeLessThan(T * m.network!.lines.length);
        expect(verifyPeriods(m, toPeriodsResult(lazy), { grid }).failures).toEqual([]);
        // the default method with lazyLines: the Wasm engine (LpEngine, warm-started after addRows) in the same loop
        const wasm = clearPeriods(m, { lazyLines: true, form, grid });
        expect(Math.abs(wasm.stats.lpWelfare - all.stats.lpWelfare)).toBeLessThanOrEqual(1e-9 * Math.abs(all.stats.lpWelfare));
        expect(verifyPeriods(m, toPeriodsResult(wasm), { grid }).failures).toEqual([]);
      });
    }
  }

  it('over LpEngine, a re-solve of the LP with other bounds goes on from the last rows and basis: a fresh solve\'s optimum, fewer iterations', () => {
    const m = periodsOnCase('pglib_opf_case30_ieee.m', { periods: 8, storage: 3, ramps: true, lineFactor: 0.3, seed: 7 });
    const grid = GridModel.from(m.network!, { quantityDecimals: m.quantityDecimals!, allowNegativeReactance: true });
    const lp1 = formulate(normalizePeriods(m, grid.network), grid, undefined, { form: 'angles', lazyLines: true });
    const engine = (lp: PeriodsLp) => new LpEngine(lp);
    const objective = (lp: PeriodsLp, x: Float64Array) => x.reduce((w, v, j) => w + v * lp.colCost[j], 0);
    // the tightening re-solve's kind of change: energy columns' bounds and ramp rows' bounds moved inwards
    const lp2: PeriodsLp = { ...lp1, colLower: lp1.colLower.slice(), colUpper: lp1.colUpper.slice(), rowLower: lp1.rowLower.slice(), rowUpper: lp1.rowUpper.slice() };
    for (const j of lp1.energyCol) lp2.colUpper[j] = Math.max(lp2.colLower[j], 0.9 * lp2.colUpper[j]);
    for (const i of lp1.rampRow) if (i >= 0 && Number.isFinite(lp2.rowUpper[i])) lp2.rowUpper[i] = Math.max(lp2.rowLower[i], 0.8 * lp2.rowUpper[i]);
    const stats: LazyLineStats = { rounds: 0, rowsAdded: 0 };
    const solver = lazyLineSolver(engine, grid, {}, stats);
    const first = solver(lp1);
    expect(first.status).toBe('optimal');
    expect(stats.rowsAdded).toBeGreaterThan(0);
    const again = solver(lp2), fresh = lazyLineSolver(engine, grid)(lp2);
    expect(again.status).toBe('optimal');
    expect(fresh.status).toBe('optimal');
    const a = objective(lp2, again.x), f = objective(lp2, fresh.x);
    expect(Math.abs(a - f)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(f)));
    expect(again.iterations!).toBeLessThan(fresh.iterations! / 2);
    // an LP with other costs is not a bounds-only change: a fresh start, the fresh optimum
    const lp3: PeriodsLp = { ...lp2, colCost: lp2.colCost.map((c) => c * 1.5) };
    const other = solver(lp3), fresh3 = lazyLineSolver(engine, grid)(lp3);
    expect(Math.abs(objective(lp3, other.x) - objective(lp3, fresh3.x))).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(objective(lp3, fresh3.x))));
    expect(other.iterations).toBe(fresh3.iterations);
  });

  it('a PTDF-form LP without the grid is refused (INVALID_OPTION naming grid)', () => {
    const m = periodsOnCase('pglib_opf_case5_pjm.m', { periods: 2, storage: 1, ramps: false, lineFactor: 0.5, seed: 1 });
    expect(() => clearPeriods(m, { solver: lazyLineSolver(highsWarm), lazyLines: true, form: 'ptdf' })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', field: 'grid' }));
  });
});

describe('retighten (the tightening re-solves\' LP)', () => {
  it('equals formulate with the same tightening, bit for bit, sharing the matrix', () => {
    for (const [form, seed] of [['angles', 3], ['ptdf', 5], ['angles', 8]] as const) {
      const m = periodsOnCase('pglib_opf_case14_ieee.m', { periods: 6, storage: 3, ramps: true, lineFactor: 0.5, seed });
      const grid = GridModel.from(m.network!, { quantityDecimals: m.quantityDecimals!, allowNegativeReactance: true });
      const norm = normalizePeriods(m, grid.network);
      const first = formulate(norm, grid, noTightening(norm), { form, lazyLines: form === 'angles' });
      const tight = noTightening(norm);
      const r = rng(seed);
      for (const a of [tight.energyLow, tight.energyHigh, tight.rampUp, tight.rampDown]) for (let k = 0; k < a.length; k++) if (r() < 0.4) a[k] = r() * 3;
      const want = formulate(norm, grid, tight, { form, lazyLines: form === 'angles' }), got = retighten(norm, first, tight);
      expect(tight.energyLow.some((v) => v > 0) && tight.rampUp.some((v) => v > 0)).toBe(true);
      for (const k of ['colLower', 'colUpper', 'rowLower', 'rowUpper', 'colCost', 'colStart', 'colRow', 'colValue'] as const) expect(Array.from(got[k])).toEqual(Array.from(want[k]));
      expect(Array.from(got.colUpper)).not.toEqual(Array.from(first.colUpper));
      expect(got.colValue).toBe(first.colValue);
    }
  });
});

describe('the PTDF form with the bus injections substituted out (injectionSolver)', () => {
  for (const [file, T, factor, seed] of [['pglib_opf_case14_ieee.m', 6, 0.15, 4], ['pglib_opf_case30_ieee.m', 8, 0.3, 7], ['pglib_opf_case57_ieee.m', 4, 0.3, 9]] as const) {
    it.skipIf(!have(file))(`${file} T=${T} lines x${factor}: the optimum of all rows (HiGHS), substitution thresholds and rows per round, verified`, () => {
      const m = periodsOnCase(file, { periods: T, storage: 3, ramps: true, lineFactor: factor, seed });
      const grid = GridModel.from(m.network!, { quantityDecimals: m.quantityDecimals!, allowNegativeReactance: true });
      const all = clearPeriods(m, { solver: highsSolver, form: 'ptdf', grid });
      let substituted = 0;
      for (const [upTo, perPeriod] of [[0, Infinity], [1, 1], [3, Infinity], [Infinity, 2]]) {
        const stats: LazyLineStats = { rounds: 0, rowsAdded: 0 };
        const out = clearPeriods(m, { solver: injectionSolver(grid, { substituteUpTo: upTo, rowsPerPeriod: perPeriod }, stats), lazyLines: true, form: 'ptdf', grid });
        expect(out.status).toBe('optimal');
        expect(Math.abs(out.stats.lpWelfare - all.stats.lpWelfare)).toBeLessThanOrEqual(1e-9 * Math.abs(all.stats.lpWelfare));
        expect(stats.rowsAdded).toBeGreaterThan(0);
        expect(verifyPeriods(m, toPeriodsResult(out), { grid }).failures).toEqual([]);
        substituted++;
      }
      expect(substituted).toBe(4);
    });
  }

  it('maps the duals back: each Bus row\'s dual makes its bus column\'s reduced cost 0, the same prices as HiGHS where its basis is unique', () => {
    const m = periodsOnCase('pglib_opf_case30_ieee.m', { periods: 5, storage: 2, ramps: true, lineFactor: 0.3, seed: 11 });
    const grid = GridModel.from(m.network!, { quantityDecimals: m.quantityDecimals!, allowNegativeReactance: true });
    const lp = formulate(normalizePeriods(m, grid.network), grid, undefined, { form: 'ptdf', lazyLines: true });
    const sol = injectionSolver(grid)(lp);
    expect(sol.status).toBe('optimal');
    const lineDual = sol.lineDual!;
    const T = 5, nB = lp.busRow.length / T, nL = lp.lineLower.length / T;
    let checked = 0;
    for (let t = 0; t < T; t++) {
      for (let b = 0; b < nB; b++) {
        const j = lp.busCol[t * nB + b];
        let d = lp.colCost[j];
        for (let e = lp.colStart[j]; e < lp.colStart[j + 1]; e++) d -= lp.colValue[e] * sol.rowDual[lp.colRow[e]];
        for (let l = 0; l < nL; l++) if (lineDual[t * nL + l] !== 0) d -= grid.ptdfRow(l)[b] * lineDual[t * nL + l];
        expect(Math.abs(d)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(sol.rowDual[lp.busRow[t * nB + b]])));
        checked++;
      }
    }
    expect(checked).toBe(T * nB);
    expect(lineDual.some((v) => v !== 0)).toBe(true);
  });

  it('refuses an angle-form LP and a PTDF-form LP on lines without the grid (INVALID_OPTION)', () => {
    const m = periodsOnCase('pglib_opf_case5_pjm.m', { periods: 2, storage: 1, ramps: false, lineFactor: 0.5, seed: 1 });
    const grid = GridModel.from(m.network!, { quantityDecimals: m.quantityDecimals!, allowNegativeReactance: true });
    expect(() => clearPeriods(m, { solver: injectionSolver(grid), lazyLines: true, form: 'angles', grid })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', field: 'form' }));
    expect(() => clearPeriods(m, { solver: injectionSolver(), lazyLines: true, form: 'ptdf' })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', field: 'grid' }));
  });
});

describe('sifting over the orders (injectionSolver sift)', () => {
  const cases = [['pglib_opf_case14_ieee.m', 6, 0.15, 4, true], ['pglib_opf_case30_ieee.m', 8, 0.3, 7, false], ['pglib_opf_case57_ieee.m', 4, 0.3, 9, true], ['pglib_opf_case118_ieee.m', 3, 0.4, 5, false]] as const;
  let leftOut = 0;
  for (const [file, T, factor, seed, ramps] of cases) {
    it.skipIf(!have(file))(`${file} T=${T} lines x${factor}: orders left out and priced in, the optimum of all rows (HiGHS), verified`, () => {
      const m = periodsOnCase(file, { periods: T, storage: 3, ramps, lineFactor: factor, seed });
      const grid = GridModel.from(m.network!, { quantityDecimals: m.quantityDecimals!, allowNegativeReactance: true });
      const all = clearPeriods(m, { solver: highsSolver, form: 'ptdf', grid });
      for (const [share, upTo] of [[0.05, Infinity], [0.3, 3], [0.6, 0]]) {
        const stats: InjectionStats = { rounds: 0, rowsAdded: 0 };
        const out = clearPeriods(m, { solver: injectionSolver(grid, { substituteUpTo: upTo, rowsPerPeriod: 2, sift: share }, stats), lazyLines: true, form: 'ptdf', grid });
        expect(out.status).toBe('optimal');
        expect(Math.abs(out.stats.lpWelfare - all.stats.lpWelfare)).toBeLessThanOrEqual(1e-9 * Math.abs(all.stats.lpWelfare));
        expect(verifyPeriods(m, toPeriodsResult(out), { grid }).failures).toEqual([]);
        expect(stats.columns).toBeLessThanOrEqual(stats.totalColumns!);
        leftOut += stats.totalColumns! - stats.columns!;
      }
    });
  }
  it('leaves orders out at the end somewhere (the loop does not just take every order in)', () => {
    expect(leftOut).toBeGreaterThan(0);
  });

  it('the orders left out have reduced costs of the right sign at the mapped duals: the LP optimum of all orders', () => {
    const m = periodsOnCase('pglib_opf_case30_ieee.m', { periods: 5, storage: 2, ramps: false, lineFactor: 0.5, seed: 12 });
    const grid = GridModel.from(m.network!, { quantityDecimals: m.quantityDecimals!, allowNegativeReactance: true });
    const lp = formulate(normalizePeriods(m, grid.network), grid, undefined, { form: 'ptdf', lazyLines: true });
    const stats: InjectionStats = { rounds: 0, rowsAdded: 0 };
    const sol = injectionSolver(grid, { sift: 0.1 }, stats)(lp);
    expect(sol.status).toBe('optimal');
    const full = clearPeriods(m, { solver: highsSolver, form: 'ptdf', grid });
    let welfare = 0, orders = 0;
    for (let j = 0; j < lp.numCols; j++) {
      welfare += lp.colCost[j] * sol.x[j];
      if (lp.colKind[j] !== ColKind.Order) continue;
      const e = lp.colStart[j], d = lp.colCost[j] - lp.colValue[e] * sol.rowDual[lp.colRow[e]], tol = 1e-7 * (1 + Math.abs(lp.colCost[j]));
      if (sol.x[j] <= lp.colLower[j]) expect(d).toBeLessThanOrEqual(tol);
      else if (sol.x[j] >= lp.colUpper[j]) expect(d).toBeGreaterThanOrEqual(-tol);
      else expect(Math.abs(d)).toBeLessThanOrEqual(tol);
      orders++;
    }
    expect(orders).toBeGreaterThan(0);
    expect(Math.abs(welfare - full.stats.lpWelfare)).toBeLessThanOrEqual(1e-9 * Math.abs(full.stats.lpWelfare));
    expect(stats.columns).toBeLessThan(stats.totalColumns!);
  });

  it('refuses sifting over a warm LP without addColumns (INVALID_OPTION)', () => {
    const m = periodsOnCase('pglib_opf_case5_pjm.m', { periods: 2, storage: 1, ramps: false, lineFactor: 0.5, seed: 1 });
    const grid = GridModel.from(m.network!, { quantityDecimals: m.quantityDecimals!, allowNegativeReactance: true });
    const engine = (lp: SparseLp, basis: Int32Array) => { const e = new LpEngine(lp, { basis }); return { solve: () => e.solve(), addRows: (r: Parameters<LpEngine['addRows']>[0]) => e.addRows(r) }; };
    expect(() => clearPeriods(m, { solver: injectionSolver(grid, { sift: 0.5, engine }), lazyLines: true, form: 'ptdf', grid })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', field: 'sift' }));
  });
});

describe('the crash basis (crashBasis)', () => {
  it('is a basis (numRows basic) from which the engine reaches the optimum of the row logicals\' start in fewer iterations', () => {
    for (const form of ['angles', 'ptdf'] as const) {
      const m = periodsOnCase('pglib_opf_case57_ieee.m', { periods: 6, storage: 3, ramps: true, lineFactor: 0.3, seed: 5 });
      const grid = GridModel.from(m.network!, { quantityDecimals: m.quantityDecimals!, allowNegativeReactance: true });
      const lp = formulate(normalizePeriods(m, grid.network), grid, undefined, { form, lazyLines: true });
      const b = crashBasis(lp);
      expect(b.length).toBe(lp.numCols + lp.numRows);
      expect(b.filter((s) => s === 0).length).toBe(lp.numRows);
      const cold = new LpEngine(lp).solve(), warm = new LpEngine(lp, { basis: b }).solve();
      expect(warm.status).toBe('optimal');
      expect(Math.abs(warm.objective - cold.objective)).toBeLessThanOrEqual(1e-9 * Math.abs(cold.objective));
      expect(warm.iterations).toBeLessThan(cold.iterations / 2);
    }
  });
});

describe('violated: a period\'s most overloaded lines first', () => {
  it('with perPeriod k, each period\'s k largest relative excesses of the full list, in line order', () => {
    const m = periodsOnCase('pglib_opf_case57_ieee.m', { periods: 4, storage: 2, ramps: false, lineFactor: 0.2, seed: 3 });
    const grid = GridModel.from(m.network!, { quantityDecimals: m.quantityDecimals!, allowNegativeReactance: true });
    const lp = formulate(normalizePeriods(m, grid.network), grid, undefined, { form: 'angles', lazyLines: true });
    const x = new LpEngine(lp).solve().x;
    const { T, nL, nB } = lineShape(lp);
    const all = violated(lp, x, grid, T, nL, nB, 1e-7, new Uint8Array(T * nL), new Map());
    const two = violated(lp, x, grid, T, nL, nB, 1e-7, new Uint8Array(T * nL), new Map(), 2);
    expect(all.pairs.length).toBeGreaterThan(2 * T);
    const act = (k: number) => { const t = Math.floor(k / nL), l = k % nL, f = lp.busCol[t * nB + lp.lineFrom[l]], g = lp.busCol[t * nB + lp.lineTo[l]]; return lp.lineK[l] * ((f < 0 ? 0 : x[f]) - (g < 0 ? 0 : x[g])); };
    const excess = (k: number) => { const a = act(k), hi = lp.lineUpper[k], lo = lp.lineLower[k]; return a > hi ? (a - hi) / (1 + Math.abs(hi)) : (lo - a) / (1 + Math.abs(lo)); };
    for (let t = 0; t < T; t++) {
      const mine = all.pairs.filter((k) => Math.floor(k / nL) === t);
      const want = mine.slice().sort((a, b) => excess(b) - excess(a) || a - b).slice(0, 2).sort((a, b) => a - b);
      expect(two.pairs.filter((k) => Math.floor(k / nL) === t)).toEqual(want);
    }
    expect(two.rows.start.length).toBe(two.pairs.length + 1);
  });
});
