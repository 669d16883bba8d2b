// The Wasm LP engine (src/lp, assembly/lp) against HiGHS on random sparse LPs made to reach the
// edges: degenerate (ties in costs, entries and bounds), infeasible, unbounded, free, fixed and
// one-sided columns, equality, ranged and free rows, empty rows and columns, badly scaled rows and
// columns, 1..2000 rows. Status and objective to 1e-9 relative; row duals where HiGHS's are unique
// (a nondegenerate optimum: no basic variable at a bound, so the dual solution is unique).
import { beforeAll, describe, expect, it } from 'vitest';
import { LpEngine, solveLp, type LpResult, type SparseLp } from '../../src/lp/index.js';
import { meshLp, randomLp, type LpArbOptions } from '../helpers/lpArb.js';
import { highsLp, loadHighs, type HighsAnswer } from '../helpers/lpHighs.js';
import { rng } from '../helpers/rng.js';

beforeAll(async () => { await loadHighs(); });

const close = (a: number, b: number, tol = 1e-9) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

/** Same status; optimal: same objective to 1e-9 relative, and the engine's point feasible. */
function agree(lp: SparseLp, mine: LpResult, h: HighsAnswer): void {
  if (h.status === 'unboundedOrInfeasible') expect(mine.status).not.toBe('optimal');
  else expect(mine.status).toBe(h.status);
  if (h.status !== 'optimal') return;
  expect(close(mine.objective, h.objective)).toBe(true);
  const act = new Float64Array(lp.numRows);
  for (let j = 0; j < lp.numCols; j++) {
    const tol = 1e-6 * Math.max(1, Math.abs(mine.x[j]));
    expect(mine.x[j]).toBeGreaterThanOrEqual(lp.colLower[j] - tol);
    expect(mine.x[j]).toBeLessThanOrEqual(lp.colUpper[j] + tol);
    for (let k = lp.colStart[j]; k < lp.colStart[j + 1]; k++) act[lp.colRow[k]] += lp.colValue[k] * mine.x[j];
  }
  for (let i = 0; i < lp.numRows; i++) {
    const tol = 1e-6 * Math.max(1, Math.abs(act[i]));
    expect(act[i]).toBeGreaterThanOrEqual(lp.rowLower[i] - tol);
    expect(act[i]).toBeLessThanOrEqual(lp.rowUpper[i] + tol);
  }
}

const sizes = [1, 2, 3, 5, 8, 13, 30, 80, 200, 500];
const shapes: [string, Omit<LpArbOptions, 'seed' | 'rows' | 'cols'>][] = [
  ['boxed, feasible', { mode: 'feasible', free: 0, oneSided: 0 }],
  ['degenerate ties', { mode: 'feasible', ties: true, free: 0, oneSided: 0.1 }],
  ['free, fixed and one-sided columns', { mode: 'feasible', free: 0.1, oneSided: 0.3 }],
  ['random bounds (often infeasible)', { mode: 'random' }],
  ['badly scaled (1e-4 .. 1e4)', { mode: 'feasible', scaleExp: 4, free: 0, oneSided: 0.05 }],
  ['degenerate and badly scaled', { mode: 'feasible', ties: true, scaleExp: 3, free: 0.02, oneSided: 0.1 }],
];

describe('solveLp vs HiGHS on random sparse LPs', () => {
  for (const [name, o] of shapes) {
    it(name, () => {
      const seen = new Set<string>();
      let seed = 1;
      for (const m of sizes) for (const ratio of [0.5, 1.5]) {
        const lp = randomLp({ ...o, seed: seed++ * 7919 + m, rows: m, cols: Math.max(1, Math.round(m * ratio)) });
        const h = highsLp(lp), mine = solveLp(lp);
        agree(lp, mine, h);
        seen.add(mine.status);
      }
      if (o.mode === 'random') expect(seen.has('infeasible')).toBe(true);
    });
  }

  it('2000 rows, degenerate and scaled: objective and status as HiGHS', () => {
    for (const seed of [1, 2]) {
      const lp = randomLp({ seed, rows: 2000, cols: 3000, mode: 'feasible', ties: seed === 1, scaleExp: 2, free: 0, oneSided: 0 });
      const h = highsLp(lp), mine = solveLp(lp);
      expect(h.status).toBe('optimal');
      agree(lp, mine, h);
    }
  });

  it('without perturbation or scaling, the same answers', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const lp = randomLp({ seed, rows: 30, cols: 45, mode: seed % 3 ? 'feasible' : 'random', ties: seed % 2 === 0 });
      const h = highsLp(lp);
      agree(lp, solveLp(lp, { perturb: false }), h);
      agree(lp, solveLp(lp, { scale: false }), h);
    }
  });

  it('unbounded and infeasible LPs are told apart', () => {
    const F = Float64Array, I = Int32Array;
    // max x + y with x - y <= 1: unbounded along (1, 1)
    const unb: SparseLp = { numCols: 2, numRows: 1, colLower: F.of(0, 0), colUpper: F.of(Infinity, Infinity), colCost: F.of(1, 1),
      colStart: I.of(0, 1, 2), colRow: I.of(0, 0), colValue: F.of(1, -1), rowLower: F.of(-Infinity), rowUpper: F.of(1) };
    expect(solveLp(unb).status).toBe('unbounded');
    // and infeasible once x + y <= -1 is added
    const inf: SparseLp = { ...unb, numRows: 2, colStart: I.of(0, 2, 4), colRow: I.of(0, 1, 0, 1), colValue: F.of(1, 1, -1, 1), rowLower: F.of(-Infinity, -Infinity), rowUpper: F.of(1, -1) };
    expect(solveLp(inf).status).toBe('infeasible');
    // crossed bounds, empty rows and columns
    expect(solveLp({ ...unb, colLower: F.of(2, 0), colUpper: F.of(1, 1) }).status).toBe('infeasible');
    const empty: SparseLp = { numCols: 2, numRows: 2, colLower: F.of(0, -1), colUpper: F.of(3, 1), colCost: F.of(2, -1), colStart: I.of(0, 0, 0),
      colRow: new I(0), colValue: new F(0), rowLower: F.of(-1, 0), rowUpper: F.of(1, 0) };
    const e = solveLp(empty);
    expect([e.status, e.objective, Array.from(e.x)]).toEqual(['optimal', 7, [3, -1]]);
    expect(solveLp({ ...empty, rowLower: F.of(1, 0) }).status).toBe('infeasible');
  });
});

describe('row duals', () => {
  it('match HiGHS (d objective / d bound) where the optimum is nondegenerate', () => {
    let compared = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const lp = randomLp({ seed, rows: 12, cols: 20, mode: 'feasible', free: 0, oneSided: 0 });
      const h = highsLp(lp), mine = solveLp(lp);
      if (h.status !== 'optimal') continue;
      // unique duals: every basic variable strictly inside its bounds (primal nondegenerate)
      const act = new Float64Array(lp.numRows);
      for (let j = 0; j < lp.numCols; j++) for (let k = lp.colStart[j]; k < lp.colStart[j + 1]; k++) act[lp.colRow[k]] += lp.colValue[k] * h.x[j];
      const inside = (v: number, l: number, u: number) => v > l + 1e-7 && v < u - 1e-7;
      let basicInside = 0;
      for (let j = 0; j < lp.numCols; j++) if (inside(h.x[j], lp.colLower[j], lp.colUpper[j])) basicInside++;
      for (let i = 0; i < lp.numRows; i++) if (inside(act[i], lp.rowLower[i], lp.rowUpper[i])) basicInside++;
      if (basicInside !== lp.numRows) continue;
      compared++;
      for (let i = 0; i < lp.numRows; i++) expect(close(mine.rowDual[i], h.rowDual[i], 1e-7)).toBe(true);
    }
    expect(compared).toBeGreaterThan(5);
  });
});

/**
 * A transport LP on an R x C grid: a balance row per node (demand = generation + inflow - outflow),
 * a flow column per edge within +-capacity, generators at some nodes, unserved demand at a high
 * cost. Its bases are spanning forests: the FTRAN/BTRAN results are hyper-sparse.
 */
function gridLp(seed: number, R: number, C: number): SparseLp {
  const r = rng(seed), m = R * C, start = [0], row: number[] = [], val: number[] = [], lo: number[] = [], up: number[] = [], cost: number[] = [];
  const col = (entries: [number, number][], l: number, u: number, c: number) => {
    for (const [i, v] of entries) { row.push(i); val.push(v); }
    start.push(row.length); lo.push(l); up.push(u); cost.push(c);
  };
  for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) {
    const v = i * C + j, cap = 1 + Math.floor(r() * 8);
    if (j + 1 < C) col([[v, -1], [v + 1, 1]], -cap, cap, 0.01 * Math.floor(r() * 3));
    if (i + 1 < R) col([[v, -1], [v + C, 1]], -cap, cap, 0.01 * Math.floor(r() * 3));
    if (r() < 0.1) col([[v, 1]], 0, 30 + Math.floor(r() * 40), 10 + Math.floor(r() * 50));
  }
  const demand = Array.from({ length: m }, () => Math.floor(r() * 4));
  for (let v = 0; v < m; v++) col([[v, 1]], 0, demand[v], 1000);
  return {
    numCols: lo.length, numRows: m, maximize: false, colLower: Float64Array.from(lo), colUpper: Float64Array.from(up), colCost: Float64Array.from(cost),
    colStart: Int32Array.from(start), colRow: Int32Array.from(row), colValue: Float64Array.from(val),
    rowLower: Float64Array.from(demand), rowUpper: Float64Array.from(demand),
  };
}

describe('solveLp vs HiGHS on network LPs (hyper-sparse solves)', () => {
  it('grid transport LPs of 600 to 4800 rows: status and objective as HiGHS, the same bits twice', () => {
    for (const [seed, R, C] of [[1, 20, 30], [2, 40, 60], [3, 60, 80]]) {
      const lp = gridLp(seed, R, C), h = highsLp(lp), mine = solveLp(lp);
      expect(h.status).toBe('optimal');
      agree(lp, mine, h);
      const again = solveLp(lp);
      expect(Buffer.from(again.x.buffer).equals(Buffer.from(mine.x.buffer))).toBe(true);
      expect(Buffer.from(again.rowDual.buffer).equals(Buffer.from(mine.rowDual.buffer))).toBe(true);
    }
  });

  it('warm starts after capacity changes on a 2400-row grid equal HiGHS', () => {
    const lp = gridLp(4, 40, 60), eng = new LpEngine(lp), r = rng(4);
    expect(eng.solve().status).toBe('optimal');
    for (let step = 0; step < 4; step++) {
      for (let k = 0; k < 20; k++) {
        const j = Math.floor(r() * lp.numCols);
        if (lp.colStart[j + 1] - lp.colStart[j] === 2) eng.setColumnBounds(j, eng.lp.colLower[j] / 2, eng.lp.colUpper[j] / 2);
      }
      agree(eng.lp, eng.solve(), highsLp(eng.lp));
    }
  });
});

describe('LpEngine warm starts', () => {
  it('after setColumnBounds and addRows, the same objective as a cold solve, in fewer iterations overall', () => {
    let warmIt = 0, coldIt = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const r = rng(seed), lp = randomLp({ seed, rows: 60, cols: 90, mode: 'feasible', free: 0, oneSided: 0, ties: seed % 2 === 0 });
      const eng = new LpEngine(lp);
      const first = eng.solve();
      expect(first.status).toBe('optimal');
      for (let step = 0; step < 6; step++) {
        if (step % 2 === 0) {
          // branch: a column's bounds cut around its value
          const j = Math.floor(r() * lp.numCols), v = eng.lp.colLower[j] + (eng.lp.colUpper[j] - eng.lp.colLower[j]) * r();
          if (r() < 0.5) eng.setColumnBounds(j, eng.lp.colLower[j], v); else eng.setColumnBounds(j, v, eng.lp.colUpper[j]);
        } else {
          // a cut: a random sparse row within a range around the current point's activity
          const idx = [0, 1, 2].map(() => Math.floor(r() * lp.numCols)).filter((v, i, a) => a.indexOf(v) === i);
          const val = idx.map(() => r() * 2 - 1);
          eng.addRows({ lower: [-Infinity], upper: [r() * 2], start: [0, idx.length], index: idx, value: val });
        }
        const warm = eng.solve(), cold = solveLp(eng.lp), h = highsLp(eng.lp);
        expect(warm.status).toBe(cold.status);
        agree(eng.lp, warm, h);
        if (warm.status === 'optimal') expect(close(warm.objective, cold.objective)).toBe(true);
        warmIt += warm.iterations; coldIt += cold.iterations;
        if (warm.status !== 'optimal') break;
      }
    }
    expect(warmIt).toBeLessThan(coldIt);
  });

  it('after setRowBounds, the same objective as a cold solve, from the last basis', () => {
    let warmIt = 0, coldIt = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const r = rng(100 + seed), lp = randomLp({ seed, rows: 60, cols: 90, mode: 'feasible', free: 0, oneSided: 0, ties: seed % 2 === 0 });
      const eng = new LpEngine(lp);
      expect(eng.solve().status).toBe('optimal');
      for (let step = 0; step < 4; step++) {
        // a row's range moved inwards around the current point (or out again)
        const i = Math.floor(r() * lp.numRows), lo = eng.lp.rowLower[i], hi = eng.lp.rowUpper[i];
        const mid = Number.isFinite(lo) && Number.isFinite(hi) ? (lo + hi) / 2 : Number.isFinite(lo) ? lo + 1 : Number.isFinite(hi) ? hi - 1 : 0;
        if (r() < 0.5) eng.setRowBounds(i, lo, Number.isFinite(hi) ? hi - (hi - mid) * r() : mid + r()); else eng.setRowBounds(i, Number.isFinite(lo) ? lo + (mid - lo) * r() : mid - r(), hi);
        const warm = eng.solve(), cold = solveLp(eng.lp), h = highsLp(eng.lp);
        expect(warm.status).toBe(cold.status);
        agree(eng.lp, warm, h);
        if (warm.status === 'optimal') expect(close(warm.objective, cold.objective)).toBe(true);
        warmIt += warm.iterations; coldIt += cold.iterations;
        if (warm.status !== 'optimal') break;
      }
    }
    expect(warmIt).toBeLessThan(coldIt);
    expect(() => new LpEngine(randomLp({ seed: 1, rows: 5, cols: 5, mode: 'feasible' })).setRowBounds(5, 0, 1)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });

  it('getBasis / setBasis restore a node', () => {
    const lp = randomLp({ seed: 5, rows: 40, cols: 60, mode: 'feasible', free: 0, oneSided: 0 });
    const eng = new LpEngine(lp);
    const root = eng.solve(), saved = eng.getBasis()!;
    eng.setColumnBounds(0, lp.colLower[0], lp.colLower[0]);
    eng.solve();
    eng.setColumnBounds(0, lp.colLower[0], lp.colUpper[0]);
    eng.setBasis(saved);
    const again = eng.solve();
    expect(close(again.objective, root.objective, 1e-12)).toBe(true);
    expect(again.iterations).toBe(0);
    eng.dispose();
    expect(() => eng.solve()).toThrow(/disposed/);
  });
});

describe('bound flips that carry the leaving variable past its bound', () => {
  // A block market's LP (test/helpers/blocksArb smallBlocks(14002749), acceptance 56): the flips of
  // one ratio test moved the leaving variable past the bound it violated; it was then put at the
  // other bound with the dual sign of the first, and the cleanup rounds never settled (NUMERICAL).
  it('solves to HiGHS\'s objective, with and without perturbation and scaling', () => {
    const lp: SparseLp = {
      numCols: 21, numRows: 10, maximize: true,
      colLower: Float64Array.of(-Infinity, -Infinity, -Infinity, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1),
      colUpper: Float64Array.of(Infinity, Infinity, Infinity, 13.8, 13.9, 11.5, 7.9, 14.5, 14.7, 14.5, 6.1, 10.6, 2.2, 1, 0, 1, 0, 0, 1, 1, 1),
      colCost: Float64Array.of(0, 0, 0, 55, 38, -5, -17, -3, 104, -84, -11, 37, 58, 79, 0, 611.9999999999999, 0, 285, -2772.2000000000003, -481.59999999999997, 1153.3999999999999),
      colStart: Int32Array.of(0, 2, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 21, 23, 28, 30, 32, 35, 36, 38),
      colRow: Int32Array.of(1, 0, 3, 2, 5, 4, 1, 1, 1, 1, 1, 3, 3, 5, 5, 5, 1, 3, 5, 6, 7, 6, 7, 1, 3, 5, 8, 9, 8, 9, 1, 3, 1, 3, 5, 1, 1, 5),
      colValue: Float64Array.of(1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, 1, -1, -1, 1, 1, -9.7, -0.1, -5.9, 1, 1, -0.25, -1, 8.6, 6.6, 3.7, 1, 1, -0.999999, -1, 2, 0.9, -11.8, -5.4, -10.8, -8.6, 10.5, 4.1),
      rowLower: Float64Array.of(0, 0, 0, 0, 0, 0, 0, -Infinity, 0, -Infinity),
      rowUpper: Float64Array.of(0, 0, 0, 0, 0, 0, Infinity, 0, Infinity, 0),
    };
    const ref = highsLp(lp);
    expect(ref.status).toBe('optimal');
    for (const o of [{}, { perturb: false, scale: false }]) {
      const r = solveLp(lp, o);
      expect(r.status).toBe('optimal');
      expect(Math.abs(r.objective - ref.objective)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(ref.objective)));
    }
  });
});

describe('solveLp on congested mesh LPs (the Markowitz factorization)', () => {
  it('B-theta LPs of 10x10 to 30x30 meshes: objective as HiGHS, many line rows binding, factors under twice the matrix', () => {
    for (const [k, seed] of [[10, 1], [20, 2], [30, 3]]) {
      const lp = meshLp(k, seed, 1), h = highsLp(lp), mine = solveLp(lp, { markowitz: true });
      expect(h.status).toBe('optimal');
      agree(lp, mine, h);
      const nB = k * k;
      let binding = 0;
      for (let l = nB; l < lp.numRows; l++) if (mine.rowDual[l] !== 0) binding++;
      expect(binding).toBeGreaterThan((lp.numRows - nB) / 10);
      // the largest factorization of the solve: 962, 6140 and 18034 entries here; the left-looking
      // order by counts of earlier versions took 1355, 22125 and 95733
      expect(mine.stats.peakFactorEntries).toBeLessThan(2 * lp.colStart[lp.numCols]);
    }
  });
});
