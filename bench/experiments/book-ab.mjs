// A/B timing of two source trees on the book benchmark's grid streams (case118 at 0.25 of rating,
// case1354 at 0.05, the 1e5 streams of bench/book.bench.mjs, same seeds): both libraries bundled
// from their own src/ (each with its own built core: `npm run build:wasm` in each tree first) and
// loaded in one process; runs alternate A, B, A, B, ... (a fresh book each, the batch API with the
// digest chain and `notes: false`), CPU time (process.cpuUsage) and wall time per run; medians and
// B/A printed. Checks that both give the same final digest, snapshot digest (orders and flows bit
// for bit), trade columns and notes (blocked pairs with their lines).
// Run: `node --expose-gc bench/experiments/book-ab.mjs DIR_A DIR_B [reps]`; AB_ROWS=case1354_pegase:100000
// (name:events, comma-separated) picks rows; AB_CACHE=<dir> keeps the generated streams there (the
// generator runs the streaming API: ~10 s for case1354); AB_PROFILE=1 only runs B once (for --cpu-prof).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { prng } from '../lib/market.mjs';

const [dirA, dirB, repsArg] = process.argv.slice(2);
const REPS = Number(repsArg ?? 3);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'book-ab-'));
async function load(dir, tag) {
  const out = path.join(tmp, `lib-${tag}.mjs`);
  await build({
    stdin: { contents: "export * from './src/index.ts';", resolveDir: path.resolve(dir), loader: 'ts' },
    bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error',
  });
  return import(out);
}
const libs = [await load(dirA, 'a'), await load(dirB, 'b')];
const casesDir = process.env.GRIDCLEAR_CASES ?? path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../shared/cases');
const ROWS = (process.env.AB_ROWS ?? 'case118_ieee:100000,case1354_pegase:100000').split(',').map((s) => s.split(':'));
const RATING_SCALE = { case118_ieee: 0.25, case1354_pegase: 0.05 };
const BASE = { priceDecimals: 2, quantityDecimals: 3, priceFloor: '0.01', priceCap: '9999.99', capacity: 1 << 16 };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

/** The stream of bench/book.bench.mjs (same generator, same seed 7 + n), generated against library A's book. */
function stream(lib, n, seed, busIds, opts) {
  const r = prng(seed);
  const ev = {
    kind: new Uint8Array(n), side: new Uint8Array(n), tif: new Uint8Array(n), flags: new Uint8Array(n),
    time: new BigInt64Array(n), id: new BigInt64Array(n), participant: new Int32Array(n), priceTicks: new BigInt64Array(n),
    quantityTicks: new BigInt64Array(n), expires: new BigInt64Array(n), bus: new Int32Array(n),
  };
  const book = new lib.OrderBook(opts);
  const live = [], pos = new Map();
  const drop = (oid) => { const k = pos.get(oid); if (k === undefined) return; const last = live.pop(); if (last.id !== oid) { live[k] = last; pos.set(last.id, k); } pos.delete(oid); };
  const sideOf = new Map();
  let mid = 5000;
  for (let i = 0; i < n; i++) {
    mid += Math.round((r() - 0.5) * 4);
    if (mid < 3000) mid = 3000; else if (mid > 7000) mid = 7000;
    const u = r();
    ev.time[i] = BigInt(i >> 4);
    let e;
    const time = i >> 4;
    if (u < 0.3 && live.length > 0) {
      const o = live[Math.floor(r() * live.length)];
      ev.id[i] = BigInt(o.id); ev.participant[i] = o.participant;
      if (u < 0.15) { ev.kind[i] = 2; e = { type: 'cancel', id: o.id, participant: o.participant, time }; }
      else if (u < 0.225) {
        const q = Math.max(1, Math.floor(o.qty / 2));
        ev.kind[i] = 3; ev.flags[i] = 2; ev.quantityTicks[i] = BigInt(q);
        e = { type: 'modify', id: o.id, participant: o.participant, quantity: q / 1000, time };
      } else {
        const p = o.side === 0 ? mid - 1 - Math.floor(r() * 60) : mid + 1 + Math.floor(r() * 60);
        ev.kind[i] = 3; ev.flags[i] = 1; ev.priceTicks[i] = BigInt(p);
        e = { type: 'modify', id: o.id, participant: o.participant, price: p / 100, time };
      }
    } else {
      const side = r() < 0.5 ? 0 : 1;
      const q = 100 + Math.floor(r() * 49) * 100;
      ev.side[i] = side; ev.participant[i] = i % 1000000; ev.id[i] = BigInt(i);
      ev.quantityTicks[i] = BigInt(q);
      ev.bus[i] = Math.floor(r() * busIds.length);
      let p;
      if (u < 0.38) { ev.kind[i] = 1; ev.tif[i] = 2; p = side === 0 ? mid + 50 : mid - 50; }
      else {
        ev.kind[i] = 0; ev.tif[i] = r() < 0.1 ? 2 : 0;
        const off = Math.floor(r() * 80) - 12;
        p = side === 0 ? mid - off : mid + off;
      }
      ev.priceTicks[i] = BigInt(p);
      e = { type: ev.kind[i] === 0 ? 'limit' : 'market', id: i, participant: ev.participant[i], side: side === 0 ? 'buy' : 'sell', price: p / 100, quantity: q / 1000, tif: ev.tif[i] === 2 ? 'ioc' : 'gtc', time, bus: busIds[ev.bus[i]] };
    }
    const res = book.submit(e);
    const oid = Number(ev.id[i]);
    for (const t of res.trades) {
      const rid = t.buyId === oid ? t.sellId : t.buyId;
      const k = pos.get(rid);
      if (k !== undefined && rid !== oid) { const o = live[k]; o.qty -= Number(t.quantityTicks); if (o.qty <= 0) drop(rid); }
    }
    if (ev.kind[i] >= 2) drop(oid);
    if (res.restingTicks > 0n) { pos.set(oid, live.length); live.push({ id: oid, participant: ev.participant[i], side: ev.kind[i] <= 1 ? ev.side[i] : sideOf.get(oid), qty: Number(res.restingTicks) }); }
    if (ev.kind[i] <= 1) sideOf.set(oid, ev.side[i]);
  }
  return ev;
}

/** The stream from AB_CACHE (a directory) when saved there before, else generated (and saved). */
function cachedStream(name, n, make) {
  const dir = process.env.AB_CACHE;
  const file = dir && path.join(dir, `book-ab-${name}-${n}.json`);
  if (file && fs.existsSync(file)) {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    const types = { kind: Uint8Array, side: Uint8Array, tif: Uint8Array, flags: Uint8Array, participant: Int32Array, bus: Int32Array };
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, types[k] ? types[k].from(v, Number) : BigInt64Array.from(v, BigInt)]));
  }
  const ev = make();
  if (file) fs.writeFileSync(file, JSON.stringify(Object.fromEntries(Object.entries(ev).map(([k, v]) => [k, Array.from(v, String)]))));
  return ev;
}

function digestOf(bytes) { return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength); }

function run(lib, opts, ev, notes) {
  const book = new lib.OrderBook(opts);
  const c0 = process.cpuUsage(), t0 = performance.now();
  const r = book.submitColumns(ev, { notes });
  const ms = performance.now() - t0, cu = process.cpuUsage(c0);
  if (r.error) throw r.error;
  return { cpu: (cu.user + cu.system) / 1000, wall: ms, r, book };
}

function fingerprint(r, book) {
  const t = r.trades;
  const parts = Object.keys(t).sort().map((k) => (ArrayBuffer.isView(t[k]) ? digestOf(t[k]).toString('base64') : JSON.stringify(t[k])));
  let blocked = 0;
  for (let k = 0; k < r.notes.length; k += 32) if (r.notes[k] === 1) blocked++;
  return { digest: r.digest, snap: book.save().digest, trades: t.quantityTicks.length, tradesHash: parts.join('|'), notes: digestOf(r.notes).toString('base64'), blocked, resting: book.size };
}

console.log(`load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, ${REPS} reps`);
for (const [name, nStr] of ROWS) {
  const n = Number(nStr);
  const setups = libs.map((lib) => {
    const market = lib.importMatpower(fs.readFileSync(path.join(casesDir, `pglib_opf_${name}.m`), 'utf8'));
    const net = market.network;
    const k = RATING_SCALE[name];
    const lines = net.lines.map((l) => (l.maxFlow == null ? l : { ...l, maxFlow: (Number(l.maxFlow) * k).toFixed(3), minFlow: (-Number(l.maxFlow) * k).toFixed(3) }));
    const grid = lib.GridModel.from({ ...net, lines }, { allowNegativeReactance: true });
    return { lib, opts: { ...BASE, network: { grid } }, busIds: grid.network.busIds };
  });
  const ev = cachedStream(name, n, () => stream(libs[0], n, 7 + n, setups[0].busIds, setups[0].opts));
  if (process.env.AB_PROFILE) { const x = run(setups[1].lib, setups[1].opts, ev, false); console.log(`${name}: B ${x.cpu.toFixed(0)} ms CPU`); continue; }
  // results: one run each with notes, compared
  const fp = setups.map((s) => { const x = run(s.lib, s.opts, ev, true); return fingerprint(x.r, x.book); });
  const same = JSON.stringify(fp[0]) === JSON.stringify(fp[1]);
  console.log(`${name} ${n}: ${fp[0].trades} trades, ${fp[0].blocked} blocked, ${fp[0].resting} resting; A digest ${fp[0].digest.slice(0, 16)} snap ${fp[0].snap.slice(0, 16)}; B ${same ? 'IDENTICAL' : `DIFFERS: ${JSON.stringify({ ...fp[1], tradesHash: undefined, notes: undefined })}`}`);
  if (!same) { for (const k of Object.keys(fp[0])) if (fp[0][k] !== fp[1][k]) console.log(`  differs: ${k}`); }
  const t = [[], []];
  for (let rep = 0; rep < REPS; rep++) {
    for (const v of rep % 2 === 0 ? [0, 1] : [1, 0]) {
      globalThis.gc?.();
      const x = run(setups[v].lib, setups[v].opts, ev, false);
      if (x.r.digest !== fp[v].digest) throw new Error('digest changed between runs');
      t[v].push(x);
    }
  }
  const cpuA = median(t[0].map((x) => x.cpu)), cpuB = median(t[1].map((x) => x.cpu));
  const wallA = median(t[0].map((x) => x.wall)), wallB = median(t[1].map((x) => x.wall));
  const f = (ms) => Math.round(n / (ms / 1000)).toLocaleString('en-US');
  console.log(`  A: CPU ${cpuA.toFixed(0)} ms (${f(cpuA)} ev/s), wall ${wallA.toFixed(0)} ms (${f(wallA)} ev/s)  [cpu ${t[0].map((x) => x.cpu.toFixed(0)).join(' ')}]`);
  console.log(`  B: CPU ${cpuB.toFixed(0)} ms (${f(cpuB)} ev/s), wall ${wallB.toFixed(0)} ms (${f(wallB)} ev/s)  [cpu ${t[1].map((x) => x.cpu.toFixed(0)).join(' ')}]`);
  console.log(`  B/A speed: CPU ${(cpuA / cpuB).toFixed(2)}x, wall ${(wallA / wallB).toFixed(2)}x; load ${os.loadavg()[0].toFixed(1)}`);
}
fs.rmSync(tmp, { recursive: true, force: true });
