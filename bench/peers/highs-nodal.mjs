// Peer for the nodal clearing: the same LP as clearNodal in HiGHS's B-theta formulation (an angle
// per non-reference bus, a balance row per bus, one ranged flow row per limited line), passed
// through HiGHS's typed model interface (`withModel` + `passModel`, CSC arrays: no LP text to
// write or parse). Orders in MW and money units, so the objective is the LP welfare.
// Used by bench/nodal.bench.mjs and test/crosscheck/nodal-mesh.test.ts.

let highsPromise;

/** The HiGHS runtime, loaded once per process. */
export function loadHighs() {
  highsPromise ??= import('highs').then((m) => m.default());
  return highsPromise;
}

/**
 * The model of a market given its normalized network `net` (normalizeNetwork's BasicNetwork) and
 * its orders: { model (ModelData without sense), nOrders, balanceRow(b) }.
 * Columns: orders 0..nO-1, then angles of non-reference buses. Rows: bus balances 0..nB-1, then
 * one row per line with a finite limit: rowLower <= k (th_f - th_t) - shift... moved right.
 */
export function buildNodalModel(market, net) {
  const nB = net.busIds.length, nL = net.lineIds.length, nO = market.orders.length;
  const isRef = new Uint8Array(nB);
  for (const r of net.islandReference) isRef[r] = 1;
  const thCol = new Int32Array(nB).fill(-1);
  let nc = nO;
  for (let b = 0; b < nB; b++) if (!isRef[b]) thCol[b] = nc++;
  const limited = [];
  for (let l = 0; l < nL; l++) {
    const f = net.lineFrom[l], t = net.lineTo[l];
    if ((thCol[f] >= 0 || thCol[t] >= 0) && (Number.isFinite(net.lineMaxFlowMw[l]) || Number.isFinite(net.lineMinFlowMw[l]))) limited.push(l);
  }
  const nR = nB + limited.length;
  const cols = Array.from({ length: nc }, () => new Map());
  const add = (c, r, v) => cols[c].set(r, (cols[c].get(r) ?? 0) + v);
  const colCost = new Float64Array(nc), colLower = new Float64Array(nc), colUpper = new Float64Array(nc);
  const rowLower = new Float64Array(nR), rowUpper = new Float64Array(nR);
  market.orders.forEach((o, j) => {
    const b = net.busIndex.get(o.bus), sell = o.side === 'sell';
    add(j, b, sell ? 1 : -1);
    colCost[j] = sell ? -Number(o.price) : Number(o.price);
    colUpper[j] = Number(o.quantity);
  });
  for (let b = 0; b < nB; b++) if (thCol[b] >= 0) { colLower[thCol[b]] = -Infinity; colUpper[thCol[b]] = Infinity; }
  // balance at b: sells - buys - sum(out flows) + sum(in flows) = -fixed; flow = k (th_f - th_t) - k shift
  const rhs = Array.from(net.busFixedInjectionMw, (v) => -v);
  for (let l = 0; l < nL; l++) {
    const f = net.lineFrom[l], t = net.lineTo[l], k = net.baseMVA / net.lineX[l], sh = k * net.lineShiftRad[l];
    if (thCol[f] >= 0) { add(thCol[f], f, -k); add(thCol[f], t, k); }
    if (thCol[t] >= 0) { add(thCol[t], f, k); add(thCol[t], t, -k); }
    rhs[f] -= sh; rhs[t] += sh;
  }
  for (let b = 0; b < nB; b++) { rowLower[b] = rhs[b]; rowUpper[b] = rhs[b]; }
  limited.forEach((l, i) => {
    const r = nB + i, f = net.lineFrom[l], t = net.lineTo[l], k = net.baseMVA / net.lineX[l], sh = k * net.lineShiftRad[l];
    if (thCol[f] >= 0) add(thCol[f], r, k);
    if (thCol[t] >= 0) add(thCol[t], r, -k);
    rowLower[r] = net.lineMinFlowMw[l] + sh;
    rowUpper[r] = net.lineMaxFlowMw[l] + sh;
  });
  const starts = new Int32Array(nc + 1);
  let nnz = 0;
  for (let c = 0; c < nc; c++) { starts[c] = nnz; nnz += cols[c].size; }
  starts[nc] = nnz;
  const indices = new Int32Array(nnz), values = new Float64Array(nnz);
  let p = 0;
  for (let c = 0; c < nc; c++) {
    for (const [r, v] of [...cols[c]].sort((a, b) => a[0] - b[0])) { indices[p] = r; values[p] = v; p++; }
  }
  return {
    nOrders: nO, nBus: nB, limited,
    model: { numCols: nc, numRows: nR, colCost, colLower, colUpper, rowLower, rowUpper,
      matrix: { format: 'csc', numRows: nR, numCols: nc, starts, indices, values } },
  };
}

/**
 * Solves a model from buildNodalModel with HiGHS (maximize). `options` are HiGHS option values
 * (e.g. { solver: 'simplex', presolve: 'off' }). Returns { status: 'optimal' | 'infeasible' |
 * other, welfare, iterations (simplex, plus the interior point method's where it ran), busPrices (row duals of the balances, money per MW), primal,
 * uniqueDuals (the basis is primal nondegenerate: no basic variable or row at a bound, so the
 * duals are unique) }.
 */
export function solveNodalModel(highs, built, options = {}) {
  return highs.withModel((model) => {
    model.options.set({ output_flag: false, ...options });
    model.passModel({ ...built.model, sense: highs.constants.objectiveSense.maximize });
    model.run();
    const code = model.getModelStatus();
    const ms = highs.constants.modelStatus;
    const status = code === ms.optimal ? 'optimal' : code === ms.infeasible ? 'infeasible' : `status ${code}`;
    const iterations = Number(model.info.get('simplex_iteration_count')) + Number(model.info.get('ipm_iteration_count'));
    if (status !== 'optimal') return { status, welfare: NaN, iterations };
    const sol = model.getSolution();
    const busPrices = Array.from(sol.rowDual.subarray(0, built.nBus), (d) => -d);
    return { status, welfare: model.getObjectiveValue(), iterations, busPrices, primal: sol.colValue,
      uniqueDuals: primalNondegenerate(model, built, sol, highs) };
  });
}

function primalNondegenerate(model, built, sol, highs) {
  let basis;
  try { basis = model.getBasis(); } catch { return false; }
  const basic = highs.constants.basisStatus.basic, m = built.model, tol = 1e-7;
  const away = (v, lo, up) => (lo === -Infinity || v > lo + tol * Math.max(1, Math.abs(lo))) &&
    (up === Infinity || v < up - tol * Math.max(1, Math.abs(up)));
  for (let c = 0; c < m.numCols; c++) if (basis.colStatus[c] === basic && !away(sol.colValue[c], m.colLower[c], m.colUpper[c])) return false;
  for (let r = 0; r < m.numRows; r++) if (basis.rowStatus[r] === basic && !away(sol.rowValue[r], m.rowLower[r], m.rowUpper[r])) return false;
  return true;
}
