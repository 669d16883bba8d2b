// The generic LP: what any formulation (multi-period clearing, block orders) describes to the LP
// engine, and what the engine gives back. Nothing market-specific.

/**
 * A linear program: optimize colCost . x subject to rowLower <= A x <= rowUpper and
 * colLower <= x <= colUpper. A is stored by columns (compressed sparse columns: the entries of
 * column j are colRow/colValue[colStart[j] .. colStart[j+1]), rows in any order, no duplicates).
 * Infinite bounds are -Infinity / +Infinity; a row or column with equal bounds is fixed.
 */
export interface SparseLp {
  numCols: number;
  numRows: number;
  colLower: Float64Array;
  colUpper: Float64Array;
  colCost: Float64Array;
  colStart: Int32Array;
  colRow: Int32Array;
  colValue: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  /** Maximize (default true: a clearing maximizes welfare); false minimizes. */
  maximize?: boolean;
}

/** A solution of an LP, from any LP method. */
export interface LpSolution {
  status: 'optimal' | 'infeasible' | 'unbounded' | 'failed';
  /** Column values (all 0 when the status is not 'optimal'). */
  x: Float64Array;
  /**
   * Row duals: d(objective)/d(bound) of each row's active bound, in the LP's own sense (for a
   * maximization, what one more unit of the bound adds to the maximum); 0 for a row not at a bound.
   * The same numbers as HiGHS's row duals.
   */
  rowDual: Float64Array;
  /** Duals of rows a method added itself (lazy line rows), per line and period (t*nL + l); 0 where none. */
  lineDual?: Float64Array;
  /** Method figures (optional): iterations. */
  iterations?: number;
}

/** Status of a variable (a column, then each row's activity) in a basis. */
export const BasisStatus = { Basic: 0, Lower: 1, Upper: 2, Zero: 3 } as const;

/** Figures of one solve by the Wasm LP engine. */
export interface LpStats {
  /** Dual simplex iterations (phase 1 included). */
  iterations: number;
  /** Basis factorizations (the first included). */
  refactorizations: number;
  /** Bound flips taken by the ratio test. */
  flips: number;
  /** Iterations spent reaching a dual feasible basis. */
  phase1Iterations: number;
  /** Rounds after the cost perturbation was removed. */
  cleanups: number;
  /** Largest number of L and U entries of one factorization. */
  peakFactorEntries: number;
  /** Wasm memory of the call (bytes reserved for its columns and work space). */
  memoryBytes: number;
  /** Wall time of the call, milliseconds. */
  timeMs: number;
}

/** The Wasm engine's solution: an LpSolution with the objective, reduced costs, row activities, the final basis and figures. */
export interface LpResult extends LpSolution {
  status: 'optimal' | 'infeasible' | 'unbounded';
  /** colCost . x (NaN unless optimal). */
  objective: number;
  /** Reduced costs: d(objective)/d(column bound) of each column at a bound (0 for a basic column). */
  colDual: Float64Array;
  /** A x. */
  rowActivity: Float64Array;
  /** Final basis (BasisStatus per column, then per row): give it back as `basis` to start from it. */
  basis: Int32Array;
  iterations: number;
  stats: LpStats;
}

/** Options of solveLp. */
export interface LpOptions {
  /** Iteration limit (default 50 (rows + columns) + 10000); reaching it throws ITERATION_LIMIT. */
  maxIterations?: number;
  /** Start from this basis (as LpResult.basis; numCols + numRows entries, numRows of them basic); else from the row logicals. */
  basis?: Int32Array;
  /** Perturb costs against degeneracy (removed before the end). Default true. */
  perturb?: boolean;
  /** Scale rows and columns by powers of two. Default true. */
  scale?: boolean;
  /**
   * Factorize the basis by the Markowitz rule (least (r-1)(c-1), threshold 0.1; far less fill on
   * meshes and on angle-form LPs of several periods) instead of the column order by counts.
   * Default false: in the periods' PTDF form (the case1354 day) it takes 1.15-1.4x the CPU time at
   * the same fill and iterations. On for the nodal hand-over, the periods' angle form (case1354
   * day 0.27x the CPU: the count order filled each period's susceptance block in) and the block
   * orders' sifting engine on a network (docs/lp.md, docs/periods.md, docs/blocks.md).
   */
  markowitz?: boolean;
  /**
   * How basis changes are kept between factorizations: `'forrest-tomlin'` (U's column replaced,
   * a row eta per change; the default) or `'product-form'` (an eta column per change, as before).
   */
  update?: 'forrest-tomlin' | 'product-form';
  /**
   * Dual steepest-edge weights of a warm start (a basis other than the row logicals, where all 1
   * is exact): 'lazy' (default) each exact weight ||e_r^T B^-1||^2 computed by one BTRAN when
   * pricing first meets row r infeasible; 'exact' all of them (m BTRANs) before the first
   * iteration; 'unit' all 1, as before (docs/lp.md).
   */
  edgeWeights?: 'lazy' | 'exact' | 'unit';
}
