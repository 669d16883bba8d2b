// The consumer scripts the package test writes into its clean folder. Each takes the market file
// and a mode: `load` prints the export names it sees; `clear` prints the digest of the clearing.
// Every script prints one JSON line last.

const CLEAR = `function digestOf(gc, text) {
  return gc.clearMarket(gc.parseMarketCase(text)).digest;
}`;

/** file name -> source. `worker-body.mjs` is started by `thread.mjs`, not run on its own. */
export const SCRIPTS: Record<string, string> = {
  'esm.mjs': `import * as gc from 'gridclear';
import { readFileSync } from 'node:fs';
${CLEAR}
const [file, mode] = process.argv.slice(2);
if (mode === 'load') console.log(JSON.stringify({ exports: Object.keys(gc), wasm: WebAssembly.Module.exports(gc.wasmModule()).length }));
else console.log(JSON.stringify({ digest: digestOf(gc, readFileSync(file, 'utf8')) }));
`,
  'cjs.cjs': `const gc = require('gridclear');
const { readFileSync } = require('node:fs');
${CLEAR}
const [file, mode] = process.argv.slice(2);
if (mode === 'load') console.log(JSON.stringify({ exports: Object.keys(gc), wasm: WebAssembly.Module.exports(gc.wasmModule()).length }));
else console.log(JSON.stringify({ digest: digestOf(gc, readFileSync(file, 'utf8')) }));
`,
  'thread.mjs': `import { Worker } from 'node:worker_threads';
const [file, mode] = process.argv.slice(2);
const worker = new Worker(new URL('./worker-body.mjs', import.meta.url), { workerData: { file, mode } });
worker.once('message', (m) => { console.log(JSON.stringify(m)); worker.terminate(); });
worker.once('error', (e) => { console.error(e); process.exit(1); });
`,
  'worker-body.mjs': `import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import * as gc from 'gridclear';
${CLEAR}
const { file, mode } = workerData;
if (mode === 'load') parentPort.postMessage({ exports: Object.keys(gc), wasm: WebAssembly.Module.exports(gc.wasmModule()).length });
else parentPort.postMessage({ digest: digestOf(gc, readFileSync(file, 'utf8')) });
`,
  'pool.mjs': `import { createPool, clearingResultsOf } from 'gridclear/workers';
import { parseMarketCase } from 'gridclear';
import { readFileSync } from 'node:fs';
const [file, mode] = process.argv.slice(2);
const pool = createPool({ size: 2 });
try {
  await pool.warm();
  if (mode === 'load') console.log(JSON.stringify({ exports: Object.keys(await import('gridclear/workers')), wasm: 1 }));
  else {
    const [a, b] = await clearingResultsOf(pool, [1, 2].map(() => parseMarketCase(readFileSync(file, 'utf8'))));
    if (a.digest !== b.digest) throw new Error('two workers disagree');
    console.log(JSON.stringify({ digest: a.digest }));
  }
} finally {
  pool.close();
}
`,
  'pool.cjs': `const { createPool, clearingResultsOf } = require('gridclear/workers');
const { parseMarketCase } = require('gridclear');
const { readFileSync } = require('node:fs');
const [file, mode] = process.argv.slice(2);
const pool = createPool({ size: 1 });
pool.warm()
  .then(() => mode === 'load'
    ? { exports: Object.keys(require('gridclear/workers')), wasm: 1 }
    : clearingResultsOf(pool, [parseMarketCase(readFileSync(file, 'utf8'))]).then(([r]) => ({ digest: r.digest })))
  .then((out) => console.log(JSON.stringify(out)), (e) => { console.error(e); process.exitCode = 1; })
  .finally(() => pool.close());
`,
};

/** Strict settings a careful consumer would use, resolving the package like Node does. */
export const TSCONFIG = JSON.stringify({
  compilerOptions: {
    strict: true,
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2022', 'DOM'],
    types: [],
    noEmit: true,
    skipLibCheck: false,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
  },
  files: ['consumer.mts', 'consumer.cts'],
});

/** An ESM TypeScript consumer of both entries. */
export const CONSUMER_MTS = `import { GridclearError, isGridclearError, parseMarketCase, toTicks } from 'gridclear';
import type { Market, Order, ClearingResultJson } from 'gridclear';
import { createPool, WorkerPool } from 'gridclear/workers';
import { clearAuction, clearMarket, auctionOutcome, toClearingResult, type AuctionResult } from 'gridclear';

const order: Order = { id: 'b1', side: 'buy', price: '30.00', quantity: '5.000' };
const market: Market = { priceDecimals: 2, orders: [order] };
const ticks: bigint = toTicks('1.25', 2, { field: 'price' });
const parsed: Market = parseMarketCase(JSON.stringify(market));
const pool: WorkerPool = createPool({ size: 1 });
pool.close();
try { parseMarketCase('{'); } catch (e) { if (isGridclearError(e)) { const code: GridclearError['code'] = e.code; void code; } }
const r: AuctionResult = clearAuction(parsed);
const json: ClearingResultJson = toClearingResult(auctionOutcome(parsed, r));
const same: ClearingResultJson = clearMarket(parsed);
const digest: string = json.digest + same.digest;
// @ts-expect-error result types are exact: a misspelt field does not compile
void same.pricez;
if (same.status === 'optimal') { const p: string | undefined = same.prices['*']; void p; }
void digest;
void ticks;
`;

/** A CommonJS TypeScript consumer (resolves the package's .d.cts types). */
export const CONSUMER_CTS = `import gc = require('gridclear');
import workers = require('gridclear/workers');
const market: gc.Market = { orders: [{ id: 's1', side: 'sell', price: 10, quantity: '1' }] };
const pool: workers.WorkerPool = workers.createPool();
void pool.close();
const r: gc.AuctionResult = gc.clearAuction(market);
void r;
export {};
`;
