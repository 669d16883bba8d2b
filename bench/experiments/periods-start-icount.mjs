// Instructions (valgrind's cachegrind) of periodsStart alone per build: the difference of a process
// making WARM + REPS starts and one making WARM, over REPS (node --no-liftoff --predictable; load
// does not disturb it). The start's options as clearPeriods' default picks them (the storage
// clearing's where storageLed holds). After `npm run build`:
// `SEED=20261202 node bench/experiments/periods-start-icount.mjs A/index.js B/index.js -- case118_ieee 24 1000 10 [hours]`
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const me = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);
const WARM = +(process.env.WARM ?? 4), REPS = +(process.env.REPS ?? 6);
if (args[0] === '--child') {
  const [, build, n, file, T, orders, k, duration] = args;
  const { dayMarket } = await import('../lib/day.mjs');
  const root = path.resolve(path.dirname(me), '../..');
  const lib = await import(path.resolve(build));
  const cases = process.env.GRIDCLEAR_CASES ?? path.join(root, '../shared/cases');
  const base = lib.importMatpower(fs.readFileSync(path.join(cases, `pglib_opf_${file}.m`), 'utf8'));
  const mk = dayMarket(base, { periods: +T, duration, orders: +orders, storage: +k, units: +k, seed: +(process.env.SEED ?? 20261203) });
  const grid = lib.GridModel.from(mk.network, { quantityDecimals: mk.quantityDecimals, allowNegativeReactance: true });
  // clear.ts storageLed (not exported)
  const led = (m) => {
    const G = m.storage.ids.length, T2 = m.periodIds.length;
    if (G === 0 || T2 < 2 || m.net.lineIds.length === 0) return false;
    let power = 0, volume = 0;
    for (let g = 0; g < G; g++) power += Math.max(Number(m.storage.chargeMax[g]), Number(m.storage.dischargeMax[g]));
    for (let i = 0; i < m.orderQtyNum.length; i++) volume += m.orderQtyNum[i];
    return volume > 0 && power >= 0.25 * (volume / T2);
  };
  const ms = Array.from({ length: +n }, () => lib.normalizePeriods(mk, grid.network));
  let s;
  for (const m of ms) s = lib.periodsStart(mk, m, grid, led(m) ? { storageBasis: true, search: 8 } : {});
  process.stdout.write(`pairs ${s.pairs.length}\n`);
} else {
  const cut = args.indexOf('--');
  const builds = cut < 0 ? args : args.slice(0, cut);
  const [file = 'case118_ieee', T = '24', orders = '1000', k = '10', duration = '1'] = cut < 0 ? [] : args.slice(cut + 1);
  const refs = (n, build) => {
    const { stderr, stdout } = spawnSync('valgrind', ['--tool=cachegrind', '--cache-sim=no', '--smc-check=all-non-file',
      '--cachegrind-out-file=/dev/null', process.execPath, '--no-liftoff', '--predictable', '--expose-gc', me,
      '--child', build, String(n), file, T, orders, k, duration], { encoding: 'utf8', env: process.env, maxBuffer: 1 << 26 });
    return { i: Number(/I\s+refs:\s+([\d,]+)/.exec(stderr)?.[1].replaceAll(',', '') ?? Number.NaN), out: stdout.trim() };
  };
  console.log(`${file} T=${T} ${orders}/period k=${k} h=${duration} seed ${process.env.SEED ?? 20261203}: periodsStart instructions per start (millions; ${WARM} warm-ups, ${REPS} counted)`);
  for (const b of builds) {
    const lo = refs(WARM, b), hi = refs(WARM + REPS, b);
    console.log(`  ${b}: ${((hi.i - lo.i) / REPS / 1e6).toFixed(1)} M (${hi.out})`);
  }
}
