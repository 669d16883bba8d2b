// Same results from two source trees (each with its built core, as nodal-ab.mjs loads them) on many
// markets: the PGLib cases of the shared folder with random prosumer orders at several limit
// scalings and order counts, and congested meshes at quantity decimals 0, 3, 6 with and without
// tied prices. Compares the clearing-result digest, the LP welfare bits, iterations and rounds.
// Run: `node bench/experiments/nodal-same.mjs DIR_A DIR_B` (exit 1 on a difference).
// SAME_REPEAT=3: B clears each market object 3 times (from the third call on with its kept network)
// and each result is compared with A's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { prosumerMarket } from '../lib/prosumers.mjs';
import { meshMarket } from '../lib/mesh.mjs';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nodal-same-'));
async function load(dir, tag) {
  const out = path.join(tmp, `lib-${tag}.mjs`);
  await build({ stdin: { contents: "export * from './src/index.ts';", resolveDir: path.resolve(dir), loader: 'ts' }, bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error' });
  return import(out);
}
const [dirA, dirB] = process.argv.slice(2);
const libs = [await load(dirA, 'a'), await load(dirB, 'b')];
const casesDir = process.env.GRIDCLEAR_CASES ?? path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../shared/cases');
const markets = [];
for (const f of fs.readdirSync(casesDir).filter((x) => x.endsWith('.m')).sort()) {
  const base = libs[0].importMatpower(fs.readFileSync(path.join(casesDir, f), 'utf8'));
  for (const scale of [0.5, 0.2, 0.05]) for (const n of [300, 3000]) markets.push([`${f} x${scale} ${n}`, prosumerMarket(base, n, 7 + n, scale)]);
}
for (const k of [5, 10, 15]) for (const qd of [0, 3, 6]) for (const ties of [false, true]) markets.push([`mesh ${k} qd${qd}${ties ? ' ties' : ''}`, meshMarket(k, { limit: 4, orders: 10 * k * k, seed: k + qd, quantityDecimals: qd, ties })]);
// SAME_LARGE=1: also the dense core alone (no hand-over) on larger meshes and case1354 with tight
// limits, where it holds hundreds of rows (refactorizations, rows dropped; about a minute more)
const LARGE = process.env.SAME_LARGE === '1';
if (LARGE) {
  for (const k of [20, 25]) for (const ties of [false, true]) markets.push([`mesh ${k} dense${ties ? ' ties' : ''}`, meshMarket(k, { limit: 1, orders: 10 * k * k, seed: k, quantityDecimals: 3, ties }), { denseRowLimit: 2 ** 31 - 1 }]);
  const f = fs.readdirSync(casesDir).find((x) => x.includes('case1354'));
  if (f) {
    const base = libs[0].importMatpower(fs.readFileSync(path.join(casesDir, f), 'utf8'));
    markets.push([`${f} x0.1 1e4 dense`, prosumerMarket(base, 10000, 20261130, 0.1), { denseRowLimit: 2 ** 31 - 1 }]);
  }
}
let diff = 0;
const sig = (lib, m, o) => {
  try {
    const r = lib.clearNodal(m, { maxIterations: 10_000_000, ...o });
    return `${r.status} ${lib.toClearingResult(lib.nodalOutcome(r)).digest} ${r.stats.lpWelfare} ${r.stats.iterations} ${r.stats.rounds}`;
  } catch (e) { return `error ${e.code ?? e.message}`; }
};
const REPEAT = Number(process.env.SAME_REPEAT ?? 1);
for (const [name, m, o] of markets) {
  const a = sig(libs[0], m, o);
  for (let k = 0; k < REPEAT; k++) {
    const b = sig(libs[1], m, o);
    if (a !== b) { diff++; console.log(`DIFFERENT ${name} (call ${k + 1})\n  A ${a}\n  B ${b}`); break; }
  }
}
console.log(`${markets.length - diff} of ${markets.length} markets give the same digest, welfare, iterations and rounds`);
fs.rmSync(tmp, { recursive: true, force: true });
process.exit(diff ? 1 : 0);
