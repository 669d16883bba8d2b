// Why the Markowitz factorization lengthens the case1354 periods day (docs/lp.md): the day through
// clearPeriods with the default factorization and with `markowitz: true` forced into every
// solveLp call (src/ bundled twice), one after the other in one process, each LP solve's engine
// statistics logged: iterations, refactorizations, dependent columns replaced by logicals,
// phase-1 iterations, cleanups, and the pivot-check retries and no-candidate refactorizations.
// Run: `[PREFORM=1] [FIRST=1] [ONLY_MK=1] node bench/experiments/periods-markowitz.mjs [case] [seed] [pf]` (after npm run build:wasm).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { dayMarket } from '../lib/day.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'periods-markowitz-'));
const pf = process.argv[4] === 'pf';
async function bundle(mk) {
  const out = path.join(tmp, `lib-${mk}.mjs`);
  await build({
    entryPoints: [path.join(root, 'src/index.ts')], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error',
    plugins: [{ name: 'mk', setup(b) {
      b.onLoad({ filter: /src[\\/]lp[\\/]solve\.ts$/ }, (a) => ({ contents: fs.readFileSync(a.path, 'utf8')
        .replace('hv[LH.MARKOWITZ] = o.markowitz ? 1 : 0', `hv[LH.MARKOWITZ] = ${mk ? 1 : 0}`)
        .replace("o.update === 'product-form' ? 0 : 1", pf ? '0' : '1')
        .replace('function finish(lp: SparseLp, r: Raw, basis: Int32Array, t0: number): LpResult {\n  const s = r.stats;', 'function finish(lp: SparseLp, r: Raw, basis: Int32Array, t0: number): LpResult {\n  const s = r.stats;\n  (globalThis as any).__lpStats?.(lp, s);'), loader: 'ts' }));
    } }],
  });
  return import(out);
}
const instances = [];
const Native = WebAssembly.Instance;
WebAssembly.Instance = class extends Native { constructor(m, i) { super(m, i); instances.push(this); } };
const file = process.argv[2] ?? 'case1354_pegase';
for (const mk of process.env.ONLY_MK ? [true] : [false, true]) {
  const lib = await bundle(mk);
  // FIRST=1: the bench's case118 row (seed 20261202) through the same instance first, as bench/periods.bench.mjs runs it
  if (process.env.FIRST) {
    const b118 = lib.importMatpower(fs.readFileSync(path.join(root, '../shared/cases/pglib_opf_case118_ieee.m'), 'utf8'));
    const m118 = dayMarket(b118, { periods: 24, orders: 1e3, storage: 10, units: 10, seed: 20261202 });
    const g118 = lib.GridModel.from(m118.network, { quantityDecimals: m118.quantityDecimals, allowNegativeReactance: true });
    const o = lib.clearPeriods(m118, { grid: g118 });
    console.log(`case118 first: it ${o.stats.iterations}`);
  }
  const base = lib.importMatpower(fs.readFileSync(path.join(root, `../shared/cases/pglib_opf_${file}.m`), 'utf8'));
  const m = dayMarket(base, { periods: 24, orders: 1e3, storage: 10, units: 10, seed: Number(process.argv[3] ?? 20261203) });
  const grid = lib.GridModel.from(m.network, { quantityDecimals: m.quantityDecimals, allowNegativeReactance: true });
  // PREFORM=1: formulate the day's angle LP on the same grid first, as the periods bench's coupledRow does (for HiGHS)
  if (process.env.PREFORM) lib.formulate(lib.normalizePeriods(m, grid.network), grid, undefined, { form: 'angles' });
  const ex = () => instances[instances.length - 1].exports;
  let k = 0;
  globalThis.__lpStats = (lp, s) => {
    const e = ex();
    console.log(`  solve ${k++}: ${lp.numRows}x${lp.numCols} it ${s[0]} refac ${s[1]} phase1 ${s[3]} cleanups ${s[4]} peakLU ${s[5]} replaced ${s[6]} failure ${s[7]}; retries ${e.lpCounter(13)} no-candidate ${e.lpCounter(14)} fill ${(e.lpCounter(8) / e.lpCounter(9)).toFixed(2)}`);
    e.lpCounterReset();
  };
  const c0 = process.cpuUsage();
  const out = lib.clearPeriods(m, { grid });
  const c = process.cpuUsage(c0);
  console.log(`${mk ? 'markowitz' : 'default'}${pf ? ' (product form)' : ''}: ${out.status} it ${out.stats.iterations} solves ${out.stats.solves} cpu ${((c.user + c.system) / 1000).toFixed(0)} ms LP welfare ${out.stats.lpWelfare}`);
}
fs.rmSync(tmp, { recursive: true, force: true });
