// A clearPeriods day (lazy line rows over LpEngine) with each LP solve logged: iterations,
// refactorizations, flips, time per iteration, and the engine's average sizes per iteration.
// Compiles assembly/ (or --assembly=DIR's) with its function names, bundles src/ with it.
// Run: `node bench/experiments/day-repro.mjs case118_ieee 96 100 10 0.25 [--assembly=DIR] [--binary=FILE]`
// (case, periods, orders per period, storage and ramped units, period hours).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { dayMarket } from '../lib/day.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'day-repro-'));
const wasm = path.join(tmp, 'core.wasm');
const asmArg = process.argv.find((a) => a.startsWith('--assembly='));
const binArg = process.argv.find((a) => a.startsWith('--binary='));
const asmDir = asmArg ? path.join(asmArg.slice(11), 'assembly') : path.join(root, 'assembly');
let bytes;
if (binArg) bytes = fs.readFileSync(binArg.slice(9));
else {
  execFileSync(process.execPath, [path.join(root, 'node_modules/assemblyscript/bin/asc.js'), path.join(asmDir, 'index.ts'),
    '--runtime', 'stub', '--exportRuntime', '-O3', '--noAssert', '--converge', '--enable', 'simd', '--initialMemory', '16', '--debug', '--outFile', wasm], { stdio: 'inherit', cwd: root });
  const gen = fs.readFileSync(path.join(root, 'src/wasm/binary.generated.ts'), 'utf8');
  const orig = Buffer.from(/'([A-Za-z0-9+/=]+)'/.exec(gen)[1], 'base64');
  const nm = Buffer.from('gridclear.layout');
  const body = Buffer.concat([Buffer.from([nm.length]), nm, orig.subarray(orig.length - 4)]);
  bytes = Buffer.concat([fs.readFileSync(wasm), Buffer.from([0, body.length]), body]);
  if (process.argv.includes('--save')) fs.writeFileSync(path.join(os.tmpdir(), `core-${path.basename(path.resolve(asmDir, '..'))}.wasm`), bytes);
}
const out = path.join(tmp, 'lib.mjs');
await build({
  entryPoints: [path.join(root, 'src/index.ts')], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error',
  plugins: [{ name: 'bin', setup(b) { b.onLoad({ filter: /binary\.generated\.ts$/ }, () => ({ contents: `export const WASM_BASE64 = '${bytes.toString('base64')}';`, loader: 'ts' })); } }],
});
const instances = [];
const Native = WebAssembly.Instance;
WebAssembly.Instance = class extends Native { constructor(m, i) { super(m, i); instances.push(this); } };
const lib = await import(out);
const [file = 'case118_ieee', T = '96', orders = '100', k = '10', duration = '0.25'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const base = lib.importMatpower(fs.readFileSync(path.join(root, `../shared/cases/pglib_opf_${file}.m`), 'utf8'));
const mk = dayMarket(base, { periods: +T, duration, orders: +orders, storage: +k, units: +k, seed: +(process.env.SEED ?? 20261203) });
const grid = lib.GridModel.from(mk.network, { quantityDecimals: mk.quantityDecimals, allowNegativeReactance: true });
const solve = lib.LpEngine.prototype.solve;
const verbose = process.argv.includes('--verbose');
// --dump=DIR: each solve's LP and starting basis as DIR/solve-<k>.json (for bench/experiments/lp-ab.mjs)
const dumpArg = process.argv.find((a) => a.startsWith('--dump='));
let solveNo = 0;
lib.LpEngine.prototype.solve = function () {
  if (dumpArg) {
    const lp = this.lp, dir = dumpArg.slice(7), arr = (a) => Array.from(a, (v) => (v === Infinity ? 'inf' : v === -Infinity ? '-inf' : v));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `solve-${solveNo++}.json`), JSON.stringify({ numCols: lp.numCols, numRows: lp.numRows, maximize: lp.maximize,
      colLower: arr(lp.colLower), colUpper: arr(lp.colUpper), colCost: arr(lp.colCost), colStart: arr(lp.colStart), colRow: arr(lp.colRow),
      colValue: arr(lp.colValue), rowLower: arr(lp.rowLower), rowUpper: arr(lp.rowUpper), basis: this.getBasis() ? arr(this.getBasis()) : null }));
  }
  const ex = instances[0]?.exports;
  ex?.lpCounterReset?.();
  const c0 = process.cpuUsage();
  const r = solve.call(this);
  const c = process.cpuUsage(c0), cpu = (c.user + c.system) / 1000, s = r.stats, it = Math.max(1, s.iterations);
  const cnt = (i) => (ex?.lpCounter ? (ex.lpCounter(i) / it).toFixed(0) : '?');
  if (verbose || s.iterations > 200) console.log(`  solve ${this.lp.numRows}x${this.lp.numCols}: it ${s.iterations} refac ${s.refactorizations} flips ${s.flips} ph1 ${s.phase1Iterations} cleanups ${s.cleanups} cpu ${cpu.toFixed(0)} ms ${(1000 * cpu / it).toFixed(0)} us/it; col ${cnt(0)} rho ${cnt(1)} row ${cnt(2)} eta ${cnt(3)} inf ${cnt(4)} fill ${ex?.lpCounter ? (ex.lpCounter(8) / ex.lpCounter(9)).toFixed(2) : '?'} peakLU ${s.peakFactorEntries}`);
  return r;
};
const c0 = process.cpuUsage(), t0 = performance.now();
const res = lib.clearPeriods(mk, { form: 'angles', grid, lazyLines: true, ...(process.env.OPTS ? JSON.parse(process.env.OPTS) : {}) });
const c = process.cpuUsage(c0), cpu = (c.user + c.system) / 1000;
console.log(`${file} T=${T} ${orders}/period k=${k}: ${res.status} welfare ${res.stats.lpWelfare} it ${res.stats.iterations} solves ${res.stats.solves} ${(performance.now() - t0).toFixed(0)} ms (cpu ${cpu.toFixed(0)} ms) ${(1000 * cpu / res.stats.iterations).toFixed(0)} cpu-us/it`);
if (!process.argv.includes("--keep")) fs.rmSync(tmp, { recursive: true, force: true }); else console.log(`bundle kept in ${tmp}`);
