// Instructions (x64, valgrind's cachegrind) of one LP engine solve per source tree: deterministic to
// about 0.1% (node --no-liftoff --predictable), where CPU times on the loaded 2-core machine vary by
// tens of percent (counts, not cache misses: confirm with lp-iter-ab.mjs). The LPs are captured
// once (the nodal rows' sparse-path LPs with their hand-over basis and options, as lp-iter-ab.mjs
// builds them) into DIR/<row>.json; each count is the difference of a process solving 3 times and
// one solving once, over 2. Needs valgrind.
// Run: node bench/experiments/lp-icount.mjs DIR_A DIR_B [rows,...]   (rows: mesh20, mesh30, mesh40, c1354, or
// files written by lp-capture.mjs, e.g. /tmp/lp-captured/periods-case1354-24-1000-0.json: solved from their basis)
// (as a child: node lp-icount.mjs --child TREE LPFILE reps)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path'; import { fileURLToPath } from 'node:url';
const me = fileURLToPath(import.meta.url);
const REPO = path.resolve(path.dirname(me), '../..');
const CASES = process.env.GRIDCLEAR_CASES ?? path.resolve(REPO, '../shared/cases');
const { build } = await import(`${REPO}/node_modules/esbuild/lib/main.js`);
async function load(dir, capture) {
  const out = path.join(os.tmpdir(), `lp-icount-${process.pid}-${Math.random().toString(36).slice(2)}.mjs`);
  await build({
    entryPoints: [path.join(path.resolve(dir), 'src/index.ts')], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error',
    plugins: capture ? [{ name: 'capture', setup(b) {
      b.onLoad({ filter: /src[\\/]lp[\\/]solve\.ts$/ }, (a) => ({ contents: fs.readFileSync(a.path, 'utf8').replace('LpOptions = {}): LpResult {\n  const t0', 'LpOptions = {}): LpResult {\n  (globalThis as any).__lpCapture?.(lp, options);\n  const t0'), loader: 'ts' }));
    } }] : [],
  });
  const lib = await import(out); fs.rmSync(out); return lib;
}
// infinite bounds as strings (JSON has no Infinity: they were read back as 0)
const arr = (v) => (ArrayBuffer.isView(v) ? { t: v.constructor.name, v: Array.from(v, (x) => (Number.isFinite(x) ? x : String(x))) } : v);
const unarr = (v) => (v && typeof v === 'object' && v.t ? new globalThis[v.t](v.v.map(Number)) : v);
const args = process.argv.slice(2);
if (args[0] === '--child') {
  const [, tree, file, reps] = args;
  const lib = await load(tree, false);
  const j = JSON.parse(fs.readFileSync(file, 'utf8'));
  // [lp, options] (captured here), or lp-capture.mjs's { lp, basis, options } (a clearing's engine solve, from its basis)
  const [lpJ, optJ] = Array.isArray(j) ? j : [j.lp, { ...(j.options ?? {}), ...(j.basis ? { basis: j.basis } : {}), maxIterations: 1e7 }];
  const lp = Object.fromEntries(Object.entries(lpJ).map(([k, v]) => [k, unarr(v)]));
  const opts = Object.fromEntries(Object.entries(optJ).map(([k, v]) => [k, unarr(v)]));
  let r;
  for (let k = 0; k < Number(reps); k++) r = lib.solveLp(lp, opts);
  console.log(JSON.stringify({ it: r.iterations, obj: r.objective }));
} else {
  const [dirA, dirB, rowsArg] = args;
  const rows = (rowsArg ?? 'mesh30,c1354').split(',');
  const store = process.env.LP_ICOUNT_DIR ?? path.join(os.tmpdir(), 'lp-icount-lps');
  fs.mkdirSync(store, { recursive: true });
  const mesh = { mesh20: [20, 1, 4000], mesh30: [30, 4, 9000], mesh40: [40, 4, 16000] };
  let lib;
  for (const row of rows) {
    const file = row.endsWith('.json') ? path.resolve(row) : path.join(store, `${row}.json`);
    if (!fs.existsSync(file)) {
      lib ??= await load(dirA, true);
      const { meshMarket } = await import(`${REPO}/bench/lib/mesh.mjs`);
      const { prosumerMarket } = await import(`${REPO}/bench/lib/prosumers.mjs`);
      const m = mesh[row] ? meshMarket(mesh[row][0], { limit: mesh[row][1], orders: mesh[row][2], seed: 5 })
        : prosumerMarket(lib.importMatpower(fs.readFileSync(`${CASES}/pglib_opf_case1354_pegase.m`, 'utf8')), 1e5, 11, 0.03);
      let cap;
      globalThis.__lpCapture = (lp, options) => { cap = [lp, options]; };
      lib.clearNodal(m, { maxIterations: 1e7 });
      globalThis.__lpCapture = undefined;
      const ser = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, arr(v)]));
      fs.writeFileSync(file, JSON.stringify([ser(cap[0]), ser(cap[1])]));
    }
    const refs = (tree, reps) => {
      const { stderr, stdout } = spawnSync('valgrind', ['--tool=cachegrind', '--cache-sim=no', '--smc-check=all-non-file',
        '--cachegrind-out-file=/dev/null', process.execPath, '--no-liftoff', '--predictable', me, '--child', tree, file, String(reps)], { encoding: 'utf8', maxBuffer: 1 << 26 });
      return [Number(/I\s+refs:\s+([\d,]+)/.exec(stderr)?.[1].replaceAll(',', '') ?? Number.NaN), stdout.trim()];
    };
    const res = [dirA, dirB].map((t) => { const [c3, out] = refs(t, 3); const [c1] = refs(t, 1); return [(c3 - c1) / 2 / 1e6, out]; });
    console.log(`${row}: A ${res[0][0].toFixed(1)} M instr ${res[0][1]} | B ${res[1][0].toFixed(1)} M instr ${res[1][1]} | B/A ${(res[1][0] / res[0][0]).toFixed(3)}`);
  }
}
