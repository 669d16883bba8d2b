// Instructions per function of clearNodal calls, Wasm functions by name: valgrind's callgrind on a
// child process that clears one bench row `calls` times (the plain call: one market object, the
// kept network), with V8's perf map (--perf-basic-prof) to name the JIT code and the tree's
// build/gridclear.wat (written by `npm run build:wasm`) to name the Wasm function indices.
// Deterministic (node --no-liftoff --predictable), so two trees compare to a few thousand
// instructions on the loaded machine where CPU times move by 2x. Each figure is the function's
// own instructions over all calls divided by `calls` (the first calls' tier-up included: JS runs
// partly in its baseline tier over 20 calls, so the Wasm figures are the steady ones).
// Run: node bench/experiments/nodal-callgrind.mjs TREE case:orders:seed [calls] [top]
//   e.g. /work/main case300_ieee:1000:20261127 20 (the seeds of bench/nodal.bench.mjs: case118
//   1e3 20261124, 1e4 20261125; case300 1e3 20261127, 1e4 20261128). About 2 minutes a run.
// (as a child: node nodal-callgrind.mjs --child LIBFILE ROW calls)
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path'; import { fileURLToPath } from 'node:url';
const me = fileURLToPath(import.meta.url);
const { callgrindByName } = await import('./lib/valgrind.mjs');
const REPO = path.resolve(path.dirname(me), '../..');
const CASES = process.env.GRIDCLEAR_CASES ?? path.resolve(REPO, '../shared/cases');
const args = process.argv.slice(2);
if (args[0] === '--child') {
  const [, libFile, row, calls] = args;
  const lib = await import(libFile);
  const { prosumerMarket } = await import(`${REPO}/bench/lib/prosumers.mjs`);
  const [c, n, seed] = row.split(':');
  const m = prosumerMarket(lib.importMatpower(fs.readFileSync(`${CASES}/pglib_opf_${c}.m`, 'utf8')), Number(n), Number(seed), 0.5);
  let r;
  for (let i = 0; i < Number(calls); i++) r = lib.clearNodal(m);
  console.log(`${r.stats.iterations} it ${r.stats.rounds} rounds, LP welfare ${r.stats.lpWelfare}`);
  process.exit(0);
}
const [tree, row, callsArg, topArg] = args;
const CALLS = Number(callsArg ?? 20), TOP = Number(topArg ?? 30);
const { build } = await import(`${REPO}/node_modules/esbuild/lib/main.js`);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nodal-callgrind-'));
const lib = path.join(tmp, 'lib.mjs');
await build({ stdin: { contents: "export * from './src/index.ts';", resolveDir: path.resolve(tree), loader: 'ts' }, bundle: true, format: 'esm', platform: 'node', outfile: lib, logLevel: 'error' });
const wat = fs.readFileSync(path.join(tree, 'build/gridclear.wat'), 'utf8');
const { byName: all, total, note } = callgrindByName(me, ['--child', lib, row, CALLS], { wat, tmp });
// the JIT and Wasm code only (what the perf map names)
const byName = new Map([...all].filter(([k]) => k !== '(native)'));
const wasmTotal = [...byName].filter(([k]) => k.startsWith('wasm ')).reduce((s, [, v]) => s + v, 0);
console.log(`${row} ${tree}: ${note}; ${(total / 1e6).toFixed(0)} M instructions in all (start-up included), Wasm ${(wasmTotal / CALLS / 1e6).toFixed(3)} M per call`);
for (const [k, v] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${(v / CALLS / 1e6).toFixed(3).padStart(8)} M  ${k}`);
fs.rmSync(tmp, { recursive: true, force: true });
