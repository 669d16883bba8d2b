// Captures the LpEngine solves of a whole clearing as plain LPs with their starting basis, for
// lp-captured-ab.mjs (per-iteration cost of the engine alone, A/B). Every LpEngine.solve() of the
// clearing is timed; the KEEP solves with the most iterations are written to
// /tmp/lp-captured/<name>-<k>.json (the LP as the engine holds it then, the basis it starts from,
// the engine's options, the iterations and CPU it took in the clearing). Run after `npm run build`:
//   node bench/experiments/lp-capture.mjs periods case118_ieee 96 1000 10 0.25   (clearPeriods day)
//   node bench/experiments/lp-capture.mjs blocks 5000                           (clearBlocks, case118)
// A replay is a cold solveLp from that basis: not the resident engine's warm start (its kept
// factors, weights and scale factors), but the same LP, the same start, the same kind of iteration.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const lib = await import(path.resolve(root, process.env.DIST ?? 'dist/index.js'));
const cases = process.env.GRIDCLEAR_CASES ?? path.join(root, '../shared/cases');
const KEEP = Number(process.env.KEEP ?? 2);
const OUT = process.env.OUT ?? '/tmp/lp-captured';
const [kind, ...args] = process.argv.slice(2);
const arr = (v) => (ArrayBuffer.isView(v) ? { t: v.constructor.name, v: Array.from(v, (x) => (Number.isFinite(x) ? x : String(x))) } : v);
const cpuMs = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const solves = [];
const solve = lib.LpEngine.prototype.solve;
lib.LpEngine.prototype.solve = function () {
  const lp = this.current, basis = this.basis?.slice(), options = { ...this.options };
  const c0 = cpuMs();
  const r = solve.call(this);
  const ms = cpuMs() - c0;
  solves.push({ lp, basis, options, it: r.stats?.iterations ?? r.iterations ?? 0, ms });
  console.log(`solve ${lp.numRows}x${lp.numCols} it ${r.stats?.iterations} cpu ${ms.toFixed(0)} ms`);
  return r;
};
let name;
const c0 = cpuMs();
if (kind === 'periods') {
  const { dayMarket } = await import(`${root}/bench/lib/day.mjs`);
  const [file = 'case118_ieee', T = '96', orders = '1000', k = '10', duration = '0.25'] = args;
  const base = lib.importMatpower(fs.readFileSync(path.join(cases, `pglib_opf_${file}.m`), 'utf8'));
  const mk = dayMarket(base, { periods: +T, duration, orders: +orders, storage: +k, units: +k, seed: +(process.env.SEED ?? 20261203) });
  lib.clearPeriods(mk);
  name = `periods-${file.split('_')[0]}-${T}-${orders}`;
} else if (kind === 'blocks') {
  const { dayAheadMarket } = await import(`${root}/bench/lib/dayahead.mjs`);
  const n = Number(args[0] ?? 5000);
  const base = lib.importMatpower(fs.readFileSync(path.join(cases, 'pglib_opf_case118_ieee.m'), 'utf8'));
  const half = (v) => (v === null || v === undefined ? v : (Number(v) * 0.5).toFixed(3));
  const network = { ...base.network, buses: base.network.buses.map((b) => ({ id: b.id })), lines: base.network.lines.map((l) => ({ ...l, minFlow: half(l.minFlow), maxFlow: half(l.maxFlow) })) };
  lib.clearBlocks(dayAheadMarket({ ordersPerPeriod: 1e4, blocks: n, seed: 2000 + n, network }), { relativeGap: 1e-4 });
  name = `blocks-${n}`;
} else throw new Error('kind: periods or blocks');
console.log(`clearing ${(cpuMs() - c0).toFixed(0)} ms, ${solves.length} solves`);
fs.mkdirSync(OUT, { recursive: true });
const top = [...solves].sort((a, b) => b.it - a.it).slice(0, KEEP);
top.forEach((s, i) => {
  const ser = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, arr(v)]));
  const file = path.join(OUT, `${name}-${i}.json`);
  fs.writeFileSync(file, JSON.stringify({ lp: ser(s.lp), basis: s.basis ? arr(s.basis) : undefined, options: ser(s.options), it: s.it, ms: s.ms }));
  console.log(`${file}: ${s.lp.numRows}x${s.lp.numCols}, ${s.it} iterations, ${s.ms.toFixed(0)} ms in the clearing`);
});
