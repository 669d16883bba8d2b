// Profiles the engine on LPs captured by lp-capture.mjs (the debug core: function names kept):
// each LP solved once from its captured basis; iterations, CPU time and the profile counters
// (pivot-row variables reached, the merit order's walked singletons). Run with
// `node --cpu-prof --cpu-prof-dir=/tmp/lpprof bench/experiments/lp-captured-profile.mjs file.json ...`
// and read the profile with lp-profile-read.mjs. MERIT=0 turns the singletons' merit order off.
import fs from 'node:fs';
import path from 'node:path';
import { debugLib } from './lib/debugCore.mjs';

const { lib, instances } = await debugLib({ name: 'lp-captured-profile' });
const num = (x) => (typeof x === 'string' ? Number(x) : x);
const unarr = (v) => (v && typeof v === 'object' && v.t ? new globalThis[v.t](v.v.map(num)) : v);
for (const file of process.argv.slice(2).filter((a) => !a.startsWith('--'))) {
  const j = JSON.parse(fs.readFileSync(file, 'utf8'));
  const lp = Object.fromEntries(Object.entries(j.lp).map(([k, v]) => [k, unarr(v)]));
  const opts = { ...Object.fromEntries(Object.entries(j.options ?? {}).map(([k, v]) => [k, unarr(v)])), basis: j.basis ? unarr(j.basis) : undefined, maxIterations: 1e7 };
  lib.solveLp({ numRows: 1, numCols: 1, colCost: new Float64Array([1]), colLower: new Float64Array([0]), colUpper: new Float64Array([1]), rowLower: new Float64Array([0]), rowUpper: new Float64Array([1]), colStart: new Int32Array([0, 1]), colRow: new Int32Array([0]), colValue: new Float64Array([1]) });
  const core = instances.at(-1).exports;
  if (process.env.MERIT === '0') core.lpMeritOrder?.(0);
  core.lpCounterReset();
  const c0 = process.cpuUsage();
  const r = lib.solveLp(lp, opts);
  const c = process.cpuUsage(c0);
  const it = core.lpCounter(7);
  console.log(`${path.basename(file)} (${lp.numRows}x${lp.numCols}): ${r.status} obj ${r.objective} it ${r.stats.iterations} cpu ${((c.user + c.system) / 1000).toFixed(0)} ms | per iteration: rho ${(core.lpCounter(1) / it).toFixed(0)} reached ${(core.lpCounter(2) / it).toFixed(0)} walked ${(core.lpCounter(23) / it).toFixed(0)} candidates ${(core.lpCounter(22) / it).toFixed(0)} col ${(core.lpCounter(0) / it).toFixed(0)}`);
}
