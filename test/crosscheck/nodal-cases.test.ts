// clearNodal against HiGHS on every PGLib case of the shared folder (imported by importMatpower),
// as imported (loads at the price cap) and with limits tightened so that lines congest.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importMatpower } from '../../src/io/matpower.js';
import type { Market } from '../../src/model/types.js';
import { crossCheck } from '../helpers/nodalCheck.js';

const dir = process.env.GRIDCLEAR_CASES ?? resolve(__dirname, '../../../shared/cases');
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.m')).sort() : [];
if (files.length === 0) console.warn(`nodal case cross-checks skipped: no MATPOWER cases in ${dir} (set GRIDCLEAR_CASES)`);

/** The case with every line limit scaled by `factor` (rounded to the quantity tick). */
export function tighten(m: Market, factor: number): Market {
  const qd = m.quantityDecimals ?? 3;
  const scale = (v: unknown) => (v === null || v === undefined ? v : (Number(v) * factor).toFixed(qd));
  return {
    ...m,
    network: {
      ...m.network!,
      lines: m.network!.lines.map((l) => ({ ...l, minFlow: scale(l.minFlow) as string | null, maxFlow: scale(l.maxFlow) as string | null })),
    },
  };
}

describe.skipIf(files.length === 0)('nodal vs HiGHS on PGLib cases', () => {
  for (const f of files) {
    it(f, async () => {
      const m = importMatpower(readFileSync(join(dir, f), 'utf8'));
      expect(m.network).toBeDefined();
      const loose = await crossCheck(m);
      const tight = await crossCheck(tighten(m, 0.7));
      expect(loose.status).toBe('optimal');
      const tighter = await crossCheck(tighten(m, 0.4));
      // the tightened cases do congest (or cannot be met at all, which HiGHS must confirm)
      expect(tight.stats.bindingLines + tighter.stats.bindingLines > 0 || tighter.status === 'infeasible').toBe(true);
    });
  }
});
