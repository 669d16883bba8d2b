// Instructions (x64, valgrind's cachegrind) of warmed clearPeriods clearings per build: each count
// is the difference of a process making WARM + REPS clearings and one making WARM, over REPS
// (node --no-liftoff --predictable: no tier-up, no background threads; load does not disturb it).
// A run of the case118 day takes a few minutes. After `npm run build`:
// `SEED=20261202 node bench/experiments/periods-icount.mjs A/index.js B/index.js -- case118_ieee 24 1000 10 [hours]`
// (as a child: node periods-icount.mjs --child build n file T orders k hours)
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const me = fileURLToPath(import.meta.url);
const { instructions } = await import('./lib/valgrind.mjs');
const args = process.argv.slice(2);
const WARM = +(process.env.WARM ?? 4), REPS = +(process.env.REPS ?? 3);
if (args[0] === '--child') {
  const [, build, n, file, T, orders, k, duration] = args;
  const { dayOf } = await import('./lib/day.mjs');
  const lib = await import(path.resolve(build));
  const { mk, grid } = dayOf(lib, file, T, orders, k, duration);
  let out;
  for (let r = 0; r < +n; r++) out = lib.clearPeriods(mk, { grid });
  process.stdout.write(`${out.stats.iterations} ${lib.toPeriodsResult(out).digest}\n`);
} else {
  const cut = args.indexOf('--');
  const builds = cut < 0 ? args : args.slice(0, cut);
  const [file = 'case118_ieee', T = '24', orders = '1000', k = '10', duration = '1'] = cut < 0 ? [] : args.slice(cut + 1);
  const refs = (n, build) => instructions(me, ['--child', build, String(n), file, T, orders, k, duration]);
  console.log(`${file} T=${T} ${orders}/period k=${k} h=${duration} seed ${process.env.SEED ?? 20261203}: instructions per warmed clearing (millions; ${WARM} warm-ups, ${REPS} counted)`);
  for (const b of builds) {
    const lo = refs(WARM, b), hi = refs(WARM + REPS, b);
    console.log(`  ${b}: ${((hi.i - lo.i) / REPS / 1e6).toFixed(1)} M (iterations, digest: ${hi.out})`);
  }
}
