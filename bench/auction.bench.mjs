// The call-auction benchmark: gridclear's public API (built package, ../dist/index.js) against
// (a) a straightforward JS clearing, (b) the fastest JS clearing we could write, (c) HiGHS on the
// LP, on the same seeded random markets. Aborts (exit 1) if any two disagree on welfare or price.
// Run through `npm run bench [-- auction] [-- --quick]`, or `node --expose-gc bench/auction.bench.mjs`.
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  benchArgs, progress, timeRuns, timeInterleaved, mdTable, writeSection, BENCH_DIR,
  fmtMs, fmtBytes, fmtRate, fmtCount, collect, HIGHS_TRIALS, highsLabel,
} from './lib/harness.mjs';
import { randomColumns, toOrderObjects, toNumberObjects, BENCH_MARKET, BENCH_TICK_MARKET } from './lib/market.mjs';
import { clearUniformNaive } from './peers/naive.mjs';
import { clearUniformFast } from './peers/fast.mjs';
import { loadHighs, buildClearingModel, solveClearingModel } from './peers/highs-lp.mjs';
import { DISTRIBUTIONS, distributionColumns } from './lib/distributions.mjs';
import { benchFiles, fileSection } from './lib/auctionFiles.mjs';

const { quick } = benchArgs();
const SEED = 20261124;
const HIGHS_MAX = 1e5;
/** [orders, rounds]: every implementation runs once per round (after one warm-up). */
const SIZES = quick ? [[1e3, 5], [1e4, 3]] : [[1e3, 15], [1e4, 11], [1e5, 7], [1e6, 7]];
const HIGHS_RUNS = quick ? 3 : 5;
/** [orders, rounds] of the price-distribution table (issue 16). */
const DIST_SIZES = quick ? [[1e4, 3]] : [[1e5, 7], [1e6, 7]];
/** [orders, rounds] of the pay-as-bid and trade-reduction table. */
const MECH_SIZES = quick ? [[1e4, 3]] : [[1e6, 5]];

const gridclear = await import('../dist/index.js');
const hasColumns = typeof gridclear.clearColumns === 'function';
const hasObjects = typeof gridclear.clearAuction === 'function';

/**
 * Memory of one call, measured in a fresh process (bench/lib/memprobe.mjs): the peak RSS growth
 * during the call, plus the Wasm memory for gridclear and HiGHS.
 */
function probeMemory(impl, n) {
  const script = path.join(BENCH_DIR, 'lib', 'memprobe.mjs');
  const r = spawnSync(process.execPath, ['--expose-gc', script, impl, String(n), String(SEED + n)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`memory probe ${impl} ${n} failed: ${r.stderr}`);
  const { peakRss, atMost, wasm } = JSON.parse(r.stdout);
  const rss = peakRss === null ? `<= +${fmtBytes(atMost)} RSS` : `+${fmtBytes(peakRss)} RSS`;
  return wasm ? `${rss} (Wasm ${fmtBytes(wasm)})` : rss;
}

/** Throws a loud error when `got` differs from `want` (ticks, as numbers or bigints). */
function same(what, n, got, want) {
  if (BigInt(got) !== BigInt(want)) {
    throw new Error(`MISMATCH at ${n} orders: ${what}: got ${got}, expected ${want}`);
  }
}

/** Checks a result (peer or gridclear) against peer (b)'s reference on the same orders. */
function checkAgainst(label, n, ref) {
  return (r) => {
    for (const f of ['priceTicks', 'priceLowTicks', 'priceHighTicks', 'volumeTicks', 'welfareTicks']) {
      same(`${label} ${f}`, n, r[f], ref[f]);
    }
  };
}

/** Checks HiGHS' objective (money) against the exact welfare within 1e-9 relative. */
function checkHighs(n, ref) {
  const exact = Number(ref.welfareTicks) / 10 ** (BENCH_MARKET.priceDecimals + BENCH_MARKET.quantityDecimals);
  return (r) => {
    const rel = Math.abs(r.welfare - exact) / Math.max(1, Math.abs(exact));
    if (!(rel <= 1e-9)) throw new Error(`MISMATCH at ${n} orders: HiGHS welfare ${r.welfare} vs exact ${exact} (rel ${rel})`);
  };
}

/** One row of a size's table. */
function row(n, label, t, memory, base) {
  const ratio = base && t ? `${(t.median / base).toFixed(1)}x` : '';
  return [fmtCount(n), label, t ? fmtMs(t.median) : 'n/a', t ? fmtMs(t.min) : '', t ? String(t.runs) : '',
    t ? fmtRate(n / (t.median / 1000)) : '', memory, ratio];
}

/**
 * HiGHS at its best: the model arrays for its typed interface built (timed apart, as the LP text
 * build once was), then one timed trial of each option set of HIGHS_TRIALS and HIGHS_RUNS solves
 * with the fastest (named).
 */
function benchHighs(n, highs, data, ref) {
  progress(`  HiGHS model build x${HIGHS_RUNS}`);
  const build = timeRuns(() => buildClearingModel(highs, data.columns, BENCH_MARKET), { runs: HIGHS_RUNS });
  const model = buildClearingModel(highs, data.columns, BENCH_MARKET);
  let best, bestMs = Infinity;
  for (const o of HIGHS_TRIALS) {
    collect();
    const t0 = performance.now();
    checkHighs(n, ref)(solveClearingModel(highs, model, o));
    const ms = performance.now() - t0;
    if (ms < bestMs) { bestMs = ms; best = o; }
  }
  progress(`  HiGHS solve x${HIGHS_RUNS} (${highsLabel(best)})`);
  const solve = timeRuns(() => solveClearingModel(highs, model, best), { runs: HIGHS_RUNS, check: checkHighs(n, ref) });
  return { build, solve, label: highsLabel(best), mem: probeMemory('highs', n) };
}

/**
 * Benchmarks one size; returns its table rows and the figures the summary needs. The column-based
 * implementations (gridclear columns, with and without trades, and peer (b)) run round-robin
 * (bench/lib/harness.mjs timeInterleaved), so machine noise hits them alike, with only the columns
 * in the heap; then peer (a) and gridclear clearAuction, each with only its own order objects in
 * the heap. A million objects of another implementation in the heap would make V8 mark them in
 * every GC that a run's large arrays trigger, a cost no real caller has. HiGHS runs last.
 */
function benchSize(n, runs, highs) {
  progress(`${fmtCount(n)} orders: generating`);
  const data = randomColumns(n, SEED + n);
  const ref = clearUniformFast(data.f64, BENCH_TICK_MARKET);
  const cols = {};
  if (hasColumns) {
    cols.columns = { fn: () => gridclear.clearColumns(data.columns, BENCH_TICK_MARKET), check: checkAgainst('gridclear clearColumns', n, ref) };
    cols.lean = {
      fn: () => gridclear.clearColumns(data.columns, BENCH_TICK_MARKET, { trades: false }),
      check: checkAgainst('gridclear clearColumns trades: false', n, ref),
    };
  }
  cols.b = { fn: () => clearUniformFast(data.f64, BENCH_TICK_MARKET), check: checkAgainst('(b)', n, ref) };
  progress(`  gridclear columns (with and without trades), (b): ${runs} rounds`);
  const t1 = timeInterleaved(cols, { runs, primed: true });
  collect();
  // each object-based implementation with only its own objects in the heap
  const objectRuns = () => {
    let numberObjects = toNumberObjects(data.f64);
    progress(`  (a) straightforward JS: ${runs} runs`);
    const a = timeInterleaved({ a: { fn: () => clearUniformNaive(numberObjects, BENCH_MARKET), check: checkAgainst('(a)', n, ref) } },
      { runs, primed: true });
    numberObjects = undefined;
    collect();
    if (!hasObjects) return a;
    const market = { ...BENCH_MARKET, orders: toOrderObjects(data.f64) };
    progress(`  gridclear clearAuction (objects): ${runs} runs`);
    return { ...a, ...timeInterleaved({ objects: { fn: () => gridclear.clearAuction(market), check: checkAgainst('gridclear clearAuction', n, ref) } },
      { runs, primed: true }) };
  };
  const t = { ...t1, ...objectRuns() };
  collect();
  progress('  memory probes');
  const mem = (impl) => probeMemory(impl, n);
  const g = { columns: t.columns, lean: t.lean, objects: t.objects };
  const c = n <= HIGHS_MAX ? benchHighs(n, highs, data, ref) : undefined;
  const base = t.columns?.median;
  const rows = [
    row(n, '**gridclear** `clearColumns`', t.columns, hasColumns ? mem('columns') : 'not built yet', undefined),
    row(n, '**gridclear** `clearColumns`, `trades: false`', t.lean, hasColumns ? mem('columns-lean') : 'not built yet', base),
    row(n, 'gridclear `clearAuction` (objects)', t.objects, hasObjects ? mem('objects') : 'not built yet', base),
    row(n, '(a) straightforward JS', t.a, mem('a'), base),
    row(n, '(b) fastest JS', t.b, mem('b'), base),
  ];
  if (c) {
    rows.push(row(n, `(c) HiGHS solve (${c.label})`, c.solve, c.mem, base));
    rows.push(row(n, '(c) HiGHS model build', c.build, '', undefined));
  }
  return { n, rows, g, a: t.a, b: t.b, c, volume: ref.volumeTicks, price: ref.priceTicks };
}

/** Distinct prices among the orders (both sides). */
function distinctPrices(price) {
  const p = Float64Array.from(price).sort();
  let k = p.length > 0 ? 1 : 0;
  for (let i = 1; i < p.length; i++) if (p[i] !== p[i - 1]) k++;
  return k;
}

/**
 * One row per distribution and size: gridclear clearColumns (with and without trades) and peers
 * (a) and (b), round-robin in this process on the same columns; every result checked against (b).
 */
function benchDistribution(d, n, runs) {
  progress(`${d.label}, ${fmtCount(n)} orders`);
  const data = distributionColumns(d, n, SEED + 16 * n);
  const ref = clearUniformFast(data.f64, data.market);
  const impls = {
    b: { fn: () => clearUniformFast(data.f64, data.market), check: checkAgainst(`(b) ${d.name}`, n, ref) },
  };
  if (hasColumns) {
    impls.columns = { fn: () => gridclear.clearColumns(data.columns, data.market), check: checkAgainst(`gridclear ${d.name}`, n, ref) };
    impls.lean = { fn: () => gridclear.clearColumns(data.columns, data.market, { trades: false }), check: checkAgainst(`gridclear lean ${d.name}`, n, ref) };
    impls.views = { fn: () => gridclear.clearColumns(data.columns, data.market, { views: true }), check: checkAgainst(`gridclear views ${d.name}`, n, ref) };
  }
  const t = timeInterleaved(impls, { runs, primed: true });
  collect();
  const market = { priceDecimals: data.market.priceDecimals, quantityDecimals: 3 };
  let objects = toNumberObjects(data.f64, market);
  const a = timeInterleaved({ a: { fn: () => clearUniformNaive(objects, { ...market, priceCap: '4000', priceFloor: '-500' }), check: checkAgainst(`(a) ${d.name}`, n, ref) } },
    { runs: Math.min(runs, 3), primed: true }).a;
  objects = undefined;
  collect();
  return { d, n, levels: distinctPrices(data.f64.priceTicks), trades: t.columns, lean: t.lean, views: t.views, a, b: t.b };
}

/** Results equal in everything (fills, payments, trades, totals): the two paths must agree exactly. */
function sameResult(label, n, want) {
  return (r) => {
    for (const k of ['priceTicks', 'priceLowTicks', 'priceHighTicks', 'buyPriceTicks', 'sellPriceTicks', 'volumeTicks', 'welfareTicks', 'buyersPayTicks', 'sellersReceiveTicks']) {
      if (r[k] !== want[k]) throw new Error(`MISMATCH at ${n} orders: ${label} ${k}: ${r[k]} vs ${want[k]}`);
    }
    for (const k of ['fills', 'payments']) {
      for (let i = 0; i < n; i++) if (r[k][i] !== want[k][i]) throw new Error(`MISMATCH at ${n} orders: ${label} ${k}[${i}]`);
    }
    const [a, b] = [r.trades, want.trades];
    if ((a === null) !== (b === null) || (a && a.buyer.length !== b.buyer.length)) throw new Error(`MISMATCH at ${n} orders: ${label} trades`);
    for (let i = 0; a && i < a.buyer.length; i++) {
      if (a.buyer[i] !== b.buyer[i] || a.seller[i] !== b.seller[i] || a.quantityTicks[i] !== b.quantityTicks[i] || a.priceTicks[i] !== b.priceTicks[i]) {
        throw new Error(`MISMATCH at ${n} orders: ${label} trade ${i}`);
      }
    }
  };
}

/** The mechanisms of the other table: pay-as-bid (midpoint) and trade reduction, pro rata. */
const MECHANISMS = [['pay-as-bid', { mechanism: 'pay-as-bid' }], ['trade-reduction', { mechanism: 'trade-reduction' }]];

/**
 * Pay-as-bid and trade reduction on one distribution: by price cells (columns without sequence)
 * against the sorted path (an all-zero sequence column: same tie order, forces the sorted path),
 * with and without trades, round-robin; the two paths must give identical results.
 */
function benchMechanisms(d, n, runs) {
  progress(`${d.label}, ${fmtCount(n)} orders: pay-as-bid, trade reduction`);
  const data = distributionColumns(d, n, SEED + 16 * n);
  const sorted = { ...data.columns, sequence: new BigInt64Array(n) };
  const rows = [];
  for (const [name, opt] of MECHANISMS) {
    const impls = {};
    for (const [tag, o] of [['trades', opt], ['lean', { ...opt, trades: false }]]) {
      const want = gridclear.clearColumns(sorted, data.market, o);
      impls[`cells ${tag}`] = { fn: () => gridclear.clearColumns(data.columns, data.market, o), check: sameResult(`${name} ${tag}`, n, want) };
      impls[`sorted ${tag}`] = { fn: () => gridclear.clearColumns(sorted, data.market, o) };
    }
    const t = timeInterleaved(impls, { runs, primed: true });
    rows.push({ d, n, name, t });
    collect();
  }
  return rows;
}

/** The markdown table of pay-as-bid and trade reduction: cells against the sorted path. */
function mechanismSection(rows) {
  const ms = (x) => fmtMs(x.median);
  const table = rows.map(({ d, n, name, t }) => [d.label, fmtCount(n), name,
    ms(t['cells trades']), ms(t['sorted trades']), `${(t['sorted trades'].median / t['cells trades'].median).toFixed(1)}x`,
    ms(t['cells lean']), ms(t['sorted lean']), `${(t['sorted lean'].median / t['cells lean'].median).toFixed(1)}x`]);
  return `### Pay-as-bid and trade reduction

The same markets cleared by pay-as-bid (midpoint prices) and trade reduction (McAfee), pro rata:
\`clearColumns\` without a sequence column clears them by price cells (docs/auction.md, "How the
core clears"); with an all-zero sequence column (the same tie order) the core takes the sorted
path, as it did for these mechanisms before. Round-robin in one process; every run of the cells
path is checked against the sorted path's result (fills, payments, trades, totals: identical).
No peer: the JavaScript peers implement the uniform price only.

${mdTable(['distribution', 'orders', 'mechanism', 'cells (trades)', 'sorted (trades)', 'sorted / cells', 'cells `trades: false`', 'sorted `trades: false`', 'sorted / cells'], table)}
`;
}

/** The markdown table of the distributions, with the issue-16 targets per row. */
function distributionSection(rows) {
  const ms = (x) => (x ? fmtMs(x.median) : 'n/a');
  const ratio = (peer, g) => (peer && g ? `${(peer.median / g.median).toFixed(1)}x` : 'n/a');
  const table = rows.map((r) => [r.d.label, fmtCount(r.n), fmtCount(r.levels), ms(r.trades), ms(r.views), ms(r.lean), ms(r.b), ms(r.a),
    ratio(r.b, r.trades), ratio(r.b, r.views), ratio(r.b, r.lean), ratio(r.a, r.trades)]);
  const big = rows.filter((r) => r.n === 1e6 && r.trades);
  const verdict = big.length === 0 ? '_Targets are checked at 1e6 orders (not run with --quick)._'
    : mdTable(['distribution (1e6 orders)', 'with trades < 30 ms', '>= 5x (b), with trades', 'with trades, `views: true`: < 30 ms, >= 5x (b)', '>= 5x (b), `trades: false`'], big.map((r) => [
      r.d.label,
      `${fmtMs(r.trades.median)} ${r.trades.median < 30 ? 'met' : '**missed**'}`,
      `${(r.b.median / r.trades.median).toFixed(1)}x ${r.b.median / r.trades.median >= 5 ? 'met' : '**missed**'}`,
      r.views ? `${fmtMs(r.views.median)} ${r.views.median < 30 ? 'met' : '**missed**'}, ${(r.b.median / r.views.median).toFixed(1)}x ${r.b.median / r.views.median >= 5 ? 'met' : '**missed**'}` : 'n/a',
      `${(r.b.median / r.lean.median).toFixed(1)}x ${r.b.median / r.lean.median >= 5 ? 'met' : '**missed**'}`,
    ]));
  return `### Price distributions

The same clearing (uniform price, pro rata, k = 0.5) on markets whose prices spread over few or
many levels (\`bench/lib/distributions.mjs\`, seeded): buys 40..80 and sells 20..60 at 2 and at 4
decimals; both sides over 0..4000 at 4 decimals; every buy above every sell (buys 2000.0001..4000,
sells 0..2000); no crossing (the reverse); every order at 50.00 (the whole short side fills, the
long side shares it pro rata). Quantities 0.001..10 MWh (0.001..0.1 MWh over 0..4000, so that
welfare stays below 2^53 for peer (b)). gridclear with trades (result columns copied out of Wasm memory,
the default, or returned as views over it with \`views: true\`: no copy and no fresh pages, valid until
the next call), without trades, and peer (b) run
round-robin in one process on the same columns, then peer (a) (3 runs); every result is checked
against (b) exactly. HiGHS is not run here (the LP is the same for every distribution; see the
tables above and the file row below).

${verdict}

${mdTable(['distribution', 'orders', 'distinct prices', 'gridclear (trades)', 'gridclear (trades, `views: true`)', 'gridclear `trades: false`', '(b) fastest JS', '(a) straightforward JS', '(b) / gridclear', '(b) / gridclear views', '(b) / gridclear lean', '(a) / gridclear'], table)}
`;
}

/** The 1e6 targets of issue 2, with the measured value. */
function targets(results) {
  const big = results.find((r) => r.n === 1e6);
  if (!big) return '_Targets are checked at 1e6 orders (not run with --quick)._';
  if (!big.g.columns) return '_gridclear was not built with the call auction yet: targets not checked._';
  const verdict = (ok) => (ok ? 'met' : '**missed**');
  const cells = (t) => (t ? [
    `${fmtMs(t.median)} ${verdict(t.median < 60)}`,
    `${(big.b.median / t.median).toFixed(1)}x ${verdict(big.b.median / t.median >= 3)}`,
    `${(big.a.median / t.median).toFixed(1)}x ${verdict(big.a.median / t.median >= 10)}`,
  ] : ['n/a', 'n/a', 'n/a']);
  const [c, l] = [cells(big.g.columns), cells(big.g.lean)];
  return mdTable(['target (1e6 orders)', '`clearColumns` (fills, payments, trades)', '`clearColumns`, `trades: false` (fills, payments)'], [
    ['end to end < 60 ms', c[0], l[0]],
    ['>= 3x faster than (b) fastest JS', c[1], l[1]],
    ['>= 10x faster than (a) straightforward JS', c[2], l[2]],
  ]);
}

/** The markdown section: targets, the table of every size, and how each figure was taken. */
function section(results) {
  const headers = ['orders', 'implementation', 'median', 'min', 'runs', 'orders/s', 'memory', 'time / gridclear columns'];
  const sizes = results.map((r) => fmtCount(r.n)).join(', ');
  return `## Call auction (uniform price)

Random markets of ${sizes} orders (seeded; half buys at 40.00..80.00, half sells at 20.00..60.00 on a
0.01 tick, so ties are common; quantities 0.001..10.000 MWh on a 0.001 tick), cleared by every
implementation on the same orders. Every run checks that all agree exactly on price, clearing
interval, volume and welfare in ticks (HiGHS: welfare within 1e-9 relative); a mismatch aborts.

${targets(results)}

${mdTable(headers, results.flatMap((r) => r.rows))}

- **gridclear** \`clearColumns(columns, tickMarket)\`: end to end through the built package (copy the
  typed-array columns into Wasm memory, clear, copy out, build the result with per-order fills,
  payments and the list of bilateral trades). With \`{ trades: false }\` it returns the same fills,
  payments, prices and totals without the trade list: the work peers (a) and (b) do (they return
  fills, price, interval, volume and welfare; no payments, no trades), so that row is the
  equal-work comparison. Both clear from per-price-level totals and sort only the filled orders
  (for trades) by a radix sort of packed price-distance keys (docs/auction.md, "How the core clears").
  \`clearAuction(market)\` starts from order objects with decimal strings
  (\`{id, side, price: '12.34', quantity: '1.234'}\`) and includes their validation and ids.
- **(a)** \`bench/peers/naive.mjs\`: order objects with JS-number prices, converted to integer ticks,
  \`Array.prototype.sort\` with a comparator, a two-pointer walk.
- **(b)** \`bench/peers/fast.mjs\`: Float64Array columns (prepared outside the timing, which favours
  it), one packed key per order (price rank in the high 32 bits, index in the low 32, written as two
  Uint32 halves), native comparator-free \`BigUint64Array.prototype.sort\` (Float64 keys rank x n +
  index when a rank passes 32 bits), no objects.
- **(c)** HiGHS (\`highs\` npm, Wasm): max sum bid x - sum ask y s.t. sum x = sum y, 0 <= x, y <= q,
  through its typed model interface (\`withModel\` + \`passModel\`, CSC arrays: no LP text), the
  fastest of its dual simplex with presolve on, off and its interior point method (one timed trial
  each, named), up to ${fmtCount(HIGHS_MAX)} orders. The ratio uses the **solve** time only (the
  model arrays' build is listed separately).
- Times: median of the timed runs after one warm-up, a GC before each run (not timed). The
  column-based implementations (gridclear \`clearColumns\` with and without trades, (b)) run
  round-robin, one timed run of each per round, so that noise from other work on the machine falls
  on all of them alike, with only the columns in the heap; then (a) and gridclear \`clearAuction\`,
  each with only its own order objects in the heap (a million objects of another implementation in
  the heap make every GC that a run's large arrays trigger mark them too, a cost no real caller
  has); HiGHS runs last. Each timed run follows
  an untimed run of the same implementation, so that every implementation meets the memory its own
  previous call freed, as in a simulator's loop of clears (right after another implementation's
  call, fresh pages fault in on first touch: on this VM that adds several ms per 8 MB to everyone).
  Memory: one call in a fresh process (\`bench/lib/memprobe.mjs\`, inputs prepared first): how far
  the process' peak RSS rose above its RSS before the call (JS heap, typed arrays and Wasm
  together; "<=" when the call stayed under the setup's own earlier peak), and in brackets the
  Wasm linear memory (gridclear: its arena after the call, HiGHS: its heap capacity). The
  (c) figure covers building the model arrays and solving with HiGHS's defaults.
- Peak RSS of the whole bench process (all sizes, all implementations): ${fmtBytes(process.resourceUsage().maxRSS * 1024)}.
- Peers (a) and (b) return price, interval, volume, welfare and per-order fills; they are tested
  against hand examples and each other in \`test/unit/bench-peers.test.ts\`.
`;
}

async function main() {
  if (!hasColumns || !hasObjects) {
    progress('WARNING: dist/index.js has no clearColumns/clearAuction yet: benchmarking the peers only');
  }
  const highs = await loadHighs();
  const results = [];
  for (const [n, runs] of SIZES) results.push(benchSize(n, runs, highs));
  const dist = [];
  for (const [n, runs] of DIST_SIZES) for (const d of DISTRIBUTIONS) dist.push(benchDistribution(d, n, runs));
  const mech = [];
  if (hasColumns) for (const [n, runs] of MECH_SIZES) for (const d of DISTRIBUTIONS) mech.push(...benchMechanisms(d, n, runs));
  const files = benchFiles({ quick });
  const md = `${section(results)}\n${distributionSection(dist)}\n${mech.length ? `${mechanismSection(mech)}\n` : ''}${fileSection(files)}`;
  writeSection('auction', md, { quick });
  process.stdout.write(`${md}\n`);
}

main().catch((e) => {
  process.stderr.write(`\nauction bench FAILED: ${e.stack ?? e}\n`);
  process.exit(1);
});
