// Instructions per function of periodsStart (or clearPeriods with WHAT=clear) on a day, Wasm functions by
// name: valgrind's callgrind on a child making `calls` starts of the day (warm-up included), with V8's
// perf map to name the JIT code and the tree's build/gridclear.wat to name the Wasm functions (as
// nodal-callgrind.mjs). Code outside the JIT and Wasm (V8's runtime, GC, builtins) is summed as
// "(native)" (NATIVE=1: by callgrind's names of the C++ functions). Two children (LO = 2 and `calls` starts), the difference per function over calls - LO: the
// steady figures. A few minutes a run. After `npm run build`:
// `SEED=20261202 node bench/experiments/periods-start-callgrind.mjs TREE case118_ieee:24:1000:10:1 [calls] [top]`
// (as a child: node periods-start-callgrind.mjs --child LIBFILE ROW calls)
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path'; import { fileURLToPath } from 'node:url';
const me = fileURLToPath(import.meta.url);
const { callgrindByName } = await import('./lib/valgrind.mjs');
const REPO = path.resolve(path.dirname(me), '../..');
const args = process.argv.slice(2);
if (args[0] === '--child') {
  const [, libFile, row, calls] = args;
  const lib = await import(libFile);
  const { dayOf, storageLed: led } = await import('./lib/day.mjs');
  const [c, T, n, k, h] = row.split(':');
  const { mk, grid } = dayOf(lib, c, T, n, k, h);
  let note = '';
  for (let i = 0; i < Number(calls); i++) {
    if (process.env.WHAT === 'clear') { const o = lib.clearPeriods(mk, { grid }); note = `it ${o.stats.iterations}`; continue; }
    const m = lib.normalizePeriods(mk, grid.network);
    const s = lib.periodsStart(mk, m, grid, led(m) ? { storageBasis: true, search: 8 } : {});
    note = `pairs ${s.pairs.length}`;
  }
  console.log(note);
  process.exit(0);
}
const [tree, row, callsArg, topArg] = args;
// the steady figures: two children (LO and CALLS calls), the difference per function over CALLS - LO
const CALLS = Number(callsArg ?? 8), LO = Number(process.env.LO ?? 2), TOP = Number(topArg ?? 40), NATIVE = process.env.NATIVE === '1';
const { build } = await import(`${REPO}/node_modules/esbuild/lib/main.js`);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'periods-callgrind-'));
const lib = path.join(tmp, 'lib.mjs');
await build({ stdin: { contents: "export * from './src/index.ts';", resolveDir: path.resolve(tree), loader: 'ts' }, bundle: true, format: 'esm', platform: 'node', outfile: lib, logLevel: 'error' });
const wat = fs.readFileSync(path.join(tree, 'build/gridclear.wat'), 'utf8');
const profile = (calls) => callgrindByName(me, ['--child', lib, row, calls], { wat, tmp, native: NATIVE });
const lo = profile(LO), hi = profile(CALLS), n = CALLS - LO;
const diff = new Map();
for (const [k, v] of hi.byName) diff.set(k, v - (lo.byName.get(k) ?? 0));
for (const [k, v] of lo.byName) if (!hi.byName.has(k)) diff.set(k, -v);
const wasm = [...diff].filter(([k]) => k.startsWith('wasm ')).reduce((s2, [, v]) => s2 + v, 0);
if (NATIVE) {
  // the native code's total, then by callgrind's names
  const nat = [...diff].filter(([k]) => k.startsWith('(native)'));
  console.log(`native by function (per call): ${(nat.reduce((s2, [, v]) => s2 + v, 0) / (CALLS - LO) / 1e6).toFixed(1)} M`);
  for (const [k, v] of nat.sort((a2, b) => b[1] - a2[1]).slice(0, TOP)) console.log(`${(v / (CALLS - LO) / 1e6).toFixed(3).padStart(8)} M  ${k}`);
}
const js = [...diff].filter(([k]) => k.startsWith('JS:')).reduce((s2, [, v]) => s2 + v, 0);
console.log(`${row} ${tree} (${process.env.WHAT === 'clear' ? 'clearPeriods' : 'periodsStart'}, seed ${process.env.SEED ?? 20261203}): ${hi.note}; per call (calls ${LO + 1}-${CALLS}): ${((hi.total - lo.total) / n / 1e6).toFixed(1)} M instructions, Wasm ${(wasm / n / 1e6).toFixed(1)} M, JS ${(js / n / 1e6).toFixed(1)} M, the rest (V8's runtime, builtins, GC) ${((hi.total - lo.total - wasm - js) / n / 1e6).toFixed(1)} M`);
for (const [k, v] of [...diff].sort((a2, b) => b[1] - a2[1]).slice(0, TOP)) console.log(`${(v / n / 1e6).toFixed(3).padStart(8)} M  ${k}`);
fs.rmSync(tmp, { recursive: true, force: true });
