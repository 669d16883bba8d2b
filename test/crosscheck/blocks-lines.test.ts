// Congested PGLib days with blocks: the lazy line rows of the search (a few per period and round,
// `linesPerPeriod`; with or without the lines binding in the periods cleared alone, `lineStart`)
// and the sifted root's crash basis reach the welfare of the LP with every line
// row from the start (HiGHS, cold at each node), and every result verifies.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { clearBlocks, formulateBlocks, normalizeBlocks, toBlocksResult, verifyBlocks, type BlocksMarket } from '../../src/blocks/index.js';
import { blocksLineStart } from '../../src/blocks/start.js';
import { GridModel } from '../../src/grid/index.js';
import { importMatpower } from '../../src/io/matpower.js';
import { BasisStatus } from '../../src/lp/types.js';
import { crashBasis } from '../../src/periods/index.js';
// @ts-expect-error: a plain .mjs helper without types
import { dayAheadMarket } from '../../bench/lib/dayahead.mjs';
import { highsSolver, loadPeriodsHighs } from '../helpers/periodsHighs.js';
import { CASES_DIR } from '../helpers/shared.js';

const have = (f: string) => existsSync(join(CASES_DIR, f));
beforeAll(async () => { await loadPeriodsHighs(); });

/** A day of `periods` hours on a PGLib case with its line limits scaled by `factor` (orders carry the load). */
function day(file: string, factor: number, seed: number, periods = 12): BlocksMarket {
  const base = importMatpower(readFileSync(join(CASES_DIR, file), 'utf8')).network!;
  const scale = (v: unknown) => (v === null || v === undefined ? v : (Number(v) * factor).toFixed(3));
  const network = { ...base, buses: base.buses.map((b) => ({ id: b.id })), lines: base.lines.map((l) => ({ ...l, minFlow: scale(l.minFlow), maxFlow: scale(l.maxFlow) })) };
  return dayAheadMarket({ periods, ordersPerPeriod: 60, blocks: 12, seed, network }) as BlocksMarket;
}

describe('blocks on congested networks: lazy line rows and the crash basis', () => {
  for (const [file, factor, seed] of [['pglib_opf_case14_ieee.m', 0.15, 3], ['pglib_opf_case30_ieee.m', 0.2, 5], ['pglib_opf_case57_ieee.m', 0.2, 8]] as const) {
    it.skipIf(!have(file))(`${file} lines x${factor}: the welfare of all line rows, whatever the rows per round; verified`, () => {
      const m = day(file, factor, seed);
      const all = clearBlocks(m, { solver: highsSolver });
      expect(all.status).toBe('optimal');
      const tol = 1e-7 * Math.max(1, Math.abs(all.search.bestWelfare));
      const runs = {
        dflt: clearBlocks(m),
        one: clearBlocks(m, { linesPerPeriod: 1 }),
        every: clearBlocks(m, { linesPerPeriod: Infinity, sift: { crash: false } }),
        noStart: clearBlocks(m, { lineStart: false }),
        whole: clearBlocks(m, { sift: false }),
        // no order held when the line rows come (the elastic columns, closed then, reopen where the LP needs them)
        thin: clearBlocks(m, { sift: { share: 0, perRow: 0, linesPerRow: 0 } }),
      };
      for (const [name, o] of Object.entries(runs)) {
        expect(o.status, name).toBe('optimal');
        expect(Math.abs(o.search.bestWelfare - all.search.bestWelfare), name).toBeLessThanOrEqual(tol);
        expect(verifyBlocks(m, toBlocksResult(o)).failures, name).toEqual([]);
        expect(o.search.lineRows, name).toBeGreaterThan(0);
      }
      // one row per period and round: fewer rows than every overloaded one at once, in as many rounds or more
      expect(runs.one.search.lineRows).toBeLessThan(runs.every.search.lineRows);
      expect(runs.one.search.lineRounds).toBeGreaterThanOrEqual(runs.every.search.lineRounds);
    }, 120_000);

    it.skipIf(!have(file))(`${file} lines x${factor}: the periods cleared alone name lines that bind, at the copper plate's ratios`, () => {
      const m = day(file, factor, seed), b = normalizeBlocks(m), grid = GridModel.from(b.m.net);
      const lp = formulateBlocks(b, grid, undefined, { lazyLines: true });
      const s = blocksLineStart(b, lp, grid, new Float64Array(lp.numCols));
      expect(s.pairs.length).toBeGreaterThan(0);
      expect(s.sign.length).toBe(s.pairs.length);
      for (let q = 1; q < s.pairs.length; q++) expect(s.pairs[q]).toBeGreaterThan(s.pairs[q - 1]);
      for (const v of s.sign) expect(Math.abs(v)).toBe(1);
      // a price per Bus row
      for (const i of lp.busRow) expect(Number.isFinite(s.rowPrice[i])).toBe(true);
    });
  }

  it('linesPerPeriod must be >= 1', () => {
    const m = dayAheadMarket({ periods: 12, ordersPerPeriod: 4, blocks: 2, seed: 1 }) as BlocksMarket;
    for (const bad of [0, -1, Number.NaN]) expect(() => clearBlocks(m, { linesPerPeriod: bad })).toThrow(/linesPerPeriod/);
  });

  it.skipIf(!have('pglib_opf_case14_ieee.m'))('the crash basis of a blocks LP has one basic variable per row (block columns are not angles)', () => {
    const m = day('pglib_opf_case14_ieee.m', 0.15, 3);
    const b = normalizeBlocks(m), grid = GridModel.from(b.m.net);
    const lp = formulateBlocks(b, grid, undefined, { lazyLines: true });
    const basis = crashBasis(lp);
    let basic = 0;
    for (const s of basis) if (s === BasisStatus.Basic) basic++;
    expect(basic).toBe(lp.numRows);
    // every ratio, acceptance and border column rests at a bound
    for (let k = 0; k < lp.ratioCol.length; k++) expect(basis[lp.ratioCol[k]]).not.toBe(BasisStatus.Basic);
  });
});
