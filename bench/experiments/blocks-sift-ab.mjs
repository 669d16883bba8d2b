// A/B of the sifting engine's start (siftingEngine(lp): the orders that may be left out, the first
// working set, the reduced LP and its LpEngine; no solve) on one block day's LP, two builds in one
// process, alternated; CPU per construction (min and median of REPEATS) and, once, the
// engine's first solve (iterations, solution and duals bit for bit: the same LP and start).
// Run: BLOCKS=1000 REPEATS=10 node --expose-gc bench/experiments/blocks-sift-ab.mjs oldDir newDir
import fs from 'node:fs';
import path from 'node:path';
import { dayAheadMarket } from '../lib/dayahead.mjs';
const REPO = path.resolve(new URL('../..', import.meta.url).pathname);
const libs = [await import(path.resolve(process.argv[2], 'index.js')), await import(path.resolve(process.argv[3], 'index.js'))];
const n = Number(process.env.BLOCKS ?? 1000), repeats = Number(process.env.REPEATS ?? 10), orders = Number(process.env.ORDERS ?? 1e4);
const lib = libs[0];
const base = lib.importMatpower(fs.readFileSync(path.resolve(REPO, '../shared/cases/pglib_opf_case118_ieee.m'), 'utf8'));
const half = (v) => (v === null || v === undefined ? v : (Number(v) * 0.5).toFixed(3));
const network = { ...base.network, buses: base.network.buses.map((b) => ({ id: b.id })), lines: base.network.lines.map((l) => ({ ...l, minFlow: half(l.minFlow), maxFlow: half(l.maxFlow) })) };
const market = dayAheadMarket({ ordersPerPeriod: orders, blocks: n, seed: 2000 + n, network });
const lps = libs.map((l) => {
  const b = l.normalizeBlocks(market);
  return l.formulateBlocks(b, l.GridModel.from(b.m.net), undefined, { lazyLines: true });
});
// the first solve's figures and solution bits (the same LP and start give the same ones)
const bits = (x) => { let h = 0; const u = new Uint32Array(x.buffer, x.byteOffset, x.length * 2); for (let i = 0; i < u.length; i++) h = (Math.imul(h, 31) + u[i]) >>> 0; return h.toString(16); };
const cpu = [[], []];
for (let r = 0; r < repeats; r++) {
  for (const k of r % 2 ? [1, 0] : [0, 1]) {
    globalThis.gc?.();
    const c0 = process.cpuUsage();
    const e = libs[k].siftingEngine(lps[k]);
    const c = process.cpuUsage(c0);
    cpu[k].push((c.user + c.system) / 1000);
    if (r === 0) { const sol = e.solve(); console.log(`${'AB'[k]} ${e.figures().columns} columns; first solve ${sol.status} ${sol.iterations} iterations, x ${bits(sol.x)} duals ${bits(sol.rowDual)}`); }
    e.dispose();
  }
}
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
for (const k of [0, 1]) console.log(`${'AB'[k]} cpu min ${Math.min(...cpu[k]).toFixed(1)} ms median ${med(cpu[k]).toFixed(1)} ms (${repeats})`);
