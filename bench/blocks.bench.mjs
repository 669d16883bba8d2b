// The block-order benchmark: a 24-hour day-ahead market with 10 zones (and the same on PGLib
// case118's network), ordersPerPeriod simple orders per hour and 100 / 1000 / 5000 block orders (a
// tenth linked, a tenth in exclusive groups; bench/lib/dayahead.mjs). gridclear's clearBlocks
// (branch and bound on the block decisions with the price check, its nodes on the Wasm LP engine
// warm-started between nodes: the package's default) against HiGHS solving the welfare
// MIP of the same LP (acceptance columns integer, no price condition) in the same process.
// Columns: time, nodes, candidates priced, cuts, gap of the result to the root relaxation, HiGHS'
// time, nodes and welfare. A row that passes its node or time budget says so.
// Run: `npm run bench -- blocks [-- --quick]`, or `node --expose-gc bench/blocks.bench.mjs [--quick]`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchArgs, progress, mdTable, writeSection, fmtMs, REPO_DIR, LOAD_AT_START } from './lib/harness.mjs';
import { dayAheadMarket } from './lib/dayahead.mjs';
import { solveWelfareMip } from './peers/highs-blocks.mjs';

const { quick } = benchArgs();
const CASES_DIR = process.env.GRIDCLEAR_CASES ?? path.resolve(REPO_DIR, '../shared/cases');
const ORDERS = Number(process.env.BLOCKS_ORDERS ?? (quick ? 200 : 1e4));
const SIZES = (process.env.BLOCKS_SIZES ?? (quick ? '20,100' : '100,1000,5000')).split(',').map(Number);
const MAX_NODES = Number(process.env.BLOCKS_MAX_NODES ?? (quick ? 2000 : 5000));
const MIP_LIMIT = Number(process.env.BLOCKS_MIP_SECONDS ?? (quick ? 30 : 120));
/** gridclear's budget per row (ms): beyond it the row says ITERATION_LIMIT. */
const TIME_LIMIT = Number(process.env.BLOCKS_SECONDS ?? (quick ? 30 : 120)) * 1000;
/** Relative gap of both searches: gridclear's relativeGap and HiGHS's mip_rel_gap (1e-4: HiGHS's default). */
const GAP = Number(process.env.BLOCKS_GAP ?? 1e-4);

/** The library: the built package when it exports clearBlocks, else src/ bundled on the fly. */
async function loadLibrary() {
  const dist = path.join(REPO_DIR, 'dist/index.js');
  if (fs.existsSync(dist)) {
    const lib = await import(dist);
    if (typeof lib.clearBlocks === 'function') return lib;
  }
  const { build } = await import('esbuild');
  const out = path.join(os.tmpdir(), `gridclear-blocks-bench-${process.pid}.mjs`);
  await build({
    stdin: { contents: "export * from './src/blocks/index.ts'; export { importMatpower } from './src/io/matpower.ts';", resolveDir: REPO_DIR, loader: 'ts' },
    bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error',
  });
  try { return await import(out); } finally { fs.rmSync(out, { force: true }); }
}

const lib = await loadLibrary();
const highs = await (await import('highs')).default();

/** case118's network with its line limits halved and no fixed injections (orders carry the load). */
function case118() {
  const file = path.join(CASES_DIR, 'pglib_opf_case118_ieee.m');
  if (!fs.existsSync(file)) return undefined;
  const base = lib.importMatpower(fs.readFileSync(file, 'utf8'));
  const half = (v) => (v === null || v === undefined ? v : (Number(v) * 0.5).toFixed(3));
  return { ...base.network, buses: base.network.buses.map((b) => ({ id: b.id })), lines: base.network.lines.map((l) => ({ ...l, minFlow: half(l.minFlow), maxFlow: half(l.maxFlow) })) };
}

function row(label, market) {
  const t0 = performance.now();
  let o, err, seen;
  // the figures so far, for a row that passes its budget (nodes explored, gap of the best found)
  const onProgress = (st) => { seen = st; };
  try { o = lib.clearBlocks(market, { maxNodes: MAX_NODES, timeLimitMs: TIME_LIMIT, relativeGap: GAP, onProgress, progressEvery: 1 }); } catch (e) { err = e; }
  const ms = performance.now() - t0;
  // HiGHS's MIP on the PTDF form of a network (faster for it than the angle form: case118, 100 blocks,
  // 200 orders per hour: 4.3-5.8 s against 11-13 s at load 13); zones have no lines (the same LP)
  const b = lib.normalizeBlocks(market), lp = lib.formulateBlocks(b, undefined, undefined, { form: 'ptdf' });
  const mip = solveWelfareMip(highs, lp, { timeLimit: MIP_LIMIT, relGap: GAP });
  const s = o?.search ?? seen;
  const gap = s && Number.isFinite(s.bestWelfare) ? (s.rootWelfare - s.bestWelfare) / Math.abs(s.rootWelfare) : NaN;
  const proven = s && Number.isFinite(s.gap) ? `${(s.gap * 100).toFixed(4)}%` : '-';
  const accepted = o ? o.blockRatio.filter((v) => v > 0n).length : 0;
  progress(`${label}: gridclear ${err ? err.code : 'ok'} ${fmtMs(ms)} nodes ${s?.nodes}, HiGHS MIP ${mip.status} ${fmtMs(mip.ms)}`);
  return [
    label, err ? `${err.code} after ${fmtMs(ms)}` : fmtMs(ms), s ? `${s.nodes} / ${s.candidates} / ${s.cuts}${s.lineRows ? ` (${s.lineRows} line rows)` : ''}` : '-', o ? `${accepted}` : '-',
    Number.isFinite(gap) ? `${(gap * 100).toFixed(4)}%${o ? '' : ' (best so far)'}` : '-', proven, s && Number.isFinite(s.bestWelfare) ? s.bestWelfare.toFixed(0) : '-',
    `${fmtMs(mip.ms)}${mip.status === 'optimal' ? '' : ` (${mip.status})`}`, String(mip.nodes), Number.isFinite(mip.gap) ? `${(mip.gap * 100).toFixed(4)}%` : '-', Number.isFinite(mip.welfare) ? mip.welfare.toFixed(0) : '-',
    // a MIP stopped by its time limit: its time is a lower bound, so is the speedup
    o && mip.status === 'optimal' ? `${(mip.ms / ms).toFixed(2)}x` : o && mip.status === 'time limit' ? `> ${(mip.ms / ms).toFixed(2)}x` : '-',
  ];
}

const rows = [];
const net = case118();
// the section is written after every row, so a run stopped early keeps the rows it finished
const write = () => writeSection('blocks', `## blocks

Day-ahead clearing with block orders: 24 hourly periods, ${ORDERS.toLocaleString('en')} simple orders per period, blocks of 3 to
12 hours (40% partly acceptable, a tenth linked, a tenth in exclusive groups), on 10 zones (ring plus
chords, transport model) and on PGLib case118 (line limits halved). gridclear: \`clearBlocks\` with
its defaults: branch and bound with the price check (no paradoxically accepted blocks), the nodes
and price checks on the Wasm LP engine (\`LpEngine\`, warm-started from the last basis after bound
changes and added cuts, holding only the simple orders near their price (sifting); case118 in the angle form from a crash basis, with line rows added only where a solution
overloads a line, at most 10 per period and round); its time includes validation, the LP's construction, the rounding onto the
ticks and the outcome (not the JSON result); budget ${MAX_NODES} nodes or ${TIME_LIMIT / 1000} s. HiGHS MIP: the welfare-maximizing MIP of the same
market (acceptance columns integer, **no** price condition, so its welfare is an upper bound of
gridclear's; case118 in the PTDF form, faster for HiGHS than the angle form), \`mip_rel_gap\` ${GAP},
time limit ${MIP_LIMIT} s. Both searches stop at the same relative gap ${GAP} (gridclear's \`relativeGap\`; its
default is 1e-9, exact: \`BLOCKS_GAP=1e-9\` runs both so). Nodes: gridclear's LP solves / candidates priced / no-good cuts (line rows added); for a row past its budget, the figures when it stopped. Gap to relaxation: gridclear's welfare below the root relaxation (past the budget: the best candidate found so far, not a result); proven gap: the highest bound of the nodes left open or closed by bound above that welfare (\`stats.gap\`); MIP gap: HiGHS's own (its bound over its best). Speedup: HiGHS MIP time /
gridclear time. Load average at start: ${LOAD_AT_START.toFixed(1)} (shared machine).

${mdTable(['market', 'gridclear', 'nodes / priced / cuts', 'accepted', 'gap to relaxation', 'proven gap', 'welfare', 'HiGHS MIP', 'MIP nodes', 'MIP gap', 'MIP welfare', 'speedup'], rows)}
`);
for (const n of SIZES) {
  rows.push(row(`10 zones, ${n} blocks`, dayAheadMarket({ ordersPerPeriod: ORDERS, blocks: n, seed: 1000 + n })));
  write();
  if (net) { rows.push(row(`case118, ${n} blocks`, dayAheadMarket({ ordersPerPeriod: ORDERS, blocks: n, seed: 2000 + n, network: net }))); write(); }
}
