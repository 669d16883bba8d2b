// Instructions (valgrind's cachegrind, load-independent) of the parts of a warmed clearPeriods
// clearing on the default method, by cumulative stages in one child process each: (1)
// normalizePeriods, (2) + formulate, (3) + periodsStart, (4) + the injectionSolver call (reduction,
// the start's rows and basis, the engine's solves and lazy rounds), (5) clearPeriods itself. Each
// figure is the difference of WARM + REPS and WARM repetitions, over REPS. After `npm run build`:
// `SEED=20261202 node bench/experiments/periods-parts-icount.mjs dist/index.js -- case118_ieee 24 1000 10 [hours]`
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const me = fileURLToPath(import.meta.url);
const { instructions } = await import('./lib/valgrind.mjs');
const args = process.argv.slice(2);
const WARM = +(process.env.WARM ?? 3), REPS = +(process.env.REPS ?? 3);
if (args[0] === '--child') {
  const [, build, stage, n, file, T, orders, k, duration] = args;
  const { dayOf, storageLed: led } = await import('./lib/day.mjs');
  const lib = await import(path.resolve(build));
  const { mk, grid } = dayOf(lib, file, T, orders, k, duration);
  let note = '';
  for (let r = 0; r < +n; r++) {
    if (+stage === 5) { const o = lib.clearPeriods(mk, { grid }); note = `it ${o.stats.iterations}`; continue; }
    const m = lib.normalizePeriods(mk, grid.network);
    if (+stage < 2) continue;
    const lp = lib.formulate(m, grid, undefined, { form: 'ptdf', lazyLines: true });
    if (+stage < 3) continue;
    const start = lib.periodsStart(mk, m, grid, led(m) ? { storageBasis: true, search: 8 } : {});
    if (+stage < 4) continue;
    const solver = lib.injectionSolver(grid, { substituteUpTo: 8, rowsPerPeriod: 3, start });
    const sol = solver(lp);
    solver.dispose();
    note = `it ${sol.iterations}`;
  }
  process.stdout.write(`${note}\n`);
} else {
  const cut = args.indexOf('--');
  const builds = cut < 0 ? args : args.slice(0, cut);
  const [file = 'case118_ieee', T = '24', orders = '1000', k = '10', duration = '1'] = cut < 0 ? [] : args.slice(cut + 1);
  const refs = (stage, n, build) => instructions(me, ['--child', build, String(stage), String(n), file, T, orders, k, duration]);
  const names = ['normalizePeriods', '+ formulate', '+ periodsStart', '+ injectionSolver call', 'clearPeriods'];
  console.log(`${file} T=${T} ${orders}/period k=${k} h=${duration} seed ${process.env.SEED ?? 20261203}: instructions per repetition (millions; ${WARM} warm-ups, ${REPS} counted)`);
  for (const b of builds) {
    for (let s = 1; s <= 5; s++) {
      const lo = refs(s, WARM, b), hi = refs(s, WARM + REPS, b);
      console.log(`  ${b} ${names[s - 1]}: ${((hi.i - lo.i) / REPS / 1e6).toFixed(1)} M ${hi.out}`);
    }
  }
}
