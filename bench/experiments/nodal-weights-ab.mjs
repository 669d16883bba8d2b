// The nodal sparse path's engine solve alone, from the dense core's hand-over basis at a given cap:
// the B-theta LP and basis built once, then solveLp of two source trees (each bundled with its own
// built core) alternated in one process, REPS times per option set (JSON; e.g. the steepest-edge
// weights '{"edgeWeights":"exact"}' against '{"edgeWeights":"lazy"}'), warm; CPU median and least,
// iterations, and whether objective, x and row duals are the bits of the first configuration.
// Run: node bench/experiments/nodal-weights-ab.mjs DIR_A DIR_B ROW CAP REPS OPTIONS...
//   ROW: meshK/limitMW (10 K^2 orders, seed 5) or case:orders:tighten (seed 11), as nodal-binding-ab.mjs.
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path'; import { fileURLToPath } from 'node:url';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CASES = process.env.GRIDCLEAR_CASES ?? path.resolve(REPO, '../shared/cases');
const { build } = await import(`${REPO}/node_modules/esbuild/lib/main.js`);
async function load(dir, tag) {
  const out = path.join(os.tmpdir(), `lp5fix2-${process.pid}-${tag}.mjs`);
  await build({ stdin: { contents: `export { importMatpower } from './src/io/matpower.ts';
export { normalizeMarket } from './src/model/normalize.ts'; export { prepareNodal } from './src/nodal/prepare.ts';
export { runNodal } from './src/nodal/encode.ts'; export * from './src/nodal/sparse.ts'; export { solveLp } from './src/lp/solve.ts';`, resolveDir: path.resolve(dir), loader: 'ts' },
    bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error' });
  const l = await import(out); fs.rmSync(out); return l;
}
const [dirA, dirB, row, capS, reps, ...cfgs] = process.argv.slice(2);
const libs = [await load(dirA, 'a'), await load(dirB, 'b')];
const lib = libs[0];
const { meshMarket } = await import(`${REPO}/bench/lib/mesh.mjs`);
const { prosumerMarket } = await import(`${REPO}/bench/lib/prosumers.mjs`);
let m;
if (row.startsWith('mesh')) { const [k, lim] = row.slice(4).split('/').map(Number); m = meshMarket(k, { limit: lim, orders: 10 * k * k, seed: 5 }); }
else { const [c, n, t] = row.split(':'); m = prosumerMarket(lib.importMatpower(fs.readFileSync(`${CASES}/pglib_opf_${c}.m`, 'utf8')), Number(n), 11, Number(t)); }
const inp = lib.prepareNodal(lib.normalizeMarket(m, { network: 'require' }));
const core = lib.runNodal(inp, 1e7, 0, undefined, Number(capS));
const form = lib.formulateBTheta(inp, 10 ** inp.qd);
const basis = lib.handOverBasis(inp, form, core);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const res = {};
for (let r = 0; r < Number(reps); r++) for (const c of cfgs) for (const v of r % 2 ? [1, 0] : [0, 1]) {
  const o = JSON.parse(c), key = `${'AB'[v]} ${c}`;
  const c0 = cpu(); const x = libs[v].solveLp(form.lp, { basis, maxIterations: 1e7, perturb: false, markowitz: true, ...o }); const t = cpu() - c0;
  (res[key] ??= []).push(t); res[key].x = x;
}
console.log(`${row} cap ${capS} m ${form.lp.numRows} n ${form.lp.numCols} load ${os.loadavg()[0].toFixed(1)} (A ${dirA}, B ${dirB})`);
const ref = Object.values(res)[0].x;
const same = (a, b) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
for (const [c, v] of Object.entries(res)) { const s = [...v].sort((a, b) => a - b); const x = v.x;
  const bits = x.objective === ref.objective && same(x.x, ref.x) && same(x.rowDual ?? [], ref.rowDual ?? []);
  console.log(`${c}: median ${s[s.length >> 1].toFixed(1)} least ${s[0].toFixed(1)} ms, ${x.iterations} it, obj ${x.objective}, same bits as first: ${bits}`); }
