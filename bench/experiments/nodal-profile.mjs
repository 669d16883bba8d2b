// CPU profile of many clearNodal calls on one bench row (the plain call: one market object, the
// kept network), the core built with its function names (lib/debugCore.mjs): self time per
// function, Wasm and JS, top entries. Run:
//   node bench/experiments/nodal-profile.mjs case300_ieee:1000:20261127 [calls] [--wasm=FILE|--keep=FILE]
// (the seeds of bench/nodal.bench.mjs: case118 1e3 20261124, 1e4 20261125; case300 1e3 20261127, 1e4 20261128)
import fs from 'node:fs';
import path from 'node:path';
import inspector from 'node:inspector';
import { debugLib, root } from './lib/debugCore.mjs';
import { prosumerMarket } from '../lib/prosumers.mjs';

const pos = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const [name, nStr, seedStr] = pos[0].split(':');
const CALLS = Number(pos[1] ?? 1000);
const TOP = Number(process.env.PROFILE_TOP ?? 40);
const { lib } = await debugLib({ name: 'nodal-profile' });
const casesDir = process.env.GRIDCLEAR_CASES ?? path.resolve(root, '../shared/cases');
const base = lib.importMatpower(fs.readFileSync(path.join(casesDir, `pglib_opf_${name}.m`), 'utf8'));
const m = prosumerMarket(base, Number(nStr), Number(seedStr), 0.5);
const opts = JSON.parse(process.env.PROFILE_OPTS ?? '{}');
for (let i = 0; i < 20; i++) lib.clearNodal(m, opts);
const s = new inspector.Session(); s.connect();
const post = (method, params) => new Promise((res, rej) => s.post(method, params, (e, r) => (e ? rej(e) : res(r))));
await post('Profiler.enable'); await post('Profiler.setSamplingInterval', { interval: 100 });
await post('Profiler.start');
const c0 = process.cpuUsage();
let r;
for (let i = 0; i < CALLS; i++) r = lib.clearNodal(m, opts);
const c = process.cpuUsage(c0);
const { profile } = await post('Profiler.stop');
const self = new Map();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const time = new Map();
profile.samples.forEach((id, i) => time.set(id, (time.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
let total = 0;
for (const [id, t] of time) {
  const n = byId.get(id); const f = n.callFrame;
  const key = `${f.functionName || '(anon)'} ${f.url ? path.basename(f.url) : ''}${f.url && !f.url.startsWith('wasm') ? `:${f.lineNumber + 1}` : ''}`;
  self.set(key, (self.get(key) ?? 0) + t); total += t;
}
console.log(`${name} ${nStr}: ${CALLS} calls, ${((c.user + c.system) / 1000 / CALLS).toFixed(3)} ms CPU per call; it ${r.stats.iterations} rounds ${r.stats.rounds} rows ${r.stats.activeLines}`);
for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${(100 * t / total).toFixed(1).padStart(5)}%  ${(t / 1000 / CALLS).toFixed(4)} ms  ${k}`);
