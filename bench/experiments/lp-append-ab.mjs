// LpEngine solves after appended rows and columns (docs/lp.md, "Appended rows and columns"), A/B in
// one process. Two modes:
// - `fixed` (default): the last LP a clearBlocks day solves (case118, BLOCKS blocks) is captured with
//   its optimal basis; each variant re-solves it after a bound change and after one appended slack
//   row (no iteration needed), alternated: the fixed cost of a solve after an append against one
//   after a bound change (what extending the factors in place could save at most). CPU medians.
// - `trace`: one clearBlocks day (or, WHAT=periods, the case118 clearPeriods day) per build, every
//   LpEngine solve logged: what was appended before it, rows, columns, iterations, factorizations;
//   the totals of the solves after appends and of the others.
// Run: BLOCKS=1000 REPEATS=9 node --expose-gc bench/experiments/lp-append-ab.mjs oldDir newDir [fixed|trace]
// (oldDir, newDir: dist dirs with index.js; VERBOSE=1 lists each solve of a trace.)
import fs from 'node:fs';
import path from 'node:path';
import { dayAheadMarket } from '../lib/dayahead.mjs';
import { dayMarket } from '../lib/day.mjs';
const REPO = path.resolve(new URL('../..', import.meta.url).pathname);
const [dirA, dirB, mode = 'fixed'] = process.argv.slice(2);
const libs = [await import(path.resolve(dirA, 'index.js')), await import(path.resolve(dirB, 'index.js'))];
const blocks = Number(process.env.BLOCKS ?? 1000), repeats = Number(process.env.REPEATS ?? 9);
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const load = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];

function day(lib, what) {
  const base = lib.importMatpower(fs.readFileSync(path.resolve(REPO, '../shared/cases/pglib_opf_case118_ieee.m'), 'utf8'));
  if (what === 'periods') {
    const mk = dayMarket(base, { periods: 24, duration: '1', orders: 1000, storage: 10, units: 10, seed: 20261203 });
    return () => lib.clearPeriods(mk, {});
  }
  const half = (v) => (v === null || v === undefined ? v : (Number(v) * 0.5).toFixed(3));
  const net = { ...base.network, buses: base.network.buses.map((b) => ({ id: b.id })), lines: base.network.lines.map((l) => ({ ...l, minFlow: half(l.minFlow), maxFlow: half(l.maxFlow) })) };
  const market = dayAheadMarket({ ordersPerPeriod: 1e4, blocks, seed: 2000 + blocks, network: net });
  return () => lib.clearBlocks(market, { relativeGap: 1e-4, timeLimitMs: 300000 });
}

/** Wraps a build's LpEngine: `onSolve(engine, result, appended, ms)` after every solve. */
function hook(lib, onSolve) {
  const P = lib.LpEngine.prototype, { solve, addRows, addColumns } = P, appended = new WeakMap();
  P.addRows = function (r) { appended.set(this, `${appended.get(this) ?? ''}R${r.lower.length}`); return addRows.call(this, r); };
  P.addColumns = function (c) { appended.set(this, `${appended.get(this) ?? ''}C${c.lower.length}`); return addColumns.call(this, c); };
  P.solve = function () { const t = cpu(), r = solve.call(this); onSolve(this, r, appended.get(this) ?? '', cpu() - t); appended.set(this, ''); return r; };
  return () => { Object.assign(P, { solve, addRows, addColumns }); };
}

if (mode === 'trace') {
  for (const [k, lib] of libs.entries()) {
    const log = [], unhook = hook(lib, (e, r, kind, ms) => log.push({ kind, m: e.lp.numRows, n: e.lp.numCols, it: r.iterations, f: r.stats.refactorizations, ms }));
    const c0 = cpu();
    day(lib, process.env.WHAT)();
    const total = cpu() - c0;
    unhook();
    const sum = (after) => { const s = log.filter((x) => Boolean(x.kind) === after); return `${s.length} solves, ${s.reduce((a, x) => a + x.it, 0)} iterations, ${s.reduce((a, x) => a + x.f, 0)} factorizations, ${s.reduce((a, x) => a + x.ms, 0).toFixed(0)} ms`; };
    if (process.env.VERBOSE) for (const x of log) console.log(`  ${(x.kind || '-').padEnd(14)} ${x.m} x ${x.n} it ${x.it} f ${x.f} ${x.ms.toFixed(1)} ms`);
    console.log(`${'AB'[k]} cpu ${total.toFixed(0)} ms; after appends: ${sum(true)}; others: ${sum(false)} (load ${load()})`);
  }
} else {
  let captured;
  const unhook = hook(libs[0], (e, r) => { if (r.status === 'optimal') captured = { lp: e.lp, basis: r.basis, x: r.x }; });
  day(libs[0], 'blocks')();
  unhook();
  const { lp, basis, x } = captured, cols = [0, 1, 2];
  const row = { lower: [-Infinity], upper: [cols.reduce((s, j) => s + x[j], 0) + 1], start: [0, 3], index: cols, value: [1, 1, 1] };
  console.log(`the ${blocks}-block day's last LP: ${lp.numRows} rows, ${lp.numCols} columns, ${lp.colStart[lp.numCols]} entries`);
  const variants = [['A', libs[0], {}], ['B', libs[1], {}], ['B keepOnAppend: false', libs[1], { keepOnAppend: false }]], res = new Map();
  for (let rep = 0; rep < repeats; rep++) {
    for (const [name, lib, o] of rep % 2 ? variants.slice().reverse() : variants) {
      const e = new lib.LpEngine(lp, { ...o, basis });
      e.solve();
      e.setColumnBounds(0, lp.colLower[0], lp.colUpper[0]);
      let c0 = cpu();
      const r1 = e.solve(), tb = cpu() - c0;
      e.addRows(row);
      c0 = cpu();
      const r2 = e.solve(), ta = cpu() - c0;
      e.dispose();
      if (!res.has(name)) res.set(name, []);
      res.get(name).push({ tb, ta, r1, r2 });
    }
  }
  for (const [name, v] of res) {
    const med = (k) => v.map((s) => s[k]).sort((a, b) => a - b)[v.length >> 1];
    const { r1, r2 } = v[0];
    console.log(`${name}: after a bound change ${med('tb').toFixed(1)} ms (${r1.iterations} it, ${r1.stats.refactorizations} f); after an appended row ${med('ta').toFixed(1)} ms (${r2.iterations} it, ${r2.stats.refactorizations} f, objective ${r2.objective})`);
  }
  console.log(`CPU medians of ${repeats}, load ${load()}`);
}
