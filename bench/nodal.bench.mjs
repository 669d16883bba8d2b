// The nodal-clearing benchmark: gridclear's clearNodal against HiGHS on the same LP (B-theta
// formulation, through HiGHS's typed model interface, with the fastest of dual simplex with presolve
// on and off and the interior point method per row), on the PGLib networks of the shared cases folder with 1e3, 1e4, 1e5 random prosumer orders
// on random buses and line limits tightened so that some lines congest; then rows where 100 to
// 2000 lines bind (meshes and case1354 with tightened limits), with the LP engine's counters and
// the peak Wasm memory of one call.
// gridclear is timed twice: everything included, and with the network prepared once as a GridModel
// (clearNodal(market, { grid })), as a simulator clearing many periods on one network would call it.
// gridclear's runs are interleaved; HiGHS runs right after them on the same market, same process.
// Aborts (exit 1) when the LP welfare differs from HiGHS' beyond 1e-9 relative, or when the
// prepared-network result differs from the everything-included one.
// Run: `npm run bench -- nodal [-- --quick]`, or `node --expose-gc bench/nodal.bench.mjs [--quick]`.
// Only some rows (printed, bench/results not written): BENCH_NODAL_ROWS=case118_ieee:1e3,case300_ieee:1e4
// (each row keeps its market: the seeds follow the full table) and BENCH_NODAL_BINDING=0 (no
// binding-lines table).

// the core's Wasm memory (it only grows: after a call it is the largest any call needed so far)
const wasmInstances = [];
const NativeInstance = WebAssembly.Instance;
WebAssembly.Instance = class extends NativeInstance {
  constructor(module, imports) { super(module, imports); wasmInstances.push(this); }
};
const wasmBytes = () => Math.max(0, ...wasmInstances.map((i) => i.exports.memory?.buffer.byteLength ?? 0));
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchArgs, progress, mdTable, writeSection, fmtMs, fmtCount, fmtBytes, collect, REPO_DIR, HIGHS_TRIALS, highsLabel } from './lib/harness.mjs';
import { prosumerMarket } from './lib/prosumers.mjs';
import { meshMarket } from './lib/mesh.mjs';
import { loadHighs, buildNodalModel, solveNodalModel } from './peers/highs-nodal.mjs';

const { quick } = benchArgs();
const CASES_DIR = process.env.GRIDCLEAR_CASES ?? path.resolve(REPO_DIR, '../shared/cases');
const CASES = quick ? ['pglib_opf_case118_ieee.m'] : ['pglib_opf_case118_ieee.m', 'pglib_opf_case300_ieee.m', 'pglib_opf_case1354_pegase.m'];
const SIZES = quick ? [1e3, 1e4] : [1e3, 1e4, 1e5];
const RUNS = quick ? 2 : 5;
/** gridclear runs per row (cheap; more runs make its median steadier on a noisy machine). */
const G_RUNS = quick ? 3 : 9;
const TIGHTEN = 0.5;

/** The library: the built package when it exports clearNodal, else src/ bundled on the fly. */
async function loadLibrary() {
  const dist = path.join(REPO_DIR, 'dist/index.js');
  if (fs.existsSync(dist)) {
    const lib = await import(dist);
    if (typeof lib.clearNodal === 'function' && typeof lib.clearNodalColumns === 'function' && typeof lib.importMatpower === 'function' && typeof lib.GridModel === 'function') return lib;
  }
  const { build } = await import('esbuild');
  const out = path.join(os.tmpdir(), `gridclear-nodal-bench-${process.pid}.mjs`);
  await build({
    stdin: { contents: "export { clearNodal, nodalOutcome } from './src/nodal/index.ts'; export { clearNodalColumns } from './src/nodal/columns.ts'; export { toTicks } from './src/model/fixed.ts'; export { importMatpower } from './src/io/matpower.ts'; export { normalizeNetwork } from './src/model/network.ts'; export { GridModel } from './src/grid/index.ts'; export { toClearingResult } from './src/io/result.ts';", resolveDir: REPO_DIR, loader: 'ts' },
    bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error',
  });
  try { return await import(out); } finally { fs.rmSync(out, { force: true }); }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The case's network, limits scaled by TIGHTEN, with n random prosumer orders (bench/lib/prosumers.mjs). */
function market(base, n, seed) {
  return prosumerMarket(base, n, seed, TIGHTEN);
}

/**
 * The market's orders as clearNodalColumns takes them (built untimed, as HiGHS's model is): the
 * columns a simulator holds, with the orders' ids (ties go by id, so the result equals clearNodal's).
 */
function columnsOf(m, grid) {
  const n = m.orders.length, pd = m.priceDecimals ?? 4, qd = m.quantityDecimals ?? 3;
  const c = { side: new Uint8Array(n), priceTicks: new BigInt64Array(n), quantityTicks: new BigInt64Array(n), bus: new Int32Array(n), ids: [] };
  m.orders.forEach((o, i) => {
    c.side[i] = o.side === 'buy' ? 0 : 1;
    c.priceTicks[i] = lib.toTicks(o.price, pd);
    c.quantityTicks[i] = lib.toTicks(o.quantity, qd);
    c.bus[i] = grid.network.busIndex.get(o.bus);
    c.ids.push(o.id);
  });
  const tm = { priceDecimals: pd, quantityDecimals: qd, priceCapTicks: lib.toTicks(m.priceCap ?? '4000', pd), priceFloorTicks: lib.toTicks(m.priceFloor ?? '-500', pd) };
  return { c, tm };
}

/** HiGHS option sets tried per row; the fastest one is timed (named in the tables). */
const HIGHS_OPTIONS = HIGHS_TRIALS;

/**
 * HiGHS at its best on market m: the model's CSC arrays built untimed (buildNodalModel), then
 * withModel + passModel + run timed, once per option set, and the faster set `runs` times in all.
 */
function highsBest(m, runs) {
  const net = lib.normalizeNetwork(m.network, { quantityDecimals: m.quantityDecimals ?? 3, allowNegativeReactance: true });
  const built = buildNodalModel(m, net);
  let best, bestT = Infinity;
  for (const opts of HIGHS_OPTIONS) {
    collect();
    const t0 = performance.now();
    const h = solveNodalModel(highs, built, opts);
    const t = performance.now() - t0;
    if (t < bestT) { bestT = t; best = { opts, h }; }
  }
  const times = [bestT];
  for (let i = 1; i < runs; i++) {
    collect();
    const t0 = performance.now();
    best.h = solveNodalModel(highs, built, best.opts);
    times.push(performance.now() - t0);
  }
  return { h: best.h, ms: median(times), opts: highsLabel(best.opts) };
}

/** Exits 1 when gridclear's status or LP welfare differs from HiGHS's. */
function checkAgainst(name, r, h) {
  if (r.status === 'optimal' && h.status === 'optimal') {
    const rel = Math.abs(r.stats.lpWelfare - h.welfare) / Math.max(1, Math.abs(h.welfare));
    if (!(rel <= 1e-9)) { console.error(`MISMATCH ${name}: gridclear ${r.stats.lpWelfare} HiGHS ${h.welfare} (rel ${rel})`); process.exit(1); }
  } else if (r.status !== h.status) {
    console.error(`MISMATCH ${name}: gridclear ${r.status}, HiGHS ${h.status}`); process.exit(1);
  }
}

const lib = await loadLibrary();
const highs = await loadHighs();
const rows = [];
let seed = 20261124;
const WARM_CLEARS = 10, WARM_SOLVES = 3;
/** JIT warm-up of both sides before any row is timed (the first row would otherwise pay it alone). */
function warmUp() {
  const file = path.join(CASES_DIR, CASES[0]);
  if (!fs.existsSync(file)) return;
  const m = market(lib.importMatpower(fs.readFileSync(file, 'utf8')), 1000, 1);
  const grid = lib.GridModel.from(m.network, { quantityDecimals: m.quantityDecimals ?? 3, allowNegativeReactance: true });
  const { c, tm } = columnsOf(m, grid);
  for (let i = 0; i < WARM_CLEARS; i++) { lib.clearNodal(m); lib.clearNodal(m, { grid }); lib.clearNodalColumns(c, tm, { grid }); }
  for (let i = 0; i < WARM_SOLVES; i++) highsBest(m, 1);
}
warmUp();
/** BENCH_NODAL_ROWS: the rows to run (case:size, size as 1e3), else all. */
const ONLY = process.env.BENCH_NODAL_ROWS ? new Set(process.env.BENCH_NODAL_ROWS.split(',').map((r) => r.trim())) : undefined;
const PARTIAL = ONLY !== undefined || process.env.BENCH_NODAL_BINDING === '0';
for (const file of CASES) {
  const fullPath = path.join(CASES_DIR, file);
  if (!fs.existsSync(fullPath)) { progress(`skipping ${file}: not in ${CASES_DIR}`); continue; }
  const base = lib.importMatpower(fs.readFileSync(fullPath, 'utf8'));
  for (const n of SIZES) {
    const rowSeed = seed++;
    if (ONLY && !ONLY.has(`${file.replace(/^pglib_opf_|\.m$/g, '')}:${n.toExponential().replace('e+', 'e')}`)) continue;
    const m = market(base, n, rowSeed);
    let t0 = performance.now();
    const grid = lib.GridModel.from(m.network, { quantityDecimals: m.quantityDecimals ?? 3, allowNegativeReactance: true });
    const tPrepare = performance.now() - t0;
    const { c, tm } = columnsOf(m, grid);
    lib.clearNodal(m); lib.clearNodal(m, { grid }); lib.clearNodalColumns(c, tm, { grid }); // warm-up
    const times = [], fTimes = [], pTimes = [], cTimes = [];
    const hRuns = n <= 1e4 ? RUNS : 1;
    let r, rf, rp, rc;
    for (let i = 0; i < G_RUNS; i++) {
      collect(); t0 = performance.now(); r = lib.clearNodal(m); times.push(performance.now() - t0);
      // a network object clearNodal has not seen (made untimed): validated and factorized in the call
      const mf = { ...m, network: { ...m.network } };
      collect(); t0 = performance.now(); rf = lib.clearNodal(mf); fTimes.push(performance.now() - t0);
      collect(); t0 = performance.now(); rp = lib.clearNodal(m, { grid }); pTimes.push(performance.now() - t0);
      collect(); t0 = performance.now(); rc = lib.clearNodalColumns(c, tm, { grid }); cTimes.push(performance.now() - t0);
    }
    const hb = highsBest(m, hRuns), h = hb.h;
    const digest = (x) => lib.toClearingResult(lib.nodalOutcome(x)).digest;
    if (digest(rp) !== digest(r) || String(rp.stats.lpWelfare) !== String(r.stats.lpWelfare)) {
      console.error(`MISMATCH ${file} ${n}: the prepared-network result differs from the everything-included one`); process.exit(1);
    }
    if (digest(rf) !== digest(r) || String(rf.stats.lpWelfare) !== String(r.stats.lpWelfare)) {
      console.error(`MISMATCH ${file} ${n}: the result on a new network object differs from clearNodal's`); process.exit(1);
    }
    if (digest(rc) !== digest(r) || String(rc.stats.lpWelfare) !== String(r.stats.lpWelfare)) {
      console.error(`MISMATCH ${file} ${n}: the from-columns result differs from clearNodal's`); process.exit(1);
    }
    const th = hb.ms, tg = median(times), tf = median(fTimes), tp = median(pTimes), tc = median(cTimes);
    checkAgainst(`${file} ${n}`, r, h);
    progress(`${file} ${n}: gridclear ${tg.toFixed(1)} ms (prepared network ${tp.toFixed(1)} ms, from columns ${tc.toFixed(1)} ms), HiGHS ${th.toFixed(1)} ms, binding ${r.stats.bindingLines}, iterations ${r.stats.iterations}`);
    rows.push([file.replace(/^pglib_opf_|\.m$/g, ''), fmtCount(n), fmtMs(tg), `${fmtMs(th)} (${hb.opts})`, `${(th / tg).toFixed(1)}x`,
      fmtMs(tf), `${(th / tf).toFixed(1)}x`,
      fmtMs(tp), `${(th / tp).toFixed(1)}x`, fmtMs(tc), `${(th / tc).toFixed(1)}x`, fmtMs(tPrepare),
      String(r.stats.bindingLines), String(r.stats.activeLines), String(r.stats.iterations), String(r.stats.rounds),
      r.status === 'optimal' ? r.stats.lpWelfare.toFixed(4) : r.status]);
  }
}

// Rows where many lines bind: the LP engine's regime (issue 10). Ordered by size, so that the Wasm
// memory after a row (memory only grows) is that row's peak.
const BINDING = quick
  ? [['mesh', 15, 4, 2250], ['mesh', 20, 1, 4000]]
  : [['mesh', 15, 4, 2250], ['case', 'pglib_opf_case1354_pegase.m', 0.1, 1e4], ['mesh', 20, 1, 4000],
    ['case', 'pglib_opf_case1354_pegase.m', 0.03, 1e5], ['mesh', 30, 4, 9000], ['mesh', 40, 4, 16000],
    // about 2000 binding lines: minutes for gridclear today, so only on request
    ...(process.env.BENCH_NODAL_LARGE === '1' ? [['mesh', 56, 4, 31360]] : [])];
const bRows = [];
for (const [kind, a, b, n] of process.env.BENCH_NODAL_BINDING === '0' ? [] : BINDING) {
  let m, name;
  if (kind === 'mesh') {
    m = meshMarket(a, { limit: b, orders: n, seed: 5 });
    name = `mesh ${a}x${a}, limits ${b} MW`;
  } else {
    const fullPath = path.join(CASES_DIR, a);
    if (!fs.existsSync(fullPath)) { progress(`skipping ${a}: not in ${CASES_DIR}`); continue; }
    m = prosumerMarket(lib.importMatpower(fs.readFileSync(fullPath, 'utf8')), n, 11, b);
    name = `${a.replace(/^pglib_opf_|\.m$/g, '')}, limits x${b}`;
  }
  const runs = kind === 'mesh' && a >= 30 ? 1 : quick ? 1 : 3;
  const times = [];
  let r;
  for (let i = 0; i < runs; i++) { collect(); const t0 = performance.now(); r = lib.clearNodal(m, { maxIterations: 10_000_000 }); times.push(performance.now() - t0); }
  const mem = wasmBytes();
  const tg = median(times);
  // the dense core alone (the path before the switch), once, in the same run
  let rd = r, td = tg;
  if (r.stats.path === 'sparse') { collect(); const t0 = performance.now(); rd = lib.clearNodal(m, { maxIterations: 10_000_000, denseRowLimit: 2 ** 31 - 1 }); td = performance.now() - t0; }
  const hb = highsBest(m, 1);
  checkAgainst(name, r, hb.h);
  checkAgainst(`${name} (dense core)`, rd, hb.h);
  const s = r.stats;
  progress(`${name} ${n}: gridclear ${tg.toFixed(0)} ms (${s.path}; dense core alone ${td.toFixed(0)} ms), HiGHS ${hb.ms.toFixed(0)} ms (${hb.opts}), binding ${s.bindingLines}, iterations ${s.iterations}`);
  bRows.push([name, fmtCount(n), String(s.bindingLines), s.path, fmtMs(tg), fmtMs(td), `${fmtMs(hb.ms)} (${hb.opts})`, `${(hb.ms / tg).toFixed(2)}x`,
    String(s.iterations), String(hb.h.iterations), String(s.refactorizations), String(s.rowsDropped), String(s.peakLines),
    `${((tg * 1000) / Math.max(1, s.iterations)).toFixed(0)} us`, fmtBytes(mem)]);
}

const md = `## Nodal clearing (clearNodal vs HiGHS)

Each PGLib network of the shared cases folder (its loads, generators and fixed injections removed) with
its line limits scaled by ${TIGHTEN} and n random prosumer orders: half sells at 10-70 on a random fifth of
the buses, half buys at 30-100 on any bus, quantities around twice the case's load in all. Before
any row is timed, both sides are warmed up (${WARM_CLEARS} clearings of each kind and ${WARM_SOLVES} HiGHS solves of a
1e3-order market on the first network).

- **gridclear**: \`clearNodal(market)\`, everything included (validation and normalization of the
  orders, solve, rounding, flows, exact welfare), called again and again on one market object as a
  simulator would: clearNodal keeps the network object it was given twice in a row normalized and
  factorized and reuses it while its values are unchanged (docs/nodal.md), so the network costs a
  comparison of its values per call. Median of ${G_RUNS} runs after one warm-up.
- **new network object**: \`clearNodal\` on a copy of the market whose network is an object it has
  not seen (made untimed), so the network is validated, normalized and factorized in the call, as
  every call did before the kept network. Median of ${G_RUNS} runs; its result is checked to be identical.
- **prepared network**: \`clearNodal(market, { grid })\` with \`grid = GridModel.from(network, ...)\` built
  once beforehand (the way to clear many markets on one network): the orders are still validated
  and everything else is done per call; only the network's validation, normalization and
  factorization are skipped. Median of ${G_RUNS} runs; its result is checked to be identical.
  _prepare_: the one-time \`GridModel.from\`.
- **from columns**: \`clearNodalColumns(columns, market, { grid })\` on the same prepared network, the
  orders given as the columns a simulator holds (side, price and quantity ticks, bus index, ids),
  built beforehand, untimed, as HiGHS's model is: the equal-work comparison. Median of ${G_RUNS} runs;
  its result (digest, LP welfare) is checked to equal clearNodal's.
- **HiGHS**: the same LP in B-theta form (an angle per bus, a balance row per bus, one ranged row per
  limited line) through its typed model interface (\`withModel\` + \`passModel\` with CSC arrays built
  beforehand, untimed; \`bench/peers/highs-nodal.mjs\`), with the fastest of its dual simplex with presolve on,
  with presolve off, and its interior point method (crossover on) for each row (one timed trial of
  each, the fastest kept; named in the column; its iterations: simplex plus interior point).
  Median of ${RUNS} solves up to 1e4 orders, one at 1e5.

The gridclear runs are interleaved in one process (everything included, prepared, repeated) and
HiGHS runs right after them on the same market, so a loaded machine slows all of them alike; still, on this shared 2-core machine single figures move by a third between runs,
so compare the speed-ups of one run, not figures of different runs. Welfare: the LP optimum, equal to HiGHS' to 1e-9 relative (checked; the run aborts otherwise).

${mdTable(['case', 'orders', 'gridclear', 'HiGHS', 'speed-up', 'new network object', 'speed-up (new network object)', 'prepared network', 'speed-up (prepared)', 'from columns', 'speed-up (columns)', 'prepare', 'binding lines', 'line rows at the end', 'iterations', 'rounds', 'LP welfare'], rows)}

Where gridclear falls short of the issue's 15x on these rows (case118 and case300 at 1e3-1e4
orders, and case1354 at 1e3 on some runs): HiGHS is timed on a model built beforehand, gridclear
from the market object. Of a prepared-network call (\`node --cpu-prof\`, 2026-12-02 04:40, after
the per-call ArrayBuffers were cut from 27 to 7), the Wasm core call is 44% (case118, 1e3 orders),
25% (case118, 1e4), 68% (case300, 1e3), 53% (case300, 1e4); validating the orders (decimal strings
to ticks, ids, buses: \`normalizeMarket\`) 32%, 37%, 15%, 24%; the canonical order 5%, 20%, 2%, 9%;
results and GC the rest. So even a free core would leave case118 with 1e4 orders below 15x, and
case300 needs a core about twice as fast. Two changes to the ratio test's heap (candidates found
by a scan before the heap is built; a sift-down that moves a hole) gave no measurable gain and were
left out.

From columns (\`clearNodalColumns\`, 2026-12-02 05:14, \`node --cpu-prof\`, 1500 calls, load ~13): on
case300 with 1e3 orders the Wasm core is 74% of the call (75 iterations, 6 rounds, 1
refactorization: about 14 us per iteration). Inside it: the ratio test's merit streams 23% of the
call (\`openStreams\` 11.6%: it visits every merit group each iteration; \`siftDown\` 6.5%;
\`seek\` 5.3%), the network factor's triangular solves 14.5% (half for the bus levels of each
iteration, \`busLevelOrders\` through \`solveLevel\`, half for the PTDF rows of added lines),
\`busLevelOrders\`' own loop 4.8%, \`dualSimplex\` 5%, \`pivot\` 4.5%, \`ftran\` 4.2%. The JavaScript
left around the core (validating the columns, the canonical order, decoding) is about 15%.

Tried on these four rows on 2026-12-02 11:10-13:00 (\`bench/experiments/nodal-ab.mjs\`: two source
trees in one process, calls alternated, CPU time, load 13-21; results checked the same, digest,
LP welfare bits, iterations and rounds, on 66 markets by \`bench/experiments/nodal-same.mjs\`).
Kept: the bus injections between rounds from the kept per-bus sums (no pass over the orders), a
round's new PTDF rows two per solve (f64x2 lanes), normalizeMarket's decimal strings read in one
pass, no bigint for a zero fixed injection: together 1-7% less CPU on these rows (least of 25
samples, B/A object / prepared / columns: case118 1e3 0.99 / 0.95 / 0.98, 1e4 0.93 / 0.93 / 0.97,
case300 1e3 0.97 / 0.97 / 0.98, 1e4 0.93 / noise / noise). Left out: more lines per round
(\`linesPerRound\` 64 or all violated: case300 1e3 73 instead of 86 iterations, 4 instead of 5
rounds, same results, but 4-17% slower: more rows in every iteration, more PTDF rows); the group
scan without unpredictable branches (2-19% slower); the heap's entries as 16 bytes moved by one
v128 (no change). Streams opened only for the groups whose bus level moved do not apply: the pivot
row spread over buses, \`nu_b = rho_island + sum_l rho_l PTDF_l[b]\`, is nonzero at every bus of
the island whenever the pivot row has an island entry, which is the rule, not the exception.

2026-12-02 16:10-17:40 (\`bench/experiments/nodal-ab.mjs\`, 25 interleaved samples, load 15-21, same
digests, welfare, iterations, rounds): the kept network (the market object's path now costs about
what the prepared one does), the orders' decimal strings with the first digit read apart, integer
bus ids read by their digits when orders outnumber buses four to one, and \`checkOptions\` without
arrays. \`clearNodal(market)\` CPU B/A: case118 1e3 0.76-0.82, 1e4 0.90-0.98; case300 1e3 0.81-0.91,
1e4 0.95-0.98; case1354 1e3 0.81-0.87, 1e4 0.79-0.86; the prepared and columns paths unchanged.
Tried and dropped: the ratio test's streams scanned for their smallest ratio before any heap is
built, the heap made only after 1 or 4 passed candidates (columns path B/A 0.95-1.11: no gain;
most ratio tests pass several candidates). The core is unchanged, so case300 stays near 10x.

What is left, plainly: at about 13 us per iteration the core's profile is flat (no item above 14%
of a call) and the iteration count is fixed by the rules that keep the results as they are, so
case300 with 1e3 and 1e4 orders stays near 10x HiGHS in every column; case118 with 1e4 orders
can reach 15x only from columns (the 2e4 decimal strings and 1e4 bus ids of the market object
cost about 1.3 ms in normalizeMarket, a third of HiGHS's time / 15), and with 1e3 orders from a
prepared network or columns, not from the market object (its network is validated and factorized
on every call: about 0.2 ms on case118, 0.5 ms on case300).

### Where many lines bind

Congested meshes (\`bench/lib/mesh.mjs\`: k x k buses, reactances 0.01-0.1 p.u., every line limited,
cheap sellers in the west and dear buyers in the east) and case1354 with random prosumer orders and
limits scaled down. gridclear: \`clearNodal\` everything included (median of 3 runs below 30x30, one
run above), with its _path_: \`dense\` (the dense core alone) or \`sparse\` (the dense core handed its
basis over to the sparse LP engine past its row cap, docs/nodal.md); _dense core alone_: the same
market with \`denseRowLimit: 2^31 - 1\` (the path before the switch), one run; HiGHS as above (one solve with each option set, the faster shown). _time / iteration_:
gridclear's time over its iterations; _peak Wasm memory_: the core's memory after the row. Memory
only grows, so it is the largest any call of this process needed so far (the first table's
1e5-order rows included): an upper bound for the row, exact where it grows.
Targets of issue 10: at least 5x HiGHS at 1000 binding lines, 2x at 2000, under 256 MiB at 2000.
The 56x56 mesh (about 2000 binding lines) runs only with \`BENCH_NODAL_LARGE=1\` (it takes minutes).

${mdTable(['market', 'orders', 'binding lines', 'path', 'gridclear', 'dense core alone', 'HiGHS', 'speed-up', 'iterations', 'HiGHS iterations', 'refactorizations', 'rows dropped', 'peak line rows', 'time / iteration', 'peak Wasm memory'], bRows)}
`;
console.log(md);
if (!PARTIAL) writeSection('nodal', md);
