// Profile of one case118 (or 10-zone) block day: clearBlocks with progress every node, printing
// the search's figures (nodes, best, bound, gap, iterations, solve ms) over time.
// Run: BLOCKS=5000 NET=1 SECONDS=300 node --expose-gc bench/experiments/blocks-profile.mjs [dist dir]
import fs from 'node:fs';
import path from 'node:path';
import { dayAheadMarket } from '../lib/dayahead.mjs';
const REPO = path.resolve(new URL('../..', import.meta.url).pathname);
const lib = await import(path.resolve(process.argv[2] ?? path.join(REPO, 'dist'), 'index.js'));
const n = Number(process.env.BLOCKS ?? 1000), net = process.env.NET !== '0', orders = Number(process.env.ORDERS ?? 1e4);
const opts = JSON.parse(process.env.OPTS ?? '{}');
function case118() {
  const base = lib.importMatpower(fs.readFileSync(path.resolve(REPO, '../shared/cases/pglib_opf_case118_ieee.m'), 'utf8'));
  const half = (v) => (v === null || v === undefined ? v : (Number(v) * 0.5).toFixed(3));
  return { ...base.network, buses: base.network.buses.map((b) => ({ id: b.id })), lines: base.network.lines.map((l) => ({ ...l, minFlow: half(l.minFlow), maxFlow: half(l.maxFlow) })) };
}
const market = dayAheadMarket({ ordersPerPeriod: orders, blocks: n, seed: (net ? 2000 : 1000) + n, network: net ? case118() : undefined });
const t0 = performance.now(), c0 = process.cpuUsage();
const every = Number(process.env.EVERY ?? 10);
const onProgress = (s) => {
  const c = process.cpuUsage(c0);
  console.log(`n=${s.nodes} cand=${s.candidates} cuts=${s.cuts} best=${s.bestWelfare.toFixed(0)} root=${s.rootWelfare.toFixed(0)} bound=${s.bound.toFixed(0)} gap=${(s.gap * 100).toFixed(5)}% rootgap=${((s.rootWelfare - s.bestWelfare) / s.rootWelfare * 100).toFixed(5)}% it=${s.iterations} lines=${s.lineRows} solveMs=${s.solveMs.toFixed(0)} faceMs=${s.faceMs.toFixed(0)} cols=${s.lpColumns} wall=${(performance.now() - t0).toFixed(0)} cpu=${((c.user + c.system) / 1000).toFixed(0)}`);
};
try {
  const o = lib.clearBlocks(market, { relativeGap: 1e-4, timeLimitMs: Number(process.env.SECONDS ?? 300) * 1000, onProgress, progressEvery: every, ...opts });
  onProgress({ ...o.search });
  console.log('accepted', o.blockRatio.filter((v) => v > 0n).length, 'welfare', o.search.bestWelfare);
} catch (e) { console.log('ERR', e.code, e.message); }
const c = process.cpuUsage(c0);
console.log(`total wall ${(performance.now() - t0).toFixed(0)} ms cpu ${((c.user + c.system) / 1000).toFixed(0)} ms`);
