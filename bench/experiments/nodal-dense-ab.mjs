// A/B CPU time of two source trees on congested meshes with the dense core alone (no hand-over:
// denseRowLimit 2^31 - 1), where the dense inverse's per-iteration work dominates: both libraries
// bundled from their own src/ (each with its built core) and loaded in one process, calls
// alternated A, B, A, B, ...; per mesh the least and median CPU time and B/A, and a check that
// both give the same digest, LP welfare and iterations.
// Run: `node bench/experiments/nodal-dense-ab.mjs DIR_A DIR_B [reps]` (DENSE_MESHES=20/1,15/4:
// k/limit MW, 10 k^2 orders, seed 5 as nodal-icount.mjs's meshK/limit rows).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { meshMarket } from '../lib/mesh.mjs';

const [dirA, dirB, repsArg] = process.argv.slice(2);
const REPS = Number(repsArg ?? 7);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nodal-dense-ab-'));
async function load(dir, tag) {
  const out = path.join(tmp, `lib-${tag}.mjs`);
  await build({ stdin: { contents: "export * from './src/index.ts';", resolveDir: path.resolve(dir), loader: 'ts' }, bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error' });
  return import(out);
}
const libs = [await load(dirA, 'a'), await load(dirB, 'b')];
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const opts = { denseRowLimit: 2 ** 31 - 1, maxIterations: 1e7 };
console.log(`load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, ${REPS} reps`);
for (const spec of (process.env.DENSE_MESHES ?? '20/1').split(',')) {
  const [k, lim] = spec.split('/').map(Number);
  const m = meshMarket(k, { limit: lim, orders: 10 * k * k, seed: 5 });
  const sig = libs.map((lib) => { const r = lib.clearNodal(m, opts); return `${lib.toClearingResult(lib.nodalOutcome(r)).digest} ${r.stats.lpWelfare} ${r.stats.iterations}`; });
  if (sig[0] !== sig[1]) { console.log(`DIFFERENT mesh ${spec}\n  A ${sig[0]}\n  B ${sig[1]}`); process.exitCode = 1; continue; }
  const t = [[], []];
  for (let i = 0; i < REPS; i++) for (const v of [0, 1]) {
    const c0 = process.cpuUsage(); libs[v].clearNodal(m, opts); const c = process.cpuUsage(c0);
    t[v].push((c.user + c.system) / 1000);
  }
  const [ma, mb] = t.map(median), [la, lb] = t.map((x) => Math.min(...x));
  console.log(`mesh ${spec} (${sig[0].split(' ')[2]} it): median A ${ma.toFixed(1)} B ${mb.toFixed(1)} ms B/A ${(mb / ma).toFixed(3)}; least A ${la.toFixed(1)} B ${lb.toFixed(1)} B/A ${(lb / la).toFixed(3)}`);
}
console.log(`load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
fs.rmSync(tmp, { recursive: true, force: true });
