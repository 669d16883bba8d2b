// A/B of clearBlocks in one process: two builds (bundles or dist dirs), interleaved, repeated; CPU
// (process.cpuUsage) and wall time per run, the search's figures and the result's digest.
// SEED=k clears another day than the benchmark's (seed 2000 + blocks on case118, 1000 + blocks zonal).
// Run: BLOCKS=1000 NET=1 REPEATS=3 [SEED=7] node --expose-gc bench/experiments/blocks-ab.mjs oldDir newDir [optsJsonOld] [optsJsonNew]
import fs from 'node:fs';
import path from 'node:path';
import { dayAheadMarket } from '../lib/dayahead.mjs';
const REPO = path.resolve(new URL('../..', import.meta.url).pathname);
const [dirA, dirB] = [process.argv[2], process.argv[3]];
const optsA = JSON.parse(process.argv[4] ?? '{}'), optsB = JSON.parse(process.argv[5] ?? '{}');
const libA = await import(path.resolve(dirA, 'index.js')), libB = await import(path.resolve(dirB, 'index.js'));
const n = Number(process.env.BLOCKS ?? 1000), net = process.env.NET !== '0', orders = Number(process.env.ORDERS ?? 1e4), repeats = Number(process.env.REPEATS ?? 3);
const gap = Number(process.env.GAP ?? 1e-4), seconds = Number(process.env.SECONDS ?? 300);
function case118() {
  const base = libA.importMatpower(fs.readFileSync(path.resolve(REPO, '../shared/cases/pglib_opf_case118_ieee.m'), 'utf8'));
  const half = (v) => (v === null || v === undefined ? v : (Number(v) * 0.5).toFixed(3));
  return { ...base.network, buses: base.network.buses.map((b) => ({ id: b.id })), lines: base.network.lines.map((l) => ({ ...l, minFlow: half(l.minFlow), maxFlow: half(l.maxFlow) })) };
}
const market = dayAheadMarket({ ordersPerPeriod: orders, blocks: n, seed: process.env.SEED ? Number(process.env.SEED) : (net ? 2000 : 1000) + n, network: net ? case118() : undefined });
function once(label, lib, opts) {
  globalThis.gc?.();
  const t0 = performance.now(), c0 = process.cpuUsage();
  let line, c;
  try {
    const o = lib.clearBlocks(market, { relativeGap: gap, timeLimitMs: seconds * 1000, ...opts });
    c = process.cpuUsage(c0);
    // the result's own digest (every fill, price and shadow price), outside the CPU figure
    const s = o.search, h = lib.toBlocksResult(o).digest.slice(7, 19);
    line = `nodes ${s.nodes} cand ${s.candidates} cuts ${s.cuts} it ${s.iterations} lines ${s.lineRows} faceLps ${s.faceLps} welfare ${s.bestWelfare} gap ${(s.gap * 100).toFixed(5)}% accepted ${o.blockRatio.filter((v) => v > 0n).length} digest ${h}`;
  } catch (e) { line = `ERR ${e.code} ${e.message.slice(0, 160)}`; }
  c ??= process.cpuUsage(c0);
  console.log(`${label} wall ${(performance.now() - t0).toFixed(0)} ms cpu ${((c.user + c.system) / 1000).toFixed(0)} ms ${line}`);
}
for (let r = 0; r < repeats; r++) {
  if (r % 2 === 0) { once('A', libA, optsA); once('B', libB, optsB); } else { once('B', libB, optsB); once('A', libA, optsA); }
}
