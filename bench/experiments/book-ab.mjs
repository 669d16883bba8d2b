// A/B timing of two source trees on the book benchmark's grid streams (case118 at 0.25 of rating,
// case1354 at 0.05 and at 0.1, the 1e5 streams of bench/book.bench.mjs, same seeds): both libraries bundled
// from their own src/ (each with its own built core: `npm run build:wasm` in each tree first) and
// loaded in one process; runs alternate A, B, A, B, ... (a fresh book each, the batch API with the
// digest chain and `notes: false`, then a save()), CPU time (process.cpuUsage) and wall time per run; medians and
// B/A printed. Checks that both give the same final digest, snapshot digest (orders and flows bit
// for bit), trade columns and notes (blocked pairs with their lines).
// Run: `node --expose-gc bench/experiments/book-ab.mjs DIR_A DIR_B [reps]`; AB_ROWS=case1354_pegase@0.1:100000
// (name[@rating factor]:events, comma-separated; the factor defaults to the bench's first row's) picks rows; AB_CACHE=<dir> keeps the generated streams there (the
// generator runs the streaming API: ~10 s for case1354); AB_PROFILE=1 only runs B once (for --cpu-prof).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { stream } from '../lib/bookStream.mjs';

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
const ROWS = (process.env.AB_ROWS ?? 'case118_ieee:100000,case1354_pegase:100000,case1354_pegase@0.1:100000').split(',').map((s) => s.split(':'));
const RATING_SCALE = { case118_ieee: 0.25, case1354_pegase: 0.05 };
const BASE = { priceDecimals: 2, quantityDecimals: 3, priceFloor: '0.01', priceCap: '9999.99', capacity: 1 << 16 };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

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
  book.save(); // timed too: a book with lazy line flows brings them up to date here
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
for (const [spec, nStr] of ROWS) {
  const n = Number(nStr);
  const [name, kStr] = spec.split('@');
  const setups = libs.map((lib) => {
    const market = lib.importMatpower(fs.readFileSync(path.join(casesDir, `pglib_opf_${name}.m`), 'utf8'));
    const net = market.network;
    const k = kStr ? Number(kStr) : RATING_SCALE[name];
    const lines = net.lines.map((l) => (l.maxFlow == null ? l : { ...l, maxFlow: (Number(l.maxFlow) * k).toFixed(3), minFlow: (-Number(l.maxFlow) * k).toFixed(3) }));
    const grid = lib.GridModel.from({ ...net, lines }, { allowNegativeReactance: true });
    return { lib, opts: { ...BASE, network: { grid } }, busIds: grid.network.busIds };
  });
  // the bench's stream (bench/lib/bookStream.mjs, seed 7 + n), generated against library A's book
  const ev = cachedStream(spec, n, () => stream(libs[0], n, 7 + n, setups[0].busIds, setups[0].opts).ev);
  if (process.env.AB_PROFILE) { const x = run(setups[1].lib, setups[1].opts, ev, false); console.log(`${spec}: B ${x.cpu.toFixed(0)} ms CPU`); continue; }
  // results: one run each with notes, compared
  const fp = setups.map((s) => { const x = run(s.lib, s.opts, ev, true); return fingerprint(x.r, x.book); });
  const same = JSON.stringify(fp[0]) === JSON.stringify(fp[1]);
  console.log(`${spec} ${n}: ${fp[0].trades} trades, ${fp[0].blocked} blocked, ${fp[0].resting} resting; A digest ${fp[0].digest.slice(0, 16)} snap ${fp[0].snap.slice(0, 16)}; B ${same ? 'IDENTICAL' : `DIFFERS: ${JSON.stringify({ ...fp[1], tradesHash: undefined, notes: undefined })}`}`);
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
  const minA = Math.min(...t[0].map((x) => x.cpu)), minB = Math.min(...t[1].map((x) => x.cpu));
  console.log(`  B/A speed: CPU ${(cpuA / cpuB).toFixed(2)}x (least of ${REPS}: ${(minA / minB).toFixed(2)}x), wall ${(wallA / wallB).toFixed(2)}x; load ${os.loadavg()[0].toFixed(1)}`);
}
fs.rmSync(tmp, { recursive: true, force: true });
