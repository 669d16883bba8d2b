// The multi-period benchmark: clearPeriods on a day of 24 hourly periods (case118 and case1354,
// 1e3 and 1e4 orders per period, 10 / 100 / 1000 storage units and as many ramp-limited units)
// against HiGHS on the same LP (formulate's PeriodsLp in the angle form, through HiGHS's typed
// model interface, in this process); 96 quarter-hours on case1354; and uncoupled periods (no
// storage, no ramps) against T single-period clearNodal calls.
// The LP method of clearPeriods is a parameter: the Wasm LP engine when the build has it (the
// package exports solveLp), else HiGHS through the same typed interface (`--method highs` forces
// it). Aborts (exit 1) when the LP welfare differs from HiGHS's beyond 1e-9 relative, or when the
// uncoupled periods' fills or welfare differ from the single-period clearings'.
// Run: `npm run bench -- periods [-- --quick]`, or `node --expose-gc bench/periods.bench.mjs [--quick] [--method highs]`.
import fs from 'node:fs';
import path from 'node:path';
import { benchArgs, progress, mdTable, writeSection, fmtMs, fmtCount, collect, median, REPO_DIR, LOAD_AT_START, HIGHS_TRIALS, highsLabel } from './lib/harness.mjs';
import { dayMarket } from './lib/day.mjs';
import { loadHighs, periodsModel, solvePeriodsModel, highsPeriodsSolver, highsWarmLp as warmOn } from './peers/highs-periods.mjs';

const { quick } = benchArgs();
const argv = process.argv.slice(2);
const forceHighs = argv.includes('--method') && argv[argv.indexOf('--method') + 1] === 'highs';
const CASES_DIR = process.env.GRIDCLEAR_CASES ?? path.resolve(REPO_DIR, '../shared/cases');
const FORM = 'angles';

const lib = await import(path.join(REPO_DIR, 'dist/index.js'));
if (typeof lib.clearPeriods !== 'function') throw new Error('dist/index.js has no clearPeriods: run "npm run build"');
const highs = await loadHighs();
const ENGINE = !forceHighs && typeof lib.solveLp === 'function';
const highsWarmLp = (lp, opts) => warmOn(highs, lp, opts);
const ALL_ROWS = process.env.BENCH_PERIODS_ALL_ROWS === '1';
/** HiGHS option sets tried on the first row of each case; the fastest is used for the rest of the case (named in the table). */
const HIGHS_OPTIONS = HIGHS_TRIALS;

const caseFile = (name) => path.join(CASES_DIR, `pglib_opf_${name}.m`);
const baseCache = new Map();
function base(name) {
  if (!baseCache.has(name)) baseCache.set(name, lib.importMatpower(fs.readFileSync(caseFile(name), 'utf8')));
  return baseCache.get(name);
}

/** HiGHS on the LP alone: model arrays built untimed, withModel (pass + run) timed. */
function highsRun(lp, opts) {
  const model = periodsModel(highs, lp);
  collect();
  const t0 = performance.now();
  const h = solvePeriodsModel(highs, model, opts);
  return { h, ms: performance.now() - t0 };
}

const nonzero = (arrays) => arrays.reduce((n, a) => n + a.reduce((k, v) => k + (v !== 0n ? 1 : 0), 0), 0);

/** One coupled row: clearPeriods (everything included, network prepared) and HiGHS on its first LP. */
function coupledRow(name, opts, bestOf) {
  const best = (bestOf[name] ??= {}); // the option set found on the case's first row
  const m = dayMarket(base(name), opts);
  const grid = lib.GridModel.from(m.network, { quantityDecimals: m.quantityDecimals, allowNegativeReactance: true });
  const lp = lib.formulate(lib.normalizePeriods(m, grid.network), grid, undefined, { form: FORM });
  let hOpts = best.opts, hb;
  if (!hOpts) {
    const trials = HIGHS_OPTIONS.map((o) => ({ o, ...highsRun(lp, o) }));
    trials.sort((a, b) => a.ms - b.ms);
    hOpts = trials[0].o;
    best.opts = hOpts;
    hb = trials[0];
  } else hb = highsRun(lp, hOpts);
  const solver = ENGINE ? undefined : highsPeriodsSolver(highs, hOpts);
  // every line row up front: 10x slower than lazy rows with today's engine (363 s vs 38 s on the
  // first case118 row), so only with BENCH_PERIODS_ALL_ROWS=1
  let t0 = performance.now(), out, tg = NaN;
  if (ALL_ROWS) {
    collect();
    t0 = performance.now();
    out = lib.clearPeriods(m, { solver, form: FORM, grid, lazyLines: false });
    tg = performance.now() - t0;
  }
  // lazy line rows: the default method adds the overloaded rows itself (LpEngine warm starts); HiGHS: every round from scratch
  const lazySolver = ENGINE ? undefined : lib.lazyLineSolver((lp) => highsWarmLp(lp, hOpts), grid);
  // the Wasm engine: the default method (PTDF form, injections substituted out: injectionSolver);
  // a row whose first run takes under 3 s counts its first three runs as a JIT warm-up of the
  // periods code (a simulator clears day after day in one process; a warmed clearing costs about
  // half a cold one; on the case118 day runs 2-4 of a fresh process took 551, 230, 244 ms against
  // 148-244 ms warmed: docs/periods.md, "The case118 24-hour row")
  // and keeps the median of five more runs; HiGHS's Wasm needs no warm-up and keeps the fastest of
  // its trials
  let lazy, tl;
  const tls = [];
  do {
    collect();
    t0 = performance.now();
    lazy = lib.clearPeriods(m, ENGINE ? { grid } : { solver: lazySolver, form: FORM, grid, lazyLines: true });
    tls.push(performance.now() - t0);
  } while (tls[0] < 3000 && tls.length < 8);
  tl = median(tls.length > 3 ? tls.slice(3) : tls);
  const h = hb.h;
  out ??= lazy;
  const relLazy = Math.abs(lazy.stats.lpWelfare - h.welfare) / Math.max(1, Math.abs(h.welfare));
  if (lazy.status === 'optimal' && !(relLazy <= 1e-9)) { console.error(`MISMATCH ${name} lazy: LP welfare ${lazy.stats.lpWelfare} vs HiGHS ${h.welfare} (rel ${relLazy})`); process.exit(1); }
  if (out.status !== h.status) { console.error(`MISMATCH ${name}: clearPeriods ${out.status}, HiGHS ${h.status}`); process.exit(1); }
  const rel = Math.abs(out.stats.lpWelfare - h.welfare) / Math.max(1, Math.abs(h.welfare));
  if (out.status === 'optimal' && !(rel <= 1e-9)) { console.error(`MISMATCH ${name}: LP welfare ${out.stats.lpWelfare} vs HiGHS ${h.welfare} (rel ${rel})`); process.exit(1); }
  const lines = nonzero(out.shadowPrices), ramps = nonzero([out.rampShadowPrice]);
  progress(`${name} T=${opts.periods} ${opts.orders}/period storage ${opts.storage} units ${opts.units}: clearPeriods ${tg.toFixed(0)} ms (${out.stats.iterations} it, ${out.stats.solves} solves), lazy lines ${tl.toFixed(0)} ms (${lazy.stats.iterations} it), HiGHS ${hb.ms.toFixed(0)} ms (${h.iterations} it), lines ${lines}, ramps ${ramps}`);
  return [name, String(opts.periods), fmtCount(opts.orders), String(opts.storage), String(opts.units), `${lp.numCols} x ${lp.numRows}`,
    ALL_ROWS ? fmtMs(tg) : '-', ALL_ROWS ? `${out.stats.iterations} (${out.stats.solves})` : '-', fmtMs(tl), `${lazy.stats.iterations} (${lazy.stats.solves})`,
    `${fmtMs(hb.ms)} (${highsLabel(hOpts)})`, String(h.iterations), ALL_ROWS ? `${(hb.ms / tg).toFixed(2)}x` : '-', `${(hb.ms / tl).toFixed(2)}x`, String(lines), String(ramps), out.stats.lpWelfare.toFixed(4)];
}

/** The uncoupled row: clearPeriods (decomposed) against T clearNodal calls, both on the prepared network; same fills and welfare. */
function uncoupledRow(name, periods, orders, runs) {
  const m = dayMarket(base(name), { periods, orders, seed: 7 });
  const grid = lib.GridModel.from(m.network, { quantityDecimals: m.quantityDecimals, allowNegativeReactance: true });
  const singles = m.periods.map((p) => ({ priceDecimals: m.priceDecimals, quantityDecimals: m.quantityDecimals, priceCap: m.priceCap, priceFloor: m.priceFloor,
    network: m.network, orders: m.orders.filter((o) => o.period === p.id).map(({ period, unit, ...o }) => o) }));
  for (let i = 0; i < 5; i++) { lib.clearPeriods(m, { grid }); singles.forEach((s) => lib.clearNodal(s, { grid })); } // JIT warm-up of both
  const tp = [], ts = [];
  let out, rs;
  for (let i = 0; i < runs; i++) {
    collect(); let t0 = performance.now(); rs = singles.map((s) => lib.clearNodal(s, { grid })); ts.push(performance.now() - t0);
    collect(); t0 = performance.now(); out = lib.clearPeriods(m, { grid }); tp.push(performance.now() - t0);
  }
  const fills = rs.flatMap((r) => Array.from(r.fills));
  const welfare = rs.reduce((w, r) => w + r.welfareTicks, 0n) * 100n; // 1 h on the duration tick (2 decimals)
  if (fills.some((f, i) => f !== out.fills[i]) || welfare !== out.welfare) { console.error(`MISMATCH ${name} uncoupled: clearPeriods differs from ${periods} clearNodal calls`); process.exit(1); }
  const a = median(tp), b = median(ts);
  progress(`${name} uncoupled T=${periods} ${orders}/period: clearPeriods ${a.toFixed(1)} ms, ${periods} x clearNodal ${b.toFixed(1)} ms`);
  return [name, String(periods), fmtCount(orders), fmtMs(a), fmtMs(b), `${(a / b).toFixed(2)}`];
}

const haveCase = (n) => fs.existsSync(caseFile(n));
const ALL_SIZES = [[1e3, 10], [1e3, 100], [1e3, 1000], [1e4, 10], [1e4, 100], [1e4, 1000]];
// 100 and 1000 storage and ramped units, 1e4 orders per period: more than 15 minutes per row with
// today's engine (case118, 1e3 orders, 100 + 100 units did not finish in 15 min at load 10-15),
// so only with BENCH_PERIODS_LARGE=1
const SIZES = quick ? [[50, 5]] : process.env.BENCH_PERIODS_LARGE === '1' ? ALL_SIZES : ALL_SIZES.slice(0, 1);
// case1354: minutes per solve (HiGHS: 351 s for 24 x 1e3 at load 20; the Wasm engine slower),
// so only with BENCH_PERIODS_LARGE=1 (every size and the 96 quarter-hours of 1e3 orders on case1354).
const LARGE = process.env.BENCH_PERIODS_LARGE === '1';
// BENCH_PERIODS_1354="1000:10,10000:10" runs just those case1354 rows (orders per period : storage and ramped units)
const ONLY_1354 = process.env.BENCH_PERIODS_1354?.split(',').map((r) => r.split(':').map(Number));
const SIZES_1354 = quick ? [] : ONLY_1354 ?? (LARGE ? ALL_SIZES : []);
const CASES = quick ? ['case30_ieee'] : ['case118_ieee', 'case1354_pegase'];
const rows = [], best = {}; // per case: HiGHS's fastest option set on its first row
let seed = 20261202;
for (const name of CASES) {
  if (!haveCase(name)) { progress(`skipping ${name}: not in ${CASES_DIR}`); continue; }
  for (const [orders, k] of name === 'case1354_pegase' ? SIZES_1354 : SIZES) rows.push(coupledRow(name, { periods: 24, orders, storage: k, units: k, seed: seed++ }, best));
}
const qRows = [];
if (haveCase('case1354_pegase') && !quick && LARGE) qRows.push(coupledRow('case1354_pegase', { periods: 96, duration: '0.25', orders: 1e3, storage: 100, units: 100, seed: seed++ }, best));
if (!quick && !LARGE) qRows.push(coupledRow('case118_ieee', { periods: 96, duration: '0.25', orders: 100, storage: 10, units: 10, seed: seed++ }, best));
if (quick) qRows.push(coupledRow('case14_ieee', { periods: 96, duration: '0.25', orders: 10, storage: 3, units: 3, seed: seed++ }, best));
const uRows = [];
for (const name of CASES) if (haveCase(name)) uRows.push(uncoupledRow(name, 24, quick ? 100 : 1e3, quick ? 5 : 9));

const method = ENGINE ? 'the Wasm LP engine (the default method)' : 'HiGHS through the same typed interface (`bench/peers/highs-periods.mjs`), with the option set of the HiGHS column: the Wasm LP engine is not in this build';
const head = ['case', 'periods', 'orders / period', 'storage', 'ramped units', 'LP columns x rows', 'clearPeriods', 'iterations (solves)', 'lazy lines', 'iterations (solves)', 'HiGHS', 'HiGHS iterations', 'HiGHS / clearPeriods', 'HiGHS / lazy', 'binding (line, period)', 'binding (unit, period)', 'LP welfare'];
const md = `## Markets over several periods (clearPeriods vs HiGHS)

A day on a PGLib network (\`bench/lib/day.mjs\`): line limits scaled by 0.5, n random prosumer
orders per period (sells at 10-70 on a random fifth of the buses, buys at 30-100 anywhere, prices
shaped over the day: a midday dip, an evening peak), k storage units (2-4 hours, 90-95% each
way, half full at the start and at least half full at the end) and k ramp-limited units (one sell
offer per period each, ramps of 15% of their size, starting at 0).

- **clearPeriods**: \`clearPeriods(market, { form: '${FORM}', grid, lazyLines: false })\` (every line row up front; only
  with \`BENCH_PERIODS_ALL_ROWS=1\`: with today's engine 363 s against 38 s lazily on the first case118 row) on the network prepared once
  (\`GridModel.from\`), everything else included (validation, the LP, its solve, rounding onto the
  ticks, tightening re-solves, exact energies, prices, flows, welfare). One run per row; _lazy lines_:
  where the first run takes under 3 s the first three runs are a warm-up (the JIT's, not counted: a simulator clears day after day in one process) and the median of five more runs is kept, else one run. Its LP
  method here: ${method}. _lazy lines_: ${ENGINE ? "the default method, `clearPeriods(market, { grid })`: the PTDF form with the injections of buses with at most 8 members substituted out and line rows added lazily, at most 3 per period and round (doubled every 5 rounds), over LpEngine, warm-started, starting from the periods cleared alone by the nodal core (their binding lines' rows and a basis of their marginal orders, storage at its price-taker schedule: `periodsStart`; `injectionSolver`, docs/periods.md)" : 'the same with `lazyLines: true`: the LP without line rows; the overloaded (line, period) rows added round by round, `lazyLineSolver`, HiGHS re-solving each round'}.
- **HiGHS**: the first LP of the same clearing (\`formulate(..., { form: '${FORM}' })\`: an angle
  per bus and period, sparse rows) through HiGHS's typed model interface (\`withModel\` with the
  CSC arrays, built untimed): its dual simplex with presolve on and off and its interior point
  method (crossover on) tried on the first row of each case, the fastest used for every row of the
  case (named; its iterations: simplex plus interior point). One solve per row.${!ENGINE && !LARGE && !quick ? `
- case1354 rows: only with the Wasm LP engine in the build or \`BENCH_PERIODS_LARGE=1\` (with HiGHS as
  the method a case1354 day takes minutes per solve: 351 s for 24 x 1e3 orders at load 20); the
  96 quarter-hours are then run on case118.` : ''}
- Welfare: the LP optimum, equal to HiGHS's to 1e-9 relative (checked; the run aborts otherwise).
  Binding: (line, period) pairs with a non-zero shadow price, (unit, period) pairs with a non-zero
  ramp price. Load average at the start: ${LOAD_AT_START.toFixed(1)} (a shared machine: compare within a run).

${mdTable(head, rows)}

### 96 quarter-hours

${mdTable(head, qRows)}

### Uncoupled periods: as fast as T single-period clearings

No storage and no ramp limits: \`clearPeriods(market, { grid })\` clears the periods one by one
through clearNodal; against T \`clearNodal(single, { grid })\` calls on the periods' orders (5 warm-up
rounds of both, then the median of ${quick ? 5 : 9} runs each, interleaved). Fills and welfare are checked
identical. clearPeriods validates the day once (periods, units, every order's ticks) and hands
each period's columns to the nodal clearing's core as they are (no second validation per period);
the difference left is that one validation and the day's outcome.

${mdTable(['case', 'periods', 'orders / period', 'clearPeriods', 'T x clearNodal', 'ratio'], uRows)}
`;
writeSection('periods', md);
