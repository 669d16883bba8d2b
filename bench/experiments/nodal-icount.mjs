// Instructions (x64, valgrind's cachegrind) of one clearNodal per source tree and option set:
// deterministic to about 0.1% (node --no-liftoff --predictable), where CPU times on the loaded
// 2-core machine vary by 2x between identical calls. Each count is the difference of a process
// clearing 3 times and one clearing once, over 2 (node's start-up, compilation and the first call's
// tier-up cancel out). Prints the path, iterations, rounds, LP welfare and a hash of the fills, to
// check that the trees give the same result. Needs valgrind; mesh15 takes about 3 minutes a count
// on a loaded machine, mesh20 4, case1354 x0.03 with 1e5 orders some 10.
// Run: [ICOUNT_REPS=10,40] node bench/experiments/nodal-icount.mjs ROW TREE[:OPTS]...
//   ROW: meshK/limitMW (bench/lib/mesh.mjs, 10 K^2 orders, seed 5) or case:orders:tighten[:seed]
//   (prosumer orders, seed 11 by default); TREE a source tree (built core in src/wasm), OPTS JSON
//   options of clearNodal, e.g. /work/main '/work/main:{"denseRowLimit":64}'.
// (as a child: node nodal-icount.mjs --child LIBFILE ROW OPTS reps)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path'; import { fileURLToPath } from 'node:url';
const me = fileURLToPath(import.meta.url);
const REPO = path.resolve(path.dirname(me), '../..');
const CASES = process.env.GRIDCLEAR_CASES ?? path.resolve(REPO, '../shared/cases');
const args = process.argv.slice(2);
if (args[0] === '--child') {
  const [, libFile, row, opts, reps] = args;
  const lib = await import(libFile);
  const { meshMarket } = await import(`${REPO}/bench/lib/mesh.mjs`);
  const { prosumerMarket } = await import(`${REPO}/bench/lib/prosumers.mjs`);
  let m;
  if (row.startsWith('mesh')) { const [k, lim] = row.slice(4).split('/').map(Number); m = meshMarket(k, { limit: lim, orders: 10 * k * k, seed: 5 }); }
  else { const [c, n, t, seed] = row.split(':'); m = prosumerMarket(lib.importMatpower(fs.readFileSync(`${CASES}/pglib_opf_${c}.m`, 'utf8')), Number(n), Number(seed ?? 11), Number(t)); }
  const o = { maxIterations: 1e7, ...JSON.parse(opts) };
  let r;
  for (let i = 0; i < Number(reps); i++) r = lib.clearNodal(m, o);
  let h = 0;
  for (let j = 0; j < r.fills.length; j++) h = (Math.imul(h, 31) + Number(r.fills[j] % 1000003n) + j) | 0;
  console.log(`${r.stats.path} ${r.stats.iterations} it ${r.stats.rounds} rounds, LP welfare ${r.stats.lpWelfare}, fills hash ${h >>> 0}`);
  process.exit(0);
}
const { build } = await import(`${REPO}/node_modules/esbuild/lib/main.js`);
const [row, ...sides] = args;
/** ICOUNT_REPS=R1,R2: the calls of the two processes (default 1,3; e.g. 10,40 so that the JS part is optimized as in a long run). */
const [R1, R2] = (process.env.ICOUNT_REPS ?? '1,3').split(',').map(Number);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nodal-icount-'));
for (const [i, side] of sides.entries()) {
  const at = side.indexOf(':{');
  const tree = at < 0 ? side : side.slice(0, at), opts = at < 0 ? '{}' : side.slice(at + 1);
  const lib = path.join(tmp, `lib-${i}.mjs`);
  await build({ stdin: { contents: "export * from './src/index.ts';", resolveDir: path.resolve(tree), loader: 'ts' }, bundle: true, format: 'esm', platform: 'node', outfile: lib, logLevel: 'error' });
  const count = (reps) => {
    const out = path.join(tmp, 'cg.out');
    const p = spawnSync('valgrind', ['--tool=cachegrind', '--cache-sim=no', `--cachegrind-out-file=${out}`, process.execPath, '--no-liftoff', '--predictable', me, '--child', lib, row, opts, String(reps)], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const mm = /I\s+refs:\s+([\d,]+)/.exec(p.stderr);
    if (!mm) throw new Error(`valgrind failed: ${p.stderr.slice(-2000)}`);
    return [Number(mm[1].replace(/,/g, '')), p.stdout.trim()];
  };
  const [a] = count(R1), [b, res] = count(R2);
  console.log(`${row} ${tree} ${opts}: ${((b - a) / (R2 - R1) / 1e6).toFixed(2)} million instructions per clearNodal; ${res}`);
}
fs.rmSync(tmp, { recursive: true });
