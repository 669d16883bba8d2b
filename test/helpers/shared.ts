// Where the shared material lives: ../shared beside the repo (CI has it there too).
// GRIDCLEAR_CASES overrides the MATPOWER case folder.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The spec's worked examples (two-bus.json, copper-plate-tie.json, ...). */
export const SPEC_EXAMPLES = join(ROOT, '..', 'shared', 'spec', 'examples');
/** The PGLib-OPF MATPOWER cases. */
export const CASES_DIR = process.env.GRIDCLEAR_CASES ?? join(ROOT, '..', 'shared', 'cases');

/** The path of a spec example; fails loudly when ../shared is missing. */
export function specExample(name: string): string {
  const file = join(SPEC_EXAMPLES, name);
  if (!existsSync(file)) throw new Error(`missing ${file}: the tests need ../shared beside the repo`);
  return file;
}
