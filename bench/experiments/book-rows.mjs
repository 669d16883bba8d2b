// The book benchmark's case1354 rows at several fractions of the line ratings, one library, CPU time:
// events per CPU second of the batch API with the digest chain (`notes: false`, then a save(), as
// book-ab.mjs times it), trades and blocked-pair notes per event, and, when the library's core was
// built with counters (a `bookCount(i)` export: 0 room checks, 1 flow updates, 2 fast flow updates,
// 3 slow ones, 4 resting orders visited; a local instrumented copy, not the package's core), those
// per event too; and the faster npm book (hft-limit-order-book, nodejs-order-book) on the same
// stream in the same process, so that "x npm" is measured under the same load.
// Run: `GRIDCLEAR_CASES=... node --expose-gc bench/experiments/book-rows.mjs DIR [reps]`;
// ROWS_FACTORS=0.05,0.1,0.15,0.25 ROWS_CASE=case1354_pegase ROWS_EVENTS=100000; AB_CACHE=<dir> as in book-ab.mjs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { stream } from '../lib/bookStream.mjs';

const [dir, repsArg] = process.argv.slice(2);
const REPS = Number(repsArg ?? 5);
const require = createRequire(import.meta.url);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'book-rows-'));
const out = path.join(tmp, 'lib.mjs');
await build({
  stdin: { contents: "export * from './src/index.ts';", resolveDir: path.resolve(dir), loader: 'ts' },
  bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error',
});
const lib = await import(out);
const casesDir = process.env.GRIDCLEAR_CASES ?? path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../shared/cases');
const name = process.env.ROWS_CASE ?? 'case1354_pegase';
const n = Number(process.env.ROWS_EVENTS ?? 100000);
const factors = (process.env.ROWS_FACTORS ?? '0.05,0.1,0.15,0.25').split(',').map(Number);
const BASE = { priceDecimals: 2, quantityDecimals: 3, priceFloor: '0.01', priceCap: '9999.99', capacity: 1 << 16 };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const cpuMs = (c0) => { const c = process.cpuUsage(c0); return (c.user + c.system) / 1000; };

function cachedStream(spec, make) {
  const d = process.env.AB_CACHE;
  const file = d && path.join(d, `book-ab-${spec}-${n}.json`);
  if (file && fs.existsSync(file)) {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    const types = { kind: Uint8Array, side: Uint8Array, tif: Uint8Array, flags: Uint8Array, participant: Int32Array, bus: Int32Array };
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, types[k] ? types[k].from(v, Number) : BigInt64Array.from(v, BigInt)]));
  }
  const ev = make().ev;
  if (file) fs.writeFileSync(file, JSON.stringify(Object.fromEntries(Object.entries(ev).map(([k, v]) => [k, Array.from(v, String)]))));
  return ev;
}

function npmRun(Book, ev) {
  const ob = new Book();
  const ids = Array.from(ev.id, String);
  const c0 = process.cpuUsage();
  for (let i = 0; i < ev.kind.length; i++) {
    const k = ev.kind[i], side = ev.side[i] === 0 ? 'buy' : 'sell';
    if (k === 0) ob.limit({ id: ids[i], side, size: Number(ev.quantityTicks[i]), price: Number(ev.priceTicks[i]), timeInForce: ev.tif[i] === 2 ? 'IOC' : 'GTC' });
    else if (k === 1) ob.market({ side, size: Number(ev.quantityTicks[i]) });
    else if (k === 2) ob.cancel(ids[i]);
    else ob.modify(ids[i], ev.flags[i] === 2 ? { size: Number(ev.quantityTicks[i]) } : { price: Number(ev.priceTicks[i]) });
  }
  return cpuMs(c0);
}

const market = lib.importMatpower(fs.readFileSync(path.join(casesDir, `pglib_opf_${name}.m`), 'utf8'));
const npm = [['hft-limit-order-book', require('hft-limit-order-book').OrderBook], ['nodejs-order-book', require('nodejs-order-book').OrderBook]];
console.log(`${name}, ${n} events, ${REPS} reps; load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
for (const k of factors) {
  const net = market.network;
  const lines = net.lines.map((l) => (l.maxFlow == null ? l : { ...l, maxFlow: (Number(l.maxFlow) * k).toFixed(3), minFlow: (-Number(l.maxFlow) * k).toFixed(3) }));
  const grid = lib.GridModel.from({ ...net, lines }, { allowNegativeReactance: true });
  const opts = { ...BASE, network: { grid } };
  const ev = cachedStream(`${name}@${k}`, () => stream(lib, n, 7 + n, grid.network.busIds, opts));
  // counts (one run with notes)
  const b0 = new lib.OrderBook(opts);
  const r0 = b0.submitColumns(ev, { notes: true });
  let blocked = 0;
  for (let j = 0; j < r0.notes.length; j += 32) if (r0.notes[j] === 1) blocked++;
  const linesBlocking = new Set();
  const dv = new DataView(r0.notes.buffer, r0.notes.byteOffset, r0.notes.byteLength);
  for (let j = 0; j < r0.notes.length; j += 32) if (r0.notes[j] === 1) linesBlocking.add(dv.getInt32(j + 4, true));
  const ex = b0.core?.ex;
  const cnt = ex?.bookCount ? [0, 1, 2, 3, 4].map((i) => ex.bookCount(i) / n) : null;
  const times = [];
  for (let rep = 0; rep < REPS; rep++) {
    globalThis.gc?.();
    const book = new lib.OrderBook(opts);
    const c0 = process.cpuUsage();
    const r = book.submitColumns(ev, { notes: false });
    book.save();
    times.push(cpuMs(c0));
    if (r.digest !== r0.digest) throw new Error('digest changed between runs');
  }
  const npmMs = npm.map(([nm, B]) => { const t = []; for (let rep = 0; rep < Math.max(1, REPS >> 1); rep++) { globalThis.gc?.(); t.push(npmRun(B, ev)); } return [nm, median(t)]; });
  const bestNpm = Math.min(...npmMs.map((x) => x[1]));
  const med = median(times), least = Math.min(...times);
  const f = (ms) => Math.round(n / (ms / 1000)).toLocaleString('en-US');
  console.log(`x${k}: ${f(med)} ev/CPU-s median (${f(least)} least of ${REPS}) = ${(bestNpm / med).toFixed(2)}x the faster npm book (${npmMs.map(([nm, ms]) => `${nm} ${f(ms)}`).join(', ')})`);
  console.log(`   per event: ${(r0.trades.quantityTicks.length / n).toFixed(2)} trades, ${(blocked / n).toFixed(2)} blocked notes (${linesBlocking.size} lines block)${cnt ? `, ${cnt[0].toFixed(2)} pair checks, ${cnt[1].toFixed(2)} flow updates (${cnt[2].toFixed(2)} fast, ${cnt[3].toFixed(2)} slow), ${cnt[4].toFixed(1)} resting visited` : ''}; digest ${r0.digest.slice(0, 16)}  [cpu ms ${times.map((x) => x.toFixed(0)).join(' ')}]`);
}
fs.rmSync(tmp, { recursive: true, force: true });
