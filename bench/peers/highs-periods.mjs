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
 * ('optimal' | 'infeasible' | other), welfare (the objective), iterations, x, rowDual }.
 */
export function solvePeriodsModel(highs, model, options = {}) {
  return highs.withModel(model, (mdl) => {
    mdl.options.set({ output_flag: false, ...options });
    mdl.run();
    const code = mdl.getModelStatus(), ms = highs.constants.modelStatus;
    const status = code === ms.optimal ? 'optimal' : code === ms.infeasible ? 'infeasible' : `status ${code}`;
    const iterations = Number(mdl.info.get('simplex_iteration_count'));
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
