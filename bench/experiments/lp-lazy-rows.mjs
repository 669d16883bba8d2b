// Prototype (issue 10): the nodal sparse path's LP with only some of its line rows, the others added
// when the solution overloads them (lazy rows), against the whole LP from the same hand-over basis.
// The LP and basis are captured from this tree's clearNodal; both variants solved alternately in one
// process, CPU time (process.cpuUsage), REPS times; prints iterations, rounds, rows, objective gap.
// Run: GRIDCLEAR_CASES=... node bench/experiments/lp-lazy-rows.mjs [reps] [rows,...] [perRound]
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path'; import { fileURLToPath } from 'node:url';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CASES = process.env.GRIDCLEAR_CASES ?? path.resolve(REPO, '../shared/cases');
const { build } = await import(`${REPO}/node_modules/esbuild/lib/main.js`);
const [repsArg, rowsArg, perArg] = process.argv.slice(2);
const REPS = Number(repsArg ?? 3), PER = Number(perArg ?? 1e9);
const ROWS = (rowsArg ?? 'mesh30,mesh40,c1354').split(',');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lp-lazy-'));
const out = path.join(tmp, 'lib.mjs');
await build({
  entryPoints: [path.join(REPO, 'src/index.ts')], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error',
  plugins: [{ name: 'capture', setup(b) {
    b.onLoad({ filter: /src[\\/]lp[\\/]solve\.ts$/ }, (a) => ({ contents: fs.readFileSync(a.path, 'utf8').replace('LpOptions = {}): LpResult {\n  const t0', 'LpOptions = {}): LpResult {\n  (globalThis as any).__lpCapture?.(lp, options);\n  const t0'), loader: 'ts' }));
  } }],
});
const lib = await import(out);
fs.rmSync(tmp, { recursive: true });
const { meshMarket } = await import(`${REPO}/bench/lib/mesh.mjs`);
const { prosumerMarket } = await import(`${REPO}/bench/lib/prosumers.mjs`);
const read = (c) => lib.importMatpower(fs.readFileSync(`${CASES}/pglib_opf_${c}.m`, 'utf8'));
const mesh = { mesh20: [20, 1, 4000], mesh30: [30, 4, 9000], mesh40: [40, 4, 16000] };
function capture(row) {
  const m = mesh[row] ? meshMarket(mesh[row][0], { limit: mesh[row][1], orders: mesh[row][2], seed: 5 }) : prosumerMarket(read('case1354_pegase'), 1e5, row === 'c1354x01' ? 1e4 : 11, row === 'c1354x01' ? 0.1 : 0.03);
  let cap;
  globalThis.__lpCapture = (lp, options) => { cap = [lp, options]; };
  lib.clearNodal(m, { maxIterations: 1e7 });
  globalThis.__lpCapture = undefined;
  return cap;
}
// Rows of a B-theta LP: the first nB are buses (equalities), the rest lines (not both bounds infinite).
function subLp(lp, rows) {
  const m = lp.numRows, map = new Int32Array(m).fill(-1);
  rows.forEach((r, i) => { map[r] = i; });
  const cs = new Int32Array(lp.numCols + 1), cr = [], cv = [];
  for (let j = 0; j < lp.numCols; j++) {
    for (let k = lp.colStart[j]; k < lp.colStart[j + 1]; k++) { const r = map[lp.colRow[k]]; if (r >= 0) { cr.push(r); cv.push(lp.colValue[k]); } }
    cs[j + 1] = cr.length;
  }
  return { ...lp, numRows: rows.length, colStart: cs, colRow: Int32Array.from(cr), colValue: Float64Array.from(cv),
    rowLower: Float64Array.from(rows, (r) => lp.rowLower[r]), rowUpper: Float64Array.from(rows, (r) => lp.rowUpper[r]) };
}
function activity(lp, x) {
  const a = new Float64Array(lp.numRows);
  for (let j = 0; j < lp.numCols; j++) { const v = x[j]; if (v !== 0) for (let k = lp.colStart[j]; k < lp.colStart[j + 1]; k++) a[lp.colRow[k]] += lp.colValue[k] * v; }
  return a;
}
function lazy(lp, opts, nB) {
  const n = lp.numCols, basis = opts.basis;
  const rows = [];
  for (let i = 0; i < lp.numRows; i++) if (i < nB || basis[n + i] !== 0) rows.push(i);
  let bas = Int32Array.from([...basis.subarray(0, n), ...rows.map((r) => basis[n + r])]);
  let it = 0, rounds = 0, r;
  for (;;) {
    const sub = subLp(lp, rows);
    r = lib.solveLp(sub, { ...opts, basis: bas });
    it += r.iterations; rounds++;
    if (r.status !== 'optimal') break;
    const a = activity(lp, r.x), inSet = new Uint8Array(lp.numRows);
    for (const i of rows) inSet[i] = 1;
    const viol = [];
    for (let i = nB; i < lp.numRows; i++) {
      if (inSet[i]) continue;
      const tol = 1e-9 * Math.max(1, Math.abs(lp.rowUpper[i]), Math.abs(lp.rowLower[i]));
      const v = Math.max(a[i] - lp.rowUpper[i], lp.rowLower[i] - a[i]);
      if (v > tol) viol.push([v, i]);
    }
    if (!viol.length) break;
    viol.sort((p, q) => q[0] - p[0] || p[1] - q[1]);
    const add = viol.slice(0, PER).map((p) => p[1]);
    rows.push(...add);
    bas = Int32Array.from([...r.basis, ...add.map(() => 0)]);
  }
  return { r, it, rounds, rows: rows.length };
}
const cpuOf = (f) => { const c0 = process.cpuUsage(); const r = f(); const c = process.cpuUsage(c0); return [r, (c.user + c.system) / 1000]; };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
console.log(`load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, ${REPS} reps, per round ${PER}`);
for (const row of ROWS) {
  const [lp, opts] = capture(row);
  // bus rows: the equality rows come first
  let nB = 0; while (nB < lp.numRows && lp.rowLower[nB] === lp.rowUpper[nB]) nB++;
  const cpu = [[], []]; let full, lz;
  for (let i = 0; i < REPS; i++) for (const v of i % 2 ? [1, 0] : [0, 1]) {
    if (v === 0) { const [r, c] = cpuOf(() => lib.solveLp(lp, opts)); full = r; cpu[0].push(c); }
    else { const [r, c] = cpuOf(() => lazy(lp, opts, nB)); lz = r; cpu[1].push(c); }
  }
  const mc = cpu.map(median), lc = cpu.map((c) => Math.min(...c));
  const startRows = nB + [...opts.basis.subarray(lp.numCols + nB)].filter((s) => s !== 0).length;
  console.log(`${row} (${lp.numRows}x${lp.numCols}, ${nB} buses, start ${startRows} rows): full ${mc[0].toFixed(0)} (${lc[0].toFixed(0)}) ms ${full.iterations} it ${(mc[0] / full.iterations * 1000).toFixed(0)} us/it | lazy ${mc[1].toFixed(0)} (${lc[1].toFixed(0)}) ms ${lz.it} it ${lz.rounds} rounds ${lz.rows} rows ${(mc[1] / lz.it * 1000).toFixed(0)} us/it | ratio ${(mc[1] / mc[0]).toFixed(3)} (${(lc[1] / lc[0]).toFixed(3)}) | obj rel ${((lz.r.objective - full.objective) / Math.abs(full.objective)).toExponential(1)}`);
}
console.log(`load after ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
