// The angle form over the Wasm engine with the default factorization against the Markowitz one
// (periods-angles-mk.mjs) on many small days: LP welfare (relative difference), iterations, whether
// both results verify and whether the digests agree. Run after `npm run build`:
// GRIDCLEAR_CASES=/work/shared/cases [ALL=1] node bench/experiments/periods-angles-same.mjs [seeds per case]
// (ALL=1: every line row up front, `lazyLines: false`, solveLp from crashBasis)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dayMarket } from '../lib/day.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const lib = await import(path.resolve(root, process.env.DIST ?? 'dist/index.js'));
const cases = process.env.GRIDCLEAR_CASES ?? path.join(root, '../shared/cases');
const seeds = +(process.argv[2] ?? 5);
const days = [['case14_ieee', 24, 50, 3], ['case30_ieee', 24, 100, 5], ['case57_ieee', 12, 200, 5], ['case118_ieee', 24, 300, 10], ['case30_ieee', 96, 50, 5]];
let n = 0, same = 0, ok = 0, worst = 0, itA = 0, itB = 0;
for (const [file, T, orders, k] of days) {
  const base = lib.importMatpower(fs.readFileSync(path.join(cases, `pglib_opf_${file}.m`), 'utf8'));
  for (let s = 1; s <= seeds; s++) {
    const mk = dayMarket(base, { periods: T, duration: 24 / T, orders, storage: k, units: k, seed: 1000 + s });
    const grid = lib.GridModel.from(mk.network, { quantityDecimals: mk.quantityDecimals, allowNegativeReactance: true });
    const run = (markowitz) => {
      if (process.env.ALL) return lib.clearPeriods(mk, { grid, form: 'angles', lazyLines: false, solver: (lp) => lib.solveLp(lp, { basis: lib.crashBasis(lp), markowitz }) });
      const solver = lib.lazyLineSolver((lp) => new lib.LpEngine(lp, { basis: lib.crashBasis(lp), markowitz }), grid);
      try { return lib.clearPeriods(mk, { grid, form: 'angles', lazyLines: true, solver }); } finally { solver.dispose?.(); }
    };
    const a = run(false), b = run(true);
    n++;
    if (a.status !== 'optimal' || b.status !== 'optimal') { console.log(`${file} seed ${1000 + s}: ${a.status} / ${b.status}`); continue; }
    const ra = lib.toPeriodsResult(a), rb = lib.toPeriodsResult(b);
    const rel = Math.abs(a.stats.lpWelfare - b.stats.lpWelfare) / Math.max(1, Math.abs(a.stats.lpWelfare));
    worst = Math.max(worst, rel);
    const va = lib.verifyPeriods(mk, ra, { grid }).ok, vb = lib.verifyPeriods(mk, rb, { grid }).ok;
    if (va && vb) ok++;
    if (ra.digest === rb.digest) same++;
    itA += a.stats.iterations; itB += b.stats.iterations;
    console.log(`${file} T=${T} seed ${1000 + s}: LP welfare rel diff ${rel.toExponential(1)}, it ${a.stats.iterations} / ${b.stats.iterations}, verify ${va} / ${vb}, digest ${ra.digest === rb.digest ? 'same' : 'differs'}`);
  }
}
console.log(`${n} days: both verify ${ok}, same digest ${same}, worst LP welfare rel diff ${worst.toExponential(1)}, iterations ${itA} / ${itB}`);
