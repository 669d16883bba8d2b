// Where a warmed clearPeriods clearing spends its CPU: the inspector's CPU profiler started after
// WARM clearings (default 6) over RUNS more (default 15), in this process; prints self and
// inclusive time per function (inclusive counted once per sample however deep the recursion),
// per clearing. Run after `npm run build`:
// `SEED=20261202 node bench/experiments/periods-cpuprof.mjs case118_ieee 24 1000 10 [hours]`
// (DIST=path/to/index.js for another build; TOP=n rows; SAVE=file.cpuprofile keeps the profile).
import fs from 'node:fs';
import inspector from 'node:inspector';
import { dayFromArgv } from './lib/day.mjs';

const { lib, mk, grid, file, T, orders, k } = await dayFromArgv();
const WARM = +(process.env.WARM ?? 6), RUNS = +(process.env.RUNS ?? 15), TOP = +(process.env.TOP ?? 40);
for (let i = 0; i < WARM; i++) lib.clearPeriods(mk, { grid });
const session = new inspector.Session();
session.connect();
const post = (m, p) => new Promise((res, rej) => session.post(m, p, (e, r) => (e ? rej(e) : res(r))));
await post('Profiler.enable');
await post('Profiler.setSamplingInterval', { interval: 100 });
await post('Profiler.start');
let out;
for (let i = 0; i < RUNS; i++) out = lib.clearPeriods(mk, { grid });
const { profile } = await post('Profiler.stop');
const digest = lib.toPeriodsResult(out).digest;
if (process.env.SAVE) fs.writeFileSync(process.env.SAVE, JSON.stringify(profile));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n) => n.callFrame.functionName || `(${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber})`;
const self = new Map(), incl = new Map();
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i] ?? 0;
  let id = profile.samples[i];
  const n0 = byId.get(id);
  if (name(n0) === '(idle)') continue;
  total += dt;
  self.set(name(n0), (self.get(name(n0)) ?? 0) + dt);
  const seen = new Set();
  while (id !== undefined) {
    const nm = name(byId.get(id));
    if (!seen.has(nm)) { seen.add(nm); incl.set(nm, (incl.get(nm) ?? 0) + dt); }
    id = parent.get(id);
  }
}
const per = (t) => (t / 1000 / RUNS).toFixed(1).padStart(7);
console.log(`${file} T=${T} ${orders}/period k=${k} seed ${process.env.SEED ?? 20261203}: ${RUNS} clearings after ${WARM}, ${(total / 1000 / RUNS).toFixed(1)} ms each (load ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}), digest ${digest.slice(0, 16)}`);
console.log('self ms/clearing:');
for (const [k2, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${per(t)} ${(100 * t / total).toFixed(1).padStart(5)}%  ${k2}`);
console.log('inclusive ms/clearing:');
for (const [k2, t] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${per(t)} ${(100 * t / total).toFixed(1).padStart(5)}%  ${k2}`);
// TREE=f,g: the inclusive time of each callee (direct child in the profile) of these functions
const selfOf = new Map();
for (let i = 0; i < profile.samples.length; i++) selfOf.set(profile.samples[i], (selfOf.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
for (const f of (process.env.TREE ?? '').split(',').filter(Boolean)) {
  const kids = new Map();
  const nodeTotal = new Map();
  const totalOf = (id) => {
    if (nodeTotal.has(id)) return nodeTotal.get(id);
    const n = byId.get(id);
    let t = selfOf.get(id) ?? 0;
    for (const c of n.children ?? []) t += totalOf(c);
    nodeTotal.set(id, t);
    return t;
  };
  let ft = 0, fs2 = 0;
  for (const n of profile.nodes) {
    if (name(n) !== f) continue;
    // skip nested (recursive) occurrences
    let p = parent.get(n.id), nested = false;
    while (p !== undefined) { if (name(byId.get(p)) === f) { nested = true; break; } p = parent.get(p); }
    if (nested) continue;
    ft += totalOf(n.id); fs2 += selfOf.get(n.id) ?? 0;
    for (const c of n.children ?? []) kids.set(name(byId.get(c)), (kids.get(name(byId.get(c))) ?? 0) + totalOf(c));
  }
  console.log(`${f}: ${per(ft)} ms/clearing (self ${per(fs2).trim()})`);
  for (const [k2, t] of [...kids].sort((a, b) => b[1] - a[1]).slice(0, 25)) if (t / 1000 / RUNS >= 0.2) console.log(`   ${per(t)}  ${k2}`);
}
// LINES=f,g: the self samples of these functions by line of dist/index.js (the profile's positionTicks)
for (const f of (process.env.LINES ?? '').split(',').filter(Boolean)) {
  const byLine = new Map();
  for (const n of profile.nodes) if (name(n) === f) for (const p of n.positionTicks ?? []) byLine.set(p.line, (byLine.get(p.line) ?? 0) + p.ticks);
  const tot = [...byLine.values()].reduce((a, b) => a + b, 0);
  console.log(`${f}: ${tot} samples by line`);
  for (const [l, c] of [...byLine].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`   line ${l}: ${c}`);
}
