// A resident LpEngine after appended rows and columns (docs/lp.md, "Appended rows and columns"):
// the LP is loaded again keeping the last optimal solve's scale factors of the old rows and columns,
// its order of basis positions and its dual steepest-edge weights. Each solve must reach the
// optimum of a cold solve of the same LP (objective to 1e-9, a feasible x), the old scale factors
// must be the ones kept, and every weight the engine knows must be the exact squared norm of a row
// of the final scaled basis's inverse: a carried weight put at the wrong position, a new row's
// weight not recomputed, or an old row rescaled (its weights then stale) fails it.
import { describe, expect, it } from 'vitest';
import { LpEngine, solveLp, type LpEngineOptions, type LpResult, type SparseLp } from '../../src/lp/index.js';
import { randomLp } from '../helpers/lpArb.js';
import { exactWeights } from '../helpers/denseWeights.js';
import { rng } from '../helpers/rng.js';

interface Core {
  memory: WebAssembly.Memory;
  lpCarryAddr(k: number): number;
  lpEdgeWeight(p: number): number;
  lpBasisHead(p: number): number;
}

/** The engine's core instance (private: the test reads its state as lp-weights.test.ts reads the shared core's). */
const coreOf = (e: LpEngine) => (e as unknown as { arena: { ex: Core } }).arena.ex;

/** Scale factors, basis head and weights left in the engine's core by its last (optimal) solve. */
function stateOf(e: LpEngine) {
  const ex = coreOf(e), n = e.lp.numCols, m = e.lp.numRows, mem = ex.memory.buffer;
  const colScale = Array.from(new Float64Array(mem, ex.lpCarryAddr(0), n)), rowScale = Array.from(new Float64Array(mem, ex.lpCarryAddr(1), m));
  const head: number[] = [], weights: number[] = [];
  for (let p = 0; p < m; p++) { head.push(ex.lpBasisHead(p)); weights.push(ex.lpEdgeWeight(p)); }
  return { colScale, rowScale, head, weights };
}

const close = (w: number, e: number) => Math.abs(w - Math.max(e, 1e-6)) <= 1e-7 * Math.max(1, e);

/**
 * Rows cutting the current point x off but not the point y (feasible for the LP and every cut: the
 * LP stays feasible; the new columns are 0 at y): a few random entries over the columns, the bound
 * halfway between their activities at x and at y.
 */
function cuts(r: () => number, lp: SparseLp, x: ArrayLike<number>, y: ArrayLike<number>, k: number) {
  const lower: number[] = [], upper: number[] = [], start = [0], index: number[] = [], value: number[] = [];
  for (let tries = 0; lower.length < k && tries < 20 * k; tries++) {
    const cols = new Set<number>();
    while (cols.size < Math.min(4, lp.numCols)) cols.add(Math.floor(r() * lp.numCols));
    let ax = 0, ay = 0;
    const js = [...cols].sort((a, b) => a - b), vs = js.map(() => (r() < 0.5 ? -1 : 1) * (0.5 + 2 * r()) * 8 ** Math.round(2 * r() - 1));
    js.forEach((j, t) => { ax += vs[t] * (x[j] ?? 0); ay += vs[t] * (y[j] ?? 0); });
    if (Math.abs(ax - ay) < 1e-3 * (1 + Math.abs(ax))) continue;
    const mid = (ax + ay) / 2;
    lower.push(ay < ax ? -Infinity : mid); upper.push(ay < ax ? mid : Infinity);
    index.push(...js); value.push(...vs); start.push(index.length);
  }
  return { lower, upper, start, index, value };
}

/** A point inside the LP: halfway between its optimum and an optimum at zero costs. */
function inside(lp: SparseLp): Float64Array {
  const a = solveLp(lp), b = solveLp({ ...lp, colCost: new Float64Array(lp.numCols) });
  return Float64Array.from(a.x, (v, j) => (v + b.x[j]) / 2);
}

/** New columns: a few entries each, costs that make some of them attractive. */
function columns(r: () => number, lp: SparseLp, k: number) {
  const lower: number[] = [], upper: number[] = [], cost: number[] = [], start = [0], index: number[] = [], value: number[] = [];
  for (let c = 0; c < k; c++) {
    const rows = new Set<number>();
    while (rows.size < Math.min(3, lp.numRows)) rows.add(Math.floor(r() * lp.numRows));
    for (const i of [...rows].sort((a, b) => a - b)) { index.push(i); value.push((r() < 0.5 ? -1 : 1) * (0.2 + 2 * r())); }
    lower.push(0); upper.push(r() < 0.7 ? 1 + 4 * r() : Infinity); cost.push((lp.maximize === false ? -1 : 1) * (r() * 3 - 0.5));
    start.push(index.length);
  }
  return { lower, upper, cost, start, index, value };
}

/** Checks a solve against a cold solveLp of the same LP: status, objective to 1e-9, and a feasible x. */
function againstCold(e: LpEngine, got: LpResult, label: string): void {
  const lp = e.lp, cold = solveLp(lp);
  expect(got.status, label).toBe(cold.status);
  if (cold.status !== 'optimal') return;
  expect(Math.abs(got.objective - cold.objective), label).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(cold.objective)));
  const act = new Float64Array(lp.numRows);
  for (let j = 0; j < lp.numCols; j++) {
    const v = got.x[j];
    expect(v >= lp.colLower[j] - 1e-7 * Math.max(1, Math.abs(lp.colLower[j])) && v <= lp.colUpper[j] + 1e-7 * Math.max(1, Math.abs(lp.colUpper[j])), `${label} column ${j}`).toBe(true);
    for (let k = lp.colStart[j]; k < lp.colStart[j + 1]; k++) act[lp.colRow[k]] += lp.colValue[k] * v;
  }
  for (let i = 0; i < lp.numRows; i++) {
    const tol = 1e-6 * Math.max(1, Math.abs(act[i]));
    expect(act[i] >= lp.rowLower[i] - tol && act[i] <= lp.rowUpper[i] + tol, `${label} row ${i}: ${act[i]} in [${lp.rowLower[i]}, ${lp.rowUpper[i]}]`).toBe(true);
  }
}

describe('LpEngine: appended rows and columns keep scale factors, basis order and edge weights', () => {
  const lps: [string, SparseLp][] = [
    ['random 300 rows, ties', randomLp({ seed: 31, rows: 300, cols: 450, mode: 'feasible', ties: true, free: 0, oneSided: 0 })],
    ['random 200 rows, scaled', randomLp({ seed: 8, rows: 200, cols: 300, mode: 'feasible', scaleExp: 2, free: 0, oneSided: 0 })],
    ['random 60 rows, free and one-sided', randomLp({ seed: 8, rows: 60, cols: 90, mode: 'feasible' })],
    ['random 120 rows, minimize', randomLp({ seed: 12, rows: 120, cols: 160, mode: 'feasible', maximize: false, free: 0, oneSided: 0.1 })],
  ];
  for (const [name, lp] of lps) {
    it(`${name}: every solve reaches the cold solve's optimum`, () => {
      const r = rng(3), e = new LpEngine(lp), y = inside(lp);
      let last = e.solve(), optimal = 0, x = last.x;
      expect(last.status).toBe('optimal');
      // cuts off the last optimal point (x is not defined after an unbounded solve)
      const next = () => { last = e.solve(); if (last.status === 'optimal') { optimal++; x = last.x; } };
      for (let round = 0; round < 5; round++) {
        e.addRows(cuts(r, e.lp, x, y, 1 + Math.floor(4 * r())));
        next();
        againstCold(e, last, `${name} round ${round} rows`);
        e.addColumns(columns(r, e.lp, 1 + Math.floor(6 * r())));
        if (round % 2 === 1) e.addRows(cuts(r, e.lp, x, y, 2));
        next();
        againstCold(e, last, `${name} round ${round} columns`);
      }
      expect(optimal).toBeGreaterThanOrEqual(5);
      e.dispose();
    });
  }

  it('keeps the old scale factors and every known weight exact (edgeWeights exact and lazy)', () => {
    let checked = 0, iterations = 0;
    for (const edgeWeights of ['exact', 'lazy'] as const) {
      for (let seed = 1; seed <= 12; seed++) {
        const lp = randomLp({ seed, rows: 24, cols: 40, mode: 'feasible', scaleExp: 1 });
        const r = rng(seed), e = new LpEngine(lp, { edgeWeights }), y = inside(lp);
        let s = e.solve();
        for (let round = 0; round < 3 && s.status === 'optimal'; round++) {
          const before = stateOf(e), n0 = e.lp.numCols, m0 = e.lp.numRows;
          if (round === 1) e.addColumns(columns(r, e.lp, 3)); else e.addRows(cuts(r, e.lp, s.x, y, 2));
          s = e.solve();
          if (s.status !== 'optimal') break;
          const after = stateOf(e);
          expect(after.colScale.slice(0, n0), `seed ${seed} column scales`).toEqual(before.colScale);
          expect(after.rowScale.slice(0, m0), `seed ${seed} row scales`).toEqual(before.rowScale);
          const want = exactWeights(e.lp, after.head, after.colScale, after.rowScale);
          after.weights.forEach((w, p) => {
            if (w === -1) return;
            checked++;
            expect(close(w, want[p]), `${edgeWeights} seed ${seed} round ${round} p ${p}: ${w} vs ${want[p]}`).toBe(true);
          });
          iterations += s.iterations;
        }
        e.dispose();
      }
    }
    expect(checked).toBeGreaterThan(200);
    expect(iterations).toBeGreaterThan(20);
  });

  it('keepOnAppend: false (and keepFactors: false) loads the LP afresh: the old bits', () => {
    const lp = lps[1][1];
    const run = (o: LpEngineOptions) => {
      const r = rng(9), e = new LpEngine(lp, o), out: LpResult[] = [], y = inside(lp);
      out.push(e.solve());
      e.addRows(cuts(r, e.lp, out[0].x, y, 3)); out.push(e.solve());
      e.addColumns(columns(r, e.lp, 4)); out.push(e.solve());
      e.dispose();
      return out;
    };
    const old = run({ resident: false }), fresh = run({ keepOnAppend: false }), kept = run({});
    expect(old.every((s) => s.status === 'optimal')).toBe(true);
    for (let s = 0; s < old.length; s++) {
      expect([fresh[s].status, fresh[s].iterations, fresh[s].objective]).toEqual([old[s].status, old[s].iterations, old[s].objective]);
      if (old[s].status === 'optimal') expect(Array.from(fresh[s].x)).toEqual(Array.from(old[s].x));
      expect(kept[s].status).toBe(old[s].status);
      if (old[s].status === 'optimal') expect(Math.abs(kept[s].objective - old[s].objective)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(old[s].objective)));
    }
  });
});
