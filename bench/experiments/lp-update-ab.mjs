// A/B of the LP engine's update rules in one process: the same build, `update: 'product-form'`
// against `update: 'forrest-tomlin'`, solves alternated, the least CPU (process.cpuUsage) and wall
// time of REPS solves kept, iterations, refactorizations and whether the objective and x are the
// same bits. LPs: the lp bench's (random500/2000/8000, degen8000, case118, case1354) and the nodal
// bench's many-binding rows (mesh20/30/40: the sparse path's LP captured and re-solved alone from
// the hand-over basis). Run: `REPS=3 node bench/experiments/lp-update-ab.mjs random2000 mesh30 ...`
// (after `npm run build:wasm`).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { randomLp } from '../lib/randomLp.mjs';
import { periodsMarket, angleLp } from '../lib/periodsLp.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lp-update-ab-'));
// OLD=DIR: also another version's core (DIR/assembly, e.g. `git archive <rev> assembly | tar -x -C DIR`),
// compiled here and bundled with this src/ (its layout stamp copied over), as a third column
let oldLib;
if (process.env.OLD) {
  const gen = fs.readFileSync(path.join(root, 'src/wasm/binary.generated.ts'), 'utf8');
  const orig = Buffer.from(/'([A-Za-z0-9+/=]+)'/.exec(gen)[1], 'base64'), wasm = path.join(tmp, 'old.wasm');
  execFileSync(process.execPath, [path.join(root, 'node_modules/assemblyscript/bin/asc.js'), path.join(process.env.OLD, 'assembly/index.ts'),
    '--runtime', 'stub', '--exportRuntime', '-O3', '--noAssert', '--converge', '--enable', 'simd', '--initialMemory', '16', '--outFile', wasm], { stdio: 'inherit', cwd: root });
  const nm = Buffer.from('gridclear.layout'), body = Buffer.concat([Buffer.from([nm.length]), nm, orig.subarray(orig.length - 4)]);
  const bytes = Buffer.concat([fs.readFileSync(wasm), Buffer.from([0, body.length]), body]), oldOut = path.join(tmp, 'old.mjs');
  await build({
    entryPoints: [path.join(root, 'src/index.ts')], bundle: true, format: 'esm', platform: 'node', outfile: oldOut, logLevel: 'error',
    plugins: [{ name: 'bin', setup(b) { b.onLoad({ filter: /binary\.generated\.ts$/ }, () => ({ contents: `export const WASM_BASE64 = '${bytes.toString('base64')}';`, loader: 'ts' })); } }],
  });
  oldLib = await import(oldOut);
}
const out = path.join(tmp, 'lib.mjs');
await build({
  entryPoints: [path.join(root, 'src/index.ts')], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error',
  plugins: [{ name: 'cap', setup(b) {
    b.onLoad({ filter: /src[\\/]lp[\\/]solve\.ts$/ }, (a) => ({ contents: fs.readFileSync(a.path, 'utf8').replace('  checkLp(lp);\n  return solveCheckedLp', '  checkLp(lp);\n  (globalThis as any).__lpCapture?.(lp, options);\n  return solveCheckedLp'), loader: 'ts' }));
  } }],
});
const instances = [];
const Native = WebAssembly.Instance;
WebAssembly.Instance = class extends Native { constructor(m, i) { super(m, i); instances.push(this); } };
const lib = await import(out);
const ctr = (k) => instances[0]?.exports.lpCounter?.(k) ?? NaN;
const reps = Number(process.env.REPS ?? 3);
const caseLp = (file, periods, storage) => () => angleLp(lib.normalizePeriods(periodsMarket(lib.importMatpower(fs.readFileSync(path.join(root, `../shared/cases/pglib_opf_${file}.m`), 'utf8')), { periods, orders: 1000, storage, seed: 7, lineFactor: 0.7 })));
const meshLp = (k, limit, orders) => async () => {
  const { meshMarket } = await import('../lib/mesh.mjs');
  let captured;
  globalThis.__lpCapture = (lp, options) => { captured = [lp, options]; };
  lib.clearNodal(meshMarket(k, { limit, orders, seed: 5 }), { maxIterations: 10_000_000 });
  globalThis.__lpCapture = undefined;
  return captured;
};
const makers = {
  random500: () => randomLp(500, 750, 500), random2000: () => randomLp(2000, 3000, 2000), random8000: () => randomLp(8000, 12000, 8000),
  degen8000: () => randomLp(8000, 12000, 8001, { ties: true }), case118: caseLp('case118_ieee', 24, 10), case1354: caseLp('case1354_pegase', 2, 100),
  mesh20: meshLp(20, 1, 4000), mesh30: meshLp(30, 4, 9000), mesh40: meshLp(40, 4, 16000),
};
const rules = ['product-form', 'forrest-tomlin', ...(oldLib ? ['old'] : [])];
for (const name of process.argv.slice(2)) {
  const made = await makers[name]();
  const [lp, base] = Array.isArray(made) ? made : [made, {}];
  const best = rules.map(() => ({ cpu: Infinity, wall: Infinity })), res = [];
  for (let r = 0; r < reps; r++) {
    for (let v = 0; v < rules.length; v++) {
      instances[0]?.exports.lpCounterReset?.();
      const c0 = process.cpuUsage(), t0 = performance.now();
      const s = rules[v] === 'old' ? oldLib.solveLp(lp, base) : lib.solveLp(lp, { ...base, update: rules[v] });
      const it = ctr(7);
      s.sizes = `col ${(ctr(0) / it).toFixed(0)} rho ${(ctr(1) / it).toFixed(0)} eta ${(ctr(3) / it).toFixed(0)} spike ${(ctr(11) / it).toFixed(0)} w ${(ctr(12) / it).toFixed(0)}`;
      const wall = performance.now() - t0, c = process.cpuUsage(c0), cpu = (c.user + c.system) / 1000;
      best[v].cpu = Math.min(best[v].cpu, cpu); best[v].wall = Math.min(best[v].wall, wall);
      res[v] = s;
    }
  }
  if (oldLib) console.log(`${name}: new PF/old cpu ${(best[0].cpu / best[2].cpu).toFixed(3)}, new FT/old cpu ${(best[1].cpu / best[2].cpu).toFixed(3)} wall ${(best[1].wall / best[2].wall).toFixed(3)}; old same bits as FT ${res[2].objective === res[1].objective && res[2].x.every((v, j) => Object.is(v, res[1].x[j]))}`);
  const same = res[0].objective === res[1].objective && res[0].x.every((v, j) => Object.is(v, res[1].x[j]));
  const rel = Math.abs(res[0].objective - res[1].objective) / Math.max(1, Math.abs(res[0].objective));
  for (let v = 0; v < rules.length; v++) {
    const s = res[v].stats;
    console.log(`${name} ${lp.numRows}x${lp.numCols} ${rules[v].padEnd(14)} ${res[v].status} obj ${res[v].objective} it ${s.iterations} refac ${s.refactorizations} ` +
      `${res[v].sizes} cpu ${best[v].cpu.toFixed(0)} ms (${(1000 * best[v].cpu / s.iterations).toFixed(1)} us/it) wall ${best[v].wall.toFixed(0)} ms (${(1000 * best[v].wall / s.iterations).toFixed(1)} us/it)`);
  }
  console.log(`${name}: FT/PF cpu ${(best[1].cpu / best[0].cpu).toFixed(3)} wall ${(best[1].wall / best[0].wall).toFixed(3)}; same bits ${same} (rel diff ${rel.toExponential(1)}); load ${os.loadavg()[0].toFixed(1)}`);
}
fs.rmSync(tmp, { recursive: true, force: true });
