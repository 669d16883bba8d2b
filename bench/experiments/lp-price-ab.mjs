// A/B of two source trees on the LP engine's workloads, both in one process (each tree's src/
// bundled with its own built core: run `npm run build:wasm` in each first), calls alternated
// A, B, B, A, ...: CPU (process.cpuUsage) and wall time, median and least of REPS, iterations, and
// whether the answers are the same bits.
// Rows: `mesh30`, `mesh40`, `c1354` (the nodal bench's many-binding rows, as lp-profile.mjs:
// clearNodal, and the sparse path's LP alone from its hand-over basis, captured from each tree's
// own solveLp call), `random2000`, `random8000`, `angle1354` (the lp bench's LPs: solveLp),
// `day118` (clearPeriods with lazy line rows on case118, as lp-profile.mjs).
// Run: node bench/experiments/lp-price-ab.mjs DIR_A DIR_B [reps] [rows,...]
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path'; import { fileURLToPath } from 'node:url';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CASES = path.resolve(REPO, '../shared/cases');
const { build } = await import(`${REPO}/node_modules/esbuild/lib/main.js`);
const [dirA, dirB, repsArg, rowsArg] = process.argv.slice(2);
const REPS = Number(repsArg ?? 3);
const ROWS = (rowsArg ?? 'mesh30,mesh40,c1354,random2000,random8000,angle1354,day118').split(',');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lp-price-ab-'));
async function load(dir, tag) {
  const out = path.join(tmp, `lib-${tag}.mjs`);
  await build({
    entryPoints: [path.join(path.resolve(dir), 'src/index.ts')], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error',
    plugins: [{ name: 'capture', setup(b) {
      b.onLoad({ filter: /src[\\/]lp[\\/]solve\.ts$/ }, (a) => ({ contents: fs.readFileSync(a.path, 'utf8').replace('  checkLp(lp);\n  return solveCheckedLp', `  checkLp(lp);\n  (globalThis as any).__lpCapture${tag}?.(lp, options);\n  return solveCheckedLp`), loader: 'ts' }));
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
const { dayMarket } = await import(`${REPO}/bench/lib/day.mjs`);
const cpuOf = (f) => { const c0 = process.cpuUsage(), t0 = performance.now(); const r = f(); const c = process.cpuUsage(c0); return [r, (c.user + c.system) / 1000, performance.now() - t0]; };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const read = (c) => libs[0].importMatpower(fs.readFileSync(`${CASES}/pglib_opf_${c}.m`, 'utf8'));
const mesh = { mesh20: [20, 1, 4000], mesh30: [30, 4, 9000], mesh40: [40, 4, 16000] };
// each row: a list of [label, (lib, tag) => run] jobs; run returns { it, key } (key: the bits compared)
function jobs(row) {
  if (mesh[row] || row === 'c1354') {
    const m = mesh[row] ? meshMarket(mesh[row][0], { limit: mesh[row][1], orders: mesh[row][2], seed: 5 }) : prosumerMarket(read('case1354_pegase'), 1e5, 11, 0.03);
    const captured = [];
    const nodal = (lib, v) => {
      globalThis[`__lpCapture${v ? 'b' : 'a'}`] = (lp, options) => { captured[v] = [lp, options]; };
      const r = lib.clearNodal(m, { maxIterations: 1e7 });
      globalThis[`__lpCapture${v ? 'b' : 'a'}`] = undefined;
      return { it: r.stats.iterations, key: [...r.fills, ...r.priceTicks, ...r.shadowPriceTicks, r.welfareTicks].join(','), note: `${r.stats.path} ${r.stats.bindingLines} binding` };
    };
    const alone = (lib, v) => { const r = lib.solveLp(...captured[v]); return { it: r.stats.iterations, key: `${r.status} ${r.objective}`, note: `${r.objective}` }; };
    return [[`${row} clearNodal`, nodal], [`${row} sparse LP alone`, alone]];
  }
  const lpRow = (lp) => [[row, (lib) => { const r = lib.solveLp(lp); return { it: r.stats.iterations, key: `${r.status} ${r.objective}`, note: `${r.objective}` }; }]];
  if (row === 'random2000') return lpRow(randomLp(2000, 3000, 2000));
  if (row === 'random8000') return lpRow(randomLp(8000, 12000, 8000));
  if (row === 'angle1354') return lpRow(angleLp(libs[0].normalizePeriods(periodsMarket(read('case1354_pegase'), { periods: 2, orders: 1000, storage: 100, seed: 7, lineFactor: 0.7 }))));
  if (row === 'day118') {
    const m = dayMarket(read('case118_ieee'), { periods: 24, orders: 1e3, storage: 10, units: 10, seed: 20261202 });
    return [[row, (lib) => {
      const grid = lib.GridModel.from(m.network, { quantityDecimals: m.quantityDecimals, allowNegativeReactance: true });
      const r = lib.clearPeriods(m, { form: 'angles', grid, lazyLines: true });
      return { it: r.stats.iterations, key: `${r.status} ${r.stats.lpWelfare}`, note: `${r.stats.lpWelfare}` };
    }]];
  }
  throw new Error(`unknown row ${row}`);
}
console.log(`A ${dirA} | B ${dirB}; load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, ${REPS} reps`);
for (const row of ROWS) {
  const js = jobs(row), st = js.map(() => ({ cpu: [[], []], wall: [[], []], res: [] }));
  for (let i = 0; i < REPS; i++) {
    for (const v of i % 2 ? [1, 0] : [0, 1]) {
      js.forEach(([, run], k) => { const [r, c, w] = cpuOf(() => run(libs[v], v)); st[k].cpu[v].push(c); st[k].wall[v].push(w); st[k].res[v] = r; });
    }
  }
  js.forEach(([label], k) => {
    const { cpu, wall, res: [a, b] } = st[k], mc = cpu.map(median), mw = wall.map(median);
    const it = (r) => r.it;
    console.log(`${label}: A ${mc[0].toFixed(0)} ms cpu (least ${Math.min(...cpu[0]).toFixed(0)}, wall ${mw[0].toFixed(0)}) ${it(a)} it | B ${mc[1].toFixed(0)} ms cpu (least ${Math.min(...cpu[1]).toFixed(0)}, wall ${mw[1].toFixed(0)}) ${it(b)} it | B/A cpu ${(mc[1] / mc[0]).toFixed(2)} (least ${(Math.min(...cpu[1]) / Math.min(...cpu[0])).toFixed(2)}) wall ${(mw[1] / mw[0]).toFixed(2)} | ${a.key === b.key ? 'same bits' : `DIFFER: ${a.note} / ${b.note}`}`);
  });
}
