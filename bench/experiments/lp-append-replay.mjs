// The LpEngine sequence of one clearPeriods day (the engine's first LP, options and basis, then every
// setBasis / bound change / addRows / addColumns between its solves), captured once and replayed on
// fresh engines: CPU time of each solve (process.cpuUsage), iterations, and the objective's bits, so
// the solves after appended rows can be timed alone (and profiled: `node --cpu-prof`, with
// DEBUG=1 for the core built with its function names, lib/debugCore.mjs).
// Run after `npm run build`:
//   GRIDCLEAR_CASES=/work/shared/cases node bench/experiments/lp-append-replay.mjs [case118_ieee 24 1000 10 1] [reps]
// SEED (default 20261203), DIST (default dist) or DIST_B (a second dist, alternated with the first:
// A/B, both its figures and whether every solve gives the same bits).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dayMarket } from '../lib/day.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cases = process.env.GRIDCLEAR_CASES ?? path.join(root, '../shared/cases');
const dbg = process.env.DEBUG ? await import('./lib/debugCore.mjs').then((m) => m.debugLib({ name: 'lp-append-replay' })) : undefined;
const libA = dbg ? dbg.lib : await import(path.resolve(root, process.env.DIST ?? 'dist', 'index.js'));
// DEBUG=1: the profile counters of each solve of the last replay (lpCounter, per iteration)
const counters = [];
const q = (ex, i) => ex.lpCounter(i) / Math.max(1, ex.lpCounter(7));
const count = (ex) => `col ${q(ex, 0).toFixed(0)} rho ${q(ex, 1).toFixed(0)} pivot row ${q(ex, 2).toFixed(0)} price entries ${q(ex, 24).toFixed(0)} update file ${q(ex, 3).toFixed(0)} infeasible ${q(ex, 4).toFixed(0)} candidates ${q(ex, 22).toFixed(0)} walked ${q(ex, 23).toFixed(0)}, large-step tests ${ex.lpCounter(15)} (candidates ${(ex.lpCounter(16) / Math.max(1, ex.lpCounter(15))).toFixed(0)} -> ${(ex.lpCounter(17) / Math.max(1, ex.lpCounter(15))).toFixed(0)}, scanned ${ex.lpCounter(21)}), paired FTRANs ${ex.lpCounter(19)}, hyper CHUZR ${ex.lpCounter(20)}, ${ex.lpCounter(10)} factorizations, class members ${ex.lpCounter(26)}`;
const libB = process.env.DIST_B ? await import(path.resolve(root, process.env.DIST_B, 'index.js')) : undefined;
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const [file = 'case118_ieee', T = '24', orders = '1000', k = '10', duration = '1', repsArg = '5'] = args;
const REPS = Number(repsArg);
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const load = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
// PROFILE=1: the solves after the first sampled (PROFILE=first: the first solve only) (node:inspector), self time per function summed over them
const session = process.env.PROFILE ? new (await import('node:inspector')).Session() : undefined;
const post = (m, p = {}) => new Promise((ok, no) => session.post(m, p, (e, r) => (e ? no(e) : ok(r))));
if (session) { session.connect(); await post('Profiler.enable'); await post('Profiler.setSamplingInterval', { interval: 100 }); }
const selfMs = new Map();
function addProfile(prof) {
  const byId = new Map(prof.nodes.map((q) => [q.id, q]));
  for (let i = 0; i < prof.samples.length; i++) {
    const q = byId.get(prof.samples[i]), key = q.callFrame.functionName || `(${q.callFrame.url.split('/').pop()}:${q.callFrame.lineNumber})`;
    selfMs.set(key, (selfMs.get(key) ?? 0) + (prof.timeDeltas[i] ?? 0) / 1000);
  }
}

// capture: the first engine that solves (the day's LP engine), its LP at the first solve and each call after
const base = libA.importMatpower(fs.readFileSync(path.join(cases, `pglib_opf_${file}.m`), 'utf8'));
const mk = dayMarket(base, { periods: +T, duration, orders: +orders, storage: +k, units: +k, seed: +(process.env.SEED ?? 20261203) });
const grid = libA.GridModel.from(mk.network, { quantityDecimals: mk.quantityDecimals, allowNegativeReactance: true });
const P = libA.LpEngine.prototype;
const clone = (v) => (ArrayBuffer.isView(v) ? v.slice() : Array.isArray(v) ? v.map(clone) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([a, b]) => [a, clone(b)])) : v);
let trace, owner;
const orig = {};
for (const name of ['solve', 'addRows', 'addColumns', 'setBasis', 'setColumnBounds', 'setRowBounds']) {
  orig[name] = P[name];
  P[name] = function (...a) {
    if (name === 'solve' && !owner) { owner = this; trace = { lp: clone(this.lp), options: clone(this.options), basis: this.getBasis(), ops: [] }; }
    if (this === owner) trace.ops.push([name, clone(a)]);
    return orig[name].apply(this, a);
  };
}
const res = libA.clearPeriods(mk, { grid });
for (const name of Object.keys(orig)) P[name] = orig[name];
console.log(`${file} T=${T} ${orders}/period k=${k}: ${res.status}, LP ${trace.lp.numRows} x ${trace.lp.numCols}, ${trace.lp.colStart[trace.lp.numCols]} entries, ${trace.ops.filter((o) => o[0] === 'solve').length} solves captured; load ${load()}`);

async function replay(lib) {
  const e = new lib.LpEngine(trace.lp, { ...trace.options, basis: trace.basis });
  const out = [];
  let what = 'first';
  for (const [name, a] of trace.ops) {
    if (name !== 'solve') { what = name === 'addRows' ? `+${a[0].lower.length} rows` : name === 'addColumns' ? `+${a[0].lower.length} cols` : name; e[name](...a); continue; }
    const prof = session && (process.env.PROFILE === 'first' ? out.length === 0 : out.length > 0);
    if (prof) await post('Profiler.start');
    const ex = dbg?.instances.at(-1)?.exports;
    ex?.lpCounterReset?.();
    const c0 = cpu();
    const r = e.solve();
    const ms = cpu() - c0;
    if (dbg) counters[out.length] = count(dbg.instances.at(-1).exports);
    if (prof) addProfile((await post('Profiler.stop')).profile);
    out.push({ what, ms, it: r.stats.iterations, rf: r.stats.refactorizations, obj: r.objective, rows: e.lp.numRows, x: r.x, y: r.rowDual });
    what = '';
  }
  // FIXED=k: then k times, alternated, a re-solve after a bound change (row 0's bounds set again) and one
  // after one appended free row without entries (no iteration either): the fixed cost of a solve after an append
  for (let f = 0; f < Number(process.env.FIXED ?? 0); f++) {
    e.setRowBounds(0, e.lp.rowLower[0], e.lp.rowUpper[0]);
    let c0 = cpu(), r = e.solve();
    out.push({ what: 'bounds', ms: cpu() - c0, it: r.stats.iterations, rf: r.stats.refactorizations, obj: r.objective, rows: e.lp.numRows, x: r.x, y: r.rowDual });
    e.addRows({ lower: [-Infinity], upper: [Infinity], start: [0, 0], index: [], value: [] });
    c0 = cpu(); r = e.solve();
    out.push({ what: '+1 free row', ms: cpu() - c0, it: r.stats.iterations, rf: r.stats.refactorizations, obj: r.objective, rows: e.lp.numRows, x: r.x, y: r.rowDual });
  }
  e.dispose();
  return out;
}
const libs = libB ? [libA, libB] : [libA];
const runs = libs.map(() => []);
for (let r = 0; r < REPS; r++) for (let v = 0; v < libs.length; v++) { const w = r % 2 ? libs.length - 1 - v : v; runs[w].push(await replay(libs[w])); }
const med = (a) => { const s = [...a].sort((p, q) => p - q); return s[s.length >> 1]; };
const same = (a, b) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
for (let s = 0; s < runs[0][0].length; s++) {
  const parts = runs.map((rs, v) => {
    const f = rs[0][s], t = rs.map((q) => q[s].ms);
    return `${'AB'[v]} ${f.it} it ${f.rf} rf ${med(t).toFixed(1)} (${Math.min(...t).toFixed(1)}) ms`;
  });
  const f0 = runs[0][0][s];
  const bits = runs.length > 1 ? (same(f0.x, runs[1][0][s].x) && same(f0.y, runs[1][0][s].y) && Object.is(f0.obj, runs[1][0][s].obj) ? ' same bits' : ' DIFFERENT bits') : '';
  console.log(`solve ${s} (${f0.what || 'resolve'}, ${f0.rows} rows): ${parts.join(' | ')}  obj ${f0.obj}${bits}`);
}
console.log(`load ${load()}`);
for (let c = 0; c < counters.length; c++) console.log(`  solve ${c} per iteration: ${counters[c]}`);
if (session) {
  const tot = [...selfMs.values()].reduce((p, q) => p + q, 0);
  console.log(`profile of the ${process.env.PROFILE === 'first' ? 'first solve' : 'solves after the first'} (${REPS} replays, ${tot.toFixed(0)} ms sampled):`);
  for (const [key, t] of [...selfMs].sort((p, q) => q[1] - p[1]).slice(0, Number(process.env.TOP ?? 30))) console.log(`${(t / REPS).toFixed(2).padStart(8)} ms/replay ${(100 * t / tot).toFixed(1).padStart(5)}%  ${key}`);
}
