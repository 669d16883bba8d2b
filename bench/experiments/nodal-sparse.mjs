// Experiment (not part of `npm run bench`): the nodal clearing's hand-over to the sparse path at
// several row caps (`denseRowLimit`; 'auto' is the default rule, 2147483647 the dense core alone),
// CPU time of the process around each clearNodal (steadier than wall time on a shared machine).
// Run: node bench/experiments/nodal-sparse.mjs mesh30/4 auto 2147483647 64 256
//      node bench/experiments/nodal-sparse.mjs case1354_pegase:100000:0.03 auto 2147483647
// (meshK/limitMW: bench/lib/mesh.mjs with 10 K^2 orders, seed 5; case:orders:tighten: prosumer
// orders, seed 11, as the nodal bench's rows where many lines bind).
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path'; import { fileURLToPath } from 'node:url';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CASES = process.env.GRIDCLEAR_CASES ?? path.resolve(REPO, '../shared/cases');
const { build } = await import(`${REPO}/node_modules/esbuild/lib/main.js`);
const out = path.join(os.tmpdir(), `nodal-sparse-${process.pid}.mjs`);
await build({ stdin: { contents: "export { clearNodal } from './src/nodal/index.ts'; export { importMatpower } from './src/io/matpower.ts';", resolveDir: REPO, loader: 'ts' }, bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error' });
const lib = await import(out); fs.rmSync(out);
const { meshMarket } = await import(`${REPO}/bench/lib/mesh.mjs`);
const { prosumerMarket } = await import(`${REPO}/bench/lib/prosumers.mjs`);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const [row, ...caps] = process.argv.slice(2);
let m;
if (row.startsWith('mesh')) { const [k, lim] = row.slice(4).split('/').map(Number); m = meshMarket(k, { limit: lim, orders: 10 * k * k, seed: 5 }); }
else { const [c, n, t] = row.split(':'); m = prosumerMarket(lib.importMatpower(fs.readFileSync(`${CASES}/pglib_opf_${c}.m`, 'utf8')), Number(n), 11, Number(t)); }
for (const c of caps.length ? caps : ['auto', '2147483647']) {
  const c0 = cpu(), t0 = performance.now();
  const r = lib.clearNodal(m, { maxIterations: 1e7, denseRowLimit: c === 'auto' ? undefined : Number(c) });
  const s = r.stats;
  console.log(`${row} cap ${c}: ${s.path} ${(performance.now() - t0).toFixed(0)} ms (cpu ${(cpu() - c0).toFixed(0)} ms), ${s.iterations} iterations, ${s.rounds} rounds, ${s.refactorizations} refactorizations, ${s.bindingLines} binding, welfare ${s.lpWelfare}`);
}
