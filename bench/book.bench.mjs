// The continuous order book benchmark: gridclear's OrderBook (batch API over event columns, and
// the streaming API one event per call) against the npm books `hft-limit-order-book` and
// `nodejs-order-book` and the plain TypeScript reference book of the tests, on the same random
// stream (limit orders, IOC, market orders, cancels, modifies) of 1e5 and 1e6 events, in one
// process. Without a network, and on PGLib case118 / case1354 with line limits that bind (the npm
// books know no grid: they run the same stream without one). Per implementation: events per
// second (median of runs), latency percentiles per event (streaming APIs, each call timed), memory.
// gridclear computes the running BLAKE3 digest (book-log/2) of every event in every row.
// Aborts (exit 1) when gridclear's batch and streaming runs or the reference disagree on a digest.
// Run: `npm run bench -- book [-- --quick]`, or `node --expose-gc bench/book.bench.mjs [--quick]`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { benchArgs, progress, mdTable, writeSection, fmtCount, fmtBytes, collect, median, REPO_DIR, LOAD_AT_START } from './lib/harness.mjs';
import { stream, eventObject } from './lib/bookStream.mjs';

const { quick } = benchArgs();
const require = createRequire(import.meta.url);
const SIZES = quick ? [1e4] : [1e5, 1e6];
const RUNS = quick ? 2 : 3;
/** Runs per row at 1e6 events (one more for the latencies). */
const RUNS_LARGE = 1;
const CASES_DIR = process.env.GRIDCLEAR_CASES ?? path.resolve(REPO_DIR, '../shared/cases');
/**
 * The network rows: a case and its line bounds, the rating times `scale` (so that limits bind: see
 * the blocked counts). case1354 twice: at 0.05 of rating the grid is congested (252 of its 1,991
 * lines block a pair in the 1e5 stream, the book stays crossed and most events walk blocked orders:
 * an unusually hard case), at 0.1 a few lines bind (42 of 1,991 block a pair). At 0.25 none does.
 */
const CASES = (quick ? [['pglib_opf_case118_ieee.m', 0.25]]
  : [['pglib_opf_case118_ieee.m', 0.25], ['pglib_opf_case1354_pegase.m', 0.05], ['pglib_opf_case1354_pegase.m', 0.1]])
  .map(([file, scale]) => ({ file, scale }));
/**
 * Streams of the 1e6 rows cut to this many events per row: on case1354 at 0.05 of rating nearly
 * every crossing pair is blocked and the book stays crossed, so each event walks many blocked
 * orders (about 1,500 events/s at 1e6 before the one-tick screen: over 40 minutes a row).
 */
const LARGE_CAP = { 'case1354_pegase x0.05': 2e5 };
/** The reference book sorts arrays: it runs up to this many events. */
const REF_MAX = quick ? 1e4 : 2e4;

async function loadLibrary() {
  const { build } = await import('esbuild');
  const out = path.join(os.tmpdir(), `gridclear-book-bench-${process.pid}.mjs`);
  await build({
    stdin: {
      contents: "export * from './dist/index.js'; export { RefBook } from './test/helpers/bookReference.ts';",
      resolveDir: REPO_DIR, loader: 'ts',
    },
    bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error',
  });
  try { return await import(out); } finally { fs.rmSync(out, { force: true }); }
}

/** The stream as the npm books' calls (ids as strings; market orders without a price limit). */
function runNpm(ob, s, times) {
  const { ev, price, qty, id, n } = s;
  const idStr = new Array(n);
  for (let i = 0; i < n; i++) idStr[i] = String(id[i]);
  const go = () => {
    const t0 = times ? performance.now() : 0;
    for (let i = 0; i < n; i++) {
      const t = times ? performance.now() : 0;
      const k = ev.kind[i];
      const side = ev.side[i] === 0 ? 'buy' : 'sell';
      if (k === 0) ob.limit({ id: idStr[i], side, size: qty[i], price: price[i], timeInForce: ev.tif[i] === 2 ? 'IOC' : 'GTC' });
      else if (k === 1) ob.market({ side, size: qty[i] });
      else if (k === 2) ob.cancel(idStr[i]);
      else ob.modify(idStr[i], ev.flags[i] === 2 ? { size: qty[i] } : { price: price[i] });
      if (times) times[i] = performance.now() - t;
    }
    return performance.now() - t0;
  };
  return go();
}

/** The stream through the streaming API: one submit per event (event objects built beforehand). */
function streamEvents(s, busIds) {
  const out = new Array(s.n);
  for (let i = 0; i < s.n; i++) out[i] = eventObject(s.ev, s.price, s.qty, s.id, i, busIds);
  return out;
}

function refEvents(s) {
  const { ev, n } = s;
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = {
      kind: ev.kind[i], side: ev.side[i], tif: ev.tif[i], flags: ev.flags[i], time: Number(ev.time[i]), id: Number(ev.id[i]),
      participant: ev.participant[i], price: Number(ev.priceTicks[i]), qty: Number(ev.quantityTicks[i]), expires: 0, bus: ev.bus[i],
    };
  }
  return out;
}

function pct(times, p) {
  const v = Float64Array.from(times).sort();
  return v[Math.min(v.length - 1, Math.floor(p * v.length))];
}
const us = (ms) => `${(ms * 1000).toFixed(2)} µs`;

const lib = await loadLibrary();
const { OrderBook: HftBook } = require('hft-limit-order-book');
const { OrderBook: NobBook } = require('nodejs-order-book');
const BASE = { priceDecimals: 2, quantityDecimals: 3, priceFloor: '0.01', priceCap: '9999.99' };

/** Times one implementation: RUNS throughput runs (fresh book each), one latency run; memory after a run. */
function measure(name, make, run, runLatency, n, runs = n >= 1e6 ? RUNS_LARGE : RUNS) {
  const rates = [], cpuRates = [];
  let memory = 0, digest;
  for (let k = 0; k < runs; k++) {
    collect();
    const before = process.memoryUsage();
    const book = make();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    digest = run(book);
    const ms = performance.now() - t0;
    const cu = process.cpuUsage(c0);
    rates.push(n / (ms / 1000));
    cpuRates.push(n / ((cu.user + cu.system) / 1e6));
    const after = process.memoryUsage();
    memory = Math.max(memory, (after.heapUsed - before.heapUsed) + (after.arrayBuffers - before.arrayBuffers) + (book.wasmBytes ? book.wasmBytes() : 0));
  }
  let lat;
  if (runLatency) {
    const times = new Float64Array(n);
    collect();
    runLatency(make(), times);
    lat = { p50: pct(times, 0.5), p99: pct(times, 0.99), p999: pct(times, 0.999), max: pct(times, 1) };
  }
  progress(`${name}: ${fmtCount(Math.round(median(rates)))} events/s`);
  return { name, rate: median(rates), cpuRate: median(cpuRates), lat, memory, digest };
}

function wasmBytesOf(book) {
  // the book's own core instance (one per book): its memory size
  return book.core?.ex?.memory?.buffer?.byteLength ?? 0;
}

/** One row family: a stream on a network (or none), every implementation. */
function family(label, n, gridOpts, busIds, seed = 7 + n) {
  const opts = gridOpts ? { ...BASE, ...gridOpts, capacity: 1 << 16 } : { ...BASE, capacity: 1 << 16 };
  const s = stream(lib, n, seed, gridOpts ? busIds : undefined, opts);
  const events = streamEvents(s, gridOpts ? busIds : undefined);
  const results = [];
  const gBatch = measure('gridclear batch', () => Object.assign(new lib.OrderBook(opts), { wasmBytes() { return wasmBytesOf(this); } }),
    (b) => { const r = b.submitColumns(s.ev, { notes: false }); if (r.error) throw r.error; return r.digest; }, null, n);
  results.push(gBatch);
  results.push(measure('gridclear batch, digest: false', () => Object.assign(new lib.OrderBook({ ...opts, digest: false }), { wasmBytes() { return wasmBytesOf(this); } }),
    (b) => { const r = b.submitColumns(s.ev, { notes: false }); if (r.error) throw r.error; }, null, n));
  const gStream = measure('gridclear streaming', () => Object.assign(new lib.OrderBook(opts), { wasmBytes() { return wasmBytesOf(this); } }),
    (b) => { for (let i = 0; i < n; i++) b.submit(events[i]); return b.digest; },
    (b, times) => { for (let i = 0; i < n; i++) { const t = performance.now(); b.submit(events[i]); times[i] = performance.now() - t; } }, n);
  results.push(gStream);
  if (gStream.digest !== gBatch.digest) throw new Error(`${label}: streaming digest ${gStream.digest} != batch ${gBatch.digest}`);
  results.push(measure('hft-limit-order-book', () => new HftBook(), (b) => { runNpm(b, s); }, (b, times) => runNpm(b, s, times), n));
  results.push(measure('nodejs-order-book', () => new NobBook(), (b) => { runNpm(b, s); }, (b, times) => runNpm(b, s, times), n));
  {
    // the reference on the first m events (it sorts and copies arrays: a full 1e6 run would take hours)
    const m = Math.min(n, REF_MAX);
    const cfg = new lib.OrderBook(opts).config;
    const rev = refEvents(s).slice(0, m);
    const ref = measure(m < n ? `TypeScript reference (first ${fmtCount(m)} events)` : 'TypeScript reference',
      () => new lib.RefBook(cfg, Number(cfg.floorTicks), Number(cfg.capTicks), Number(cfg.maxQtyTicks)),
      (b) => { for (let i = 0; i < m; i++) b.submit(rev[i]); return Buffer.from(b.digest).toString('hex'); },
      (b, times) => { for (let i = 0; i < m; i++) { const t = performance.now(); b.submit(rev[i]); times[i] = performance.now() - t; } }, m, 1);
    const prefix = {};
    for (const key of Object.keys(s.ev)) prefix[key] = s.ev[key].subarray(0, m);
    const g = new lib.OrderBook(opts).submitColumns(prefix);
    if (ref.digest !== g.digest) throw new Error(`${label}: reference digest ${ref.digest} != gridclear ${g.digest} after ${m} events`);
    results.push(ref);
  }
  const check = new lib.OrderBook(opts);
  const r = check.submitColumns(s.ev);
  // blocked notes, and the lines named by at least one (the lines that block a pair)
  const dv = new DataView(r.notes.buffer, r.notes.byteOffset, r.notes.byteLength);
  let blocked = 0;
  const blockLines = new Set();
  for (let k = 0; k < r.notes.length; k += 32) if (r.notes[k] === 1) { blocked++; blockLines.add(dv.getInt32(k + 4, true)); }
  blockLines.delete(-1);
  return { label, n, results, trades: r.trades.length, blocked, blockLines: blockLines.size, resting: check.size };
}

const fams = [];
const nets = [];
for (const { file, scale } of CASES) {
  const full = path.join(CASES_DIR, file);
  if (!fs.existsSync(full)) { progress(`skipping ${file}: not in ${CASES_DIR}`); continue; }
  const market = lib.importMatpower(fs.readFileSync(full, 'utf8'));
  const net = market.network;
  const lines = net.lines.map((l) => (l.maxFlow == null ? l : { ...l, maxFlow: (Number(l.maxFlow) * scale).toFixed(3), minFlow: (-Number(l.maxFlow) * scale).toFixed(3) }));
  const grid = lib.GridModel.from({ ...net, lines }, { allowNegativeReactance: true });
  nets.push({ name: `${file.replace(/^pglib_opf_/, '').replace(/\.m$/, '')} x${scale}`, grid, lines: lines.length });
}
// Warm-up, the same for every implementation: each runs a 2e4-event stream (no network) 3 times
// untimed, so that no row measures the engines' first compilation (V8 runs Wasm first on its
// baseline compiler and tiers hot functions up in the background; under load that took most of the
// first 1e5 run, which is not what a long-running book sees).
{
  const WARM = quick ? 2e3 : 2e4;
  const opts = { ...BASE, capacity: 1 << 16 };
  const s = stream(lib, WARM, 99, undefined, opts);
  const events = streamEvents(s, undefined);
  for (let k = 0; k < 3; k++) {
    new lib.OrderBook(opts).submitColumns(s.ev, { notes: false });
    new lib.OrderBook({ ...opts, digest: false }).submitColumns(s.ev, { notes: false });
    const g = new lib.OrderBook(opts);
    for (let i = 0; i < WARM; i++) g.submit(events[i]);
    runNpm(new HftBook(), s);
    runNpm(new NobBook(), s);
  }
  progress('warm-up done');
}
// every stream at 1e5 first, then at 1e6 (a run cut short still has the smaller rows)
for (const n of SIZES) {
  fams.push(family('no network', n, null, null));
  report();
  for (const { name, grid, lines } of nets) {
    const m = n >= 1e6 && LARGE_CAP[name] ? Math.min(n, LARGE_CAP[name]) : n;
    fams.push({ ...family(name, m, { network: { grid } }, grid.network.busIds, 7 + n), lines, of: m < n ? n : undefined });
    report();
  }
}
progress('book: done');

/** Writes the section from the families measured so far (a long run leaves its figures as it goes). */
function report() {
const rows = [];

for (const f of fams) {
  const npmBest = Math.max(...f.results.filter((r) => r.name.includes('order-book')).map((r) => r.rate));
  const npmBestCpu = Math.max(...f.results.filter((r) => r.name.includes('order-book')).map((r) => r.cpuRate));
  for (const r of f.results) {
    rows.push([f.label, f.of ? `${fmtCount(f.n)} (of ${fmtCount(f.of)})` : fmtCount(f.n), r.name, fmtCount(Math.round(r.rate)), `${(r.rate / npmBest).toFixed(2)}x`,
      fmtCount(Math.round(r.cpuRate)), `${(r.cpuRate / npmBestCpu).toFixed(2)}x`,
      r.lat ? us(r.lat.p50) : '-', r.lat ? us(r.lat.p99) : '-', r.lat ? us(r.lat.p999) : '-', fmtBytes(r.memory)]);
  }
}
const facts = fams.map((f) => `${f.label} ${fmtCount(f.n)}: ${fmtCount(f.trades)} trades, ${fmtCount(f.blocked)} pairs blocked by a line${f.lines ? ` (${fmtCount(f.blockLines)} of the ${fmtCount(f.lines)} lines block at least one)` : ''}, ${fmtCount(f.resting)} orders resting at the end`);
const md = `## book

Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, load average ${LOAD_AT_START.toFixed(2)} at start${quick ? ' (**--quick**)' : ''}.
\`node --expose-gc bench/book.bench.mjs\`: one random stream per row family (62% limit orders, 10% of them IOC; 8% market
orders with a price limit 0.50 beyond the mid, which the npm books' market orders do not take; 15% cancels; 15% modifies, half a
smaller quantity, half a new price), the same events for every implementation in one process. gridclear: the batch API (\`submitColumns\` with \`notes: false\`, event columns in, trade columns out) and the streaming API (\`submit\`, one
event object per call), both with the running BLAKE3 digest of every event (book-log/2: one BLAKE3 compression for most
events, the compact records of docs/formats.md), and the batch API once more with \`digest: false\` (simulators that need no ledger); the plain TypeScript reference book of the tests
(sorted arrays, copied for every walk; run up to ${fmtCount(REF_MAX)} events, once) gives the same digests (checked). The npm books
(\`hft-limit-order-book\` 7.0.2, \`nodejs-order-book\` 10.1.1) have no grid and no digest: they run the same stream without
a network. On the PGLib cases the line bounds are the rating x the factor in the stream's name, so that they bind; orders sit on random buses.
case1354 at x0.05 is congested (most lines near a bound, the book stays crossed and most events walk blocked orders: an unusually
hard grid), at x0.1 a few percent of its lines bind: the lines that block at least one pair are counted below the table.
Every implementation first runs a 2e4-event stream 3 times untimed (warm-up: no row measures a first compilation).
Events/s: median of ${RUNS} runs at 1e5 (${RUNS_LARGE} at 1e6; the 1e6 stream of ${Object.entries(LARGE_CAP).map(([c, k]) => `${c} cut to its first ${fmtCount(k)} events`).join(', ')}: a longer run takes too long), each on a fresh book; latency: each call timed in one more run (performance.now);
memory: JS heap + array buffers grown during a run, plus the book's Wasm memory. "vs npm": against the faster npm book.
"events/s (CPU time)": the same runs over the process's CPU time (process.cpuUsage, all its threads) instead of the wall clock,
which other processes on a shared machine inflate: compare the two columns to see how loaded a run was.

${mdTable(['stream', 'events', 'implementation', 'events/s', 'vs npm', 'events/s (CPU time)', 'vs npm (CPU)', 'p50', 'p99', 'p99.9', 'memory'], rows)}

${facts.map((f) => `- ${f}`).join('\n')}
`;
writeSection('book', md);
}
