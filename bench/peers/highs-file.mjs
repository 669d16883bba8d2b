// Peer (c) from a file: `node bench/peers/highs-file.mjs <case.json>` reads a copper-plate
// market-case/1 file (JSON.parse), builds the clearing LP as typed arrays (one column per order,
// one balance row, CSR) and solves it through HiGHS' typed model interface (createModel / run, no
// LP text), with the options bench/peers/highs-lp.mjs chose as fastest for its size. Prints the
// welfare (money) as JSON. The bench times the whole process, as it times `gridclear clear`.
import fs from 'node:fs';
import { loadHighs, highsOptions } from './highs-lp.mjs';

const file = process.argv[2];
const market = JSON.parse(fs.readFileSync(file, 'utf8'));
const orders = market.orders;
const n = orders.length;
const cost = new Float64Array(n);
const upper = new Float64Array(n);
const starts = Int32Array.of(0, n);
const indices = new Int32Array(n);
const values = new Float64Array(n);
for (let i = 0; i < n; i++) {
  const o = orders[i];
  const buy = o.side === 'buy';
  cost[i] = buy ? Number(o.price) : -Number(o.price);
  upper[i] = Number(o.quantity);
  indices[i] = i;
  values[i] = buy ? 1 : -1;
}
const highs = await loadHighs();
const welfare = highs.withModel({
  numCols: n, numRows: 1, sense: highs.constants.objectiveSense.maximize,
  colCost: cost, colLower: new Float64Array(n), colUpper: upper, rowLower: [0], rowUpper: [0],
  matrix: { format: 'csr', numRows: 1, numCols: n, starts, indices, values },
}, (model) => {
  model.options.set(highsOptions(n));
  model.run();
  const status = model.getModelStatus();
  if (status !== highs.constants.modelStatus.optimal) throw new Error(`HiGHS status ${status}`);
  return model.getObjectiveValue();
});
process.stdout.write(`${JSON.stringify({ welfare })}\n`);
