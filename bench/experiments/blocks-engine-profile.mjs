// The LP engine's Wasm functions on one block day: builds the core with its function names kept
// (asc --debug, same -O3, as lp-profile.mjs), bundles src/ with it, clears the day once and prints,
// per engine solve, its iterations, CPU and the engine's counters (lpCounter: average column, rho,
// row, eta and infeasibility counts per iteration, factorizations, fill). Run with
// `BLOCKS=5000 node --cpu-prof --cpu-prof-dir=/tmp/bprof bench/experiments/blocks-engine-profile.mjs`
// and read the profile with bench/experiments/lp-profile-read.mjs (self time per Wasm function).
// --wasm=FILE reuses a module kept with --keep=FILE.
import fs from 'node:fs';
import path from 'node:path';
import { dayAheadMarket } from '../lib/dayahead.mjs';
import { debugLib, root } from './lib/debugCore.mjs';

const { lib, instances } = await debugLib({ name: 'blocks-engine' });
const n = Number(process.env.BLOCKS ?? 5000), net = process.env.NET !== '0', orders = Number(process.env.ORDERS ?? 1e4);
function case118() {
  const base = lib.importMatpower(fs.readFileSync(path.resolve(root, '../shared/cases/pglib_opf_case118_ieee.m'), 'utf8'));
  const half = (v) => (v === null || v === undefined ? v : (Number(v) * 0.5).toFixed(3));
  return { ...base.network, buses: base.network.buses.map((b) => ({ id: b.id })), lines: base.network.lines.map((l) => ({ ...l, minFlow: half(l.minFlow), maxFlow: half(l.maxFlow) })) };
}
const market = dayAheadMarket({ ordersPerPeriod: orders, blocks: n, seed: (net ? 2000 : 1000) + n, network: net ? case118() : undefined });
// every LpEngine solve: its shape, iterations, CPU and the counters of the instance that solved it
const proto = lib.LpEngine?.prototype;
if (proto?.solve) {
  const solve = proto.solve;
  proto.solve = function (...a) {
    for (const i of instances) i.exports.lpCounterReset?.();
    const c0 = process.cpuUsage();
    const r = solve.apply(this, a);
    const c = process.cpuUsage(c0), ms = (c.user + c.system) / 1000, it = r.iterations ?? r.stats?.iterations ?? 0;
    const ex = instances.find((i) => i.exports.lpCounter && i.exports.lpCounter(7) > 0)?.exports;
    const k = (j) => ex.lpCounter(j);
    console.log(`solve ${this.lp?.numRows ?? '?'}x${this.lp?.numCols ?? '?'} it ${it} cpu ${ms.toFixed(0)} ms ${it ? (1000 * ms / it).toFixed(0) : '-'} us/it` +
      (ex && it ? ` col ${(k(0) / k(7)).toFixed(0)} rho ${(k(1) / k(7)).toFixed(0)} row ${(k(2) / k(7)).toFixed(0)} eta ${(k(3) / k(7)).toFixed(0)} inf ${(k(4) / k(7)).toFixed(0)} refac ${k(10)} fill ${(k(8) / k(9)).toFixed(2)} LU ${(k(8) / Math.max(1, k(10))).toFixed(0)} B ${(k(9) / Math.max(1, k(10))).toFixed(0)}` : ''));
    return r;
  };
}
const c0 = process.cpuUsage();
const o = lib.clearBlocks(market, { relativeGap: 1e-4, ...JSON.parse(process.env.OPTS ?? '{}') });
const c = process.cpuUsage(c0), s = o.search;
console.log(`cpu ${((c.user + c.system) / 1000).toFixed(0)} ms; nodes ${s.nodes} candidates ${s.candidates} iterations ${s.iterations} line rows ${s.lineRows} welfare ${s.bestWelfare}`);
