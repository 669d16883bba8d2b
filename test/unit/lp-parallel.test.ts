// Parallel columns in PRICE (docs/lp.md "Parallel columns in PRICE"): columns with the same rows
// and the same values bit for bit, or all negated, are summed once per class in the pivot row, each
// member taking its representative's alpha (negated for a negated member). The path must be the
// one of every column summed alone: the same status, iterations, flips and bits (objective, x, row
// and column duals) with the classes on and off, on LPs where most columns have parallel copies
// with their own bounds and costs (boxed, fixed, one-sided), copies that differ in one value, and
// rows appended later that split classes (the LP loaded again, as a resident engine's reload).
import { afterEach, describe, expect, it } from 'vitest';
import { solveLp, type SparseLp } from '../../src/lp/index.js';
import { core } from '../../src/wasm/engine.js';
import { meshLp, randomLp } from '../helpers/lpArb.js';
import { rng } from '../helpers/rng.js';

const hook = () => core() as unknown as { lpParallelColumns(on: number): void; lpCounterReset(): void; lpCounter(k: number): number };
afterEach(() => { hook().lpParallelColumns(1); });

const bits = (r: ReturnType<typeof solveLp>) => [r.status, r.objective, r.stats.iterations, r.stats.flips, ...r.x, ...r.rowDual, ...r.colDual].map((v) => (Object.is(v, -0) ? '-0' : String(v))).join(',');

function solve(lp: SparseLp, on: number, opts: Parameters<typeof solveLp>[1] = {}) {
  hook().lpParallelColumns(on);
  hook().lpCounterReset();
  const r = solveLp(lp, opts);
  return { r, price: hook().lpCounter(24), members: hook().lpCounter(26) };
}

/**
 * lp with 1-3 copies of most of its columns of two or more entries, each copy the column or its
 * negation, with bounds containing 0 (boxed, fixed; with `oneSided` some one-sided: unbounded LPs then) and its own cost; one copy in
 * ten with one value changed (not parallel), one in five with cost 0.
 */
function withCopies(lp: SparseLp, seed: number, share = 0.7, oneSided = false): SparseLp {
  const r = rng(seed);
  const starts = [0], rows: number[] = [], vals: number[] = [], lo: number[] = [], up: number[] = [], cost: number[] = [];
  const push = (rs: number[], vs: number[], l: number, u: number, c: number) => {
    rows.push(...rs); vals.push(...vs); starts.push(rows.length); lo.push(l); up.push(u); cost.push(c);
  };
  for (let j = 0; j < lp.numCols; j++) {
    const b = lp.colStart[j], e = lp.colStart[j + 1];
    const rs = Array.from(lp.colRow.subarray(b, e)), vs = Array.from(lp.colValue.subarray(b, e));
    push(rs, vs, lp.colLower[j], lp.colUpper[j], lp.colCost[j]);
    if (e - b < 2 || r() > share) continue;
    const copies = 1 + Math.floor(r() * 3);
    for (let c = 0; c < copies; c++) {
      const sign = r() < 0.5 ? -1 : 1, v = vs.map((x) => sign * x);
      if (r() < 0.1) v[Math.floor(r() * v.length)] *= 1.5;
      const u = r(), w = 0.5 + r() * 3;
      const [l, h] = u < 0.1 ? [0, 0] : oneSided && u < 0.2 ? [0, Infinity] : oneSided && u < 0.3 ? [-Infinity, 0] : [-r() * w, r() * w];
      push(rs, v, l, h, (r() * 10 - 3) * (r() < 0.2 ? 0 : 1));
    }
  }
  return {
    ...lp, numCols: lo.length, colStart: Int32Array.from(starts), colRow: Int32Array.from(rows), colValue: Float64Array.from(vals),
    colLower: Float64Array.from(lo), colUpper: Float64Array.from(up), colCost: Float64Array.from(cost),
  };
}

/** lp with k rows appended: each over a random set of columns, so classes whose members get different values there split. */
function withRows(lp: SparseLp, seed: number, k: number): SparseLp {
  const r = rng(seed), cols: { rows: number[]; vals: number[] }[] = [];
  for (let j = 0; j < lp.numCols; j++) {
    const b = lp.colStart[j], e = lp.colStart[j + 1];
    cols.push({ rows: Array.from(lp.colRow.subarray(b, e)), vals: Array.from(lp.colValue.subarray(b, e)) });
  }
  const rowLower = Array.from(lp.rowLower), rowUpper = Array.from(lp.rowUpper);
  for (let t = 0; t < k; t++) {
    const i = lp.numRows + t;
    for (let j = 0; j < lp.numCols; j++) if (r() < 0.3) { cols[j].rows.push(i); cols[j].vals.push(r() < 0.5 ? 1 : -0.5); }
    rowLower.push(-1e3); rowUpper.push(1e3 * (0.5 + r()));
  }
  const starts = [0];
  for (const c of cols) starts.push(starts[starts.length - 1] + c.rows.length);
  return {
    ...lp, numRows: lp.numRows + k, colStart: Int32Array.from(starts), colRow: Int32Array.from(cols.flatMap((c) => c.rows)),
    colValue: Float64Array.from(cols.flatMap((c) => c.vals)), rowLower: Float64Array.from(rowLower), rowUpper: Float64Array.from(rowUpper),
  };
}

// fewer: whether PRICE visits fewer row entries (sparse rows reach new classes in most rows, where
// listing the members in column order costs about what it saves)
const lps: [string, SparseLp, boolean][] = [
  ['200 rows, copies of 70% of the columns', withCopies(randomLp({ seed: 11, rows: 200, cols: 1200, perCol: 4, mode: 'feasible', free: 0, oneSided: 0 }), 1), false],
  ['300 rows, ties, copies', withCopies(randomLp({ seed: 12, rows: 300, cols: 1500, perCol: 5, mode: 'feasible', ties: true, free: 0, oneSided: 0 }), 2), true],
  ['150 rows, scaled, maximized, copies', withCopies(randomLp({ seed: 13, rows: 150, cols: 900, perCol: 4, mode: 'feasible', scaleExp: 2, free: 0, oneSided: 0, maximize: true }), 3), false],
  ['B-theta mesh 12x12 with copies of its angle columns', withCopies(meshLp(12, 3, 0.6), 4, 0.9), true],
];

describe('parallel columns in PRICE', () => {
  for (const [name, lp, fewer] of lps) {
    it(`${name}: the same iterations, flips and bits on and off${fewer ? ', fewer row entries visited' : ''}`, () => {
      const off = solve(lp, 0), on = solve(lp, 1);
      expect(off.r.status).toBe('optimal');
      expect(bits(on.r)).toBe(bits(off.r));
      expect(off.members).toBe(0);
      expect(on.members).toBeGreaterThan(0);
      if (fewer) expect(on.price).toBeLessThan(off.price);
    });
  }
  it('random bounds (infeasible and unbounded ones too): the same bits on and off', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const lp = withCopies(randomLp({ seed, rows: 60, cols: 300, perCol: 3, mode: 'random', ties: seed % 2 === 0 }), 100 + seed, 0.7, true);
      const off = solve(lp, 0), on = solve(lp, 1);
      expect(bits(on.r)).toBe(bits(off.r));
    }
  });
  it('rows appended later split classes: the LP with the new rows from the last basis, the same bits on and off', () => {
    for (let seed = 1; seed <= 3; seed++) {
      const lp = withCopies(randomLp({ seed: 20 + seed, rows: 150, cols: 800, perCol: 4, mode: 'feasible', free: 0, oneSided: 0 }), 200 + seed);
      const first = solve(lp, 1);
      const bigger = withRows(lp, 300 + seed, 6);
      const basis = new Int32Array(bigger.numCols + bigger.numRows);
      basis.set(first.r.basis.subarray(0, lp.numCols));
      basis.set(first.r.basis.subarray(lp.numCols), bigger.numCols);
      for (let i = lp.numRows; i < bigger.numRows; i++) basis[bigger.numCols + i] = 0; // the new rows' logicals basic
      const opts = { basis };
      const off = solve(bigger, 0, opts), on = solve(bigger, 1, opts);
      expect(bits(on.r)).toBe(bits(off.r));
      // the classes after the split: fewer members than before, still some
      expect(on.members).toBeLessThan(first.members);
      expect(on.members).toBeGreaterThan(0);
    }
  });
  it('an LP without parallel columns keeps the plain PRICE (same entries visited)', () => {
    const lp = randomLp({ seed: 31, rows: 200, cols: 1000, perCol: 4, mode: 'feasible', free: 0, oneSided: 0 });
    const off = solve(lp, 0), on = solve(lp, 1);
    expect(bits(on.r)).toBe(bits(off.r));
    expect(on.price).toBe(off.price);
  });
});
