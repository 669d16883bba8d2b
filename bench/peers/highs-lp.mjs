// Peer (c): the clearing as a linear program, solved by HiGHS (the `highs` npm package, Wasm).
//   maximize sum_b bid_b * x_b - sum_s ask_s * y_s   s.t.  sum x = sum y,  0 <= x <= q, 0 <= y <= q
// in currency and MWh (decimal text of the ticks), so the objective is the welfare in money.

/** Presolve is switched off beyond this many columns (the npm build is slow with it there). */
export const PRESOLVE_LIMIT = 5000;

let highsPromise;

/** The HiGHS instance, loaded once. */
export function loadHighs() {
  highsPromise ??= import('highs').then((m) => m.default()).then((h) => h);
  return highsPromise;
}

/** Decimal text of integer ticks (a number or bigint) with `decimals` decimals. */
export function tickText(ticks, decimals) {
  const neg = ticks < 0;
  const abs = String(neg ? -ticks : ticks);
  if (decimals === 0) return (neg ? '-' : '') + abs;
  const padded = abs.padStart(decimals + 1, '0');
  const cut = padded.length - decimals;
  return `${neg ? '-' : ''}${padded.slice(0, cut)}.${padded.slice(cut)}`;
}

/**
 * The CPLEX-LP text of the clearing LP for columns {side, priceTicks, quantityTicks} (numeric or
 * bigint typed arrays). Variables are o<index>, one term per line.
 */
export function buildClearingLp(columns, market) {
  const { side, priceTicks, quantityTicks } = columns;
  const n = side.length;
  const obj = new Array(n);
  const bal = new Array(n);
  const bounds = new Array(n);
  for (let i = 0; i < n; i++) {
    const price = tickText(priceTicks[i], market.priceDecimals);
    const buy = side[i] === 0;
    obj[i] = buy ? ` + ${price} o${i}` : ` - ${price} o${i}`;
    bal[i] = buy ? ` + o${i}` : ` - o${i}`;
    bounds[i] = ` 0 <= o${i} <= ${tickText(quantityTicks[i], market.quantityDecimals)}`;
  }
  return `Maximize\n obj:\n${obj.join('\n')}\nSubject To\n bal:\n${bal.join('\n')}\n = 0\nBounds\n${bounds.join('\n')}\nEnd\n`;
}

/**
 * The same LP as model arrays for HiGHS's typed interface (withModel + passModel: no text to parse):
 * one column per order (cost +-price in money, bounds [0, quantity in MWh]) and the balance row.
 */
export function buildClearingModel(highs, columns, market) {
  const { side, priceTicks, quantityTicks } = columns;
  const n = side.length, ps = 10 ** market.priceDecimals, qs = 10 ** market.quantityDecimals;
  const colCost = new Float64Array(n), colUpper = new Float64Array(n), values = new Float64Array(n);
  const starts = new Int32Array(n + 1), indices = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const buy = side[i] === 0;
    colCost[i] = (buy ? 1 : -1) * Number(priceTicks[i]) / ps;
    colUpper[i] = Number(quantityTicks[i]) / qs;
    values[i] = buy ? 1 : -1;
    starts[i + 1] = i + 1;
  }
  return {
    numCols: n, numRows: 1, sense: highs.constants.objectiveSense.maximize, colCost, colLower: new Float64Array(n), colUpper,
    rowLower: new Float64Array(1), rowUpper: new Float64Array(1), matrix: { format: 'csc', numRows: 1, numCols: n, starts, indices, values },
  };
}

/** Solves a model from buildClearingModel with HiGHS options; { welfare, status }. Throws unless optimal. */
export function solveClearingModel(highs, model, options) {
  return highs.withModel((mdl) => {
    mdl.options.set({ output_flag: false, ...options });
    mdl.passModel(model);
    mdl.run();
    if (mdl.getModelStatus() !== highs.constants.modelStatus.optimal) throw new Error(`HiGHS: status ${mdl.getModelStatus()}`);
    return { welfare: mdl.getObjectiveValue(), status: 'Optimal' };
  });
}

/** HiGHS options for an LP of `n` columns (presolve off beyond PRESOLVE_LIMIT). */
export function highsOptions(n) {
  return n > PRESOLVE_LIMIT ? { output_flag: false, presolve: 'off' } : { output_flag: false };
}

/** Solves the LP text; returns {welfare (money, a number), status}. Throws unless optimal. */
export function solveClearingLp(highs, lp, n) {
  const result = highs.solve(lp, highsOptions(n));
  if (result.Status !== 'Optimal') throw new Error(`HiGHS: ${result.Status}`);
  return { welfare: result.ObjectiveValue, status: result.Status };
}
