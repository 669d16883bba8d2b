// Peer for the multi-period clearing: HiGHS on the very LP that clearPeriods builds (formulate's
// PeriodsLp: CSC arrays), through its typed model interface (`withModel` with the model data, no
// LP text). Two uses in bench/periods.bench.mjs: the HiGHS column (the LP alone, model arrays
// built untimed), and an LpSolver for clearPeriods while the Wasm LP engine is not in the build.

let highsPromise;

/** The HiGHS runtime, loaded once per process. */
export function loadHighs() {
  highsPromise ??= import('highs').then((m) => m.default());
  return highsPromise;
}

/** The PeriodsLp as HiGHS model data (maximize), infinite bounds as HiGHS's infinity. */
export function periodsModel(highs, lp) {
  const inf = (a) => Float64Array.from(a, (v) => (v === Infinity ? highs.infinity : v === -Infinity ? -highs.infinity : v));
  return {
    numCols: lp.numCols, numRows: lp.numRows, sense: highs.constants.objectiveSense.maximize,
    colCost: lp.colCost, colLower: inf(lp.colLower), colUpper: inf(lp.colUpper), rowLower: inf(lp.rowLower), rowUpper: inf(lp.rowUpper),
    matrix: { format: 'csc', numRows: lp.numRows, numCols: lp.numCols, starts: lp.colStart, indices: lp.colRow, values: lp.colValue },
  };
}

/**
 * Solves model data from periodsModel with HiGHS options (e.g. { presolve: 'off' }): { status
 * ('optimal' | 'infeasible' | other), welfare (the objective), iterations (simplex, plus the interior point method's where it ran), x, rowDual }.
 */
export function solvePeriodsModel(highs, model, options = {}) {
  return highs.withModel(model, (mdl) => {
    mdl.options.set({ output_flag: false, ...options });
    mdl.run();
    const code = mdl.getModelStatus(), ms = highs.constants.modelStatus;
    const status = code === ms.optimal ? 'optimal' : code === ms.infeasible ? 'infeasible' : `status ${code}`;
    const iterations = Number(mdl.info.get('simplex_iteration_count')) + Number(mdl.info.get('ipm_iteration_count'));
    if (status !== 'optimal') return { status, welfare: NaN, iterations };
    const sol = mdl.getSolution();
    return { status, welfare: mdl.getObjectiveValue(), iterations, x: Float64Array.from(sol.colValue), rowDual: Float64Array.from(sol.rowDual) };
  });
}

/** An LpSolver for clearPeriods (options.solver) on HiGHS with `options`. */
export function highsPeriodsSolver(highs, options = {}) {
  return (lp) => {
    const r = solvePeriodsModel(highs, periodsModel(highs, lp), options);
    if (r.status === 'optimal') return { status: 'optimal', x: r.x, rowDual: r.rowDual, iterations: r.iterations };
    return { status: r.status === 'infeasible' ? 'infeasible' : 'failed', x: new Float64Array(lp.numCols), rowDual: new Float64Array(lp.numRows), iterations: r.iterations };
  };
}

/** A WarmLp (lazyLineSolver) on HiGHS: the LP plus the rows appended so far, solved from scratch each round. */
export function highsWarmLp(highs, lp, options = {}) {
  const extra = [];
  return {
    addRows(rows) {
      for (let r = 0; r < rows.lower.length; r++) {
        extra.push({ lower: rows.lower[r], upper: rows.upper[r], index: Array.from(rows.index.subarray(rows.start[r], rows.start[r + 1])), value: Array.from(rows.value.subarray(rows.start[r], rows.start[r + 1])) });
      }
    },
    solve() {
      const add = new Int32Array(lp.numCols + 1);
      for (const r of extra) for (const j of r.index) add[j + 1]++;
      const starts = new Int32Array(lp.numCols + 1);
      for (let j = 0; j < lp.numCols; j++) starts[j + 1] = starts[j] + (lp.colStart[j + 1] - lp.colStart[j]) + add[j + 1];
      const rowIdx = new Int32Array(starts[lp.numCols]), vals = new Float64Array(starts[lp.numCols]), fill = starts.slice(0, lp.numCols);
      for (let j = 0; j < lp.numCols; j++) for (let k = lp.colStart[j]; k < lp.colStart[j + 1]; k++) { rowIdx[fill[j]] = lp.colRow[k]; vals[fill[j]++] = lp.colValue[k]; }
      extra.forEach((r, e) => r.index.forEach((j, k) => { rowIdx[fill[j]] = lp.numRows + e; vals[fill[j]++] = r.value[k]; }));
      const full = {
        ...lp, numRows: lp.numRows + extra.length, colStart: starts, colRow: rowIdx, colValue: vals,
        rowLower: Float64Array.from([...lp.rowLower, ...extra.map((r) => r.lower)]), rowUpper: Float64Array.from([...lp.rowUpper, ...extra.map((r) => r.upper)]),
      };
      return highsPeriodsSolver(highs, options)(full);
    },
  };
}
