// Where the time of one clearBlocks goes: the day cleared once under the V8 sampling profiler
// (node:inspector, in process), its samples split by phase (the function on the stack that names
// it) and by kind (the LP engine's Wasm, JavaScript, the garbage collector), then the functions
// with the most self time. The profiler's times are wall clock while the process is on a core
// (a loaded machine stretches them alike); the CPU time of the run is printed for scale.
// PHASE=word: the self-time list only over the phases whose label holds it (e.g. PHASE=repair).
// Run: BLOCKS=1000 NET=1 [WARM=1] [PHASE=repair] node --expose-gc bench/experiments/blocks-split.mjs [dist dir]
import fs from 'node:fs';
import path from 'node:path';
import { Session } from 'node:inspector';
import { dayAheadMarket } from '../lib/dayahead.mjs';
const REPO = path.resolve(new URL('../..', import.meta.url).pathname);
const lib = await import(path.resolve(process.argv[2] ?? path.join(REPO, 'dist'), 'index.js'));
const n = Number(process.env.BLOCKS ?? 1000), net = process.env.NET !== '0', orders = Number(process.env.ORDERS ?? 1e4);
const opts = JSON.parse(process.env.OPTS ?? '{}'), top = Number(process.env.TOP ?? 25);
function case118() {
  const base = lib.importMatpower(fs.readFileSync(path.resolve(REPO, '../shared/cases/pglib_opf_case118_ieee.m'), 'utf8'));
  const half = (v) => (v === null || v === undefined ? v : (Number(v) * 0.5).toFixed(3));
  return { ...base.network, buses: base.network.buses.map((b) => ({ id: b.id })), lines: base.network.lines.map((l) => ({ ...l, minFlow: half(l.minFlow), maxFlow: half(l.maxFlow) })) };
}
const market = dayAheadMarket({ ordersPerPeriod: orders, blocks: n, seed: (net ? 2000 : 1000) + n, network: net ? case118() : undefined });
// WARM=k: k clearings of the same day first (the benchmark clears several days in one process)
for (let k = 0; k < Number(process.env.WARM ?? 0); k++) lib.clearBlocks(market, { relativeGap: 1e-4, ...opts });
const session = new Session();
session.connect();
const post = (method, params = {}) => new Promise((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
await post('Profiler.enable');
await post('Profiler.setSamplingInterval', { interval: 500 });
globalThis.gc?.();
await post('Profiler.start');
const c0 = process.cpuUsage();
const o = lib.clearBlocks(market, { relativeGap: 1e-4, ...opts });
const c = process.cpuUsage(c0);
const { profile } = await post('Profiler.stop');
session.disconnect();
const s = o.search;
console.log(`cpu ${((c.user + c.system) / 1000).toFixed(0)} ms; nodes ${s.nodes} candidates ${s.candidates} iterations ${s.iterations} line rows ${s.lineRows} dual-face LPs ${s.faceLps}`);

const byId = new Map(profile.nodes.map((x) => [x.id, x]));
const parent = new Map();
for (const x of profile.nodes) for (const ch of x.children ?? []) parent.set(ch, x.id);
const time = new Map();
for (let i = 0; i < profile.samples.length; i++) time.set(profile.samples[i], (time.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
// the phases, innermost first: the first of these names on a sample's stack names its phase
const PHASES = [
  ['blocksLineStart', 'the periods cleared alone (start)'], ['repair', 'candidates: repair rounds'], ['priceCheck', 'candidates: price checks'],
  ['compact', 'sifting: compaction'], ['solveOn', 'LP solves and line rows'], ['siftingEngine', 'sifting engine made'],
  ['normalizeBlocks', 'validation'], ['formulateBlocks', 'the LP built'], ['roundSchedule', 'rounding'], ['clearBlocks', 'other'],
];
const split = new Map(), self = new Map();
let total = 0;
for (const [id, dt] of time) {
  const x = byId.get(id), fn = x.callFrame.functionName, names = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) names.add(byId.get(cur).callFrame.functionName);
  const gc = fn === '(garbage collector)';
  if (!gc && !names.has('clearBlocks')) continue;
  total += dt;
  const kind = gc ? 'GC' : fn.startsWith('wasm-function') ? 'Wasm' : 'JS';
  const phase = gc ? 'garbage collector' : (PHASES.find(([f]) => names.has(f)) ?? PHASES[PHASES.length - 1])[1];
  const k = gc ? phase : `${phase} (${kind})`;
  split.set(k, (split.get(k) ?? 0) + dt);
  if (!gc && kind === 'JS' && (!process.env.PHASE || phase.includes(process.env.PHASE))) {
    const f = `${fn || '(anonymous)'} < ${byId.get(parent.get(id))?.callFrame.functionName || '?'}`;
    self.set(f, (self.get(f) ?? 0) + dt);
  }
}
console.log(`\nprofiled ${(total / 1000).toFixed(0)} ms, by phase and kind:`);
for (const [k, v] of [...split].sort((a, b) => b[1] - a[1])) console.log(`${(v / 1000).toFixed(0).padStart(7)} ms ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
console.log(`\nJavaScript functions with the most self time (function < caller)${process.env.PHASE ? ` in phases with '${process.env.PHASE}'` : ''}:`);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${(v / 1000).toFixed(0).padStart(7)} ms  ${k}`);
