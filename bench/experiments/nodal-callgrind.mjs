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
import { spawnSync } from 'node:child_process';
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path'; import { fileURLToPath } from 'node:url';
const me = fileURLToPath(import.meta.url);
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
const lib = path.join(tmp, 'lib.mjs'), out = path.join(tmp, 'cg.out');
await build({ stdin: { contents: "export * from './src/index.ts';", resolveDir: path.resolve(tree), loader: 'ts' }, bundle: true, format: 'esm', platform: 'node', outfile: lib, logLevel: 'error' });
const p = spawnSync('valgrind', ['--tool=callgrind', '--dump-instr=yes', `--callgrind-out-file=${out}`, process.execPath, '--no-liftoff', '--predictable', '--perf-basic-prof', me, '--child', lib, row, String(CALLS)], { encoding: 'utf8', maxBuffer: 1 << 26, cwd: tmp }); // V8's isolate log lands in tmp
const pid = /==(\d+)==/.exec(p.stderr)?.[1];
const mapFile = `/tmp/perf-${pid}.map`;
if (!pid || !fs.existsSync(mapFile)) throw new Error(`valgrind failed: ${p.stderr.slice(-2000)}`);
// JIT code ranges from the perf map; Wasm function indices named from the text module
const ranges = fs.readFileSync(mapFile, 'utf8').trim().split('\n').map((l) => { const [a, s, ...n] = l.split(' '); return [parseInt(a, 16), parseInt(s, 16), n.join(' ')]; }).sort((x, y) => x[0] - y[0]);
const wat = fs.readFileSync(path.join(tree, 'build/gridclear.wat'), 'utf8');
const imports = (wat.match(/^ \(import /gm) ?? []).length;
const wasmNames = [...wat.matchAll(/^ \(func \$(\S+)/gm)].map((x) => x[1]);
const nameOf = (n) => { const w = /^JS:wasm-function\[(\d+)\]/.exec(n); return w ? `wasm ${wasmNames[Number(w[1]) - imports] ?? n}` : n; };
const find = (a) => {
  let lo = 0, hi = ranges.length - 1;
  while (lo <= hi) { const mid = (lo + hi) >> 1; if (ranges[mid][0] <= a) lo = mid + 1; else hi = mid - 1; }
  return hi >= 0 && a < ranges[hi][0] + ranges[hi][1] ? ranges[hi][2] : undefined;
};
// self cost per instruction address (positions: instr line; a cost line after calls= is the call's inclusive cost)
const cost = new Map();
let addr = 0, afterCall = false, total = 0;
for (const line of fs.readFileSync(out, 'utf8').split('\n')) {
  if (line.startsWith('calls=')) { afterCall = true; continue; }
  const mm = /^(0x[0-9a-fA-F]+|[+-]\d+|\*)\s+(?:[+-]?\d+|\*)\s+(\d+)/.exec(line);
  if (!mm) continue;
  const q = mm[1];
  if (q.startsWith('0x')) addr = parseInt(q, 16); else if (q !== '*') addr += Number(q);
  if (afterCall) { afterCall = false; continue; }
  const v = Number(mm[2]); total += v;
  const n = find(addr);
  if (n) cost.set(n, (cost.get(n) ?? 0) + v);
}
const byName = new Map();
for (const [n, v] of cost) { const k = nameOf(n); byName.set(k, (byName.get(k) ?? 0) + v); }
const wasmTotal = [...byName].filter(([k]) => k.startsWith('wasm ')).reduce((s, [, v]) => s + v, 0);
console.log(`${row} ${tree}: ${p.stdout.trim()}; ${(total / 1e6).toFixed(0)} M instructions in all (start-up included), Wasm ${(wasmTotal / CALLS / 1e6).toFixed(3)} M per call`);
for (const [k, v] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${(v / CALLS / 1e6).toFixed(3).padStart(8)} M  ${k}`);
fs.rmSync(tmp, { recursive: true, force: true }); fs.rmSync(mapFile, { force: true });
