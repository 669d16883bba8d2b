// The LP engine's contract apart from HiGHS: typed errors for malformed LPs, the iteration limit,
// the same bits on every run, no memory growth across solves, the hand-checked example of docs/lp.md.
import { describe, expect, it } from 'vitest';
import { isGridclearError } from '../../src/errors.js';
import { LpEngine, solveLp, type SparseLp } from '../../src/lp/index.js';
import { core } from '../../src/wasm/engine.js';
import { randomLp } from '../helpers/lpArb.js';

const F = Float64Array, I = Int32Array;
const small = (): SparseLp => ({
  numCols: 2, numRows: 2, colLower: F.of(0, 0), colUpper: F.of(3, Infinity), colCost: F.of(1, 2),
  colStart: I.of(0, 2, 4), colRow: I.of(0, 1, 0, 1), colValue: F.of(1, 1, 1, -1), rowLower: F.of(-Infinity, -2), rowUpper: F.of(4, Infinity),
});
const error = (f: () => unknown) => { try { f(); } catch (e) { if (isGridclearError(e)) return e; throw e; } throw new Error('no error'); };

describe('solveLp', () => {
  it('solves the example of docs/lp.md: x = (1, 3), duals d objective / d bound', () => {
    const r = solveLp(small());
    expect(r.status).toBe('optimal');
    expect(Array.from(r.x)).toEqual([1, 3]);
    expect(r.objective).toBe(7);
    expect(Array.from(r.rowDual)).toEqual([1.5, -0.5]);
    expect(Array.from(r.rowActivity)).toEqual([4, -2]);
    const min = solveLp({ ...small(), maximize: false });
    expect([min.status, min.objective]).toEqual(['optimal', 0]);
  });

  it('rejects malformed LPs with typed errors naming the field', () => {
    expect(error(() => solveLp({ ...small(), colRow: I.of(0, 1, 0, 2) }))).toMatchObject({ code: 'INVALID_OPTION', field: 'colRow', index: 3 });
    expect(error(() => solveLp({ ...small(), colStart: I.of(0, 3, 2) }))).toMatchObject({ code: 'INVALID_OPTION', field: 'colStart' });
    expect(error(() => solveLp({ ...small(), colRow: I.of(0, 1, 1, 1) }))).toMatchObject({ code: 'INVALID_OPTION', field: 'colRow', index: 3 });
    expect(error(() => solveLp({ ...small(), colCost: F.of(1, NaN) }))).toMatchObject({ code: 'INVALID_NUMBER', field: 'colCost', index: 1 });
    expect(error(() => solveLp({ ...small(), rowLower: F.of(Infinity, 0) }))).toMatchObject({ code: 'INVALID_NUMBER', field: 'rowLower', index: 0 });
    expect(error(() => solveLp({ ...small(), colUpper: F.of(1) }))).toMatchObject({ code: 'INVALID_OPTION', field: 'colUpper' });
    expect(error(() => solveLp(small(), { basis: new I(3) }))).toMatchObject({ code: 'INVALID_OPTION', field: 'basis' });
    expect(error(() => solveLp(small(), { maxIterations: -1 }))).toMatchObject({ code: 'INVALID_OPTION', field: 'maxIterations' });
  });

  it('takes LPs without rows or without columns', () => {
    const noRows: SparseLp = { numCols: 2, numRows: 0, colLower: F.of(0, -1), colUpper: F.of(2, 1), colCost: F.of(1, -3), colStart: I.of(0, 0, 0),
      colRow: new I(0), colValue: new F(0), rowLower: new F(0), rowUpper: new F(0) };
    expect([solveLp(noRows).status, solveLp(noRows).objective]).toEqual(['optimal', 5]);
    expect(solveLp({ ...noRows, colUpper: F.of(Infinity, 1) }).status).toBe('unbounded');
    const noCols: SparseLp = { numCols: 0, numRows: 1, colLower: new F(0), colUpper: new F(0), colCost: new F(0), colStart: I.of(0),
      colRow: new I(0), colValue: new F(0), rowLower: F.of(-1), rowUpper: F.of(1) };
    expect(solveLp(noCols).status).toBe('optimal');
    expect(solveLp({ ...noCols, rowLower: F.of(1) }).status).toBe('infeasible');
  });

  it('never reports infeasible without a certificate: a pivot below the ratio test\'s threshold is not a proof', () => {
    // 1e-10 x >= 1 with x >= 0 is feasible (x = 1e10); unscaled, the only pivot (1e-10) is below the
    // ratio test's 1e-9, so the dual simplex finds no entering variable. The row's Farkas certificate
    // fails (x can grow without bound), so the engine may not call it infeasible.
    const lp: SparseLp = { numCols: 1, numRows: 1, colLower: F.of(0), colUpper: F.of(Infinity), colCost: F.of(-1), colStart: I.of(0, 1),
      colRow: I.of(0), colValue: F.of(1e-10), rowLower: F.of(1), rowUpper: F.of(Infinity) };
    let status: string;
    try { status = solveLp(lp, { scale: false }).status; } catch (e) { status = isGridclearError(e) ? e.code : 'throw'; }
    expect(['optimal', 'NUMERICAL']).toContain(status);
    // a real infeasibility still is one: the same row with x <= 1e9
    expect(solveLp({ ...lp, colUpper: F.of(1e9) }, { scale: false }).status).toBe('infeasible');
  });

  it('zeroes the solution columns when the status is not optimal (never the arena\'s leftovers)', () => {
    // the optimal solve leaves x = (1, 3) in the arena; the infeasible one of the same shape must not
    // hand those back: x1 - x2 >= 5 cannot hold with x1 <= 3, x2 >= 0
    for (let k = 0; k < 3; k++) {
      expect(Array.from(solveLp(small()).x)).toEqual([1, 3]);
      const r = solveLp({ ...small(), rowLower: F.of(-Infinity, 5) });
      expect(r.status).toBe('infeasible');
      for (const v of [r.x, r.rowDual, r.colDual, r.rowActivity]) expect(Array.from(v)).toEqual([0, 0]);
    }
  });

  it('reaching maxIterations is ITERATION_LIMIT', () => {
    const lp = randomLp({ seed: 3, rows: 50, cols: 80, mode: 'feasible', free: 0, oneSided: 0 });
    expect(solveLp(lp).iterations).toBeGreaterThan(5);
    expect(error(() => solveLp(lp, { maxIterations: 5 }))).toMatchObject({ code: 'ITERATION_LIMIT', field: 'maxIterations' });
  });

  it('gives the same bits on every run', () => {
    const lp = randomLp({ seed: 9, rows: 300, cols: 450, mode: 'feasible', ties: true, scaleExp: 2, free: 0.02, oneSided: 0.1 });
    const a = solveLp(lp), b = solveLp(lp);
    expect(Array.from(b.x)).toEqual(Array.from(a.x));
    expect(Array.from(b.rowDual)).toEqual(Array.from(a.rowDual));
    expect(Array.from(b.basis)).toEqual(Array.from(a.basis));
    expect(b.iterations).toBe(a.iterations);
  });

  it('does not grow Wasm memory across repeated solves', () => {
    const lp = randomLp({ seed: 4, rows: 400, cols: 600, mode: 'feasible', free: 0, oneSided: 0 });
    solveLp(lp);
    const bytes = core().memory.buffer.byteLength;
    for (let k = 0; k < 20; k++) solveLp(lp);
    expect(core().memory.buffer.byteLength).toBe(bytes);
  });
});

describe('LpEngine', () => {
  it('the docs example: a branch and a cut from the last basis', () => {
    const e = new LpEngine(small());
    expect(e.solve().objective).toBe(7);
    e.setColumnBounds(1, 0, 2);
    e.addRows({ lower: [-Infinity], upper: [3.5], start: [0, 2], index: [0, 1], value: [1, 1] });
    const r = e.solve();
    expect([r.status, r.objective, e.lp.numRows]).toEqual(['optimal', 5.5, 3]);
    expect(error(() => e.setColumnBounds(5, 0, 1))).toMatchObject({ code: 'INVALID_OPTION', field: 'column' });
    expect(error(() => e.addRows({ lower: [0], upper: [1], start: [0, 1], index: [7], value: [1] }))).toMatchObject({ code: 'INVALID_OPTION', field: 'index' });
    // a column twice in one appended row is refused when added (solve does not check the engine's LP again)
    expect(error(() => e.addRows({ lower: [0], upper: [1], start: [0, 2], index: [1, 1], value: [1, 2] }))).toMatchObject({ code: 'INVALID_OPTION', field: 'index' });
    expect(e.lp.numRows).toBe(3);
    expect(e.solve().objective).toBe(5.5);
  });

  it('columns appended and row bounds moved on the warm engine give the cold optimum', () => {
    // random LPs: solve with the last columns left out (their values moved into the row bounds
    // at a bound), then append them nonbasic at that bound and restore the rows: the same optimum
    // as a cold solve of the whole LP, from the warm basis
    for (let seed = 1; seed <= 40; seed++) {
      const lp = randomLp({ seed, rows: 6, cols: 9 }), cold = solveLp(lp);
      const n = lp.numCols, k = 3, keep = n - k, upper = (j: number) => Number.isFinite(lp.colUpper[j]) && seed % 2 === 0;
      const at = (j: number) => (upper(j) ? lp.colUpper[j] : Number.isFinite(lp.colLower[j]) ? lp.colLower[j] : 0);
      const rowLower = Float64Array.from(lp.rowLower), rowUpper = Float64Array.from(lp.rowUpper);
      for (let j = keep; j < n; j++) for (let e = lp.colStart[j]; e < lp.colStart[j + 1]; e++) { rowLower[lp.colRow[e]] -= lp.colValue[e] * at(j); rowUpper[lp.colRow[e]] -= lp.colValue[e] * at(j); }
      const part: SparseLp = { ...lp, numCols: keep, colLower: lp.colLower.slice(0, keep), colUpper: lp.colUpper.slice(0, keep), colCost: lp.colCost.slice(0, keep), colStart: lp.colStart.slice(0, keep + 1), rowLower, rowUpper };
      const e = new LpEngine(part);
      const first = e.solve();
      if (first.status !== 'optimal' || cold.status !== 'optimal') continue;
      const s0 = lp.colStart[keep];
      e.addColumns({
        lower: Array.from(lp.colLower.subarray(keep, n)), upper: Array.from(lp.colUpper.subarray(keep, n)), cost: Array.from(lp.colCost.subarray(keep, n)),
        start: Array.from(lp.colStart.subarray(keep, n + 1), (v) => v - s0), index: Array.from(lp.colRow.subarray(s0, lp.colStart[n])), value: Array.from(lp.colValue.subarray(s0, lp.colStart[n])),
        atUpper: Array.from({ length: k }, (_, c) => upper(keep + c)),
      });
      for (let i = 0; i < lp.numRows; i++) e.setRowBounds(i, lp.rowLower[i], lp.rowUpper[i]);
      expect(e.getBasis()!.length).toBe(n + lp.numRows);
      const r = e.solve();
      expect(r.status, `seed ${seed}`).toBe('optimal');
      expect(Math.abs(r.objective - cold.objective), `seed ${seed}`).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(cold.objective)));
    }
    const e = new LpEngine(small());
    expect(error(() => e.addColumns({ lower: [0], upper: [1], cost: [1], start: [0, 1], index: [5], value: [1] }))).toMatchObject({ code: 'INVALID_OPTION', field: 'index' });
    expect(error(() => e.addColumns({ lower: [0], upper: [1], cost: [NaN], start: [0, 1], index: [0], value: [1] }))).toMatchObject({ code: 'INVALID_NUMBER', field: 'cost' });
    expect(error(() => e.setRowBounds(2, 0, 1))).toMatchObject({ code: 'INVALID_OPTION', field: 'row' });
    expect(error(() => e.addColumns({ lower: [0], upper: [1], cost: [1], start: [0, 3], index: [0, 1, 0], value: [1, 1, 1] }))).toMatchObject({ code: 'INVALID_OPTION', field: 'index' });
    expect(e.lp.numCols).toBe(2);
  });

  it('crossed bounds set, cleared and appended on a warm engine: infeasible exactly while some are crossed', () => {
    const e = new LpEngine(small());
    try {
      expect(e.solve().objective).toBe(7);
      e.setColumnBounds(0, 2, 1);
      expect(e.solve().status).toBe('infeasible');
      e.setRowBounds(1, 1, 0);
      e.setColumnBounds(0, 0, 3);
      expect(e.solve().status).toBe('infeasible');
      e.setRowBounds(1, -2, Infinity);
      expect(e.solve().objective).toBe(7);
      e.addRows({ lower: [1], upper: [0], start: [0, 1], index: [0], value: [1] });
      expect(e.solve().status).toBe('infeasible');
      e.setRowBounds(2, -Infinity, Infinity);
      e.addColumns({ lower: [1], upper: [0], cost: [1], start: [0, 0], index: [], value: [] });
      expect(e.solve().status).toBe('infeasible');
      e.setColumnBounds(2, 0, 0);
      expect(e.solve().objective).toBe(7);
    } finally { e.dispose(); }
  });
});
