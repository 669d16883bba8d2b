// Instructions (valgrind's cachegrind) of periodsStart alone per build: the difference of a process
// making WARM + REPS starts and one making WARM, over REPS (node --no-liftoff --predictable; load
// does not disturb it). The start's options as clearPeriods' default picks them (the storage
// clearing's where storageLed holds). After `npm run build`:
// `SEED=20261202 node bench/experiments/periods-start-icount.mjs A/index.js B/index.js -- case118_ieee 24 1000 10 [hours]`
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const me = fileURLToPath(import.meta.url);
const { instructions } = await import('./lib/valgrind.mjs');
const args = process.argv.slice(2);
const WARM = +(process.env.WARM ?? 4), REPS = +(process.env.REPS ?? 6);
if (args[0] === '--child') {
  const [, build, n, file, T, orders, k, duration] = args;
  const { dayOf, storageLed: led } = await import('./lib/day.mjs');
  const lib = await import(path.resolve(build));
  const { mk, grid } = dayOf(lib, file, T, orders, k, duration);
  const ms = Array.from({ length: +n }, () => lib.normalizePeriods(mk, grid.network));
  let s;
  for (const m of ms) s = lib.periodsStart(mk, m, grid, led(m) ? { storageBasis: true, search: 8 } : {});
  process.stdout.write(`pairs ${s.pairs.length}\n`);
} else {
  const cut = args.indexOf('--');
  const builds = cut < 0 ? args : args.slice(0, cut);
  const [file = 'case118_ieee', T = '24', orders = '1000', k = '10', duration = '1'] = cut < 0 ? [] : args.slice(cut + 1);
  const refs = (n, build) => instructions(me, ['--child', build, String(n), file, T, orders, k, duration]);
  console.log(`${file} T=${T} ${orders}/period k=${k} h=${duration} seed ${process.env.SEED ?? 20261203}: periodsStart instructions per start (millions; ${WARM} warm-ups, ${REPS} counted)`);
  for (const b of builds) {
    const lo = refs(WARM, b), hi = refs(WARM + REPS, b);
    console.log(`  ${b}: ${((hi.i - lo.i) / REPS / 1e6).toFixed(1)} M (${hi.out})`);
  }
}
