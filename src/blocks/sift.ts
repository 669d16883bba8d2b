// Sifting (column generation over the simple orders) for the search's default LP method: the
// Wasm LP engine holds only the simple-order columns near their bus's price; every other order
// is fixed at a bound (0, or its full quantity, moved into its Bus row's bounds) and left out. An
// order's column has one entry (its Bus row), so its reduced cost at the LP's duals is
// c_j - a_j y_row: after each solve every order left out is checked against the duals, those on
// the wrong side of their price (an order at 0 in the money, or at full out of it) are brought in
// (nonbasic at the bound they had, so the last basis stays usable: the dual simplex flips them)
// and the LP is solved again, until none is. The LP solved is then optimal for the whole LP with
// every order left out at its bound (the reduced costs of the orders left out have the right
// signs), the solution and duals the search sees are the whole LP's. See docs/blocks.md.
import { LpEngine } from '../lp/engine.js';
import { BasisStatus, type SparseLp } from '../lp/types.js';
import type { LpSolution } from '../periods/formulation.js';
import { ColKind } from '../periods/formulation.js';
import { crashBasis } from '../periods/crash.js';
import { nearest } from '../periods/sifting.js';
import type { BlocksLp } from './formulation.js';
import type { NodeEngine } from './search.js';

/** Status of an order column in the sifting engine. */
const IN = 0, OUT_LOW = 1, OUT_HIGH = 2;

/** Options of siftingEngine. */
export interface SiftOptions {
  /**
   * 'sifted': the root is solved over the first working set below; 'whole': over every order
   * (the working set is then chosen by the root's prices, `compact`). Default: 'sifted' for a
   * network's LP (line rows added in rounds make its iterations cost in proportion to the columns),
   * else 'whole'.
   */
  start?: 'sifted' | 'whole';
  /** Share of each period's orders kept at first: those whose price is nearest the period's merit-order estimate (default 0.1). */
  share?: number;
  /** At least this many orders per Bus row kept at first, the nearest its estimate (default 4). */
  perRow?: number;
  /**
   * Before the root is done, rows added (overloaded lines) move the prices far: first the
   * `linesPerRow` orders of each Bus row nearest its new prices come in (default 12: the last
   * duals, or the start's prices where given), with every order priced between the row's last
   * dual and its start price (those the move turns to the other side).
   */
  linesPerRow?: number;
  /**
   * A sifted root starts from periods' crash basis (every Angle / Bus column basic in its Bus row's
   * place, every other column at the bound its cost wants; src/periods/crash.ts) instead of the row
   * logicals (default true).
   */
  crash?: boolean;
  /** Orders kept per Bus row by `compact` (after the root), the nearest the root's prices (default 10; basic ones always stay). */
  keepAfter?: number;
  /**
   * Factorize the engine's bases by the Markowitz rule (LpOptions.markowitz) instead of the
   * engine's column order by counts. Default: true for an LP in the angle form (Angle columns: a
   * network's susceptance blocks, which the order by counts fills in), else false.
   */
  markowitz?: boolean;
}

/** Figures of a sifting engine. */
export interface SiftFigures {
  /** Columns in the engine's LP / in the whole LP. */
  columns: number;
  totalColumns: number;
  /** Solves that brought orders in (pricing rounds). */
  rounds: number;
}

/** A basis saved by `saveBasis`: the engine it belongs to (compact makes another), its columns then, and each order's status then. */
interface SavedBasis { engine: LpEngine; basis: Int32Array; state: Int8Array; columns: number }

/** Relative reduced-cost tolerance: an order left out whose reduced cost has the wrong sign by more is brought in. */
const PRICE_TOL = 1e-9;

/**
 * A NodeEngine over the Wasm LP engine that holds only the simple orders near their price (see the
 * file comment); the LP it presents (bounds, rows, solutions, duals) is the whole `lp`.
 */
export function siftingEngine(lp: BlocksLp, opts: SiftOptions = {}): NodeEngine & { figures(): SiftFigures; compact(): void } {
  const N = lp.numCols, share = opts.share ?? 0.1, perRow = opts.perRow ?? 4, keepAfter = opts.keepAfter ?? 10, linesPerRow = opts.linesPerRow ?? 12;
  const colLower = lp.colLower.slice(), colUpper = lp.colUpper.slice();
  const state = new Int8Array(N).fill(IN), kind = lp.colKind, cost = lp.colCost, rowPeriod = lp.rowPeriod;
  const markowitz = opts.markowitz ?? kind.includes(ColKind.Angle);
  // orders that may be left out (one entry, finite distinct bounds), by row; per row with orders,
  // two elastic columns (below). Made at once for a sifted start, else when compact needs them
  // (until then every column is in the engine: nothing to price)
  let row = new Int32Array(0), coef = new Float64Array(0), price = new Float64Array(0), reach = new Float64Array(0), penalty = 0;
  let eligible: number[] = [], elasticRows: number[] = [];
  const byRow = new Map<number, number[]>();
  // per row with orders (elasticRows' order): the orders left out, by their rows, summed up as the
  // price range where the row's dual leaves every one of them on its right side (recomputed when
  // an order of the row changed state): pricing reads only the rows whose dual left that range
  let rowSlot = new Int32Array(0), rowOrders: number[][] = [], dirty = new Uint8Array(0);
  let lowPosMax = new Float64Array(0), highPosMin = new Float64Array(0), lowNegMin = new Float64Array(0), highNegMax = new Float64Array(0);
  const prepare = () => {
    if (row.length === N) return;
    // (filled through local names: the closures' own are reassigned here, slower to write through)
    const rw = new Int32Array(N).fill(-1), cf = new Float64Array(N), pr = new Float64Array(N);
    row = rw; coef = cf; price = pr;
    // (the LP's own bounds: those the search set since are the engine's business)
    const cs = lp.colStart, cr = lp.colRow, cv = lp.colValue, lo = lp.colLower, up = lp.colUpper;
    const list: number[] = [];
    for (let j = 0; j < N; j++) {
      if (kind[j] !== ColKind.Order || cs[j + 1] - cs[j] !== 1) continue;
      const l = lo[j], u = up[j];
      if (!(Number.isFinite(l) && Number.isFinite(u) && l < u)) continue;
      const e = cs[j], a = cv[e];
      if (a === 0) continue;
      rw[j] = cr[e]; cf[j] = a; pr[j] = cost[j] / a;
      list.push(j);
    }
    eligible = list;
    // the orders by row (eligible order within each; the rows in the order first met), through a
    // slot per row rather than a Map lookup per order
    const slotOf = new Int32Array(lp.numRows).fill(-1), lists: number[][] = [];
    for (let k = 0; k < list.length; k++) {
      const j = list[k], i = rw[j];
      let q = slotOf[i];
      if (q < 0) { q = slotOf[i] = lists.length; lists.push([]); byRow.set(i, lists[q]); }
      lists[q].push(j);
    }
    // the elastic columns (+1 and -1 in the row, cost -penalty, bounded by what the row's orders
    // can move): with them the LP of the orders kept is feasible whenever the whole LP is; they
    // are open (upper bound > 0) only while a solve needs them and end at 0
    let maxCost = 1;
    for (let j = 0; j < N; j++) maxCost = Math.max(maxCost, Math.abs(cost[j]));
    penalty = 100 * maxCost;
    elasticRows = [...byRow.keys()].sort((x, y) => x - y);
    reach = new Float64Array(elasticRows.length);
    elasticRows.forEach((i, k) => { for (const j of byRow.get(i)!) reach[k] += Math.abs(coef[j]) * (up[j] - lo[j]); });
    const R = elasticRows.length;
    rowSlot = new Int32Array(lp.numRows).fill(-1);
    elasticRows.forEach((i, r) => { rowSlot[i] = r; });
    rowOrders = elasticRows.map((i) => byRow.get(i)!);
    dirty = new Uint8Array(R).fill(1);
    lowPosMax = new Float64Array(R); highPosMin = new Float64Array(R); lowNegMin = new Float64Array(R); highNegMax = new Float64Array(R);
  };
  /**
   * Row r's range: the highest price of its orders left out at their lower bound with a positive
   * coefficient, the lowest of those at their upper bound, and the same for negative coefficients
   * the other way round. An order at its lower bound with a > 0 has the wrong reduced cost
   * (c - a y > tol, c = a x price) only if its price is above y; so with y in the range none has.
   */
  const summarize = (r: number) => {
    let lpMax = -Infinity, hpMin = Infinity, lnMin = Infinity, hnMax = -Infinity;
    for (const j of rowOrders[r]) {
      const s = state[j];
      if (s === IN) continue;
      const p = price[j];
      if (coef[j] > 0) { if (s === OUT_LOW) { if (p > lpMax) lpMax = p; } else if (p < hpMin) hpMin = p; }
      else if (s === OUT_LOW) { if (p < lnMin) lnMin = p; } else if (p > hnMax) hnMax = p;
    }
    lowPosMax[r] = lpMax; highPosMin[r] = hpMin; lowNegMin[r] = lnMin; highNegMax[r] = hnMax;
    dirty[r] = 0;
  };
  const shift = new Float64Array(lp.numRows);
  // each order left out at its bound's value (the others' entries are stale: expand writes them over)
  const outX = new Float64Array(N);
  // a network's root (line rows added in rounds) is solved sifted; other roots whole, sifted after
  const sifted = (opts.start ?? (lp.lineLower.length > 0 ? 'sifted' : 'whole')) === 'sifted';
  if (sifted) {
    prepare();
    // the orders by period (eligible order within each)
    const byPeriod = new Map<number, number[]>();
    for (const j of eligible) {
      const t = rowPeriod[row[j]];
      let p = byPeriod.get(t);
      if (!p) byPeriod.set(t, (p = []));
      p.push(j);
    }
    const estimate = estimateDuals(lp, byPeriod, row, coef, price);
    // first working set: per period the `share` of its orders nearest its estimate, per row at least `perRow`
    const keep = new Uint8Array(N);
    for (const list of byPeriod.values()) nearest(list, Math.ceil(share * list.length), (j) => Math.abs(price[j] - estimate[row[j]]), keep);
    for (const list of byRow.values()) nearest(list, perRow, (j) => Math.abs(price[j] - estimate[row[j]]), keep);
    // the reduced LP: kept columns in canonical order; left-out orders at the bound their estimate wants
    for (const j of eligible) {
      if (keep[j]) continue;
      const d = cost[j] - coef[j] * estimate[row[j]];
      state[j] = d > 0 ? OUT_HIGH : OUT_LOW;
      const v = state[j] === OUT_HIGH ? colUpper[j] : colLower[j];
      outX[j] = v;
      if (v !== 0) shift[row[j]] += coef[j] * v;
    }
  }
  const inner: number[] = []; // engine column -> lp column (-1: an elastic column)
  const engineCol = new Int32Array(N).fill(-1);
  for (let j = 0; j < N; j++) if (state[j] === IN) { engineCol[j] = inner.length; inner.push(j); }
  // sifted: the elastic columns come with the first working set (open); whole: with compact (closed)
  let elasticCols = sifted ? Array.from({ length: 2 * elasticRows.length }, (_, k) => inner.length + k) : [];
  const crash = sifted && opts.crash !== false ? siftedCrash(lp, inner, 2 * elasticRows.length) : undefined;
  let engine = new LpEngine(sifted ? withElastic(reduce(lp, inner, shift), elasticRows, reach, penalty) : lp, { basis: crash, markowitz });
  if (sifted) for (let k = 0; k < 2 * elasticRows.length; k++) inner.push(-1);
  let open = sifted, rounds = 0, rooted = false, last: LpSolution | undefined, hint: Float64Array | undefined;
  const setElastic = (on: boolean) => {
    if (open === on) return;
    open = on;
    elasticCols.forEach((c, k) => engine.setColumnBounds(c, 0, on ? reach[k >> 1] : 0));
  };

  /** Brings the given left-out orders into the engine (nonbasic at the bound they had), restoring their rows' bounds. */
  function bringIn(cols: number[]): void {
    if (cols.length === 0) return;
    cols.sort((x, y) => x - y);
    const touched = new Set<number>();
    const lower: number[] = [], upper: number[] = [], costs: number[] = [], start = [0], index: number[] = [], value: number[] = [], atUpper: boolean[] = [];
    for (const j of cols) {
      const v = state[j] === OUT_HIGH ? colUpper[j] : colLower[j];
      if (v !== 0) { shift[row[j]] -= coef[j] * v; touched.add(row[j]); }
      dirty[rowSlot[row[j]]] = 1;
      atUpper.push(state[j] === OUT_HIGH);
      lower.push(colLower[j]); upper.push(colUpper[j]); costs.push(cost[j]);
      index.push(row[j]); value.push(coef[j]); start.push(index.length);
      state[j] = IN; engineCol[j] = inner.length; inner.push(j);
    }
    engine.addColumns({ lower, upper, cost: costs, start, index, value, atUpper });
    for (const i of touched) {
      const [lo, hi] = [lp.rowLower[i], lp.rowUpper[i]];
      engine.setRowBounds(i, lo - shift[i], hi - shift[i]);
    }
  }

  /** The whole LP's solution from the engine's. */
  function expand(sol: LpSolution): LpSolution {
    // every column of the LP is either held (in `inner`) or an order left out (in `outX`)
    const x = outX.slice(), sx = sol.x;
    for (let k = 0; k < inner.length; k++) { const j = inner[k]; if (j >= 0) x[j] = sx[k]; }
    return { ...sol, x };
  }

  return {
    setColumnBounds(j, lower, upper) {
      colLower[j] = lower; colUpper[j] = upper;
      if (state[j] !== IN) bringIn([j]);
      engine.setColumnBounds(engineCol[j], lower, upper);
    },
    addRows(rows) {
      // before the root is done (compact), rows (the overloaded lines) move the prices far: the
      // orders of each row nearest its new prices come in first, and with a start's prices every
      // order priced between the row's last dual and its start price (the root's duals then choose
      // the orders kept). The elastic columns close: an LP infeasible without them opens them again
      // (solve), and while open each is a candidate of every ratio test through its row
      if (!rooted && last) {
        const d = last.rowDual, h = hint, y = h ? Float64Array.from(d, (v, i) => (i < h.length && !Number.isNaN(h[i]) ? h[i] : v)) : d, want = new Uint8Array(N);
        hint = undefined;
        for (const list of byRow.values()) nearest(list, linesPerRow, (j) => Math.abs(price[j] - y[row[j]]), want);
        if (h) {
          for (const j of eligible) {
            const a = d[row[j]], z = y[row[j]], p = price[j];
            if (state[j] !== IN && p >= Math.min(a, z) && p <= Math.max(a, z)) want[j] = 1;
          }
        }
        bringIn(eligible.filter((j) => want[j] && state[j] !== IN));
        setElastic(false);
      }
      // the held columns of the new rows, each once, in the order first met
      const out = new Set<number>();
      for (const r of rows) for (const j of r.cols) if (state[j] !== IN) out.add(j);
      bringIn([...out]);
      engine.addRows({
        lower: rows.map((r) => r.lower), upper: rows.map((r) => r.upper), start: rows.reduce((s, r) => { s.push(s[s.length - 1] + r.cols.length); return s; }, [0]),
        index: rows.flatMap((r) => r.cols.map((j) => engineCol[j])), value: rows.flatMap((r) => r.vals),
      });
    },
    solve() {
      let iterations = 0, elasticNeeded = true;
      for (;;) {
        const sol = engine.solve();
        iterations += sol.iterations ?? 0;
        if (sol.status === 'infeasible') {
          // the orders left out may be what the LP lacks: the elastic columns stand in for them
          // (row i's pair reaches every value the orders of row i can add), so with them open an
          // infeasible LP is the whole LP's verdict; closed, they are opened first, and where they
          // were closed for good every order comes in before the verdict
          if (!open && elasticNeeded && elasticCols.length > 0) { setElastic(true); continue; }
          const out = open ? [] : eligible.filter((j) => state[j] !== IN);
          if (out.length === 0) return { ...expand(sol), iterations };
          rounds++;
          bringIn(out);
          continue;
        }
        if (sol.status !== 'optimal') return { ...expand(sol), iterations };
        last = sol;
        // the orders left out on the wrong side (by rows; a row whose dual is within its range
        // has none: not read). Their order does not matter: bringIn sorts what comes in
        const y = sol.rowDual, wrong: number[] = [];
        for (let r = 0; r < rowOrders.length; r++) {
          if (dirty[r]) summarize(r);
          const yi = y[elasticRows[r]];
          if (lowPosMax[r] <= yi && highPosMin[r] >= yi && lowNegMin[r] >= yi && highNegMax[r] <= yi) continue;
          for (const j of rowOrders[r]) {
            const s = state[j];
            if (s === IN) continue;
            const c = cost[j], d = c - coef[j] * yi, tol = PRICE_TOL * Math.max(1, Math.abs(c));
            if ((s === OUT_LOW && d > tol) || (s === OUT_HIGH && d < -tol)) wrong.push(j);
          }
        }
        if (wrong.length === 0) {
          if (!open) return { ...expand(sol), iterations };
          // elastic columns at 0: the solution is the LP's without them (they stay open)
          let used = false;
          for (const c of elasticCols) if (sol.x[c] > 1e-9) used = true;
          if (!used) return { ...expand(sol), iterations };
          setElastic(false);
          // used, with no order of theirs on the wrong side: solve without them (once)
          elasticNeeded = false;
          continue;
        }
        rounds++;
        // with them, the orders of the same rows as near the new prices as the farthest of them
        const far = new Map<number, number>();
        for (const j of wrong) far.set(row[j], Math.max(far.get(row[j]) ?? 0, Math.abs(price[j] - y[row[j]])));
        const more = new Set(wrong);
        for (const [i, r] of far) for (const j of byRow.get(i)!) if (state[j] !== IN && Math.abs(price[j] - y[i]) <= r) more.add(j);
        bringIn([...more]);
      }
    },
    prices(rowPrice) { hint = rowPrice; },
    saveBasis(): SavedBasis | undefined {
      const basis = engine.getBasis();
      return basis && { engine, basis, state: state.slice(), columns: inner.length };
    },
    restoreBasis(saved) {
      // the columns brought in since: nonbasic at the bound they had then; the rows added since: basic
      const s = saved as SavedBasis;
      if (s.engine !== engine) return;
      const n = inner.length, b = new Int32Array(n + engine.lp.numRows).fill(BasisStatus.Basic);
      b.set(s.basis.subarray(0, s.columns));
      for (let k = s.columns; k < n; k++) b[k] = inner[k] >= 0 && s.state[inner[k]] === OUT_HIGH ? BasisStatus.Upper : BasisStatus.Lower;
      b.set(s.basis.subarray(s.columns), n);
      engine.setBasis(b);
    },
    compact() {
      rooted = true;
      prepare();
      const basis = engine.getBasis();
      if (!last || !basis) return;
      const cur = engine.lp, y = last.rowDual, n = cur.numCols, m = cur.numRows;
      // per row, the `keepAfter` orders in the engine nearest the row's price stay, and every basic one
      const stay = new Uint8Array(N);
      for (const list of byRow.values()) {
        const here = list.filter((j) => state[j] === IN);
        nearest(here, keepAfter, (j) => Math.abs(price[j] - y[row[j]]), stay);
        for (const j of here) if (basis[engineCol[j]] === BasisStatus.Basic) stay[j] = 1;
      }
      const keepCols: number[] = [], delta = new Float64Array(m);
      for (let k = 0; k < n; k++) {
        const j = inner[k];
        if (j < 0 || !(row[j] >= 0) || stay[j]) { keepCols.push(k); continue; }
        state[j] = basis[k] === BasisStatus.Upper ? OUT_HIGH : OUT_LOW;
        dirty[rowSlot[row[j]]] = 1;
        const v = state[j] === OUT_HIGH ? colUpper[j] : colLower[j];
        outX[j] = v;
        if (v !== 0) { delta[row[j]] += coef[j] * v; shift[row[j]] += coef[j] * v; }
        engineCol[j] = -1;
      }
      if (keepCols.length === n) return;
      const reduced = subLp(cur, keepCols, delta);
      const b = new Int32Array(keepCols.length + m);
      keepCols.forEach((k, c) => { b[c] = basis[k]; });
      b.set(basis.subarray(n), keepCols.length);
      const newInner = keepCols.map((k) => inner[k]), isElastic = new Uint8Array(n);
      for (const c of elasticCols) isElastic[c] = 1;
      elasticCols = [];
      keepCols.forEach((k, c) => { if (isElastic[k]) elasticCols.push(c); else engineCol[inner[k]] = c; });
      inner.length = 0; inner.push(...newInner);
      engine.dispose();
      engine = new LpEngine(reduced, { basis: b, markowitz });
      if (elasticCols.length === 0 && elasticRows.length > 0) {
        // closed until a node's LP is infeasible without them
        const k = elasticRows.length, first = inner.length;
        engine.addColumns({
          lower: new Float64Array(2 * k), upper: new Float64Array(2 * k), cost: new Float64Array(2 * k).fill(-penalty),
          start: Array.from({ length: 2 * k + 1 }, (_, c) => c), index: elasticRows.flatMap((i) => [i, i]), value: elasticRows.flatMap(() => [1, -1]),
        });
        for (let c = 0; c < 2 * k; c++) { elasticCols.push(first + c); inner.push(-1); }
        open = false;
      }
    },
    dispose() { engine.dispose(); },
    figures: () => ({ columns: engine.lp.numCols, totalColumns: N, rounds }),
  };
}

/**
 * The crash basis of the whole LP (crashBasis) for the engine's first LP: its columns `inner`, then
 * `elastic` elastic columns (nonbasic at 0), then the rows. An order left out has no column: the
 * crash basis holds only free and energy columns basic, never an order, so nothing is lost.
 */
function siftedCrash(lp: BlocksLp, inner: number[], elastic: number): Int32Array {
  const whole = crashBasis(lp), n = inner.length, b = new Int32Array(n + elastic + lp.numRows);
  for (let c = 0; c < n; c++) b[c] = whole[inner[c]];
  b.fill(BasisStatus.Lower, n, n + elastic);
  b.set(whole.subarray(lp.numCols, lp.numCols + lp.numRows), n + elastic);
  return b;
}

/** A SparseLp with only the columns `keep` (in that order) and the row bounds less `delta`. */
function subLp(lp: SparseLp, keep: number[], delta: Float64Array): SparseLp {
  const cs = lp.colStart, cr = lp.colRow, cv = lp.colValue, cl = lp.colLower, cu = lp.colUpper, cc = lp.colCost;
  const n = keep.length;
  let nz = 0;
  for (const j of keep) nz += cs[j + 1] - cs[j];
  const colStart = new Int32Array(n + 1), colRow = new Int32Array(nz), colValue = new Float64Array(nz);
  const colLower = new Float64Array(n), colUpper = new Float64Array(n), colCost = new Float64Array(n);
  let p = 0;
  keep.forEach((j, k) => {
    for (let e = cs[j]; e < cs[j + 1]; e++) { colRow[p] = cr[e]; colValue[p++] = cv[e]; }
    colStart[k + 1] = p;
    colLower[k] = cl[j]; colUpper[k] = cu[j]; colCost[k] = cc[j];
  });
  const rowLower = Float64Array.from(lp.rowLower.subarray(0, lp.numRows), (v, i) => v - delta[i]);
  const rowUpper = Float64Array.from(lp.rowUpper.subarray(0, lp.numRows), (v, i) => v - delta[i]);
  return { numCols: n, numRows: lp.numRows, maximize: lp.maximize, colStart, colRow, colValue, colLower, colUpper, colCost, rowLower, rowUpper };
}

/** The LP with only the columns `keep` (in that order) and the row bounds less `shift` (the left-out orders' fixed values). */
function reduce(lp: BlocksLp, keep: number[], shift: Float64Array): BlocksLp {
  return { ...lp, ...subLp(lp, keep, shift) };
}

/** The LP with two elastic columns per row of `rows` appended (+1 and -1 in the row, cost -penalty, bounds [0, reach]). */
function withElastic(lp: BlocksLp, rows: number[], reach: Float64Array, penalty: number): BlocksLp {
  const n = lp.numCols, k = 2 * rows.length, nz = lp.colStart[n];
  const colStart = new Int32Array(n + k + 1), colRow = new Int32Array(nz + k), colValue = new Float64Array(nz + k);
  colStart.set(lp.colStart.subarray(0, n + 1)); colRow.set(lp.colRow.subarray(0, nz)); colValue.set(lp.colValue.subarray(0, nz));
  const colLower = new Float64Array(n + k), colUpper = new Float64Array(n + k), colCost = new Float64Array(n + k);
  colLower.set(lp.colLower.subarray(0, n)); colUpper.set(lp.colUpper.subarray(0, n)); colCost.set(lp.colCost.subarray(0, n));
  rows.forEach((i, r) => {
    for (const [c, v] of [[n + 2 * r, 1], [n + 2 * r + 1, -1]]) {
      colRow[nz + c - n] = i; colValue[nz + c - n] = v; colStart[c + 1] = nz + c - n + 1;
      colUpper[c] = reach[r]; colCost[c] = -penalty;
    }
  });
  return { ...lp, numCols: n + k, colStart, colRow, colValue, colLower, colUpper, colCost };
}

/**
 * A first guess of each row's dual: per period, the price at which the period's orders (their
 * coefficients x bounds) balance the sum of the equality rows' right-hand sides that hold them
 * (the period's copper-plate merit order, ignoring the network and every other column).
 */
function estimateDuals(lp: BlocksLp, byPeriod: Map<number, number[]>, row: Int32Array, coef: Float64Array, price: Float64Array): Float64Array {
  const est = new Float64Array(lp.numRows), lower = lp.colLower, upper = lp.colUpper, rowLower = lp.rowLower, rowUpper = lp.rowUpper;
  // a row holds orders of one period only: `seen` marks the rows met in the current period's list
  const seen = new Int32Array(lp.numRows).fill(-1), rows: number[] = [];
  let stamp = 0;
  for (const list of byPeriod.values()) {
    // its rows in the order first met, the equality rows' right-hand sides summed in that order
    rows.length = 0;
    let rhs = 0;
    for (let k = 0; k < list.length; k++) {
      const i = row[list[k]];
      if (seen[i] === stamp) continue;
      seen[i] = stamp;
      rows.push(i);
      if (rowLower[i] === rowUpper[i]) rhs += rowLower[i];
    }
    stamp++;
    // f(y) = sum_j a_j x_j(y), x_j at upper when c_j - a_j y > 0, is non-increasing in y: sweep
    // the prices upward from f(-inf) to the first at which f is at most rhs
    const sorted = byPrice(list, price), n = sorted.length;
    let f = 0;
    for (let k = 0; k < n; k++) { const j = sorted[k], a = coef[j]; f += a * (a > 0 ? upper[j] : lower[j]); }
    let y = n ? price[sorted[n - 1]] : 0;
    for (let k = 0; k < n; k++) {
      const j = sorted[k];
      f -= Math.abs(coef[j]) * (upper[j] - lower[j]);
      if (f <= rhs) { y = price[j]; break; }
    }
    for (const i of rows) est[i] = y;
  }
  return est;
}

/**
 * `list` (ascending) sorted by price, ties in list order: the order of `sort((x, z) => price[x] -
 * price[z] || x - z)` with the prices sorted natively (a Float64Array) and each column placed by a
 * binary search into its price's run (about 10x faster than the comparator sort on 10,000 orders).
 */
export function byPrice(list: readonly number[], price: Float64Array): number[] {
  const n = list.length, keys = new Float64Array(n);
  for (let k = 0; k < n; k++) keys[k] = price[list[k]];
  keys.sort();
  const taken = new Int32Array(n), out: number[] = new Array<number>(n);
  for (let k = 0; k < n; k++) {
    const j = list[k], p = price[j];
    let lo = 0, hi = n;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (keys[mid] < p) lo = mid + 1; else hi = mid; }
    out[lo + taken[lo]++] = j;
  }
  return out;
}
