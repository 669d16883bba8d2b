// A/B of two source trees on LPs captured by lp-capture.mjs (each tree's src/ bundled with its own
// built core: run `npm run build:wasm` in each first), in one process: each LP solved from its
// captured basis by A and B alternated (A B B A ...), REPS times; CPU time (process.cpuUsage) median
// and least, per iteration, iterations, and whether status, objective, x and the row duals are the
// same bits.
// Run: node bench/experiments/lp-captured-ab.mjs DIR_A DIR_B [reps] file.json ...
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path'; import { fileURLToPath } from 'node:url';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { build } = await import(`${REPO}/node_modules/esbuild/lib/main.js`);
const [dirA, dirB, repsArg, ...files] = process.argv.slice(2);
const REPS = Number(repsArg ?? 5);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lp-captured-ab-'));
async function load(dir, tag) {
  const out = path.join(tmp, `lib-${tag}.mjs`);
  await build({ entryPoints: [path.join(path.resolve(dir), 'src/index.ts')], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error' });
  return import(out);
}
const libs = [await load(dirA, 'a'), await load(dirB, 'b')];
fs.rmSync(tmp, { recursive: true });
const num = (x) => (typeof x === 'string' ? Number(x) : x);
const unarr = (v) => (v && typeof v === 'object' && v.t ? new globalThis[v.t](v.v.map(num)) : v);
const cpuOf = (f) => { const c0 = process.cpuUsage(); const r = f(); const c = process.cpuUsage(c0); return [r, (c.user + c.system) / 1000]; };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const key = (r) => [r.status, r.objective, ...r.x, ...r.rowDual].map((v) => (Object.is(v, -0) ? '-0' : String(v))).join(',');
const load1 = () => os.loadavg()[0].toFixed(1);
console.log(`A ${dirA} | B ${dirB}; load ${load1()}, ${REPS} reps`);
for (const file of files) {
  const j = JSON.parse(fs.readFileSync(file, 'utf8'));
  const lp = Object.fromEntries(Object.entries(j.lp).map(([k, v]) => [k, unarr(v)]));
  const opts = { ...Object.fromEntries(Object.entries(j.options ?? {}).map(([k, v]) => [k, unarr(v)])), basis: j.basis ? unarr(j.basis) : undefined, maxIterations: 1e7 };
  const cpu = [[], []], res = [];
  for (let i = 0; i < REPS; i++) for (const v of i % 2 ? [1, 0] : [0, 1]) { const [r, c] = cpuOf(() => libs[v].solveLp(lp, opts)); cpu[v].push(c); res[v] = r; }
  const mc = cpu.map(median), lc = cpu.map((c) => Math.min(...c)), it = res.map((r) => r.stats.iterations);
  const per = (ms, n) => (n ? `${((1000 * ms) / n).toFixed(0)} us/it` : '-');
  console.log(`${path.basename(file)} (${lp.numRows}x${lp.numCols}): A ${mc[0].toFixed(0)} (least ${lc[0].toFixed(0)}, ${per(lc[0], it[0])}) ms ${it[0]} it | B ${mc[1].toFixed(0)} (least ${lc[1].toFixed(0)}, ${per(lc[1], it[1])}) ms ${it[1]} it | B/A median ${(mc[1] / mc[0]).toFixed(3)} least ${(lc[1] / lc[0]).toFixed(3)} | ${key(res[0]) === key(res[1]) ? 'same bits' : 'DIFFER'} | load ${load1()}`);
}
