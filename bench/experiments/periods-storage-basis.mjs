// The warm start made of the storage clearing (periodsStart's `storageBasis`): every period cleared
// alone with each storage unit as orders at one value of stored energy per unit, and the basis taken
// from there (orders and storage powers, all Energy columns basic but the last). Variants: the
// default start; the storage-clearing basis at the median value (`median`), at values searched so
// that each unit meets its final energy (`searchN`: N passes), at the joint optimum's values
// (`oracle`). Iterations, CPU, LP welfare bits, digests; one process, the variants interleaved.
// SEED=20261204 node bench/experiments/periods-storage-basis.mjs case118_ieee 96 100 10 0.25 3 '["default","oracle","median","search6"]'
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dayMarket } from '../lib/day.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const lib = await import(path.resolve(root, process.env.DIST ?? 'dist/index.js'));
const [file = 'case118_ieee', T = '96', orders = '100', k = '10', duration = '0.25', runs = '1', vs = '["default","oracle","median"]'] = process.argv.slice(2);
const variants = JSON.parse(vs);
const cases = process.env.GRIDCLEAR_CASES ?? path.join(root, '../shared/cases');
const base = lib.importMatpower(fs.readFileSync(path.join(cases, `pglib_opf_${file}.m`), 'utf8'));
const mk = dayMarket(base, { periods: +T, duration, orders: +orders, storage: +k, units: +(process.env.UNITS ?? k), seed: +(process.env.SEED ?? 20261203) });
const grid = lib.GridModel.from(mk.network, { quantityDecimals: mk.quantityDecimals, allowNegativeReactance: true });
const cpuMs = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const ps = 10 ** mk.priceDecimals;
let oracle;
if (variants.includes('oracle')) {
  const o = lib.clearPeriods(mk, { grid });
  oracle = Float64Array.from(mk.storage, (_, g) => { const v = Array.from({ length: +T }, (_, t) => Number(o.storageValue[g * +T + t]) / ps).sort((a, z) => a - z); return v[v.length >> 1]; });
}
const cpu = variants.map(() => []), info = [];
for (let r = 0; r < +runs; r++) {
  const order = variants.map((_, i) => i);
  if (r % 2) order.reverse();
  for (const v of order) {
    globalThis.gc?.();
    const c0 = cpuMs();
    let opts = { grid }, note = '';
    const name = variants[v];
    if (name !== 'default') {
      const m = lib.normalizePeriods(mk, grid.network);
      const search = name.startsWith('search') ? +name.slice(6) : 0;
      const s = lib.periodsStart(mk, m, grid, { storageBasis: true, values: name === 'oracle' ? oracle : undefined, search });
      note = `start ${(cpuMs() - c0).toFixed(0)} ms, ${s.pairs.length} pairs, values ${Array.from(s.storage?.value ?? []).map((x) => x.toFixed(2)).join(' ')}`;
      opts = { grid, form: 'ptdf', lazyLines: true, solver: lib.injectionSolver(grid, { substituteUpTo: 8, rowsPerPeriod: 3, start: s }) };
    }
    const out = lib.clearPeriods(mk, opts);
    cpu[v].push(cpuMs() - c0);
    const res = lib.toPeriodsResult(out);
    info[v] = { digest: res.digest, lpWelfare: out.stats.lpWelfare, welfare: res.welfare, it: out.stats.iterations, solves: out.stats.solves, note,
      ok: process.env.VERIFY ? lib.verifyPeriods(mk, res).ok : undefined };
  }
}
const med = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
console.log(`${file} T=${T} ${orders}/period k=${k} h=${duration} seed ${process.env.SEED ?? 20261203} (load ${load} at the end, ${runs} runs each)${oracle ? ` oracle values ${Array.from(oracle).map((x) => x.toFixed(2)).join(' ')}` : ''}`);
variants.forEach((v, i) => console.log(`  ${v}: cpu ${med(cpu[i]).toFixed(0)} ms [${cpu[i].map((t) => t.toFixed(0)).join(' ')}] it ${info[i].it} solves ${info[i].solves} lpWelfare ${info[i].lpWelfare === info[0].lpWelfare ? 'bits = first' : `rel ${(Math.abs(info[i].lpWelfare - info[0].lpWelfare) / Math.abs(info[0].lpWelfare)).toExponential(1)}`} welfare ${info[i].welfare === info[0].welfare ? '= first' : info[i].welfare} digest ${info[i].digest === info[0].digest ? '= first' : 'DIFFERS'}${info[i].ok === undefined ? '' : ` verify ${info[i].ok}`} ${info[i].note}`));
