// Same results under two option sets of clearBlocks (one build): per market the status, the
// acceptance (every block's ratio ticks), the search's welfare, verifyBlocks on both results, and
// whether the digests are equal. Markets: the property tests' small random ones (smallBlocks, the
// bulk seeds, at most 6 and at most 12 blocks), the crosscheck's congested case14/30/57 days (more
// seeds), and case118 / 10-zone days of the bench's generator with fewer orders.
// (DAY_BLOCKS=100,1000: the case118 day with 1000 blocks at 1e3 orders per hour searched for over
// 7 minutes on the loaded machine, 2026-12-04.)
// Run: SMALL=300 LARGE=60 DAYS=4 node bench/experiments/blocks-same.mjs DIST '{}' '{"sift":{"markowitz":true}}'
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path'; import { fileURLToPath } from 'node:url';
import { dayAheadMarket } from '../lib/dayahead.mjs';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CASES = process.env.GRIDCLEAR_CASES ?? path.resolve(REPO, '../shared/cases');
const [dir, aJ, bJ] = process.argv.slice(2);
const lib = await import(path.resolve(dir, 'index.js'));
const optsA = JSON.parse(aJ ?? '{}'), optsB = JSON.parse(bJ ?? '{}');
const { build } = await import(`${REPO}/node_modules/esbuild/lib/main.js`);
const out = path.join(os.tmpdir(), `blocks-same-${process.pid}.mjs`);
await build({ entryPoints: [path.join(REPO, 'test/helpers/blocksArb.ts')], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error' });
const { smallBlocks } = await import(out); fs.rmSync(out);
const env = (k, d) => Number(process.env[k] ?? d);
function network(file, factor) {
  const base = lib.importMatpower(fs.readFileSync(path.join(CASES, file), 'utf8')).network;
  const scale = (v) => (v === null || v === undefined ? v : (Number(v) * factor).toFixed(3));
  return { ...base, buses: base.buses.map((b) => ({ id: b.id })), lines: base.lines.map((l) => ({ ...l, minFlow: scale(l.minFlow), maxFlow: scale(l.maxFlow) })) };
}
const tally = {};
function compare(kind, name, m, extra = {}) {
  const t = (tally[kind] ??= { markets: 0, sameDigest: 0, diffDigest: 0, sameAccept: 0, sameWelfare: 0, verified: 0, errors: 0 });
  t.markets++;
  const run = (o) => { try { const r = lib.clearBlocks(m, { ...extra, ...o }); return { r, res: r.status === 'optimal' ? lib.toBlocksResult(r) : undefined }; } catch (e) { return { err: `${e.code} ${e.message.slice(0, 80)}` }; } };
  const a = run(optsA), b = run(optsB);
  if (a.err || b.err) { if (a.err === b.err) { t.sameDigest++; t.sameAccept++; t.sameWelfare++; t.verified++; } else { t.errors++; console.log(`${kind} ${name}: A ${a.err ?? 'ok'} B ${b.err ?? 'ok'}`); } return; }
  const accept = a.r.status === b.r.status && a.r.blockRatio.length === b.r.blockRatio.length && a.r.blockRatio.every((v, k) => v === b.r.blockRatio[k]);
  const wa = a.r.search.bestWelfare, wb = b.r.search.bestWelfare;
  const welfare = a.r.status !== 'optimal' ? a.r.status === b.r.status : Math.abs(wa - wb) <= 1e-9 * Math.max(1, Math.abs(wa));
  const ver = a.r.status !== 'optimal' || (lib.verifyBlocks(m, a.res).ok && lib.verifyBlocks(m, b.res).ok);
  const same = a.r.status !== 'optimal' ? a.r.status === b.r.status : a.res.digest === b.res.digest;
  if (accept) t.sameAccept++; if (welfare) t.sameWelfare++; if (ver) t.verified++; if (same) t.sameDigest++; else t.diffDigest++;
  if (process.env.VERBOSE || !accept || !welfare || !ver || !same) console.log(`${kind} ${name}: accept ${accept} welfare ${welfare} (${wa} / ${wb}, exact ${a.r.welfare ?? ''} / ${b.r.welfare ?? ''}) verified ${ver} digest ${same ? 'same' : 'differs'} it ${a.r.search.iterations} / ${b.r.search.iterations}`);
}
const SEED = env('BLOCKS_SEED', 1);
for (let i = 0; i < env('SMALL', 300); i++) { const seed = SEED * 7_000_003 + i; compare('small<=6', seed, smallBlocks(seed, 6)); }
for (let i = 0; i < env('LARGE', 60); i++) { const seed = SEED * 7_000_003 + 500_000 + i; compare('small<=12', seed, smallBlocks(seed, 12)); }
for (const [file, factor, seed0] of [['pglib_opf_case14_ieee.m', 0.15, 3], ['pglib_opf_case30_ieee.m', 0.2, 5], ['pglib_opf_case57_ieee.m', 0.2, 8]]) {
  const net = network(file, factor);
  for (let s = 0; s < env('LINES', 6); s++) compare('lines', `${file} seed ${seed0 + s}`, dayAheadMarket({ periods: 12, ordersPerPeriod: 60, blocks: 12, seed: seed0 + s, network: net }));
}
const c118 = network('pglib_opf_case118_ieee.m', 0.5);
for (let s = 0; s < env('DAYS', 4); s++) for (const n of (process.env.DAY_BLOCKS ?? '100').split(',').map(Number)) {
  compare('case118 1e3/h', `${n} blocks seed ${2000 + n + s}`, dayAheadMarket({ ordersPerPeriod: 1000, blocks: n, seed: 2000 + n + s, network: c118 }), { relativeGap: 1e-4 });
  compare('zones 1e3/h', `${n} blocks seed ${1000 + n + s}`, dayAheadMarket({ ordersPerPeriod: 1000, blocks: n, seed: 1000 + n + s }), { relativeGap: 1e-4 });
}
console.log(JSON.stringify(tally, null, 1));
