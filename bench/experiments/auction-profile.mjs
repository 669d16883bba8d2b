// Per-phase profile of clearColumns on the distributions (issue 16): builds the core with its
// function names kept (asc --debug, same -O3), bundles src/ with it, and samples (node:inspector,
// 50 us) REPS calls per distribution; prints the self time per function (Wasm passes by name, the
// JavaScript copies as `slice` etc.) as ms per call, largest first.
// node bench/experiments/auction-profile.mjs [n] [reps] [names] [--assembly=DIR] [--top=N]
// (OPTS env: options as JSON, e.g. OPTS='{"trades":false}'; CORE=1: the core's call alone, no copies in or out)
// (WHERE=1: each function's file:line and caller; KEEP=1: keep the bundle, to read those lines)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { DISTRIBUTIONS, distributionColumns } from '../lib/distributions.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const flag = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const rest = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const n = Number(rest[0] ?? 1e6), reps = Number(rest[1] ?? 20), names = rest[2]?.split(',');
const top = Number(flag('top') ?? 12);
const opts = JSON.parse(process.env.OPTS ?? '{}');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'auction-profile-'));
const wasm = path.join(tmp, 'core.wasm');
const asmDir = path.join(flag('assembly') ?? root, 'assembly');
execFileSync(process.execPath, [path.join(root, 'node_modules/assemblyscript/bin/asc.js'), path.join(asmDir, 'index.ts'),
  '--runtime', 'stub', '--exportRuntime', '-O3', '--noAssert', '--converge', '--enable', 'simd', '--initialMemory', '16',
  '--debug', '--outFile', wasm], { stdio: 'inherit', cwd: root });
// the layout stamp: the last 4 bytes of the generated binary's custom section
const gen = fs.readFileSync(path.join(root, 'src/wasm/binary.generated.ts'), 'utf8');
const orig = Buffer.from(/'([A-Za-z0-9+/=]+)'/.exec(gen)[1], 'base64');
const nm = Buffer.from('gridclear.layout');
const body = Buffer.concat([Buffer.from([nm.length]), nm, orig.subarray(orig.length - 4)]);
const bytes = Buffer.concat([fs.readFileSync(wasm), Buffer.from([0, body.length]), body]);
const out = path.join(tmp, 'lib.mjs');
await build({
  entryPoints: [path.join(root, 'src/index.ts')], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error',
  plugins: [{ name: 'bin', setup(b) {
    b.onLoad({ filter: /binary\.generated\.ts$/ }, () => ({ contents: `export const WASM_BASE64 = '${bytes.toString('base64')}';`, loader: 'ts' }));
  } }],
});
// CORE=1: time the core's entry point alone, on the inputs one clearColumns call left in its memory
const Native = WebAssembly.Instance;
let lastCall;
if (process.env.CORE) WebAssembly.Instance = class extends Native {
  constructor(m, i) {
    super(m, i);
    const raw = super.exports;
    this.wrapped = { ...raw, auctionClear: (h) => { lastCall = () => raw.auctionClear(h); return raw.auctionClear(h); } };
  }
  get exports() { return this.wrapped; }
};
const lib = await import(out);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 50 });

/** Self time per function name of a profile, in ms. */
function selfTimes(prof) {
  const byId = new Map(prof.nodes.map((x) => [x.id, x]));
  const self = new Map();
  const parent = new Map();
  for (const x of prof.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  for (let i = 0; i < prof.samples.length; i++) {
    const node = byId.get(prof.samples[i]);
    const k = (node.callFrame.functionName || `(${node.callFrame.url.split('/').pop()}:${node.callFrame.lineNumber})`) + (process.env.WHERE ? ` ${node.callFrame.url.split('/').pop()}:${node.callFrame.lineNumber} <- ${byId.get(parent.get(node.id))?.callFrame.functionName}` : '');
    self.set(k, (self.get(k) ?? 0) + (prof.timeDeltas[i] ?? 0) / 1000);
  }
  return self;
}

for (const d of DISTRIBUTIONS) {
  if (names && !names.includes(d.name)) continue;
  const data = distributionColumns(d, n, 20261124 + 16 * n);
  let run = () => lib.clearColumns(data.columns, data.market, opts);
  run(); run();
  if (process.env.CORE) { lib.clearColumns(data.columns, data.market, { ...opts, views: true }); run = lastCall; }
  let cpu = 0;
  await session.post('Profiler.start');
  for (let r = 0; r < reps; r++) {
    globalThis.gc?.();
    const c0 = process.cpuUsage();
    run();
    const c = process.cpuUsage(c0);
    cpu += (c.user + c.system) / 1000;
  }
  const { profile } = await session.post('Profiler.stop');
  const self = [...selfTimes(profile)].filter(([k]) => !['(idle)', '(program)', '(garbage collector)'].includes(k) || true)
    .sort((a, b) => b[1] - a[1]);
  const total = self.reduce((s, [, t]) => s + t, 0);
  console.log(`${d.name}: cpu ${(cpu / reps).toFixed(1)} ms/call, sampled ${(total / reps).toFixed(1)} ms/call`);
  for (const [k, t] of self.slice(0, top)) console.log(`  ${(t / reps).toFixed(2).padStart(7)} ms  ${k}`);
}
if (!process.env.KEEP) fs.rmSync(tmp, { recursive: true, force: true }); else console.log(tmp);
