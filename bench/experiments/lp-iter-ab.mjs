// A/B of two source trees on the LP engine alone (each tree's src/ bundled with its own built core:
// run `npm run build:wasm` in each first), both in one process: the LPs are built once (the nodal
// rows' sparse-path LPs captured from tree A's clearNodal (at solveCheckedLp, which the nodal path calls), with their hand-over basis and options)
// and solved by A and B alternated (A B B A ...), REPS times; CPU time (process.cpuUsage) median and
// least, iterations, and whether status, objective, x and the row duals are the same bits.
// Rows: mesh20, mesh30, mesh40, c1354 (the nodal bench's many-binding rows), random2000,
// random8000, degen8000, case118 (24-period angle LP), angle1354 (case1354 2-period angle LP).
// Run: node bench/experiments/lp-iter-ab.mjs DIR_A DIR_B [reps] [rows,...]
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path'; import { fileURLToPath } from 'node:url';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CASES = process.env.GRIDCLEAR_CASES ?? path.resolve(REPO, '../shared/cases');
const { build } = await import(`${REPO}/node_modules/esbuild/lib/main.js`);
const [dirA, dirB, repsArg, rowsArg] = process.argv.slice(2);
const REPS = Number(repsArg ?? 5);
const ROWS = (rowsArg ?? 'mesh30,mesh40,c1354,random8000,case118,angle1354').split(',');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lp-iter-ab-'));
async function load(dir, tag) {
  const out = path.join(tmp, `lib-${tag}.mjs`);
  await build({
    entryPoints: [path.join(path.resolve(dir), 'src/index.ts')], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error',
    plugins: [{ name: 'capture', setup(b) {
      b.onLoad({ filter: /src[\\/]lp[\\/]solve\.ts$/ }, (a) => ({ contents: fs.readFileSync(a.path, 'utf8').replace('LpOptions = {}): LpResult {\n  const t0', `LpOptions = {}): LpResult {\n  (globalThis as any).__lpCapture${tag}?.(lp, options);\n  const t0`), loader: 'ts' }));
    } }],
  });
  return import(out);
}
const libs = [await load(dirA, 'a'), await load(dirB, 'b')];
fs.rmSync(tmp, { recursive: true });
const { meshMarket } = await import(`${REPO}/bench/lib/mesh.mjs`);
const { prosumerMarket } = await import(`${REPO}/bench/lib/prosumers.mjs`);
const { randomLp } = await import(`${REPO}/bench/lib/randomLp.mjs`);
const { periodsMarket, angleLp } = await import(`${REPO}/bench/lib/periodsLp.mjs`);
const read = (c) => libs[0].importMatpower(fs.readFileSync(`${CASES}/pglib_opf_${c}.m`, 'utf8'));
const mesh = { mesh20: [20, 1, 4000], mesh30: [30, 4, 9000], mesh40: [40, 4, 16000] };
function make(row) {
  if (mesh[row] || row === 'c1354') {
    const m = mesh[row] ? meshMarket(mesh[row][0], { limit: mesh[row][1], orders: mesh[row][2], seed: 5 }) : prosumerMarket(read('case1354_pegase'), 1e5, 11, 0.03);
    let cap;
    globalThis.__lpCapturea = (lp, options) => { cap = [lp, options]; };
    libs[0].clearNodal(m, { maxIterations: 1e7 });
    globalThis.__lpCapturea = undefined;
    return cap;
  }
  if (row === 'random500') return [randomLp(500, 750, 500), {}];
  if (row === 'degen500') return [randomLp(500, 750, 501, { ties: true }), {}];
  if (row === 'random2000') return [randomLp(2000, 3000, 2000), {}];
  if (row === 'random8000') return [randomLp(8000, 12000, 8000), {}];
  if (row === 'degen8000') return [randomLp(8000, 12000, 8001, { ties: true }), {}];
  if (row === 'case118') return [angleLp(libs[0].normalizePeriods(periodsMarket(read('case118_ieee'), { periods: 24, orders: 1000, storage: 10, seed: 7, lineFactor: 0.7 }))), {}];
  if (row === 'angle1354') return [angleLp(libs[0].normalizePeriods(periodsMarket(read('case1354_pegase'), { periods: 2, orders: 1000, storage: 100, seed: 7, lineFactor: 0.7 }))), {}];
  throw new Error(`unknown row ${row}`);
}
const cpuOf = (f) => { const c0 = process.cpuUsage(); const r = f(); const c = process.cpuUsage(c0); return [r, (c.user + c.system) / 1000]; };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const key = (r) => [r.status, r.objective, ...r.x, ...r.rowDual].map((v) => (Object.is(v, -0) ? '-0' : String(v))).join(',');
console.log(`A ${dirA} | B ${dirB}; load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, ${REPS} reps`);
for (const row of ROWS) {
  const [lp, opts] = make(row);
  const cpu = [[], []], res = [];
  for (let i = 0; i < REPS; i++) for (const v of i % 2 ? [1, 0] : [0, 1]) { const [r, c] = cpuOf(() => libs[v].solveLp(lp, opts)); cpu[v].push(c); res[v] = r; }
  const mc = cpu.map(median), lc = cpu.map((c) => Math.min(...c)), it = res.map((r) => r.stats.iterations);
  console.log(`${row} (${lp.numRows}x${lp.numCols}): A ${mc[0].toFixed(0)} (least ${lc[0].toFixed(0)}) ms ${it[0]} it | B ${mc[1].toFixed(0)} (least ${lc[1].toFixed(0)}) ms ${it[1]} it | B/A median ${(mc[1] / mc[0]).toFixed(3)} least ${(lc[1] / lc[0]).toFixed(3)} | ${key(res[0]) === key(res[1]) ? 'same bits' : 'DIFFER'}`);
}
console.log(`load after ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
