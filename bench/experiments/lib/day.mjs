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
  const cases = process.env.GRIDCLEAR_CASES ?? path.join(root, '../shared/cases');
  const base = lib.importMatpower(fs.readFileSync(path.join(cases, `pglib_opf_${file}.m`), 'utf8'));
  const mk = dayMarket(base, { periods: +T, duration, orders: +orders, storage: +k, units: +k, seed: +(process.env.SEED ?? 20261203) });
  const grid = lib.GridModel.from(mk.network, { quantityDecimals: mk.quantityDecimals, allowNegativeReactance: true });
  return { lib, mk, grid, file, T: +T, orders: +orders, k: +k, duration };
}
