// The periods bench's case1354 day (24 periods x 1e3 orders, 10 storage and 10 ramped units, the
// bench's seed) through clearPeriods' default method on one build: iterations, wall and CPU time.
// node bench/experiments/periods-1354.mjs [dist/index.js] [seed]
import fs from 'node:fs';
import path from 'node:path';
import { dayMarket } from '../lib/day.mjs';
import { REPO_DIR } from '../lib/harness.mjs';
const dist = path.resolve(process.argv[2] ?? path.join(REPO_DIR, 'dist/index.js'));
const lib = await import(dist);
const cases = process.env.GRIDCLEAR_CASES ?? path.resolve(REPO_DIR, '../shared/cases');
const base = lib.importMatpower(fs.readFileSync(path.join(cases, 'pglib_opf_case1354_pegase.m'), 'utf8'));
const m = dayMarket(base, { periods: 24, orders: 1e3, storage: 10, units: 10, seed: Number(process.argv[3] ?? 20261203) });
const grid = lib.GridModel.from(m.network, { quantityDecimals: m.quantityDecimals, allowNegativeReactance: true });
const c0 = process.cpuUsage();
const t0 = performance.now();
const out = lib.clearPeriods(m, { grid });
const c = process.cpuUsage(c0);
console.log(`${dist}: ${out.status}, ${out.stats.iterations} iterations, ${out.stats.solves} solves, wall ${(performance.now() - t0).toFixed(0)} ms, CPU ${((c.user + c.system) / 1000).toFixed(0)} ms, LP welfare ${out.stats.lpWelfare}`);
