// The fixed cost of an LpEngine re-solve, A/B in one process (docs/lp.md, "The resident engine"):
// the last LP a clearBlocks day solves (case118, BLOCKS blocks) is captured with its final basis,
// then each variant re-solves it from that (optimal) basis again and again, alternated; least CPU
// time of REPEATS, with iterations, factorizations and the objective (equal or not).
// Run: BLOCKS=1000 REPEATS=15 node --expose-gc bench/experiments/lp-resident-ab.mjs oldDir newDir
// (oldDir, newDir: dist dirs or bundles with index.js; newDir's variants take LpEngineOptions).
import fs from 'node:fs';
import path from 'node:path';
import { dayAheadMarket } from '../lib/dayahead.mjs';
const REPO = path.resolve(new URL('../..', import.meta.url).pathname);
const libA = await import(path.resolve(process.argv[2], 'index.js')), libB = await import(path.resolve(process.argv[3], 'index.js'));
const n = Number(process.env.BLOCKS ?? 1000), repeats = Number(process.env.REPEATS ?? 15);
const base = libA.importMatpower(fs.readFileSync(path.resolve(REPO, '../shared/cases/pglib_opf_case118_ieee.m'), 'utf8'));
const half = (v) => (v === null || v === undefined ? v : (Number(v) * 0.5).toFixed(3));
const network = { ...base.network, buses: base.network.buses.map((b) => ({ id: b.id })), lines: base.network.lines.map((l) => ({ ...l, minFlow: half(l.minFlow), maxFlow: half(l.maxFlow) })) };
const market = dayAheadMarket({ ordersPerPeriod: 1e4, blocks: n, seed: 2000 + n, network });
// capture: the LP (bounds copied: the engine changes them in place) and final basis of the last solve
let last;
const solve = libA.LpEngine.prototype.solve;
libA.LpEngine.prototype.solve = function () {
  const r = solve.call(this), lp = this.lp;
  last = { lp: { ...lp, colLower: lp.colLower.slice(), colUpper: lp.colUpper.slice(), rowLower: lp.rowLower.slice(), rowUpper: lp.rowUpper.slice() }, basis: r.basis.slice() };
  return r;
};
libA.clearBlocks(market, { relativeGap: 1e-4 });
libA.LpEngine.prototype.solve = solve;
const { lp, basis } = last;
console.log(`the last LP of the ${n}-block day: ${lp.numRows} rows, ${lp.numCols} columns, ${lp.colStart[lp.numCols]} entries`);
const variants = [
  ['A', libA, {}], ['B resident: false', libB, { resident: false }], ['B keepFactors: false', libB, { keepFactors: false }],
  ['B (default)', libB, {}], ['B lazyPerturb', libB, { lazyPerturb: true }],
];
const engines = variants.map(([name, lib, o]) => { const e = new lib.LpEngine(lp, { ...o, basis }); e.solve(); return { name, e, best: Infinity, r: undefined }; });
for (let k = 0; k < repeats; k++) {
  for (const v of k % 2 ? [...engines].reverse() : engines) {
    const c0 = process.cpuUsage(), r = v.e.solve(), c = process.cpuUsage(c0), t = (c.user + c.system) / 1000;
    if (t < v.best) { v.best = t; v.r = r; }
  }
}
for (const v of engines) {
  const s = v.r.stats;
  console.log(`${v.name.padEnd(22)} least cpu ${v.best.toFixed(1).padStart(6)} ms  iterations ${s.iterations}  factorizations ${s.refactorizations}  cleanups ${s.cleanups}  objective ${v.r.objective}${v.r.objective === engines[0].r.objective ? '' : ' (differs)'}`);
}
