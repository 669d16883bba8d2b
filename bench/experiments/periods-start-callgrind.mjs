// Instructions per function of periodsStart (or clearPeriods with WHAT=clear) on a day, Wasm functions by
// name: valgrind's callgrind on a child making `calls` starts of the day (warm-up included), with V8's
// perf map to name the JIT code and the tree's build/gridclear.wat to name the Wasm functions (as
// nodal-callgrind.mjs). Code outside the JIT and Wasm (V8's runtime, GC, builtins) is summed as
// "(native)" (NATIVE=1: by callgrind's names of the C++ functions). Two children (LO = 2 and `calls` starts), the difference per function over calls - LO: the
// steady figures. A few minutes a run. After `npm run build`:
// `SEED=20261202 node bench/experiments/periods-start-callgrind.mjs TREE case118_ieee:24:1000:10:1 [calls] [top]`
// (as a child: node periods-start-callgrind.mjs --child LIBFILE ROW calls)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path'; import { fileURLToPath } from 'node:url';
const me = fileURLToPath(import.meta.url);
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
const imports = (wat.match(/^ \(import /gm) ?? []).length;
const wasmNames = [...wat.matchAll(/^ \(func \$(\S+)/gm)].map((x) => x[1]);
// JIT names without their addresses and files (the same function in both children)
const nameOf = (n) => { const w = /^JS:wasm-function\[(\d+)\]/.exec(n); return w ? `wasm ${wasmNames[Number(w[1]) - imports] ?? n}` : n.replace(/ file:\S+/, ''); };
function profile(calls) {
  const out = path.join(tmp, `cg-${calls}.out`);
  const p = spawnSync('valgrind', ['--tool=callgrind', '--dump-instr=yes', `--callgrind-out-file=${out}`, process.execPath, '--no-liftoff', '--predictable', '--perf-basic-prof', me, '--child', lib, row, String(calls)], { encoding: 'utf8', maxBuffer: 1 << 26, cwd: tmp }); // V8's isolate log lands in tmp
  const pid = /==(\d+)==/.exec(p.stderr)?.[1];
  const mapFile = `/tmp/perf-${pid}.map`;
  if (!pid || !fs.existsSync(mapFile)) throw new Error(`valgrind failed: ${p.stderr.slice(-2000)}`);
  // JIT code ranges from the perf map; Wasm function indices named from the text module
  const ranges = fs.readFileSync(mapFile, 'utf8').trim().split('\n').map((l) => { const [a, s, ...n] = l.split(' '); return [parseInt(a, 16), parseInt(s, 16), n.join(' ')]; }).sort((x, y) => x[0] - y[0]);
  const find = (a) => {
    let lo = 0, hi = ranges.length - 1;
    while (lo <= hi) { const mid = (lo + hi) >> 1; if (ranges[mid][0] <= a) lo = mid + 1; else hi = mid - 1; }
    return hi >= 0 && a < ranges[hi][0] + ranges[hi][1] ? ranges[hi][2] : undefined;
  };
  // self cost per instruction address (positions: instr line; a cost line after calls= is the call's inclusive cost)
  const byName = new Map();
  let addr = 0, afterCall = false, total = 0;
  // callgrind's own function names (fn=(id) name, then fn=(id)) for code outside the perf map
  const fnNames = new Map();
  let fn = '';
  for (const line of fs.readFileSync(out, 'utf8').split('\n')) {
    if (line.startsWith('fn=')) {
      const f = /^fn=\((\d+)\)(?: (.*))?$/.exec(line);
      if (f) { if (f[2] !== undefined) fnNames.set(f[1], f[2]); fn = fnNames.get(f[1]) ?? ''; }
      continue;
    }
    if (line.startsWith('calls=')) { afterCall = true; continue; }
    const mm = /^(0x[0-9a-fA-F]+|[+-]\d+|\*)\s+(?:[+-]?\d+|\*)\s+(\d+)/.exec(line);
    if (!mm) continue;
    const q = mm[1];
    if (q.startsWith('0x')) addr = parseInt(q, 16); else if (q !== '*') addr += Number(q);
    if (afterCall) { afterCall = false; continue; }
    const v = Number(mm[2]); total += v;
    const k = nameOf(find(addr) ?? (NATIVE ? `(native) ${fn.replace(/\(.*$/, '').slice(0, 80)}` : '(native)'));
    byName.set(k, (byName.get(k) ?? 0) + v);
  }
  fs.rmSync(mapFile, { force: true });
  return { byName, total, note: p.stdout.trim() };
}
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
