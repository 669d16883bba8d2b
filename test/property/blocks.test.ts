// Random small markets with blocks: gridclear's welfare equals the exact reference (every
// acceptance set enumerated, each set's LP solved, paradox-free sets kept, the best taken); every
// result verifies; permuting the input changes neither acceptance nor digest.
// - bulk: BLOCKS_RUNS (default 1000) markets of at most BLOCKS_MAX (default 6) blocks, the default
//   path (Wasm LP engine) against the reference on the Wasm engine's solveLp (64 sets at most each);
// - detail: BLOCKS_DETAIL_RUNS (default 40) markets against the reference on HiGHS, with the HiGHS
//   paths, tampered results, the welfare MIP, permutations and the PTDF form;
// - large: BLOCKS_LARGE_RUNS (default 12) markets of at most 12 blocks against the HiGHS reference.
// Long run: BLOCKS_RUNS=20000 BLOCKS_DETAIL_RUNS=1000 BLOCKS_LARGE_RUNS=300 (BLOCKS_SEED to vary).
import { beforeAll, describe, expect, it } from 'vitest';
import { fillRange, clearBlocks, normalizeBlocks, toBlocksResult, verifyBlocks } from '../../src/blocks/index.js';
import { formatTicks } from '../../src/model/fixed.js';
import { periodsDigestOf } from '../../src/periods/index.js';
import { highsSolver, loadPeriodsHighs } from '../helpers/periodsHighs.js';
import { shuffled, smallBlocks } from '../helpers/blocksArb.js';
import { highsEngine } from '../../bench/peers/highs-blocks.mjs';
import { referenceBlocks } from '../helpers/blocksReference.js';
import { solveLp } from '../../src/lp/solve.js';

const env = (name: string, dflt: number) => Number(process.env[name] ?? dflt);
const SIFT = env('BLOCKS_SIFT_RUNS', 300), BULK = env('BLOCKS_RUNS', 1000), RUNS = env('BLOCKS_DETAIL_RUNS', 40), LARGE = env('BLOCKS_LARGE_RUNS', 12);
const MAX = env('BLOCKS_MAX', 6), SEED = env('BLOCKS_SEED', 1);

let highs: unknown;
beforeAll(async () => { highs = await loadPeriodsHighs(); });

describe('blocks: seeds that once failed', () => {
  // 700450, 700835, 701266: a rigid zone (no fractional fill) the rounding could not balance;
  // 700062: a welfare-MIP result with a block losing 39.86 passed verify's old slack;
  // 700946: the LP method's degenerate duals decided the price check (warm and cold engines disagreed)
  it.each([[700450, 6], [700835, 6], [701266, 6], [700062, 10], [700946, 10]])('seed %i (<= %i blocks)', (seed, max) => {
    const m = smallBlocks(seed, max), ref = referenceBlocks(m)!;
    for (const o of [clearBlocks(m, { solver: highsSolver }), clearBlocks(m, { solver: highsSolver, engine: highsEngine(highs) }), clearBlocks(m)]) {
      expect(Math.abs(o.search.bestWelfare - ref.welfare)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(ref.welfare)));
      expect(verifyBlocks(m, toBlocksResult(o)).failures).toEqual([]);
    }
    if (seed === 700062) expect(verifyBlocks(m, toBlocksResult(clearBlocks(m, { solver: highsSolver, priceCondition: false }))).ok).toBe(false);
  }, 120_000);
});

describe('blocks: random markets against the exact reference', () => {
  it(`bulk: the default path's welfare equals the enumeration's, results verify (${BULK} markets, <= ${MAX} blocks)`, () => {
    const seen = { copper: 0, zones: 0, network: 0, cuts: 0, infeasible: 0, rejected: 0, gapStops: 0 };
    for (let i = 0; i < BULK; i++) {
      const seed = SEED * 7_000_003 + i, m = smallBlocks(seed, MAX), ctx = `bulk seed ${seed}`;
      const named = <T>(what: string, f: () => T): T => { try { return f(); } catch (e) { throw new Error(`${ctx}, ${what}: ${(e as Error).message}`); } };
      const o = named('clearBlocks', () => clearBlocks(m)), ref = named('reference', () => referenceBlocks(m, true, solveLp));
      if (!ref) { expect(o.status, ctx).toBe('infeasible'); seen.infeasible++; continue; }
      expect(o.status, ctx).toBe('optimal');
      expect(Math.abs(o.search.bestWelfare - ref.welfare), ctx).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(ref.welfare)));
      expect(verifyBlocks(m, toBlocksResult(o)).failures, ctx).toEqual([]);
      // the search stops on its proven gap: at the end nothing open is above the best by more than the tolerance
      expect(o.search.gap, ctx).toBeLessThanOrEqual(1e-9);
      if (i % 5 === 0) {
        // the other node order and branching rule reach the same welfare (the exact optimum), and verify
        const d = named('depth first', () => clearBlocks(m, { nodeOrder: 'depth', branching: 'value' }));
        expect(Math.abs(d.search.bestWelfare - ref.welfare), ctx).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(ref.welfare)));
        expect(verifyBlocks(m, toBlocksResult(d)).failures, ctx).toEqual([]);
      }
      if (i % 5 === 1) {
        // a relative gap of 1%: a result without paradoxically accepted blocks within 1% of the optimum, its proven gap within it
        const g = named('gap', () => clearBlocks(m, { relativeGap: 0.01 }));
        expect(g.search.bestWelfare, ctx).toBeLessThanOrEqual(ref.welfare + 1e-7 * Math.max(1, Math.abs(ref.welfare)));
        expect(g.search.bestWelfare, ctx).toBeGreaterThanOrEqual(ref.welfare - 0.01 * Math.max(1, Math.abs(ref.welfare)) - 1e-7 * Math.max(1, Math.abs(ref.welfare)));
        expect(g.search.gap, ctx).toBeLessThanOrEqual(0.01);
        expect(verifyBlocks(m, toBlocksResult(g)).failures, ctx).toEqual([]);
        if (g.search.bestWelfare < ref.welfare - 1e-7 * Math.max(1, Math.abs(ref.welfare))) seen.gapStops++;
      }
      if (i % 5 === 2) {
        // the other repair rule (every losing family at once) changes only the early incumbents: the same welfare;
        // each rule's heuristic alone (a gap of 100% ends the search at its first candidate) gives a result that verifies
        const a = named('repair all', () => clearBlocks(m, { repair: 'all' }));
        expect(Math.abs(a.search.bestWelfare - ref.welfare), ctx).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(ref.welfare)));
        for (const repair of ['worst', 'all'] as const) {
          const h = named(`heuristic ${repair}`, () => clearBlocks(m, { repair, relativeGap: 1 }));
          expect(h.search.bestWelfare, ctx).toBeLessThanOrEqual(ref.welfare + 1e-7 * Math.max(1, Math.abs(ref.welfare)));
          expect(verifyBlocks(m, toBlocksResult(h)).failures, ctx).toEqual([]);
        }
      }
      seen[o.kind]++;
      if (o.search.cuts > 0) seen.cuts++;
      if (o.paradoxicallyRejected.length > 0) seen.rejected++;
    }
    // every kind of market, paradoxical candidates cut off, paradoxically rejected blocks reported
    if (BULK >= 200) for (const k of ['copper', 'zones', 'network', 'cuts', 'rejected'] as const) expect(seen[k], k).toBeGreaterThan(BULK / 50);
  }, 1_800_000);

  it(`sifting from no orders at all: welfare equals the enumeration's, results verify (${SIFT} markets, <= ${MAX} blocks)`, () => {
    // the default engine with the smallest working sets: every order starts left out (the elastic
    // columns carry the rows) and compact keeps none beyond the basic ones, so every order the
    // optimum needs comes in through the reduced-cost test
    let left = 0;
    for (let i = 0; i < SIFT; i++) {
      const seed = SEED * 5_000_011 + i, m = smallBlocks(seed, MAX), ctx = `sift seed ${seed}`;
      const o = clearBlocks(m, { sift: { start: 'sifted', share: 0, perRow: 0, keepAfter: 0 } }), ref = referenceBlocks(m, true, solveLp);
      if (!ref) { expect(o.status, ctx).toBe('infeasible'); continue; }
      expect(o.status, ctx).toBe('optimal');
      expect(Math.abs(o.search.bestWelfare - ref.welfare), ctx).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(ref.welfare)));
      expect(verifyBlocks(m, toBlocksResult(o)).failures, ctx).toEqual([]);
      if (o.search.siftRounds > 0) left++;
    }
    if (SIFT >= 100) expect(left).toBeGreaterThan(SIFT / 4);
  }, 1_800_000);

  it(`large: welfare equals the HiGHS reference (${LARGE} markets, <= 12 blocks)`, () => {
    for (let i = 0; i < LARGE; i++) {
      const seed = SEED * 9_000_011 + i, m = smallBlocks(seed, 12), ctx = `large seed ${seed}`;
      const o = clearBlocks(m), ref = referenceBlocks(m);
      if (!ref) { expect(o.status, ctx).toBe('infeasible'); continue; }
      expect(Math.abs(o.search.bestWelfare - ref.welfare), ctx).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(ref.welfare)));
      expect(verifyBlocks(m, toBlocksResult(o)).failures, ctx).toEqual([]);
    }
  }, 1_800_000);

  it(`welfare equals the reference, results verify, permutations agree (${RUNS} markets, <= ${MAX} blocks)`, () => {
    let paradoxes = 0, partial = 0, tampered = 0, mipRejected = 0, lazyRows = 0, networks = 0, sameAcceptance = 0;
    for (let i = 0; i < RUNS; i++) {
      const seed = SEED * 100_003 + i, m = smallBlocks(seed, MAX);
      const ctx = `seed ${seed}`;
      const o = clearBlocks(m, { solver: highsSolver });
      const ref = referenceBlocks(m);
      if (!ref) { expect(o.status, ctx).toBe('infeasible'); continue; }
      expect(o.status, ctx).toBe('optimal');
      expect(Math.abs(o.search.bestWelfare - ref.welfare), ctx).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(ref.welfare)));
      const r = toBlocksResult(o);
      expect(verifyBlocks(m, r).failures, ctx).toEqual([]);
      if (o.search.cuts > 0) paradoxes++;
      // tampered: one block's decision flipped (fills, surplus and digest recomputed) breaks a balance
      const k = i % o.blockIds.length, id = o.blockIds[k], bad = structuredClone(r), T = o.periodIds.length;
      const ratio = o.blockRatio[k] === 0n ? 1_000_000n : 0n, fills = Array.from({ length: T }, (_, t) => fillRange(ratio, normalizeBlocks(m).blockQty[k * T + t]).half);
      if (fills.some((f, t) => f !== o.blockFills[k * T + t])) {
        bad.blocks![id] = { ratio: formatTicks(ratio, 6), fills: fills.map((f) => formatTicks(f, o.quantityDecimals)), surplus: bad.blocks![id].surplus };
        expect(verifyBlocks(m, { ...bad, digest: periodsDigestOf(bad as never) }).ok, ctx).toBe(false);
        tampered++;
      }
      // the welfare MIP's acceptance, where it beats the reference, fails verify; only on a fine price tick (0.01):
      // at a tick of 1, a block losing less than a tick per MW (plus its fills' rounding) is within the money test's slack
      const mip = clearBlocks(m, { solver: highsSolver, priceCondition: false });
      if (m.priceDecimals === 2 && mip.status === 'optimal' && mip.search.bestWelfare > ref.welfare + 1e-3 * Math.max(1, Math.abs(ref.welfare))) {
        expect(verifyBlocks(m, toBlocksResult(mip)).ok, ctx).toBe(false);
        mipRejected++;
      }
      if (o.blockRatio.some((v) => v > 0n && v < 1_000_000n)) partial++;
      if (i % 4 === 1) {
        // the warm-start engine path (one HiGHS model kept between nodes) reaches the same welfare, and verifies
        const w = clearBlocks(m, { solver: highsSolver, engine: highsEngine(highs) });
        expect(Math.abs(w.search.bestWelfare - ref.welfare), ctx).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(ref.welfare)));
        expect(verifyBlocks(m, toBlocksResult(w)).failures, ctx).toEqual([]);
      }
      if (i % 4 === 2) {
        // the default path: the Wasm LP engine, warm-started between nodes
        const w = clearBlocks(m);
        expect(Math.abs(w.search.bestWelfare - ref.welfare), ctx).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(ref.welfare)));
        expect(verifyBlocks(m, toBlocksResult(w)).failures, ctx).toEqual([]);
      }
      if (m.network) {
        // the PTDF form (line rows dense over the buses, added lazily by the default engine) and the default angle form
        // reach the reference's welfare and verify; their acceptance may differ only between sets of equal welfare (ties:
        // the forms' LPs are different, so a degenerate optimum may branch differently; seed 200068 with BLOCKS_SEED=2)
        const a = clearBlocks(m), p = clearBlocks(m, { form: 'ptdf' });
        for (const x of [a, p]) {
          expect(Math.abs(x.search.bestWelfare - ref.welfare), ctx).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(ref.welfare)));
          expect(verifyBlocks(m, toBlocksResult(x)).failures, ctx).toEqual([]);
        }
        if (Array.from(p.blockRatio, (v) => v > 0n).join() === Array.from(a.blockRatio, (v) => v > 0n).join()) sameAcceptance++;
        if (a.search.lineRows > 0) lazyRows++;
        networks++;
      }
      if (i % 3 === 0) {
        const p = toBlocksResult(clearBlocks(shuffled(m, seed), { solver: highsSolver }));
        expect(p.digest, ctx).toBe(r.digest);
      }
    }
    // the generator reaches the cases that matter
    expect(paradoxes).toBeGreaterThan(0);
    expect(partial).toBeGreaterThan(0);
    expect(tampered).toBeGreaterThan(RUNS / 2);
    expect(lazyRows).toBeGreaterThan(0);
    // ties between the forms are rare: the acceptance is mostly the same
    expect(sameAcceptance).toBeGreaterThanOrEqual(0.9 * networks);
    // (at the default 40 markets none may arise; test/unit/blocks-hand.test.ts has a fixed one)
    if (RUNS >= 200) expect(mipRejected).toBeGreaterThan(0);
  }, 600_000);
});
