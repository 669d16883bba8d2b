// valgrind runs of a child Node process shared by the *-icount and *-callgrind experiments: the
// child is `node --no-liftoff --predictable <script> ...args` (no Wasm tier-up, no background
// compiler threads), so instruction counts repeat to about 0.1% whatever the machine's load.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** Instructions (cachegrind's I refs) of `node --no-liftoff --predictable --expose-gc script ...args`, and the child's stdout. */
export function instructions(script, args) {
  const { stderr, stdout } = spawnSync('valgrind', ['--tool=cachegrind', '--cache-sim=no', '--smc-check=all-non-file',
    '--cachegrind-out-file=/dev/null', process.execPath, '--no-liftoff', '--predictable', '--expose-gc', script, ...args.map(String)],
  { encoding: 'utf8', env: process.env, maxBuffer: 1 << 26 });
  return { i: Number(/I\s+refs:\s+([\d,]+)/.exec(stderr)?.[1].replaceAll(',', '') ?? Number.NaN), out: stdout.trim() };
}

/**
 * Self instructions per function of `node --no-liftoff --predictable --perf-basic-prof script ...args`
 * under callgrind, JIT code named by V8's perf map and Wasm function indices by `wat` (the tree's
 * build/gridclear.wat): { byName, total, note (the child's stdout) }. Code outside the perf map is
 * counted under '(native)', or under '(native) <callgrind's name>' with `native`. Names lose their
 * ` file:...` part, so the same function in two children compares. Files go to `tmp`.
 */
export function callgrindByName(script, args, { wat, tmp, native = false }) {
  const imports = (wat.match(/^ \(import /gm) ?? []).length;
  const wasmNames = [...wat.matchAll(/^ \(func \$(\S+)/gm)].map((x) => x[1]);
  const nameOf = (n) => { const w = /^JS:wasm-function\[(\d+)\]/.exec(n); return w ? `wasm ${wasmNames[Number(w[1]) - imports] ?? n}` : n.replace(/ file:\S+/, ''); };
  const out = `${tmp}/cg-${process.hrtime.bigint()}.out`;
  const p = spawnSync('valgrind', ['--tool=callgrind', '--dump-instr=yes', `--callgrind-out-file=${out}`, process.execPath, '--no-liftoff', '--predictable', '--perf-basic-prof', script, ...args.map(String)],
    { encoding: 'utf8', maxBuffer: 1 << 26, cwd: tmp }); // V8's isolate log lands in tmp
  const pid = /==(\d+)==/.exec(p.stderr)?.[1];
  const mapFile = `/tmp/perf-${pid}.map`;
  if (!pid || !fs.existsSync(mapFile)) throw new Error(`valgrind failed: ${p.stderr.slice(-2000)}`);
  // JIT code ranges from the perf map
  const ranges = fs.readFileSync(mapFile, 'utf8').trim().split('\n').map((l) => { const [a, s, ...n] = l.split(' '); return [parseInt(a, 16), parseInt(s, 16), n.join(' ')]; }).sort((x, y) => x[0] - y[0]);
  const find = (a) => {
    let lo = 0, hi = ranges.length - 1;
    while (lo <= hi) { const mid = (lo + hi) >> 1; if (ranges[mid][0] <= a) lo = mid + 1; else hi = mid - 1; }
    return hi >= 0 && a < ranges[hi][0] + ranges[hi][1] ? ranges[hi][2] : undefined;
  };
  // self cost per instruction address (positions: instr line; a cost line after calls= is the
  // call's inclusive cost); callgrind's own function names (fn=(id) name, then fn=(id)) for code
  // outside the perf map
  const byName = new Map(), fnNames = new Map();
  let addr = 0, afterCall = false, total = 0, fn = '';
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
    const k = nameOf(find(addr) ?? (native ? `(native) ${fn.replace(/\(.*$/, '').slice(0, 80)}` : '(native)'));
    byName.set(k, (byName.get(k) ?? 0) + v);
  }
  fs.rmSync(mapFile, { force: true }); fs.rmSync(out, { force: true });
  return { byName, total, note: p.stdout.trim() };
}
