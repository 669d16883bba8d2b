// The periods bench's case1354 day (as periods-1354.mjs) with both update rules of the LP engine
// in one process: src/ bundled twice, once with every solveLp call forced to
// `update: 'product-form'`; runs alternated, least CPU and wall kept, iterations and LP welfare.
// Run: `REPS=2 node bench/experiments/periods-update-ab.mjs [case] [seed]` (after npm run build:wasm).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { dayMarket } from '../lib/day.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'periods-update-ab-'));
// --debug: the core compiled here with its function names (asc --debug, same -O3) for --cpu-prof
let debugBytes;
if (process.argv.includes('--debug')) {
  const gen = fs.readFileSync(path.join(root, 'src/wasm/binary.generated.ts'), 'utf8');
  const orig = Buffer.from(/'([A-Za-z0-9+/=]+)'/.exec(gen)[1], 'base64'), wasm = path.join(tmp, 'core.wasm');
  execFileSync(process.execPath, [path.join(root, 'node_modules/assemblyscript/bin/asc.js'), path.join(root, 'assembly/index.ts'),
    '--runtime', 'stub', '--exportRuntime', '-O3', '--noAssert', '--converge', '--enable', 'simd', '--initialMemory', '16', '--debug', '--outFile', wasm], { stdio: 'inherit', cwd: root });
  const nm = Buffer.from('gridclear.layout'), body = Buffer.concat([Buffer.from([nm.length]), nm, orig.subarray(orig.length - 4)]);
  debugBytes = Buffer.concat([fs.readFileSync(wasm), Buffer.from([0, body.length]), body]);
}
async function bundle(rule) {
  const out = path.join(tmp, `lib-${rule}.mjs`);
  await build({
    entryPoints: [path.join(root, 'src/index.ts')], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error',
    plugins: [{ name: 'rule', setup(b) {
      if (debugBytes) b.onLoad({ filter: /binary\.generated\.ts$/ }, () => ({ contents: `export const WASM_BASE64 = '${debugBytes.toString('base64')}';`, loader: 'ts' }));
      b.onLoad({ filter: /src[\\/]lp[\\/]solve\.ts$/ }, (a) => ({ contents: fs.readFileSync(a.path, 'utf8').replace("o.update === 'product-form' ? 0 : 1", rule === 'pf' ? '0' : '1'), loader: 'ts' }));
    } }],
  });
  return import(out);
}
const instances = [];
const Native = WebAssembly.Instance;
WebAssembly.Instance = class extends Native { constructor(m, i) { super(m, i); instances.push(this); } };
const only = process.env.ONLY;
const libs = { pf: await bundle('pf'), ft: await bundle('ft') };
// average sizes per iteration of the LP engine (lpCounter), summed over the instances that ran
const sizes = () => {
  const c = (k) => instances.reduce((s, i) => s + (i.exports.lpCounter?.(k) ?? 0), 0), it = c(7);
  return `lp it ${it} col ${(c(0) / it).toFixed(0)} rho ${(c(1) / it).toFixed(0)} eta ${(c(3) / it).toFixed(0)} spike ${(c(11) / it).toFixed(0)} w ${(c(12) / it).toFixed(0)} factorizations ${c(10)} fill ${(c(8) / c(9)).toFixed(2)}`;
};
const file = process.argv[2] ?? 'case1354_pegase';
const base = libs.ft.importMatpower(fs.readFileSync(path.join(root, `../shared/cases/pglib_opf_${file}.m`), 'utf8'));
const m = dayMarket(base, { periods: 24, orders: 1e3, storage: 10, units: 10, seed: Number(process.argv[3] ?? 20261203) });
const best = { pf: { cpu: Infinity, wall: Infinity }, ft: { cpu: Infinity, wall: Infinity } }, res = {};
for (let r = 0; r < Number(process.env.REPS ?? 2); r++) {
  for (const k of only ? [only] : ['pf', 'ft']) {
    const grid = libs[k].GridModel.from(m.network, { quantityDecimals: m.quantityDecimals, allowNegativeReactance: true });
    for (const i of instances) i.exports.lpCounterReset?.();
    const c0 = process.cpuUsage(), t0 = performance.now();
    const out = libs[k].clearPeriods(m, { grid });
    const wall = performance.now() - t0, c = process.cpuUsage(c0), cpu = (c.user + c.system) / 1000;
    best[k].cpu = Math.min(best[k].cpu, cpu); best[k].wall = Math.min(best[k].wall, wall); res[k] = out;
    console.log(`${k} run ${r}: ${out.status} it ${out.stats.iterations} solves ${out.stats.solves} cpu ${cpu.toFixed(0)} ms wall ${wall.toFixed(0)} ms LP welfare ${out.stats.lpWelfare}; ${sizes()}`);
  }
}
if (!only) console.log(`${file}: FT/PF cpu ${(best.ft.cpu / best.pf.cpu).toFixed(3)} wall ${(best.ft.wall / best.pf.wall).toFixed(3)}; iterations ${res.pf.stats.iterations} -> ${res.ft.stats.iterations}; ` +
  `same LP welfare ${res.pf.stats.lpWelfare === res.ft.stats.lpWelfare}; load ${os.loadavg()[0].toFixed(1)}`);
fs.rmSync(tmp, { recursive: true, force: true });
