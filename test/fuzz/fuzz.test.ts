// The fuzz suite: random mutations of valid markets (every field set to values of every JavaScript
// type, elements dropped or duplicated) and of valid results. Counts typed errors (by code),
// crashes (anything thrown that is not a GridclearError), slow cases (over the per-case limit),
// verify false rejections (a result the engine wrote that verify rejects) and accepted tampered
// results (a mutation the contract forbids that verify accepts). `npm test` runs a few thousand
// cases; `npm run fuzz` runs FUZZ_RUNS (default 1e5) and writes bench/results/fuzz.md.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cpus, loadavg } from 'node:os';
import { clearMarket } from '../../src/clear.js';
import { verify } from '../../src/settle/index.js';
import { isGridclearError } from '../../src/errors.js';
import { edgeMarketArb } from '../helpers/edgeArb.js';
import { junkValue, mutated, mutateMarket, resultMutations } from '../helpers/mutations.js';
import { ROOT } from '../helpers/shared.js';
import type { AuctionOptions } from '../../src/auction/types.js';
import type { Market } from '../../src/model/types.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
const REPORT = process.env.FUZZ_REPORT === '1';
/** A case slower than this counts as a hang (a real infinite loop ends in vitest's test timeout). */
const CASE_LIMIT_MS = 2000;
const OPTIONS: AuctionOptions[] = [{}, {}, { mechanism: 'pay-as-bid' }, { mechanism: 'trade-reduction' }, { mechanism: 'pay-as-bid', payAsBidPrice: 'ask' }];

interface Counts {
  cases: number; markets: number; cleared: number; verified: number; typedErrors: Record<string, number>;
  crashes: number; hangs: number; falseRejections: number; tamperedTried: number; tamperedAccepted: number; verifyThrows: number;
  examples: string[];
}

function fresh(): Counts {
  return { cases: 0, markets: 0, cleared: 0, verified: 0, typedErrors: {}, crashes: 0, hangs: 0, falseRejections: 0, tamperedTried: 0, tamperedAccepted: 0, verifyThrows: 0, examples: [] };
}

function note(c: Counts, what: string): void {
  if (c.examples.length < 10) c.examples.push(what.slice(0, 400));
}

/** One case: a (maybe mutated) market cleared, its result verified, then tampered with. */
function runCase(c: Counts, market: Market, mutate: [number, number, number] | undefined, opt: AuctionOptions, pick: number): void {
  const m = mutate ? mutateMarket(market, ...mutate) : market;
  c.cases++;
  const t0 = performance.now();
  let r: ReturnType<typeof clearMarket> | undefined;
  try {
    r = clearMarket(m, m.network ? {} : opt);
    c.cleared++;
  } catch (e) {
    if (isGridclearError(e)) c.typedErrors[e.code] = (c.typedErrors[e.code] ?? 0) + 1;
    else { c.crashes++; note(c, `crash ${String(e)} on mutation ${JSON.stringify(mutate)}`); }
  }
  if (r) {
    let rep: ReturnType<typeof verify> | undefined;
    try { rep = verify(m, r); } catch (e) { c.verifyThrows++; note(c, `verify threw ${String(e)}`); }
    if (rep && !rep.ok) {
      c.falseRejections++;
      note(c, `false rejection ${JSON.stringify(rep.failures[0])}`);
      if (process.env.FUZZ_DUMP) writeFileSync(join(process.env.FUZZ_DUMP, `false-rejection-${c.cases}.json`), JSON.stringify({ market: m, result: r, mutate }, null, 1));
    }
    if (rep?.ok) c.verified++;
    if (r.status === 'optimal') tamper(c, m, r, pick);
  }
  if (performance.now() - t0 > CASE_LIMIT_MS) { c.hangs++; note(c, `slow case ${Math.round(performance.now() - t0)} ms`); }
}

/** The contract's forbidden mutations (must be rejected) and junk in every field (must not throw). */
function tamper(c: Counts, m: Market, r: Record<string, any>, pick: number): void {
  const muts = resultMutations(m, r, pick);
  const mu = muts[pick % muts.length];
  c.tamperedTried++;
  try {
    if (verify(m, mutated(r, mu) as never).ok) { c.tamperedAccepted++; note(c, `accepted tampered (${mu.name})`); }
  } catch (e) { c.verifyThrows++; note(c, `verify threw on ${mu.name}: ${String(e)}`); }
  const fields = ['format', 'status', 'welfare', 'fills', 'prices', 'lines', 'congestionRent', 'digest', 'infeasible', 'mechanism', 'trades'];
  const junk = { ...r, [fields[pick % fields.length]]: junkValue(pick >> 3) };
  try { verify(m, junk as never); } catch (e) { c.verifyThrows++; note(c, `verify threw on junk ${fields[pick % fields.length]}: ${String(e)}`); }
}

function fuzz(runs: number, seed: number): Counts {
  const c = fresh();
  const arb = fc.tuple(fc.boolean(), fc.nat({ max: 3 }), fc.tuple(fc.nat(), fc.nat(), fc.nat()), fc.nat(), fc.nat())
    .chain(([net, kind, mut, o, pick]) => edgeMarketArb(net).map((m) => ({ m, mutate: kind === 0 ? undefined : mut, o, pick })));
  fc.assert(fc.property(arb, ({ m, mutate, o, pick }) => {
    c.markets++;
    runCase(c, m, mutate as [number, number, number] | undefined, OPTIONS[o % OPTIONS.length], pick);
  }), { numRuns: runs, seed });
  return c;
}

function report(c: Counts, ms: number): string {
  const codes = Object.entries(c.typedErrors).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k} ${v}`).join(', ');
  return [
    '## fuzz', '',
    `<!-- written by npm run fuzz (test/fuzz/fuzz.test.ts), ${new Date().toISOString().slice(0, 10)} -->`, '',
    `${c.cases} cases in ${(ms / 1000).toFixed(1)} s (${cpus().length} cores, load ${loadavg()[0].toFixed(1)} at the end): random copper-plate and networked`,
    'markets (price and quantity decimals 0..6), three in four with one field set to a value of some JavaScript type',
    '(BigInt, null, NaN, junk decimals, typed arrays, symbols, ...) or an order dropped or duplicated; every result',
    'verified, then one contract-forbidden mutation (digest recomputed) and one junk field per optimal result.', '',
    '| what | count |', '| --- | --- |',
    `| cases | ${c.cases} |`, `| cleared (a result) | ${c.cleared} |`, `| results verified | ${c.verified} |`,
    `| typed errors (GridclearError) | ${Object.values(c.typedErrors).reduce((a, b) => a + b, 0)} (${codes}) |`,
    `| crashes (not a GridclearError) | ${c.crashes} |`, `| hangs (a case over ${CASE_LIMIT_MS} ms) | ${c.hangs} |`,
    `| verify false rejections | ${c.falseRejections} |`, `| tampered results tried | ${c.tamperedTried} |`,
    `| tampered results accepted | ${c.tamperedAccepted} |`, `| verify throws (bad results) | ${c.verifyThrows} |`, '',
  ].join('\n');
}

describe('fuzz', () => {
  it(`${RUNS} mutated markets and results: 0 crashes, 0 hangs, 0 false rejections, 0 accepted tampered results`, () => {
    const t0 = performance.now();
    const c = fuzz(RUNS, Number(process.env.FUZZ_SEED ?? 9));
    const text = report(c, performance.now() - t0);
    if (REPORT) {
      mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
      writeFileSync(join(ROOT, 'bench/results/fuzz.md'), text);
      console.log(text);
    }
    expect(c.examples).toEqual([]);
    expect([c.crashes, c.hangs, c.falseRejections, c.tamperedAccepted, c.verifyThrows]).toEqual([0, 0, 0, 0, 0]);
  }, 3_600_000);
});
