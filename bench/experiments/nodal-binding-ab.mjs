// A/B of two source trees on the nodal bench's rows where many lines bind (congested meshes and
// case1354 with tightened limits): both libraries bundled from their own src/ (each with its own
// built core: run `npm run build:wasm` in each tree first), loaded in one process, clearNodal calls
// alternated A, B, A, B, ...; CPU time (process.cpuUsage) and wall time of each call; the results
// compared (fills, bus prices, shadow prices, welfare, digest) and, where they differ, the other
// tree's result checked by verify(). Per row: path, iterations, rounds, rows dropped, peak line rows.
// Run: node bench/experiments/nodal-binding-ab.mjs DIR_A DIR_B [reps] [rows]
//   rows: comma-separated meshK/limitMW (10 K^2 orders, seed 5) or case:orders:tighten (seed 11);
//   default the bench's six rows. Options of both sides: AB_OPTS (JSON), e.g. '{"denseRowLimit":400}'.
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path'; import { fileURLToPath } from 'node:url';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CASES = process.env.GRIDCLEAR_CASES ?? path.resolve(REPO, '../shared/cases');
const { build } = await import(`${REPO}/node_modules/esbuild/lib/main.js`);
const [dirA, dirB, repsArg, rowsArg] = process.argv.slice(2);
const REPS = Number(repsArg ?? 3);
const ROWS = (rowsArg ?? 'mesh15/4,case1354_pegase:10000:0.1,mesh20/1,case1354_pegase:100000:0.03,mesh30/4,mesh40/4').split(',');
const OPTS = { maxIterations: 1e7, ...JSON.parse(process.env.AB_OPTS ?? '{}') };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nodal-binding-ab-'));
async function load(dir, tag) {
  const out = path.join(tmp, `lib-${tag}.mjs`);
  await build({
    stdin: { contents: "export * from './src/index.ts'; export { core } from './src/wasm/engine.ts';", resolveDir: path.resolve(dir), loader: 'ts' },
    bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error',
  });
  return import(out);
}
const libs = [await load(dirA, 'a'), await load(dirB, 'b')];
fs.rmSync(tmp, { recursive: true });
const { meshMarket } = await import(`${REPO}/bench/lib/mesh.mjs`);
const { prosumerMarket } = await import(`${REPO}/bench/lib/prosumers.mjs`);
const cpuOf = (f) => { const c0 = process.cpuUsage(), t0 = performance.now(); const r = f(); const c = process.cpuUsage(c0); return [r, (c.user + c.system) / 1000, performance.now() - t0]; };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const same = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);
console.log(`load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, ${REPS} reps, options ${JSON.stringify(OPTS)}`);
for (const row of ROWS) {
  let m;
  if (row.startsWith('mesh')) { const [k, lim] = row.slice(4).split('/').map(Number); m = meshMarket(k, { limit: lim, orders: 10 * k * k, seed: 5 }); }
  else { const [c, n, t] = row.split(':'); m = prosumerMarket(libs[0].importMatpower(fs.readFileSync(`${CASES}/pglib_opf_${c}.m`, 'utf8')), Number(n), 11, Number(t)); }
  const cpu = [[], []], wall = [[], []], res = [];
  for (let i = 0; i < REPS; i++) {
    for (const v of i % 2 ? [1, 0] : [0, 1]) {
      const [r, c, w] = cpuOf(() => libs[v].clearNodal(m, OPTS));
      cpu[v].push(c); wall[v].push(w); res[v] = r;
    }
  }
  const [a, b] = res;
  const digest = (lib, r) => lib.toClearingResult(lib.nodalOutcome(r)).digest;
  const identical = same(a.fills, b.fills) && same(a.priceTicks, b.priceTicks) && same(a.shadowPriceTicks, b.shadowPriceTicks) && a.welfareTicks === b.welfareTicks && digest(libs[0], a) === digest(libs[1], b);
  let note = identical ? 'identical results' : 'results differ';
  if (!identical) {
    const diff = (x, y) => x.reduce((n, v, i) => n + (v !== y[i] ? 1 : 0), 0);
    const vr = libs[1].verify(m, libs[1].toClearingResult(libs[1].nodalOutcome(b)));
    note += ` (fills ${diff(a.fills, b.fills)}, prices ${diff(a.priceTicks, b.priceTicks)}, shadow prices ${diff(a.shadowPriceTicks, b.shadowPriceTicks)}; welfare ${a.welfareTicks} / ${b.welfareTicks}, LP welfare rel. diff ${Math.abs(a.stats.lpWelfare - b.stats.lpWelfare) / Math.abs(a.stats.lpWelfare)}; B verifies: ${vr.ok}${vr.ok ? '' : ' ' + JSON.stringify(vr.failures.slice(0, 3))})`;
  }
  const st = (r) => `${r.stats.path} ${r.stats.iterations} it ${r.stats.rounds} rounds ${r.stats.rowsDropped} dropped ${r.stats.peakLines} peak rows ${r.stats.bindingLines} binding`;
  const mem = (lib) => (lib.core().memory.buffer.byteLength / 2 ** 20).toFixed(1);
  const mc = cpu.map(median), mw = wall.map(median);
  console.log(`${row}: A ${mc[0].toFixed(0)} ms cpu (${mw[0].toFixed(0)} wall, least ${Math.min(...cpu[0]).toFixed(0)}) ${st(a)}, ${mem(libs[0])} MiB | B ${mc[1].toFixed(0)} ms cpu (${mw[1].toFixed(0)} wall, least ${Math.min(...cpu[1]).toFixed(0)}) ${st(b)}, ${mem(libs[1])} MiB | B/A cpu ${(mc[1] / mc[0]).toFixed(2)} wall ${(mw[1] / mw[0]).toFixed(2)} | ${note}`);
}
