// The day market of the periods experiments from the command line: `<case> <T> <orders> <k> [hours]`
// (case without the pglib_opf_ prefix; k storage units and k ramped units), SEED (default
// 20261203), DIST (another build's dist/index.js), GRIDCLEAR_CASES (the cases folder).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dayMarket } from '../../lib/day.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Imports the build and makes the day: { lib, mk, grid, file, T, orders, k, duration }. */
export async function dayFromArgv(argv = process.argv.slice(2)) {
  const lib = await import(path.resolve(root, process.env.DIST ?? 'dist/index.js'));
  const [file = 'case118_ieee', T = '24', orders = '1000', k = '10', duration = '1'] = argv;
  return { lib, ...dayOf(lib, file, T, orders, k, duration), file, T: +T, orders: +orders, k: +k, duration };
}

/** The day market of `lib` (a build's exports) on case `file` and its prepared grid: { mk, grid } (seed: SEED by default; GRIDCLEAR_CASES). */
export function dayOf(lib, file, T, orders, k, duration = '1', seed = +(process.env.SEED ?? 20261203)) {
  const cases = process.env.GRIDCLEAR_CASES ?? path.join(root, '../shared/cases');
  const base = lib.importMatpower(fs.readFileSync(path.join(cases, `pglib_opf_${file}.m`), 'utf8'));
  const mk = dayMarket(base, { periods: +T, duration, orders: +orders, storage: +k, units: +k, seed });
  const grid = lib.GridModel.from(mk.network, { quantityDecimals: mk.quantityDecimals, allowNegativeReactance: true });
  return { mk, grid };
}

/** src/periods/clear.ts storageLed (not exported): whether clearPeriods starts from the storage clearing. */
export function storageLed(m) {
  const G = m.storage.ids.length, T = m.periodIds.length;
  if (G === 0 || T < 2 || m.net.lineIds.length === 0) return false;
  let power = 0, volume = 0;
  for (let g = 0; g < G; g++) power += Math.max(Number(m.storage.chargeMax[g]), Number(m.storage.dischargeMax[g]));
  for (let i = 0; i < m.orderQtyNum.length; i++) volume += m.orderQtyNum[i];
  return volume > 0 && power >= 0.25 * (volume / T);
}
