// Branch and bound on the block decisions over the LP (docs/blocks.md): each node is the LP
// relaxation with some acceptance columns fixed; an integral node is a candidate, priced by the
// LP with every decision fixed; a candidate with a paradoxically accepted block (or family) is
// cut off by a no-good cut on its decisions and its node solved again. The best candidate without
// paradoxically accepted blocks wins; a later candidate replaces it only if strictly better (by
// more than the tolerance), and the search order is canonical, so ties go the same way whatever
// the input order.
import { GridclearError } from '../errors.js';
import type { LpSolution, LpSolver } from '../periods/formulation.js';
import { appendRows, BlockRowKind, fixDecisions, type BlocksLp, type RowToAppend } from './formulation.js';
import { familySurplus, paradoxical, priceCheck } from './prices.js';
import { LpEngine } from '../lp/engine.js';
import { siftingEngine, type SiftFigures, type SiftOptions } from './sift.js';
import type { GridModel } from '../grid/index.js';
import { lineShape, pairRows, violated } from '../periods/lazy.js';
import { blocksLineStart, type LineStart } from './start.js';
import { RowKind } from '../periods/formulation.js';
import type { BasicBlocks } from './normalize.js';

/** Options of the search. */
export interface BlocksSearchOptions {
  /** Most nodes (LP solves of the tree, candidates' price checks not counted); ITERATION_LIMIT beyond. Default 100000. */
  maxNodes?: number;
  /**
   * Wall-clock budget (ms) of the search, checked between nodes and between rounds of line rows
   * (one LP solve is not interrupted); ITERATION_LIMIT beyond (a result never depends on it: the
   * search either finishes or throws). Default: none.
   */
  timeLimitMs?: number;
  /** Called every `progressEvery` nodes (default 100) with the figures so far. */
  onProgress?: (stats: BlocksSearchStats) => void;
  progressEvery?: number;
  /**
   * false: no price check, every integral node is a candidate (the welfare-maximizing MIP, whose
   * acceptance may hold paradoxically accepted blocks). Default true.
   */
  priceCondition?: boolean;
  /** Solve the nodes with `coldEngine` over the solver (clearBlocks sets it when a solver is given). */
  coldSolver?: boolean;
  /** The network's grid, for Line rows left out of a ptdf-form LP (the angle form needs none). */
  grid?: GridModel;
  /**
   * The LP method kept between solves. Default: the Wasm LP engine (`wasmEngine`) when no solver
   * is given, else `coldEngine` over the solver (two instances: the tree's and one for the price
   * checks, without cut rows). An engine other than coldEngine is made once and prices the
   * candidates too, with every decision fixed (the cut rows are then constants).
   */
  engine?: (lp: BlocksLp) => NodeEngine;
  /**
   * The default engine's sifting (src/blocks/sift.ts): the Wasm LP engine holds only the simple
   * orders near their price, the others wait at a bound until the duals want them. Options of
   * `siftingEngine`, or false for the whole LP in the engine (`wasmEngine`). Default: {}.
   */
  sift?: SiftOptions | false;
  /**
   * Relative gap tolerance: a node whose bound (its parent's LP welfare, then its own) is not above
   * the best candidate's welfare by more than `relativeGap x max(1, |best|)` is closed, so the
   * result is within that of the best acceptance without paradoxically accepted blocks (the proven
   * gap is `stats.gap`). Default `WELFARE_RTOL` (1e-9: exact up to the LP tolerances).
   */
  relativeGap?: number;
  /**
   * Order of the open nodes: 'best' (default) dives depth first until the tree's first integral
   * node, then (once a candidate without paradoxically accepted blocks is known) takes the open
   * node of highest bound (ties: the one made last); 'depth': depth first throughout.
   */
  nodeOrder?: 'best' | 'depth';
  /**
   * Branching block: 'fractional' (default: nearest 0.5) or 'value' (fractionality
   * min(y, 1 - y) times the block's full traded value |P x sum_t q_t h_t|); ties: the first in canonical order.
   */
  branching?: 'fractional' | 'value';
  /**
   * Lazy line rows: per round of a solve, at most this many overloaded (line, period) pairs per
   * period get their rows, the most overloaded first (periods' `violated`); doubled every 5 rounds.
   * Default 10 (Infinity: every overloaded pair at once).
   */
  linesPerPeriod?: number;
  /**
   * Lazy line rows on a network (angle form): with the root's first overloaded solution, also the
   * rows of the lines binding in each period cleared alone by the nodal core with the blocks at
   * that solution's ratios, and the orders near those periods' prices (start.ts; docs/blocks.md).
   * Default true.
   */
  lineStart?: boolean;
  /**
   * The rounding heuristic at the root (default true): a fractional root's acceptances rounded
   * (y > 0.5 accepted) are priced and repaired (below) for a first candidate before the tree.
   */
  rounding?: boolean;
  /**
   * The repair heuristic's rule (a paradoxical candidate made paradox-free for an early incumbent):
   * 'worst' rejects per round the family losing most, 'all' every losing family at once (fewer
   * rounds, a lower welfare where one rejection moves the prices enough to save others). 'auto'
   * (default): 'all' everywhere, and at the root also 'worst' when the 'all' candidate leaves the
   * root's gap open.
   */
  repair?: 'auto' | 'worst' | 'all';
}

/** Figures of one search. */
export interface BlocksSearchStats {
  /** Nodes solved (including re-solves after a cut), candidates priced, cuts added. */
  nodes: number;
  candidates: number;
  cuts: number;
  /** Welfare (money) of the root relaxation and of the best candidate (-Infinity: none yet). */
  rootWelfare: number;
  bestWelfare: number;
  /** LP iterations over all solves, where the method reports them. */
  iterations: number;
  /** Line rows added where a solution overloaded a line (lazy rows; 0 when the LP has every line row). */
  lineRows: number;
  /** Re-solves after line rows were added (lazy rounds), and feasibility LPs over the optimal dual face (price checks the LP's own duals failed). */
  lineRounds: number;
  faceLps: number;
  /** Wall-clock milliseconds in the LP solves of the tree and the candidates, and in the price checks' dual-face LPs (figures for benches; no result depends on them). */
  solveMs: number;
  faceMs: number;
  /** Columns in the default engine's LP at the end (sifting keeps the simple orders near their price; the others stay at a bound) and the rounds that brought orders in; 0 with other engines. */
  lpColumns: number;
  siftRounds: number;
  /**
   * Highest bound of the open nodes and of the nodes closed by bound (-Infinity: none), and the
   * proven relative gap `(bound - best) / max(1, |best|)` (0 when none is above the best; NaN
   * while no candidate is found). At the end of a search: the best is within `gap` of the best
   * acceptance without paradoxically accepted blocks.
   */
  bound: number;
  gap: number;
}

/** The result of a search: the decisions and the LP solution with them fixed. */
export interface BlocksSearchResult {
  status: 'optimal' | 'infeasible';
  accept: Uint8Array;
  lp: BlocksLp;
  sol: LpSolution;
  stats: BlocksSearchStats;
}

/** Acceptance values within this of 0 or 1 count as integral. */
export const INTEGRALITY_TOL = 1e-7;
/** Relative welfare tolerance: a node whose bound is not above the best by more is pruned. */
export const WELFARE_RTOL = 1e-9;

/**
 * The LP method of the search, kept between solves: a warm-start engine keeps its basis and
 * re-solves after bound changes and added rows (the Wasm LP engine's interface). `coldEngine`
 * makes one of any LpSolver by rebuilding the LP at every solve.
 */
export interface NodeEngine {
  /** Sets the bounds of column j. */
  setColumnBounds(j: number, lower: number, upper: number): void;
  /** Appends rows `lower <= sum vals[i] x[cols[i]] <= upper` (solutions then have duals for them, after the LP's own). */
  addRows(rows: { lower: number; upper: number; cols: number[]; vals: number[] }[]): void;
  /** Solves the LP with the current bounds and rows. */
  solve(): LpSolution;
  /** Frees what the engine holds (called once when the search ends). */
  dispose?(): void;
  /** Sifting figures (siftingEngine). */
  figures?(): SiftFigures;
  /** Prices per row (NaN: none) that the next added rows should bring their orders near (siftingEngine, before the root is done). */
  prices?(rowPrice: Float64Array): void;
  /** Called once after the root node is solved (siftingEngine: keeps only the orders near the root's prices). */
  compact?(): void;
  /** The current basis, to start a later solve from (`restoreBasis`; rows and columns added since then start basic and at their bound). */
  saveBasis?(): unknown;
  restoreBasis?(saved: unknown): void;
}

/** A NodeEngine on the Wasm LP engine (LpEngine): warm-started from the last basis after bound changes and added rows. */
export function wasmEngine(lp: BlocksLp): NodeEngine {
  const engine = new LpEngine(lp);
  return {
    setColumnBounds(j, lower, upper) { engine.setColumnBounds(j, lower, upper); },
    addRows(rows) {
      const start = [0];
      for (const r of rows) start.push(start[start.length - 1] + r.cols.length);
      engine.addRows({ lower: rows.map((r) => r.lower), upper: rows.map((r) => r.upper), start, index: rows.flatMap((r) => r.cols), value: rows.flatMap((r) => r.vals) });
    },
    solve() { return engine.solve(); },
    dispose() { engine.dispose(); },
  };
}

/** A NodeEngine over any LpSolver: the LP with the current bounds and rows rebuilt and solved at every call. */
export function coldEngine(lp: BlocksLp, solver: LpSolver): NodeEngine {
  const colLower = lp.colLower.slice(), colUpper = lp.colUpper.slice();
  const rows: { lower: number; upper: number; cols: number[]; vals: number[] }[] = [];
  return {
    setColumnBounds(j, lower, upper) { colLower[j] = lower; colUpper[j] = upper; },
    addRows(more) { rows.push(...more); },
    solve() {
      let node: BlocksLp = { ...lp, colLower: colLower.slice(), colUpper: colUpper.slice() };
      if (rows.length) node = withRows(node, rows);
      return solver(node);
    },
  };
}

/** The LP with cut rows appended. */
function withRows(lp: BlocksLp, rows: { lower: number; upper: number; cols: number[]; vals: number[] }[]): BlocksLp {
  return appendRows(lp, rows.map((r, i) => ({ kind: BlockRowKind.Cut, ref: i, t: -1, lo: r.lower, hi: r.upper, cols: r.cols, vals: r.vals })));
}

/** The no-good cut of a candidate as a row: sum over rejected of y - sum over accepted of y >= 1 - |accepted|. */
function cutRow(lp: BlocksLp, accept: Uint8Array) {
  const cols = Array.from(lp.acceptCol), vals = Array.from(accept, (a) => (a ? -1 : 1));
  return { lower: 1 - accept.reduce((s, a) => s + a, 0), upper: Infinity, cols, vals };
}

const welfareOf = (lp: BlocksLp, x: Float64Array) => { let w = 0; for (let j = 0; j < lp.numCols; j++) w += lp.colCost[j] * x[j]; return w; };

/** Default of `linesPerPeriod`: the most overloaded line rows per period and round (docs/blocks.md). */
const LINES_PER_PERIOD = 10;

/** Line-row tolerance (MW over a bound), as lazyLineSolver's. */
const LINE_TOL = 1e-7;

/**
 * Line rows left out of the LP (formulateBlocks' lazyLines), added where a solution overloads a
 * line: to the LP the search prices candidates on (`lp`) and to every engine, which also holds the
 * cut rows; `solve` re-solves until no line is overloaded and returns the duals of `lp`'s rows.
 */
class LazyLines {
  private readonly shape: { T: number; nL: number; nB: number };
  private readonly isRow: Uint8Array;
  private readonly ptdf = new Map<number, Float64Array>();
  /** Per engine: for each row it holds beyond the base LP's, the row of `lp` (-1: a cut). */
  private readonly extra = new Map<NodeEngine, number[]>();
  readonly baseRows: number;
  private seeded = false;
  /** Line rows added to the engines and not yet appended to `cols` (each append copies the whole LP), and `lineRow` with them. */
  private readonly pending: RowToAppend[] = [];
  private lineRow: Int32Array;
  constructor(public cols: BlocksLp, private readonly grid: GridModel | undefined, private readonly perPeriod = Infinity, private readonly seed?: (x: Float64Array) => LineStart) {
    this.shape = lineShape(cols);
    this.isRow = new Uint8Array(this.shape.T * this.shape.nL);
    this.baseRows = cols.numRows;
    this.lineRow = cols.lineRow;
  }
  /**
   * The LP with every line row added so far (appended here when asked: the price check's dual
   * face and a candidate's result need them; `cols` has the same columns, costs and Bus rows).
   */
  get lp(): BlocksLp {
    if (this.pending.length > 0) {
      this.cols = { ...appendRows(this.cols, this.pending), lineRow: this.lineRow };
      this.pending.length = 0;
    }
    return this.cols;
  }
  /** Rows of `lp` (`cols`' and the pending ones). */
  get numRows(): number {
    return this.cols.numRows + this.pending.length;
  }
  /** Whether any (line, period) with a bound has no row. */
  get active(): boolean {
    const lp = this.cols;
    for (let k = 0; k < this.lineRow.length; k++) if (this.lineRow[k] < 0 && (Number.isFinite(lp.lineLower[k]) || Number.isFinite(lp.lineUpper[k]))) return true;
    return false;
  }
  /** Cut rows go to the engine's list too (they are not `lp`'s). */
  addCut(engine: NodeEngine, row: { lower: number; upper: number; cols: number[]; vals: number[] }): void {
    engine.addRows([row]);
    this.list(engine).push(-1);
  }
  private list(engine: NodeEngine): number[] {
    let l = this.extra.get(engine);
    if (!l) { l = []; this.extra.set(engine, l); }
    return l;
  }
  /** Solves on `engine` (others: every engine that must receive new line rows), adding violated line rows until none. */
  solve(engine: NodeEngine, others: NodeEngine[], stats: BlocksSearchStats, overtime?: () => void): LpSolution {
    // the rows of all rounds go into `lp` when it is next asked for (each append copies the whole LP)
    for (let round = 0; ; ) {
      const t0 = performance.now();
      const sol = engine.solve();
      stats.solveMs += performance.now() - t0;
      stats.iterations += sol.iterations ?? 0;
      if (sol.status !== 'optimal') return sol;
      const { T, nL, nB } = this.shape;
      const per = this.perPeriod * 2 ** Math.floor(round++ / 5);
      const found = nL > 0 ? violated(this.cols, sol.x, this.grid, T, nL, nB, LINE_TOL, this.isRow, this.ptdf, per) : { pairs: [] as number[], rows: undefined };
      if (found.pairs.length === 0) {
        return this.duals(engine, sol);
      }
      overtime?.(); // between rounds of line rows (a long root) the time limit is checked too
      if (this.seed && !this.seeded) {
        // the first overloaded solution (the root's, without line rows): the lines binding in the
        // periods cleared alone come in with the overloaded ones, with the orders near their prices
        this.seeded = true;
        const start = this.seed(sol.x), have = new Set(found.pairs);
        for (const k of start.pairs) if (!have.has(k) && !this.isRow[k] && this.lineRow[k] < 0 && (this.cols.lineLower[k] > -Infinity || this.cols.lineUpper[k] < Infinity)) have.add(k);
        if (have.size > found.pairs.length) {
          found.pairs = [...have].sort((a, z) => a - z);
          found.rows = pairRows(this.cols, this.grid, found.pairs, nL, nB, this.ptdf);
        }
        engine.prices?.(start.rowPrice);
      }
      const r = found.rows!, rows = found.pairs.map((k, i) => ({
        kind: RowKind.Line, ref: k % nL, t: Math.floor(k / nL), lo: r.lower[i], hi: r.upper[i],
        cols: Array.from(r.index.subarray(r.start[i], r.start[i + 1])), vals: Array.from(r.value.subarray(r.start[i], r.start[i + 1])),
      }));
      const first = this.numRows;
      if (this.lineRow === this.cols.lineRow) this.lineRow = this.lineRow.slice();
      stats.lineRows += rows.length;
      stats.lineRounds++;
      found.pairs.forEach((k, i) => { this.isRow[k] = 1; this.lineRow[k] = first + i; });
      this.pending.push(...rows);
      for (const e of [engine, ...others.filter((o) => o !== engine)]) {
        e.addRows(rows.map((x) => ({ lower: x.lo, upper: x.hi, cols: x.cols, vals: x.vals })));
        this.list(e).push(...rows.map((_, i) => first + i));
      }
    }
  }
  /** Whether every cut row had a zero dual in the last solution `duals` mapped (its duals are then those of the LP without the cuts too). */
  cutsFree = true;
  /** The solution with the duals of `lp`'s rows (the engine's rows mapped; cut rows left out). */
  private duals(engine: NodeEngine, sol: LpSolution): LpSolution {
    const extra = this.extra.get(engine);
    this.cutsFree = true;
    extra?.forEach((r, i) => { if (r < 0 && sol.rowDual[this.baseRows + i] !== 0) this.cutsFree = false; });
    if (!extra || extra.every((r) => r < 0)) return sol;
    const rowDual = new Float64Array(this.numRows);
    rowDual.set(sol.rowDual.subarray(0, this.baseRows));
    extra.forEach((r, i) => { if (r >= 0) rowDual[r] = sol.rowDual[this.baseRows + i]; });
    return { ...sol, rowDual };
  }
}

/** Branch and bound on the block decisions; see the file comment. */
export function searchBlocks(b: BasicBlocks, lp: BlocksLp, solver: LpSolver, opts: BlocksSearchOptions = {}): BlocksSearchResult {
  const n = b.blockIds.length, maxNodes = opts.maxNodes ?? 100_000, every = opts.progressEvery ?? 100;
  const stats: BlocksSearchStats = { nodes: 0, candidates: 0, cuts: 0, rootWelfare: NaN, bestWelfare: -Infinity, iterations: 0, lineRows: 0, lineRounds: 0, faceLps: 0, solveMs: 0, faceMs: 0, lpColumns: 0, siftRounds: 0, bound: -Infinity, gap: NaN };
  const started = performance.now();
  const make = opts.engine ?? (opts.coldSolver ? (l: BlocksLp) => coldEngine(l, solver) : opts.sift === false ? wasmEngine : (l: BlocksLp) => siftingEngine(l, opts.sift || {}));
  const tree = make(lp), pricer = opts.engine || !opts.coldSolver ? tree : make(lp);
  const seed = opts.lineStart !== false && opts.grid && lp.form === 'angles' ? (x: Float64Array) => blocksLineStart(b, lp, opts.grid!, x) : undefined;
  const lines = new LazyLines(lp, opts.grid, opts.linesPerPeriod ?? LINES_PER_PERIOD, seed);
  const faceSolver: LpSolver = (l) => { const t0 = performance.now(); stats.faceLps++; try { return solver(l); } finally { stats.faceMs += performance.now() - t0; } };
  if (lines.active && lp.form !== 'angles' && !opts.grid) throw new GridclearError('INVALID_OPTION', 'lazy PTDF line rows need the grid (options.grid)', { field: 'grid' });
  const overtime = () => {
    if (opts.timeLimitMs !== undefined && performance.now() - started > opts.timeLimitMs) {
      figures(currentBound);
      throw new GridclearError('ITERATION_LIMIT', `branch and bound passed its time limit (${opts.timeLimitMs} ms) after ${stats.nodes} nodes with ${stack.length + 1} open; best welfare so far ${stats.bestWelfare}, bound ${stats.bound}`, { field: 'timeLimitMs', value: opts.timeLimitMs, expected: 'a larger timeLimitMs' });
    }
  };
  const solveOn = (engine: NodeEngine) => { const s = lines.solve(engine, [tree, pricer], stats, overtime); lp = lines.cols; return s; };
  // the acceptance bounds each engine holds now (-1 free, 0, 1): only changes are sent
  const treeState = new Int8Array(n).fill(-1), priceState = pricer === tree ? treeState : new Int8Array(n).fill(-1);
  const setState = (engine: NodeEngine, state: Int8Array, want: ArrayLike<number>) => {
    for (let k = 0; k < n; k++) {
      if (state[k] === want[k]) continue;
      state[k] = want[k];
      const j = lp.acceptCol[k];
      engine.setColumnBounds(j, want[k] < 0 ? 0 : want[k], want[k] < 0 ? 1 : want[k]);
    }
  };
  let best: { accept: Uint8Array; sol: LpSolution; lp: BlocksLp } | undefined = undefined as { accept: Uint8Array; sol: LpSolution; lp: BlocksLp } | undefined;
  const relGap = opts.relativeGap ?? WELFARE_RTOL, bestFirst = (opts.nodeOrder ?? 'best') === 'best';
  if (opts.linesPerPeriod !== undefined && !(opts.linesPerPeriod >= 1)) throw new GridclearError('INVALID_OPTION', 'linesPerPeriod must be a number >= 1', { field: 'linesPerPeriod', value: opts.linesPerPeriod });
  if (!(relGap >= 0) || !Number.isFinite(relGap)) throw new GridclearError('INVALID_OPTION', 'relativeGap must be a finite number >= 0', { field: 'relativeGap', value: relGap });
  /** Whether a bound is not above the best by more than the tolerance (the node is closed). */
  const closed = (bound: number) => best !== undefined && bound <= stats.bestWelfare + relGap * Math.max(1, Math.abs(stats.bestWelfare));
  /** Highest bound of the nodes closed by bound. */
  let prunedBound = -Infinity;
  /** Bound of the node being solved. */
  let currentBound = Infinity;
  // each open node: its fixed decisions, its bound (its parent's LP welfare; +Infinity at the root) and its sequence number
  type OpenNode = { fixed: Int8Array; bound: number; seq: number };
  let seq = 0;
  /** Whether the tree has reached an integral node (the first dive is over; a heuristic's candidate does not end it). */
  let dived = false;
  /** Whether the engine was compacted (after the root: before the rounding heuristic when it runs, else before the second node). */
  let compacted = false;
  const stack: OpenNode[] = [{ fixed: new Int8Array(n).fill(-1), bound: Infinity, seq: seq++ }];
  const value = Float64Array.from({ length: n }, (_, k) => Math.abs(lp.colCost[lp.ratioCol[k]]));
  try {
    return run();
  } finally {
    const f = tree.figures?.();
    if (f) { stats.lpColumns = f.columns; stats.siftRounds = f.rounds; }
    tree.dispose?.();
    if (pricer !== tree) pricer.dispose?.();
  }
  /** A paradox-free acceptance becomes the best if it is better by more than the tolerance. */
  function offer(accept: Uint8Array, candidateLp: BlocksLp, priced: LpSolution): void {
    const w = welfareOf(lp, priced.x);
    if (best && w <= stats.bestWelfare + WELFARE_RTOL * Math.max(1, Math.abs(stats.bestWelfare))) return;
    best = { accept, sol: priced, lp: candidateLp };
    stats.bestWelfare = w;
  }
  /**
   * The repair heuristic (a primal bound for pruning; the search stays exact): from a candidate
   * with paradoxically accepted blocks, reject losing blocks (with their descendants) and price
   * again, until no accepted block loses money; the result is offered as a candidate. `one`
   * ('worst') rejects one family per round, the one losing most at the last prices (its loss can
   * move the prices enough to save the others); 'all' rejects every losing family at once. Both
   * check a round with the LP's own duals while more than one family loses there, with the optimal
   * dual face (the full price check) once at most one does.
   */
  function repair(start: Uint8Array, lossy: number[], at: LpSolution | undefined, one = opts.repair === 'worst', target = -Infinity, saved?: { basis?: unknown }): { lossy: number[]; at: LpSolution } | undefined {
    const accept = start.slice();
    let first: { lossy: number[]; at: LpSolution } | undefined;
    for (;;) {
      // abandoned when no acceptance within this one can close the gap to `target` (the root's welfare)
      if (at && first && target > -Infinity && hopeless(accept, at, target)) return first;
      for (const k of one ? worst(accept, lossy, at) : lossy) accept[k] = 0;
      for (let changed = true; changed;) {
        changed = false;
        for (let k = 0; k < n; k++) if (accept[k] && b.blockParent[k] >= 0 && !accept[b.blockParent[k]]) { accept[k] = 0; changed = true; }
      }
      setState(pricer, priceState, accept);
      const solved = solveOn(pricer);
      stats.candidates++;
      if (saved && !first) saved.basis = pricer.saveBasis?.();
      if (solved.status !== 'optimal') return first;
      // while more than one family loses at the LP's own duals, the round is checked with them
      // alone (the optimal dual face, the full check, once at most one is left losing)
      const own = paradoxical(b, accept, lp, solved);
      if (own.length > 1) { lossy = own; at = solved; first ??= { lossy, at }; continue; }
      // one family left losing: before the full check (a dual-face LP), the bound above at this
      // round's own duals (any optimal duals give one): abandoned without the face LP
      if (own.length > 0 && first && target > -Infinity && hopeless(accept, solved, target)) return first;
      const candidateLp = fixDecisions(lines.lp, accept), check = priceCheck(b, accept, candidateLp, solved, faceSolver);
      lossy = check.lossy;
      at = check.sol;
      first ??= { lossy, at };
      if (lossy.length === 0) { offer(accept, candidateLp, check.sol); return first; }
    }
  }
  /**
   * Whether no acceptance within `accept` (a subset: what later repair rounds try) can close the
   * gap to `target`: an upper bound of their welfare, the Lagrangian bound at `at`'s duals (`at`
   * solved with `accept` fixed, its welfare plus, per accepted block, what its acceptance column's
   * reduced cost gains when the column is freed to [0, 1]), is below `target` by more than
   * `relativeGap` (and the tie tolerance, so a candidate that closes the gap would have replaced
   * the repair's anyway).
   */
  function hopeless(accept: Uint8Array, at: LpSolution, target: number): boolean {
    // (an angle form's line rows hold no block column: `lp` without the pending ones will do)
    const lp = lines.cols.form === 'angles' ? lines.cols : lines.lp;
    let ub = welfareOf(lp, at.x);
    for (let k = 0; k < n; k++) {
      if (!accept[k]) continue;
      const j = lp.acceptCol[k];
      let d = lp.colCost[j];
      for (let e = lp.colStart[j]; e < lp.colStart[j + 1]; e++) d -= lp.colValue[e] * at.rowDual[lp.colRow[e]];
      if (d < 0) ub -= d;
    }
    return ub + (relGap + 2 * WELFARE_RTOL) * Math.max(1, Math.abs(ub)) < target;
  }
  /** Of the losing families, the one losing most at `at`'s prices (family surplus; ties: canonical order). */
  function worst(accept: Uint8Array, lossy: number[], at: LpSolution | undefined): number[] {
    if (!at || lossy.length <= 1) return lossy;
    const { fam } = familySurplus(b, accept, lp, at);
    let k = lossy[0];
    for (const j of lossy) if (fam[j] < fam[k]) k = j;
    return [k];
  }
  /** The next open node: the last pushed (depth first) until the first dive ended and a candidate is known, then the highest bound (ties: the last made). */
  function next(): OpenNode {
    if (!bestFirst || !best || !dived) return stack.pop()!;
    let at = stack.length - 1;
    for (let i = stack.length - 2; i >= 0; i--) {
      const o = stack[i], c = stack[at];
      if (o.bound > c.bound || (o.bound === c.bound && o.seq > c.seq)) at = i;
    }
    const node = stack[at];
    stack[at] = stack[stack.length - 1];
    stack.pop();
    return node;
  }
  /** The figures' bound and gap: the highest bound of the open nodes (and `extra`) and of those closed by bound. */
  function figures(extra = -Infinity): void {
    let bound = Math.max(prunedBound, extra);
    for (const o of stack) if (o.bound > bound) bound = o.bound;
    stats.bound = bound;
    stats.gap = best ? Math.max(0, bound - stats.bestWelfare) / Math.max(1, Math.abs(stats.bestWelfare)) : NaN;
  }
  function run(): BlocksSearchResult {
    while (stack.length) {
      const node = next(), fixed = node.fixed;
      if (closed(node.bound)) { prunedBound = Math.max(prunedBound, node.bound); continue; }
      currentBound = node.bound;
      overtime();
      if (stats.nodes >= maxNodes) {
        figures(node.bound);
        throw new GridclearError('ITERATION_LIMIT', `branch and bound reached maxNodes (${maxNodes}) with ${stack.length + 1} nodes open; best welfare so far ${stats.bestWelfare}, bound ${stats.bound}`, { field: 'maxNodes', value: maxNodes, expected: 'a larger maxNodes' });
      }
      // the engine keeps what the root's prices need once the search goes past the root
      if (stats.nodes === 1 && !compacted) { compacted = true; tree.compact?.(); }
      setState(tree, treeState, fixed);
      const sol = solveOn(tree);
      stats.nodes++;
      if (opts.onProgress && stats.nodes % every === 0) {
        const f = tree.figures?.();
        if (f) { stats.lpColumns = f.columns; stats.siftRounds = f.rounds; }
        figures(sol.status === 'optimal' ? welfareOf(lp, sol.x) : -Infinity);
        opts.onProgress({ ...stats });
      }
      if (sol.status === 'infeasible') continue;
      if (sol.status !== 'optimal') throw new GridclearError('NUMERICAL', `the LP method ended with status ${sol.status} at a node`, { value: sol.status });
      const w = welfareOf(lp, sol.x);
      if (stats.nodes === 1) stats.rootWelfare = w;
      if (closed(w)) { prunedBound = Math.max(prunedBound, w); continue; }
      // branching: the most fractional acceptance (nearest a half), or the largest fractionality x
      // traded value; ties: the first in canonical order
      let pick = -1, score = -Infinity;
      for (let k = 0; k < n; k++) {
        if (fixed[k] >= 0) continue;
        const y = sol.x[lp.acceptCol[k]];
        if (y <= INTEGRALITY_TOL || y >= 1 - INTEGRALITY_TOL) continue;
        const sc = opts.branching === 'value' ? Math.min(y, 1 - y) * value[k] : -Math.abs(y - 0.5);
        if (sc > score) { score = sc; pick = k; }
      }
      if (pick >= 0 && stats.nodes === 1 && !best && opts.rounding !== false && opts.priceCondition !== false) {
        // the rounding heuristic: the root's acceptances rounded (y > 0.5: at most one per exclusive
        // group, children only with their parents), priced and repaired: a first candidate
        // (the engine first keeps only the orders near the root's prices, as for the nodes after it)
        compacted = true;
        tree.compact?.();
        const rounded = Uint8Array.from({ length: n }, (_, k) => (sol.x[lp.acceptCol[k]] > 0.5 ? 1 : 0));
        const auto = (opts.repair ?? 'auto') === 'auto';
        const saved: { basis?: unknown } = {};
        const first = repair(rounded, [], undefined, opts.repair === 'worst', auto ? w : -Infinity, saved);
        // 'auto': one family per round as well where every losing family at once left the root
        // open, from the rounded candidate's check of the first run (not solved again) and its basis
        if (auto && !closed(w) && first && first.lossy.length > 0) {
          if (saved.basis !== undefined) pricer.restoreBasis?.(saved.basis);
          repair(rounded, first.lossy, first.at, true);
        }
      }
      if (pick >= 0) {
        const up = sol.x[lp.acceptCol[pick]] >= 0.5;
        const zero = fixed.slice(), one = fixed.slice();
        zero[pick] = 0; one[pick] = 1;
        // the branch the relaxation leans to (y >= 0.5: the 1-branch) is explored first (pushed last)
        const z = { fixed: zero, bound: w, seq: 0 }, o = { fixed: one, bound: w, seq: 0 };
        for (const c of up ? [z, o] : [o, z]) { c.seq = seq++; stack.push(c); }
        continue;
      }
      dived = true;
      const accept = Uint8Array.from({ length: n }, (_, k) => (sol.x[lp.acceptCol[k]] >= 0.5 ? 1 : 0));
      // a node whose acceptances are exactly 0 or 1 and whose cut rows have zero duals is already
      // the candidate's solution (optimal with the decisions fixed, its duals too): no second solve
      let exact = lines.cutsFree;
      for (let k = 0; k < n && exact; k++) if (sol.x[lp.acceptCol[k]] !== accept[k]) exact = false;
      let solved = sol;
      if (!exact || pricer !== tree) { setState(pricer, priceState, accept); solved = solveOn(pricer); }
      const candidateLp = fixDecisions(lines.lp, accept);
      stats.candidates++;
      if (solved.status !== 'optimal') throw new GridclearError('NUMERICAL', `the LP method ended with status ${solved.status} at a candidate`, { value: solved.status });
      const { lossy, sol: priced } = opts.priceCondition === false ? { lossy: [], sol: solved } : priceCheck(b, accept, candidateLp, solved, faceSolver);
      if (lossy.length > 0) {
        lines.addCut(tree, cutRow(lp, accept));
        stats.cuts++;
        // the node again, with the cut (its bound: this LP's welfare)
        stack.push({ fixed, bound: w, seq: seq++ });
        repair(accept, lossy, priced);
        continue;
      }
      offer(accept, candidateLp, priced);
    }
    figures();
    if (!best) {
      // the LP with every line row (the pending ones appended): the empty solution sized to it
      const full = lines.lp;
      return { status: 'infeasible', accept: new Uint8Array(n), lp: full, sol: { status: 'infeasible', x: new Float64Array(full.numCols), rowDual: new Float64Array(full.numRows) }, stats };
    }
    return { status: 'optimal', ...best, stats };
  }
}
