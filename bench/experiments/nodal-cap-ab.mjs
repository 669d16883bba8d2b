// The hand-over point of the nodal sparse path (src/nodal/sparse.ts sparseRowCap) by measurement:
// one build (this tree's src/ with its built core), clearNodal with the default cap and with each
// `denseRowLimit` given, alternated in one process; CPU (process.cpuUsage) and wall time, medians
// of REPS, iterations, and whether the results are the same (fills, prices, shadow prices,
// welfare; where not, verify() of the other).
// Run: node bench/experiments/nodal-cap-ab.mjs ROW LIMIT[,LIMIT...] [reps]
//   ROW: meshK/limitMW (10 K^2 orders, seed 5) or case:orders:tighten (seed 11), as nodal-binding-ab.mjs.
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path'; import { fileURLToPath } from 'node:url';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { build } = await import(`${REPO}/node_modules/esbuild/lib/main.js`);
const [row, limitsArg, repsArg] = process.argv.slice(2);
const REPS = Number(repsArg ?? 3);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nodal-cap-ab-'));
const out = path.join(tmp, 'lib.mjs');
await build({ entryPoints: [path.join(REPO, 'src/index.ts')], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error' });
const lib = await import(out);
fs.rmSync(tmp, { recursive: true });
const { meshMarket } = await import(`${REPO}/bench/lib/mesh.mjs`);
const { prosumerMarket } = await import(`${REPO}/bench/lib/prosumers.mjs`);
let m;
if (row.startsWith('mesh')) { const [k, lim] = row.slice(4).split('/').map(Number); m = meshMarket(k, { limit: lim, orders: 10 * k * k, seed: 5 }); }
else { const [c, n, t] = row.split(':'); m = prosumerMarket(lib.importMatpower(fs.readFileSync(path.resolve(REPO, `../shared/cases/pglib_opf_${c}.m`), 'utf8')), Number(n), 11, Number(t)); }
const configs = [0, ...limitsArg.split(',').map(Number)];
const cpu = configs.map(() => []), wall = configs.map(() => []), res = [];
for (let i = 0; i < REPS; i++) {
  const order = i % 2 ? [...configs.keys()].reverse() : [...configs.keys()];
  for (const c of order) {
    const c0 = process.cpuUsage(), t0 = performance.now();
    res[c] = lib.clearNodal(m, { maxIterations: 1e7, ...(configs[c] ? { denseRowLimit: configs[c] } : {}) });
    const d = process.cpuUsage(c0); cpu[c].push((d.user + d.system) / 1000); wall[c].push(performance.now() - t0);
  }
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const same = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);
console.log(`${row}: load ${os.loadavg()[0].toFixed(1)}, ${REPS} reps`);
configs.forEach((lim, c) => {
  const r = res[c], a = res[0];
  const identical = same(a.fills, r.fills) && same(a.priceTicks, r.priceTicks) && same(a.shadowPriceTicks, r.shadowPriceTicks) && a.welfareTicks === r.welfareTicks;
  const note = identical ? 'same results' : `results differ (welfare ${a.welfareTicks === r.welfareTicks ? 'same' : 'DIFFERENT'}; verifies: ${lib.verify(m, lib.toClearingResult(lib.nodalOutcome(r))).ok})`;
  console.log(`  ${lim || 'default'}: cpu ${median(cpu[c]).toFixed(0)} ms (least ${Math.min(...cpu[c]).toFixed(0)}) wall ${median(wall[c]).toFixed(0)} ms, ${r.stats.path} ${r.stats.iterations} it, ${r.stats.peakLines} peak rows | ${(median(cpu[c]) / median(cpu[0])).toFixed(2)}x | ${note}`);
});
