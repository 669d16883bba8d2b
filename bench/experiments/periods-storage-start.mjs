// Experiment (21:00, kept for the record): warm starts that see the storage, before periodsStart's
// storage pass existed. s0 = periodsStart without it; s1 = the periods cleared alone again with each
// storage unit's price-taker schedule at s0's prices as fixed injections (alpha x it), or with
// MODE=orders as orders at the price taker's values of stored energy; unions of their pairs (union0z:
// s1's extra pairs with sign 0); oracle: the pairs binding at the joint optimum. Iterations, CPU, LP
// welfare, digests, and how many joint binding pairs each start names (docs/periods.md).
// MODE=orders node --expose-gc bench/experiments/periods-storage-start.mjs case1354_pegase 24 1000 10 1 1 '["default","union0z","oracle"]'
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dayMarket } from '../lib/day.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const lib = await import(path.resolve(root, process.env.DIST ?? 'dist/index.js'));
const [file = 'case118_ieee', T = '24', orders = '1000', k = '10', duration = '1', runs = '1', vs = '["default","s1","union"]'] = process.argv.slice(2);
const variants = JSON.parse(vs);
const alpha = Number(process.env.ALPHA ?? 1);
const cases = process.env.GRIDCLEAR_CASES ?? path.join(root, '../shared/cases');
const base = lib.importMatpower(fs.readFileSync(path.join(cases, `pglib_opf_${file}.m`), 'utf8'));
const mk = dayMarket(base, { periods: +T, duration, orders: +orders, storage: +k, units: +k, seed: +(process.env.SEED ?? 20261203) });
const grid = lib.GridModel.from(mk.network, { quantityDecimals: mk.quantityDecimals, allowNegativeReactance: true });
const cpuMs = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const nL = grid.network.lineIds.length, nB = grid.network.busIds.length;

/** Storage unit g's price-taker schedule (net injection MW per period) at the prices p[t] (money/MWh). */
function priceTaker(s, prices, hours) {
  const n = prices.length, cap = Number(s.energyCapacity), pw = [Number(s.chargeCapacity), Number(s.dischargeCapacity)];
  const ec = Number(s.chargeEfficiency), ed = Number(s.dischargeEfficiency), e0 = Number(s.initialEnergy);
  const fmin = Number(s.minFinalEnergy ?? 0), fmax = s.maxFinalEnergy === undefined ? cap : Number(s.maxFinalEnergy);
  const colStart = [0], colRow = [], colValue = [], colCost = [], colLower = [], colUpper = [];
  for (let t = 0; t < n; t++) {
    const h = hours[t];
    // charge, discharge, energy
    colRow.push(t); colValue.push(-ec * h); colStart.push(colRow.length); colCost.push(-prices[t] * h); colLower.push(0); colUpper.push(pw[0]);
    colRow.push(t); colValue.push(h / ed); colStart.push(colRow.length); colCost.push(prices[t] * h); colLower.push(0); colUpper.push(pw[1]);
    colRow.push(t); colValue.push(1); if (t + 1 < n) { colRow.push(t + 1); colValue.push(-1); }
    colStart.push(colRow.length); colCost.push(0); colLower.push(t + 1 < n ? 0 : fmin); colUpper.push(t + 1 < n ? cap : fmax);
  }
  const rhs = Float64Array.from({ length: n }, (_, t) => (t === 0 ? e0 : 0));
  const r = lib.solveLp({ numCols: 3 * n, numRows: n, maximize: true, colStart: Int32Array.from(colStart), colRow: Int32Array.from(colRow), colValue: Float64Array.from(colValue),
    colCost: Float64Array.from(colCost), colLower: Float64Array.from(colLower), colUpper: Float64Array.from(colUpper), rowLower: rhs, rowUpper: rhs });
  return { net: Array.from({ length: n }, (_, t) => r.x[3 * t + 1] - r.x[3 * t]), value: Array.from(r.rowDual) };
}

function starts() {
  const m = lib.normalizePeriods(mk, grid.network);
  const s0 = lib.periodsStart(mk, m, grid, { storage: false });
  const hours = mk.periods.map((p) => Number(p.duration));
  const inj = mk.periods.map(() => new Map()), extra = [];
  for (const s of mk.storage ?? []) {
    const b = grid.network.busIndex.get(s.bus);
    const { net, value } = priceTaker(s, mk.periods.map((_, t) => s0.busPrice[t * nB + b]), hours);
    net.forEach((v, t) => inj[t].set(s.bus, (inj[t].get(s.bus) ?? 0) + alpha * v));
    // as orders: charge a buy at the value of stored energy x etaC, discharge a sell at value / etaD
    const pd = mk.priceDecimals, clamp = (x) => Math.min(Number(mk.priceCap), Math.max(Number(mk.priceFloor), x)).toFixed(pd);
    mk.periods.forEach((p, t) => {
      extra.push({ id: `~c${s.id}-${t}`, period: p.id, side: 'buy', bus: s.bus, price: clamp(value[t] * Number(s.chargeEfficiency)), quantity: s.chargeCapacity });
      extra.push({ id: `~d${s.id}-${t}`, period: p.id, side: 'sell', bus: s.bus, price: clamp(value[t] / Number(s.dischargeEfficiency)), quantity: s.dischargeCapacity });
    });
  }
  if (process.env.MODE === 'orders') {
    const n = mk.orders.length, mk2 = { ...mk, storage: [], orders: [...mk.orders, ...extra] };
    const s1 = lib.periodsStart(mk2, lib.normalizePeriods(mk2, grid.network), grid);
    return { s0, s1: { ...s1, share: s1.share.subarray(0, n), held: s1.held.subarray(0, n) } };
  }
  const mk2 = { ...mk, storage: [], periods: mk.periods.map((p, t) => ({ ...p, fixedInjections: Object.fromEntries([...inj[t]].map(([b, v]) => [b, v.toFixed(mk.quantityDecimals)])) })) };
  const m2 = lib.normalizePeriods(mk2, grid.network);
  const s1 = lib.periodsStart(mk2, m2, grid);
  return { s0, s1 };
}

function merge(a, b, zero = false) {
  const map = new Map();
  a.pairs.forEach((p, q) => map.set(p, a.sign[q]));
  b.pairs.forEach((p, q) => { if (!map.has(p)) map.set(p, zero ? 0 : b.sign[q]); });
  const pairs = [...map.keys()].sort((x, y) => x - y);
  return { pairs, sign: Int8Array.from(pairs, (p) => map.get(p)) };
}

const oracle = lib.clearPeriods(mk, { grid });
const bind = new Set();
oracle.shadowPrices.forEach((sp, t) => sp.forEach((v, l) => { if (v !== 0n) bind.add(t * nL + l); }));
const hit = (pairs) => `${pairs.filter((p) => bind.has(p)).length}/${bind.size} of the joint binding pairs in ${pairs.length}`;

const cpu = variants.map(() => []), info = [];
for (let r = 0; r < +runs; r++) {
  const order = variants.map((_, i) => i);
  if (r % 2) order.reverse();
  for (const v of order) {
    globalThis.gc?.();
    const c0 = cpuMs();
    let opts = { grid }, note = '';
    if (variants[v] !== 'default') {
      const { s0, s1 } = starts();
      let s;
      if (variants[v] === 's1') s = { ...s1, busPrice: s0.busPrice };
      else if (variants[v] === 'union') s = { ...s1, ...merge(s0, s1), busPrice: s0.busPrice };
      else if (variants[v] === 'union0') s = { ...s0, ...merge(s0, s1) };
      else if (variants[v] === 's0') s = s0;
      else if (variants[v] === 'union0z') s = { ...s0, ...merge(s0, s1, true) };
      else if (variants[v] === 'oracle') s = { ...s0, ...merge(s0, { pairs: [...bind], sign: new Int8Array(bind.size) }, true) };
      else if (variants[v] === 's1p') s = s1;
      else if (variants[v] === 'unionp') s = { ...s1, ...merge(s0, s1) };
      note = hit(s.pairs) + ` (s0 ${hit(s0.pairs)})`;
      opts = { grid, form: 'ptdf', lazyLines: true, solver: lib.injectionSolver(grid, { substituteUpTo: 8, rowsPerPeriod: 3, start: s }) };
    }
    const out = lib.clearPeriods(mk, opts);
    cpu[v].push(cpuMs() - c0);
    info[v] = { digest: lib.toPeriodsResult(out).digest, lpWelfare: out.stats.lpWelfare, it: out.stats.iterations, solves: out.stats.solves, note,
      ok: process.env.VERIFY ? lib.verifyPeriods(mk, lib.toPeriodsResult(out)).ok : undefined };
  }
}
const med = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
console.log(`${file} T=${T} ${orders}/period k=${k} h=${duration} alpha=${alpha} (load ${load} at the end, ${runs} runs each)`);
variants.forEach((v, i) => console.log(`  ${v}: cpu ${med(cpu[i]).toFixed(0)} ms [${cpu[i].map((t) => t.toFixed(0)).join(' ')}] it ${info[i].it} solves ${info[i].solves} lpWelfare bits ${info[i].lpWelfare === info[0].lpWelfare ? '= first' : `rel ${(Math.abs(info[i].lpWelfare - info[0].lpWelfare) / Math.abs(info[0].lpWelfare)).toExponential(1)}`} digest ${info[i].digest === info[0].digest ? '= first' : 'DIFFERS'}${info[i].ok === undefined ? '' : ` verify ${info[i].ok}`} ${info[i].note}`));
