// The LP engine benchmark: gridclear's Wasm dual simplex (solveLp) against HiGHS on the same LP in
// the same process, HiGHS through its typed model interface (withModel + passModel: no LP text),
// with its dual simplex (presolve on, off) and interior point method, the fastest reported. LPs: random sparse ones (feasible, bounded;
// plain and degenerate), the multi-period market of src/periods in the angle formulation (24
// periods on case118 and case1354 with storage, 1e3 orders per period), and the product's own
// PeriodsLp (PTDF rows) on case118. Iterations, refactorizations, time per iteration and the peak
// Wasm memory. Aborts (exit 1) when an objective differs from HiGHS's beyond 1e-9 relative.
// Run: `npm run bench -- lp [-- --quick]`, or `node --expose-gc bench/lp.bench.mjs [--quick]`.

const wasmInstances = [];
const NativeInstance = WebAssembly.Instance;
WebAssembly.Instance = class extends NativeInstance {
  constructor(module, imports) { super(module, imports); wasmInstances.push(this); }
};
const wasmBytes = () => Math.max(0, ...wasmInstances.map((i) => i.exports.memory?.buffer.byteLength ?? 0));
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchArgs, progress, mdTable, writeSection, fmtMs, fmtBytes, median, collect, LOAD_AT_START, REPO_DIR, HIGHS_TRIALS, highsLabel } from './lib/harness.mjs';
import { randomLp } from './lib/randomLp.mjs';
import { periodsMarket, angleLp } from './lib/periodsLp.mjs';

const { quick } = benchArgs();
const CASES_DIR = process.env.GRIDCLEAR_CASES ?? path.resolve(REPO_DIR, '../shared/cases');
const RUNS = quick ? 1 : 3;

async function loadLibrary() {
  const dist = path.join(REPO_DIR, 'dist/index.js');
  if (fs.existsSync(dist)) {
    const lib = await import(dist);
    if (typeof lib.solveLp === 'function' && typeof lib.formulate === 'function') return lib;
  }
  const { build } = await import('esbuild');
  const out = path.join(os.tmpdir(), `gridclear-lp-bench-${process.pid}.mjs`);
  await build({ entryPoints: [path.join(REPO_DIR, 'src/index.ts')], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error' });
  return import(out);
}

const lib = await loadLibrary();
const highs = await (await import('highs')).default();
const inf = (v) => (v === Infinity ? highs.infinity : v === -Infinity ? -highs.infinity : v);

/** HiGHS on the LP (typed interface); { ms, status, objective, iterations }. */
function runHighs(lp, opts) {
  const model = {
    numCols: lp.numCols, numRows: lp.numRows, sense: lp.maximize === false ? highs.constants.objectiveSense.minimize : highs.constants.objectiveSense.maximize,
    colCost: lp.colCost, colLower: lp.colLower.map(inf), colUpper: lp.colUpper.map(inf), rowLower: lp.rowLower.map(inf), rowUpper: lp.rowUpper.map(inf),
    matrix: { format: 'csc', numRows: lp.numRows, numCols: lp.numCols, starts: lp.colStart, indices: lp.colRow, values: lp.colValue },
  };
  const t0 = performance.now();
  try {
    return solveHighs(model, opts, t0);
  } catch (e) {
    return { ms: Infinity, status: `error (${e.message})`, objective: NaN, iterations: 0 };
  }
}

function solveHighs(model, opts, t0) {
  return highs.withModel((mdl) => {
    mdl.options.set({ output_flag: false, solver: 'simplex', ...opts });
    mdl.passModel(model);
    mdl.run();
    const ms = performance.now() - t0, st = mdl.getModelStatus() === highs.constants.modelStatus.optimal ? 'optimal' : `status ${mdl.getModelStatus()}`;
    return { ms, status: st, objective: mdl.getObjectiveValue(), iterations: Number(mdl.info.get('simplex_iteration_count')) + Number(mdl.info.get('ipm_iteration_count')) };
  });
}

/** One row: both engines on `lp`, medians of RUNS. */
function row(name, lp) {
  progress(`${name}: ${lp.numRows} rows x ${lp.numCols} columns`);
  const times = [], big = lp.numRows > 5000, runs = big ? 1 : RUNS;
  let res = big ? undefined : lib.solveLp(lp); // warm-up (Wasm tier-up), untimed
  for (let k = 0; k < runs; k++) { collect(); res = lib.solveLp(lp); times.push(res.stats.timeMs); }
  // every option set of HIGHS_TRIALS; the fastest optimal one is reported
  let hb, best;
  for (const o of HIGHS_TRIALS) {
    const t = [];
    let r = big ? undefined : runHighs(lp, o); // warm-up, untimed
    for (let k = 0; k < runs; k++) { collect(); r = runHighs(lp, o); t.push(r.ms); }
    const ms = median(t);
    if (r.status === 'optimal' && (!hb || ms < hb.ms)) { hb = { ...r, ms }; best = o; }
  }
  hb ??= runHighs(lp, HIGHS_TRIALS[0]);
  if (res.status !== 'optimal' || hb.status !== 'optimal' || Math.abs(res.objective - hb.objective) > 1e-9 * Math.max(1, Math.abs(hb.objective))) {
    console.error(`${name}: gridclear ${res.status} ${res.objective} against HiGHS ${hb.status} ${hb.objective}`);
    process.exit(1);
  }
  const ms = median(times), s = res.stats;
  return [name, `${lp.numRows} x ${lp.numCols}`, String(lp.colStart[lp.numCols]), fmtMs(ms), `${fmtMs(hb.ms)} (${best ? highsLabel(best) : 'no optimum'})`,
    `${(hb.ms / ms).toFixed(2)}x`, String(s.iterations), String(hb.iterations), String(s.refactorizations), `${(1000 * ms / Math.max(1, s.iterations)).toFixed(1)} us`,
    fmtBytes(wasmBytes())];
}

const rows = [];
const rand = quick ? [[500, 750]] : [[500, 750], [2000, 3000], [8000, 12000]];
for (const [m, n] of rand) {
  rows.push(row(`random ${m} rows`, randomLp(m, n, m)));
  rows.push(row(`random ${m} rows, degenerate`, randomLp(m, n, m + 1, { ties: true })));
}
const markets = quick
  ? [['pglib_opf_case118_ieee.m', 6, 200, 10]]
  : [['pglib_opf_case118_ieee.m', 24, 1000, 10], ['pglib_opf_case1354_pegase.m', 2, 1000, 100]];
for (const [file, T, orders, storage] of markets) {
  const p = path.join(CASES_DIR, file);
  if (!fs.existsSync(p)) { progress(`${file}: not found, skipped`); continue; }
  const base = lib.importMatpower(fs.readFileSync(p, 'utf8'));
  const market = periodsMarket(base, { periods: T, orders, storage, seed: 7, lineFactor: 0.7 });
  const m = lib.normalizePeriods(market);
  const tag = `${file.replace(/^pglib_opf_|\.m$/g, '')}, ${T} periods, ${orders} orders/period, ${storage} storage`;
  rows.push(row(`${tag}: angle LP`, angleLp(m)));
  if (m.net.busIds.length <= 300) rows.push(row(`${tag}: PeriodsLp (PTDF rows)`, lib.formulate(m)));
}

writeSection('lp', `## LP engine (solveLp against HiGHS)

<!-- generated by bench/lp.bench.mjs on ${new Date().toISOString()}; load average at start ${LOAD_AT_START.toFixed(1)} -->

gridclear's Wasm dual simplex (\`solveLp\`, docs/lp.md) and HiGHS ${quick ? '(quick run) ' : ''}on the same LP in the same process;
HiGHS through its typed model interface (\`withModel\` + \`passModel\`, no LP text), the fastest of
its dual simplex with presolve on and off and its interior point method (crossover on) (named; its
iterations: simplex plus interior point). Medians of ${RUNS} run(s) after one untimed warm-up each (LPs over 5000 rows:
one run, no warm-up); objectives equal to 1e-9 relative.
_random_: feasible bounded LPs, about 3 entries per column (_degenerate_: costs, entries and bounds
from a few small integers). _angle LP_: the multi-period market (src/periods' model) with an angle per
bus and period; _PeriodsLp_: the product's own formulation (PTDF line rows), as clearPeriods solves it.
case1354 runs 2 periods here: its 24-period angle LP (82680 rows x 63672 columns) is beyond this
version of the engine (product-form updates on a network basis: see docs/lp.md, Limits).
Load average at start: ${LOAD_AT_START.toFixed(1)} (2 cores shared with other work: figures are noisy).

${mdTable(['LP', 'rows x columns', 'entries', 'gridclear', 'HiGHS', 'HiGHS / gridclear', 'iterations', 'HiGHS iterations', 'refactorizations', 'time / iteration', 'peak Wasm memory'], rows)}
`);
progress('done');
