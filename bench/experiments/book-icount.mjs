// Instructions (x64, valgrind's cachegrind; with ICOUNT_CACHE=1 its cache simulation too: D1/LL
// misses) of one batch run of a book stream per source tree, on book-ab.mjs's streams (AB_CACHE
// must hold them: run book-ab.mjs with AB_CACHE first). Each count is a whole process (node
// --no-liftoff --predictable: the stream read, the book built, the stream run once with the digest
// chain, a save()); a second process per tree without the run gives the base to subtract.
// Run: `GRIDCLEAR_CASES=... AB_CACHE=<dir> node bench/experiments/book-icount.mjs ROW DIR_A [DIR_B ...]`
// (ROW as book-ab.mjs's AB_ROWS entries, e.g. case1354_pegase@0.1:100000).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const me = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);
const CASES = process.env.GRIDCLEAR_CASES ?? path.resolve(path.dirname(me), '../../../shared/cases');
const RATING_SCALE = { case118_ieee: 0.25, case1354_pegase: 0.05 };
if (args[0] === '--child') {
  const [, libFile, row, runIt] = args;
  const lib = await import(libFile);
  const [spec, nStr] = row.split(':');
  const [name, kStr] = spec.split('@');
  const k = kStr ? Number(kStr) : RATING_SCALE[name];
  const market = lib.importMatpower(fs.readFileSync(path.join(CASES, `pglib_opf_${name}.m`), 'utf8'));
  const net = market.network;
  const lines = net.lines.map((l) => (l.maxFlow == null ? l : { ...l, maxFlow: (Number(l.maxFlow) * k).toFixed(3), minFlow: (-Number(l.maxFlow) * k).toFixed(3) }));
  const grid = lib.GridModel.from({ ...net, lines }, { allowNegativeReactance: true });
  const raw = JSON.parse(fs.readFileSync(path.join(process.env.AB_CACHE, `book-ab-${spec}-${nStr}.json`), 'utf8'));
  const types = { kind: Uint8Array, side: Uint8Array, tif: Uint8Array, flags: Uint8Array, participant: Int32Array, bus: Int32Array };
  const ev = Object.fromEntries(Object.entries(raw).map(([key, v]) => [key, types[key] ? types[key].from(v, Number) : BigInt64Array.from(v, BigInt)]));
  const book = new lib.OrderBook({ priceDecimals: 2, quantityDecimals: 3, priceFloor: '0.01', priceCap: '9999.99', capacity: 1 << 16, network: { grid } });
  if (runIt === '1') {
    const r = book.submitColumns(ev, { notes: false });
    console.log(JSON.stringify({ digest: r.digest.slice(0, 16), snap: book.save().digest.slice(0, 16) }));
  } else console.log('{}');
} else {
  const [row, ...dirs] = args;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'book-icount-'));
  for (const [i, dir] of dirs.entries()) {
    const lib = path.join(tmp, `lib-${i}.mjs`);
    await build({ stdin: { contents: "export * from './src/index.ts';", resolveDir: path.resolve(dir), loader: 'ts' }, bundle: true, format: 'esm', platform: 'node', outfile: lib, logLevel: 'error' });
    const counts = [];
    for (const runIt of ['1', '0']) {
      const out = path.join(tmp, `cg-${i}-${runIt}.out`);
      const cache = process.env.ICOUNT_CACHE === '1';
      const r = spawnSync('valgrind', ['--tool=cachegrind', `--cache-sim=${cache ? 'yes' : 'no'}`, `--cachegrind-out-file=${out}`,
        process.execPath, '--no-liftoff', '--predictable', me, '--child', lib, row, runIt], { encoding: 'utf8', env: process.env, maxBuffer: 1 << 26 });
      const summary = fs.readFileSync(out, 'utf8').split('\n').find((l) => l.startsWith('summary:'));
      const events = fs.readFileSync(out, 'utf8').split('\n').find((l) => l.startsWith('events:')).slice(8).split(' ');
      const vals = summary.slice(9).split(' ').map(Number);
      counts.push({ out: r.stdout.trim(), ...Object.fromEntries(events.map((e, j) => [e, vals[j]])) });
    }
    const [run, base] = counts;
    const d = Object.fromEntries(Object.keys(run).filter((e) => e !== 'out').map((e) => [e, run[e] - base[e]]));
    console.log(`${dir} ${row}: ${run.out}  run minus base: ${Object.entries(d).map(([e, v]) => `${e} ${(v / 1e6).toFixed(1)}M`).join(', ')}`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}
