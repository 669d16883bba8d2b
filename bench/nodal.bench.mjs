// The nodal-clearing benchmark: gridclear's clearNodal against HiGHS on the same LP (B-theta
// formulation), on the PGLib networks of the shared cases folder with 1e3, 1e4, 1e5 random
// prosumer orders on random buses and line limits tightened so that some lines congest.
// gridclear is timed twice: everything included, and with the network prepared once as a GridModel
// (clearNodal(market, { grid })), as a simulator clearing many periods on one network would call it.
// The runs are interleaved with HiGHS' in one process (a loaded machine slows all of them alike).
// Aborts (exit 1) when the LP welfare differs from HiGHS' beyond 1e-9 relative, or when the
// prepared-network result differs from the everything-included one.
// Run: `npm run bench -- nodal [-- --quick]`, or `node --expose-gc bench/nodal.bench.mjs [--quick]`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchArgs, progress, mdTable, writeSection, fmtMs, fmtCount, collect, REPO_DIR } from './lib/harness.mjs';

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
    if (typeof lib.clearNodal === 'function' && typeof lib.importMatpower === 'function' && typeof lib.GridModel === 'function') return lib;
  }
  const { build } = await import('esbuild');
  const out = path.join(os.tmpdir(), `gridclear-nodal-bench-${process.pid}.mjs`);
  await build({
    stdin: { contents: "export { clearNodal, nodalOutcome } from './src/nodal/index.ts'; export { importMatpower } from './src/io/matpower.ts'; export { GridModel } from './src/grid/index.ts'; export { toClearingResult } from './src/io/result.ts';", resolveDir: REPO_DIR, loader: 'ts' },
    bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error',
  });
  try { return await import(out); } finally { fs.rmSync(out, { force: true }); }
}

/** Deterministic PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The case's network, limits scaled by TIGHTEN, with n random prosumer orders. */
function market(base, n, seed) {
  const rand = rng(seed);
  const buses = base.network.buses;
  const load = base.orders.filter((o) => o.side === 'buy').reduce((s, o) => s + Number(o.quantity), 0);
  const meanQty = (2 * load) / n;
  const scale = (v) => (v === null || v === undefined ? v : (Number(v) * TIGHTEN).toFixed(3));
  // sellers sit on a random fifth of the buses, buyers anywhere: power must travel, lines congest
  const sellerBuses = buses.filter(() => rand() < 0.2);
  const orders = Array.from({ length: n }, (_, j) => {
    const sell = rand() < 0.5;
    const at = sell ? sellerBuses : buses;
    return {
      id: `p${j}`, side: sell ? 'sell' : 'buy', bus: at[Math.floor(rand() * at.length)].id,
      price: (sell ? 10 + 60 * rand() : 30 + 70 * rand()).toFixed(4),
      quantity: Math.max(0.001, meanQty * 2 * rand()).toFixed(3),
    };
  });
  return {
    ...base, name: `${base.name}-${n}`,
    network: {
      ...base.network,
      buses: buses.map((b) => ({ id: b.id, fixedInjection: '0' })),
      lines: base.network.lines.map((l) => ({ ...l, minFlow: scale(l.minFlow), maxFlow: scale(l.maxFlow) })) },
    orders,
  };
}

/** The B-theta LP of a market as CPLEX LP text (as in test/helpers/nodalOracle.ts). */
function lpText(m) {
  const buses = m.network.buses, idx = new Map(buses.map((b, i) => [b.id, i]));
  const nB = buses.length, terms = Array.from({ length: nB }, () => []);
  const rhs = buses.map((b) => -Number(b.fixedInjection ?? 0));
  const num = (v) => (v < 0 ? `- ${-v}` : `+ ${v}`);
  // reference: first bus of each island (BFS order as in normalizeNetwork)
  const adj = Array.from({ length: nB }, () => []);
  for (const l of m.network.lines) { adj[idx.get(l.from)].push(idx.get(l.to)); adj[idx.get(l.to)].push(idx.get(l.from)); }
  const isRef = new Uint8Array(nB), seen = new Uint8Array(nB);
  for (let s = 0; s < nB; s++) {
    if (seen[s]) continue;
    isRef[s] = 1; seen[s] = 1;
    const st = [s];
    while (st.length) for (const v of adj[st.pop()]) if (!seen[v]) { seen[v] = 1; st.push(v); }
  }
  const obj = [], bounds = [], rows = [];
  m.orders.forEach((o, j) => {
    const b = idx.get(o.bus), sell = o.side === 'sell';
    terms[b].push(`${sell ? '+' : '-'} x${j}`);
    obj.push(`${num(sell ? -Number(o.price) : Number(o.price))} x${j}`);
    bounds.push(`0 <= x${j} <= ${Number(o.quantity)}`);
  });
  m.network.lines.forEach((l, i) => {
    const f = idx.get(l.from), t = idx.get(l.to), k = m.network.baseMVA / l.x;
    const shift = (k * (l.shiftDeg ?? 0) * Math.PI) / 180;
    const ft = [];
    if (!isRef[f]) { ft.push(`${num(k)} th${f}`); terms[f].push(`${num(-k)} th${f}`); terms[t].push(`${num(k)} th${f}`); }
    if (!isRef[t]) { ft.push(`${num(-k)} th${t}`); terms[f].push(`${num(k)} th${t}`); terms[t].push(`${num(-k)} th${t}`); }
    rhs[f] -= shift; rhs[t] += shift;
    if (!ft.length) return;
    if (l.maxFlow != null) rows.push(` fmax${i}: ${ft.join(' ')} <= ${Number(l.maxFlow) + shift}`);
    if (l.minFlow != null) rows.push(` fmin${i}: ${ft.join(' ')} >= ${Number(l.minFlow) + shift}`);
  });
  for (let b = 0; b < nB; b++) if (terms[b].length) rows.push(` bal${b}: ${terms[b].join(' ')} = ${rhs[b]}`);
  for (let b = 0; b < nB; b++) if (!isRef[b]) bounds.push(`th${b} free`);
  return `Maximize\n obj: ${obj.join(' ')}\nSubject To\n${rows.join('\n')}\nBounds\n ${bounds.join('\n ')}\nEnd\n`;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const lib = await loadLibrary();
const highs = await (await import('highs')).default();
const rows = [];
let seed = 20261124;
const WARM_CLEARS = 10, WARM_SOLVES = 3;
/** JIT warm-up of both sides before any row is timed (the first row would otherwise pay it alone). */
function warmUp() {
  const file = path.join(CASES_DIR, CASES[0]);
  if (!fs.existsSync(file)) return;
  const m = market(lib.importMatpower(fs.readFileSync(file, 'utf8')), 1000, 1);
  const grid = lib.GridModel.from(m.network, { quantityDecimals: m.quantityDecimals ?? 3, allowNegativeReactance: true });
  for (let i = 0; i < WARM_CLEARS; i++) { lib.clearNodal(m); lib.clearNodal(m, { grid }); }
  const lp = lpText(m);
  for (let i = 0; i < WARM_SOLVES; i++) highs.solve(lp, { output_flag: false });
}
warmUp();
for (const file of CASES) {
  const fullPath = path.join(CASES_DIR, file);
  if (!fs.existsSync(fullPath)) { progress(`skipping ${file}: not in ${CASES_DIR}`); continue; }
  const base = lib.importMatpower(fs.readFileSync(fullPath, 'utf8'));
  for (const n of SIZES) {
    const m = market(base, n, seed++);
    const lp = lpText(m);
    let t0 = performance.now();
    const grid = lib.GridModel.from(m.network, { quantityDecimals: m.quantityDecimals ?? 3, allowNegativeReactance: true });
    const tPrepare = performance.now() - t0;
    lib.clearNodal(m); lib.clearNodal(m, { grid }); // warm-up
    const times = [], pTimes = [], hTimes = [];
    const hRuns = n <= 1e4 ? RUNS : 1;
    let r, rp, h;
    for (let i = 0; i < Math.max(G_RUNS, hRuns); i++) {
      collect(); t0 = performance.now(); r = lib.clearNodal(m); times.push(performance.now() - t0);
      collect(); t0 = performance.now(); rp = lib.clearNodal(m, { grid }); pTimes.push(performance.now() - t0);
      if (i < hRuns) {
        collect(); t0 = performance.now();
        h = highs.solve(lp, { output_flag: false, ...(n > 3000 ? { presolve: 'off' } : {}) });
        hTimes.push(performance.now() - t0);
      }
    }
    const digest = (x) => lib.toClearingResult(lib.nodalOutcome(x)).digest;
    if (digest(rp) !== digest(r) || String(rp.stats.lpWelfare) !== String(r.stats.lpWelfare)) {
      console.error(`MISMATCH ${file} ${n}: the prepared-network result differs from the everything-included one`); process.exit(1);
    }
    const th = median(hTimes), tg = median(times), tp = median(pTimes);
    if (r.status === 'optimal' && h.Status === 'Optimal') {
      const rel = Math.abs(r.stats.lpWelfare - h.ObjectiveValue) / Math.max(1, Math.abs(h.ObjectiveValue));
      if (!(rel <= 1e-9)) { console.error(`MISMATCH ${file} ${n}: gridclear ${r.stats.lpWelfare} HiGHS ${h.ObjectiveValue} (rel ${rel})`); process.exit(1); }
    } else if ((r.status === 'infeasible') !== (h.Status === 'Infeasible')) {
      console.error(`MISMATCH ${file} ${n}: gridclear ${r.status}, HiGHS ${h.Status}`); process.exit(1);
    }
    progress(`${file} ${n}: gridclear ${tg.toFixed(1)} ms (prepared network ${tp.toFixed(1)} ms), HiGHS ${th.toFixed(1)} ms, binding ${r.stats.bindingLines}, iterations ${r.stats.iterations}`);
    rows.push([file.replace(/^pglib_opf_|\.m$/g, ''), fmtCount(n), fmtMs(tg), fmtMs(th), `${(th / tg).toFixed(1)}x`,
      fmtMs(tp), `${(th / tp).toFixed(1)}x`, fmtMs(tPrepare),
      String(r.stats.bindingLines), String(r.stats.activeLines), String(r.stats.iterations), String(r.stats.rounds),
      r.status === 'optimal' ? r.stats.lpWelfare.toFixed(4) : r.status]);
  }
}
const md = `## Nodal clearing (clearNodal vs HiGHS)

Each PGLib network of the shared cases folder (its loads, generators and fixed injections removed) with
its line limits scaled by ${TIGHTEN} and n random prosumer orders: half sells at 10-70 on a random fifth of
the buses, half buys at 30-100 on any bus, quantities around twice the case's load in all. Before
any row is timed, both sides are warmed up (${WARM_CLEARS} clearings of each kind and ${WARM_SOLVES} HiGHS solves of a
1e3-order market on the first network).

- **gridclear**: \`clearNodal(market)\`, everything included (validation and normalization of the
  network and the orders, factorization, solve, rounding, flows, exact welfare). Median of ${G_RUNS} runs
  after one warm-up.
- **prepared network**: \`clearNodal(market, { grid })\` with \`grid = GridModel.from(network, ...)\` built
  once beforehand (the way to clear many markets on one network): the orders are still validated
  and everything else is done per call; only the network's validation, normalization and
  factorization are skipped. Median of ${G_RUNS} runs; its result is checked to be identical.
  _prepare_: the one-time \`GridModel.from\`.
- **HiGHS**: the same LP in B-theta form (presolve off beyond 3000 orders), text parsing included, median
  of ${RUNS} solves up to 1e4 orders, one solve at 1e5.

The runs are interleaved in one process (gridclear, prepared, HiGHS, repeated), so a loaded machine
slows all three alike; still, on this shared 2-core machine single figures move by a third between runs,
so compare the speed-ups of one run, not figures of different runs. Welfare: the LP optimum, equal to HiGHS' to 1e-9 relative (checked; the run aborts otherwise).

${mdTable(['case', 'orders', 'gridclear', 'HiGHS', 'speed-up', 'prepared network', 'speed-up (prepared)', 'prepare', 'binding lines', 'rows added', 'iterations', 'rounds', 'LP welfare'], rows)}
`;
console.log(md);
writeSection('nodal', md);
