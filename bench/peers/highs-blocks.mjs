// Peer for the clearing with blocks: HiGHS through its typed model interface (CSC arrays, no LP
// text), two ways: an LP method for gridclear's branch and bound (LpSolver: duals as d(welfare)/
// d(bound)), and the welfare-maximizing MIP of the same LP (the acceptance columns integer; no
// price condition), as the benchmark's peer. Used by bench/blocks.bench.mjs.

const inf = (highs, v) => (v === Infinity ? highs.infinity : v === -Infinity ? -highs.infinity : v);

function model(highs, lp, integrality) {
  return {
    numCols: lp.numCols, numRows: lp.numRows, sense: highs.constants.objectiveSense.maximize,
    colCost: lp.colCost, colLower: lp.colLower.map((v) => inf(highs, v)), colUpper: lp.colUpper.map((v) => inf(highs, v)),
    rowLower: lp.rowLower.map((v) => inf(highs, v)), rowUpper: lp.rowUpper.map((v) => inf(highs, v)),
    matrix: { format: 'csc', numRows: lp.numRows, numCols: lp.numCols, starts: lp.colStart, indices: lp.colRow, values: lp.colValue },
    ...(integrality ? { integrality } : {}),
  };
}

/** An LpSolver (gridclear's LP method interface) on HiGHS's simplex. */
export function highsLpSolver(highs, options = {}) {
  return (lp) => highs.withModel(model(highs, lp), (mdl) => {
    mdl.options.set({ output_flag: false, presolve: 'off', ...options });
    mdl.run();
    const status = mdl.getModelStatus(), c = highs.constants.modelStatus;
    if (status === c.infeasible) return { status: 'infeasible', x: new Float64Array(lp.numCols), rowDual: new Float64Array(lp.numRows) };
    if (status !== c.optimal) return { status: 'failed', x: new Float64Array(lp.numCols), rowDual: new Float64Array(lp.numRows) };
    const sol = mdl.getSolution();
    return { status: 'optimal', x: Float64Array.from(sol.colValue), rowDual: Float64Array.from(sol.rowDual), iterations: Number(mdl.info.get('simplex_iteration_count')) };
  });
}

/** The welfare MIP (acceptance columns integer) in HiGHS, stopped at relative gap `relGap` (mip_rel_gap): { status, welfare, nodes, gap, ms }. */
export function solveWelfareMip(highs, lp, { timeLimit = 300, relGap = 1e-9 } = {}) {
  const integrality = new Int32Array(lp.numCols);
  for (const c of lp.acceptCol) integrality[c] = highs.constants.variableType.integer;
  const t0 = performance.now();
  return highs.withModel(model(highs, lp, integrality), (mdl) => {
    mdl.options.set({ output_flag: false, time_limit: timeLimit, mip_rel_gap: relGap });
    mdl.run();
    const code = mdl.getModelStatus(), ms = highs.constants.modelStatus;
    const status = code === ms.optimal ? 'optimal' : code === ms.timeLimit ? 'time limit' : `status ${code}`;
    let welfare = NaN;
    try { welfare = mdl.getObjectiveValue(); } catch { /* no solution */ }
    const nodes = Number(mdl.info.get('mip_node_count'));
    const gap = Number(mdl.info.get('mip_gap'));
    return { status, welfare, nodes, gap, ms: performance.now() - t0 };
  });
}

/**
 * A warm-start NodeEngine (src/blocks/search.ts) on one HiGHS model kept alive: bound changes and
 * added rows go to the model, and HiGHS re-solves from its last basis (dual simplex), as the Wasm
 * LP engine will.
 */
export function highsEngine(highs, options = {}) {
  return (lp) => {
    const mdl = highs.createModel(model(highs, lp));
    // the first solve with presolve (a cold start), the re-solves without it (from the last basis)
    mdl.options.set({ output_flag: false, presolve: 'on', ...options });
    let rows = lp.numRows, first = true;
    const fail = (status) => ({ status, x: new Float64Array(lp.numCols), rowDual: new Float64Array(rows) });
    return {
      setColumnBounds(j, lower, upper) { mdl.changeColBounds(j, lower, upper); },
      addRows(list) {
        for (const r of list) mdl.addRow(inf(highs, r.lower), inf(highs, r.upper), { indices: Int32Array.from(r.cols), values: Float64Array.from(r.vals) });
        rows += list.length;
      },
      solve() {
        mdl.run();
        if (first) { first = false; mdl.options.set({ presolve: 'off' }); }
        const status = mdl.getModelStatus(), c = highs.constants.modelStatus;
        if (status === c.infeasible) return fail('infeasible');
        if (status !== c.optimal) return fail('failed');
        const sol = mdl.getSolution();
        return { status: 'optimal', x: Float64Array.from(sol.colValue), rowDual: Float64Array.from(sol.rowDual), iterations: Number(mdl.info.get('simplex_iteration_count')) };
      },
      dispose() { mdl.dispose(); },
    };
  };
}
