// Instructions (x64, valgrind's cachegrind, no cache simulation) of one clearBlocks per option set,
// on the blocks-ab.mjs days: deterministic to about 0.1% (node --no-liftoff --predictable), where
// CPU times on the loaded 2-core machine vary by tens of percent. Each count is a whole process
// (the day generated, validated, cleared once): compare the difference between option sets.
// Run: BLOCKS=1000 NET=1 node bench/experiments/blocks-icount.mjs DIST '{}' '{"sift":{"markowitz":true}}'
// (as a child: node blocks-icount.mjs --child DIST OPTS)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs'; import path from 'node:path'; import os from 'node:os'; import { fileURLToPath } from 'node:url';
const me = fileURLToPath(import.meta.url);
const REPO = path.resolve(path.dirname(me), '../..');
const CASES = process.env.GRIDCLEAR_CASES ?? path.resolve(REPO, '../shared/cases');
const args = process.argv.slice(2);
if (args[0] === '--child') {
  const [, dir, optsJ] = args;
  const lib = await import(path.resolve(dir, 'index.js'));
  const { dayAheadMarket } = await import('../lib/dayahead.mjs');
  const n = Number(process.env.BLOCKS ?? 1000), net = process.env.NET !== '0', orders = Number(process.env.ORDERS ?? 1e4);
  let network;
  if (net) {
    const base = lib.importMatpower(fs.readFileSync(path.join(CASES, 'pglib_opf_case118_ieee.m'), 'utf8'));
    const half = (v) => (v === null || v === undefined ? v : (Number(v) * 0.5).toFixed(3));
    network = { ...base.network, buses: base.network.buses.map((b) => ({ id: b.id })), lines: base.network.lines.map((l) => ({ ...l, minFlow: half(l.minFlow), maxFlow: half(l.maxFlow) })) };
  }
  const market = dayAheadMarket({ ordersPerPeriod: orders, blocks: n, seed: process.env.SEED ? Number(process.env.SEED) : (net ? 2000 : 1000) + n, network });
  const o = lib.clearBlocks(market, { relativeGap: Number(process.env.GAP ?? 1e-4), ...JSON.parse(optsJ) });
  console.log(JSON.stringify({ it: o.search.iterations, digest: lib.toBlocksResult(o).digest.slice(7, 19) }));
} else {
  const [dir, ...sets] = args;
  for (const opts of sets) {
    const out = path.join(os.tmpdir(), `blocks-icount-${process.pid}.out`);
    const r = spawnSync('valgrind', ['--tool=cachegrind', '--cache-sim=no', `--cachegrind-out-file=${out}`, process.execPath, '--no-liftoff', '--predictable', me, '--child', dir, opts], { encoding: 'utf8', env: process.env, maxBuffer: 1 << 26 });
    const m = /I\s+refs:\s+([\d,]+)/.exec(r.stderr);
    console.log(`${opts} instructions ${m ? m[1] : '?'} ${r.stdout.trim()}${m ? '' : ' ' + r.stderr.slice(-400)}`);
    fs.rmSync(out, { force: true });
  }
}
