// A/B timing of two builds of the LP engine on dumped LPs (bench/experiments/day-repro.mjs --dump):
// both cores in one process, solves alternated, the least CPU time of each kept (steadier than
// separate runs on a shared machine). Checks that both reach the same objective.
// Run: `node bench/experiments/lp-ab.mjs A.wasm B.wasm DIR/solve-1.json [reps]` (the .wasm files:
// day-repro.mjs --save writes them; "-" for the current assembly/ built here).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lp-ab-'));
const gen = fs.readFileSync(path.join(root, 'src/wasm/binary.generated.ts'), 'utf8');
const orig = Buffer.from(/'([A-Za-z0-9+/=]+)'/.exec(gen)[1], 'base64');
function compile(dir, out) {
  execFileSync(process.execPath, [path.join(root, 'node_modules/assemblyscript/bin/asc.js'), path.join(dir, 'assembly/index.ts'),
    '--runtime', 'stub', '--exportRuntime', '-O3', '--noAssert', '--converge', '--enable', 'simd', '--initialMemory', '16', '--debug', '--outFile', out], { stdio: 'inherit', cwd: root });
  const nm = Buffer.from('gridclear.layout');
  const body = Buffer.concat([Buffer.from([nm.length]), nm, orig.subarray(orig.length - 4)]);
  return Buffer.concat([fs.readFileSync(out), Buffer.from([0, body.length]), body]);
}
async function load(spec, tag) {
  // a directory's core is compiled once and kept as DIR/core.wasm (the current assembly/, "-", every time)
  const cached = spec !== '-' && !spec.endsWith('.wasm') ? path.join(spec, 'core.wasm') : '';
  if (cached && !fs.existsSync(cached)) fs.writeFileSync(cached, compile(spec, path.join(tmp, `${tag}.wasm`)));
  const bytes = spec === '-' ? compile(root, path.join(tmp, `${tag}.wasm`)) : fs.readFileSync(cached || spec);
  const out = path.join(tmp, `lib-${tag}.mjs`);
  await build({
    entryPoints: [path.join(root, 'src/index.ts')], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error',
    plugins: [{ name: 'bin', setup(b) { b.onLoad({ filter: /binary\.generated\.ts$/ }, () => ({ contents: `export const WASM_BASE64 = '${bytes.toString('base64')}';`, loader: 'ts' })); } }],
  });
  return import(out);
}
const [a, b, file, repsArg] = process.argv.slice(2).filter((x) => !x.startsWith('--'));
const only = process.argv.includes('--only-b');
const libs = [await load(a, 'a'), await load(b, 'b')];
const j = JSON.parse(fs.readFileSync(file, 'utf8'));
const num = (v) => (v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v);
const lp = { numCols: j.numCols, numRows: j.numRows, maximize: j.maximize };
for (const k of ['colLower', 'colUpper', 'colCost', 'colValue', 'rowLower', 'rowUpper']) lp[k] = Float64Array.from(j[k], num);
for (const k of ['colStart', 'colRow']) lp[k] = Int32Array.from(j[k]);
const basis = j.basis ? Int32Array.from(j.basis) : undefined;
const best = [Infinity, Infinity], res = [];
for (let r = 0; r < Number(repsArg ?? 3); r++) {
  for (let v = only ? 1 : 0; v < 2; v++) {
    const c0 = process.cpuUsage();
    const s = libs[v].solveLp(lp, { basis });
    const c = process.cpuUsage(c0), cpu = (c.user + c.system) / 1000;
    best[v] = Math.min(best[v], cpu);
    res[v] = s;
  }
}
for (let v = only ? 1 : 0; v < 2; v++) {
  const s = res[v].stats;
  console.log(`${v ? 'B' : 'A'}: ${res[v].status} obj ${res[v].objective} it ${s.iterations} refac ${s.refactorizations} flips ${s.flips} peakLU ${s.peakFactorEntries} best cpu ${best[v].toFixed(0)} ms ${(1000 * best[v] / s.iterations).toFixed(0)} us/it`);
}
console.log(`B/A time ${(best[1] / best[0]).toFixed(3)}; load ${os.loadavg()[0].toFixed(1)}`);
fs.rmSync(tmp, { recursive: true, force: true });
