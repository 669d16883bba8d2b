// market-case/2 in the `gridclear` command: a multi-period case (storage, ramps) cleared into
// clearing-result/2, its summary, and `verify` of a clearing-result/2. See docs/periods.md. A case
// with block orders or zones (docs/blocks.md) clears with clearBlocks and verifies with verifyBlocks.
import { performance } from 'node:perf_hooks';
import type { AuctionOptions } from '../auction/types.js';
import { rejectAuctionOptions } from '../clear.js';
import { formatTicks } from '../model/fixed.js';
import { clearPeriods, type PeriodsOptions } from '../periods/clear.js';
import type { PeriodsOutcome } from '../periods/outcome.js';
import { periodsResultText } from '../periods/result.js';
import type { PeriodsMarket } from '../periods/types.js';
import { verifyPeriods, type PeriodsVerifyReport } from '../periods/verify.js';
import type { PeriodsResultJson } from '../periods/result.js';
import { clearBlocks, type BlocksOutcome } from '../blocks/clear.js';
import { blocksResultText, type BlocksResultJson } from '../blocks/result.js';
import type { BlocksMarket } from '../blocks/types.js';
import { verifyBlocks } from '../blocks/verify.js';
import { hasBlocks } from '../blocks/normalize.js';

/** What the result of a clearing-result/2 file says at its head (the batch lines print status and digest). */
export interface PeriodsHead {
  status: 'optimal' | 'infeasible';
  welfare?: string;
  digest: string;
}

/** One market-case/2 file cleared: the market, the outcome, its clearing-result/2 text and head, timings. */
export interface ClearedPeriods {
  kind: 'periods';
  market: PeriodsMarket;
  outcome: PeriodsOutcome;
  json: string;
  head: PeriodsHead;
  ms: { read: number; clear: number; write: number };
}

/**
 * Clears a market-case/2 market read in `readMs` milliseconds. The auction options do not apply
 * (UNSUPPORTED); `periodsOptions` are clearPeriods' (the command passes none: the default LP method).
 */
export function clearPeriodsCase(market: PeriodsMarket, file: string, auction: AuctionOptions, readMs: number, periodsOptions: PeriodsOptions = {}): ClearedPeriods {
  rejectAuctionOptions(auction, `${file}: `);
  const t1 = performance.now();
  const blocks = hasBlocks(market);
  const outcome = blocks ? clearBlocks(market as unknown as BlocksMarket) : clearPeriods(market, periodsOptions);
  const t2 = performance.now();
  const json = blocks ? blocksResultText(outcome as BlocksOutcome) : periodsResultText(outcome);
  const digest = /"digest": "([^"]*)"\n}\n$/.exec(json)?.[1] ?? '';
  const head: PeriodsHead = { status: outcome.status, digest };
  if (outcome.status === 'optimal') head.welfare = formatTicks(outcome.welfare, outcome.priceDecimals + outcome.quantityDecimals + outcome.durationDecimals);
  const t3 = performance.now();
  return { kind: 'periods', market, outcome, json, head, ms: { read: readMs, clear: t2 - t1, write: t3 - t2 } };
}

/** verifyPeriods, or verifyBlocks for a market with block orders or zones. */
export function verifyCase(market: PeriodsMarket, result: unknown): PeriodsVerifyReport {
  if (hasBlocks(market)) return verifyBlocks(market as unknown as BlocksMarket, result as BlocksResultJson) as PeriodsVerifyReport;
  return verifyPeriods(market, result as PeriodsResultJson);
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A few aligned lines for people (`gridclear clear` without --json). */
export function periodsSummary(c: ClearedPeriods): string {
  const m = c.market, o = c.outcome, T = o.periodIds.length;
  const bm = m as unknown as BlocksMarket, bo = 'blockIds' in o ? (o as BlocksOutcome) : undefined;
  const grid = m.network ? `${plural(m.network.buses.length, 'bus', 'buses')}, ${plural(m.network.lines.length, 'line', 'lines')}`
    : bm.zones ? `${plural(bm.zones.length, 'zone', 'zones')}, ${plural(bm.borders?.length ?? 0, 'border', 'borders')}` : 'copper plate';
  const rows: [string, string][] = [
    ['market', `${m.name ?? '(unnamed)'}: ${plural(T, 'period', 'periods')}, ${plural(m.orders.length, 'order', 'orders')}, ` +
      `${bo ? `${plural(bo.blockIds.length, 'block', 'blocks')}, ` : ''}` +
      `${plural(m.storage?.length ?? 0, 'storage unit', 'storage units')}, ${plural(m.units?.length ?? 0, 'ramped unit', 'ramped units')}, ${grid}`],
    ['mechanism', bo ? 'block orders (branch and bound on the block decisions, no paradoxically accepted block)'
      : o.stats.solves > 0 ? 'periods together (one LP, storage and ramps)' : 'periods one by one (nothing couples them)'],
  ];
  if (o.status === 'infeasible') {
    const f = o.infeasible ?? {};
    rows.push(['status', `infeasible: period ${f.period ?? '?'}, island ${f.island ?? '?'}, imbalance ${f.imbalance ?? '?'} MW`]);
  } else {
    let lo: bigint | undefined, hi: bigint | undefined;
    for (const p of o.prices) for (const v of p) { if (lo === undefined || v < lo) lo = v; if (hi === undefined || v > hi) hi = v; }
    if (lo !== undefined && hi !== undefined) rows.push(['prices', `${formatTicks(lo, o.priceDecimals)} .. ${formatTicks(hi, o.priceDecimals)} over ${plural(T, 'period', 'periods')}`]);
    let binding = 0, rampBinding = 0;
    for (const s of o.shadowPrices) for (const v of s) if (v !== 0n) binding++;
    for (const v of o.rampShadowPrice) if (v !== 0n) rampBinding++;
    if (!o.copperPlate) rows.push(['lines', `${binding} binding (line, period) pairs`]);
    if (o.unitIds.length) rows.push(['ramps', `${rampBinding} binding (unit, period) pairs`]);
    if (bo) {
      const accepted = bo.blockRatio.filter((r) => r > 0n).length;
      rows.push(['blocks', `${accepted} of ${bo.blockIds.length} accepted, ${bo.paradoxicallyRejected.length} paradoxically rejected`]);
      rows.push(['search', `${plural(bo.search.nodes, 'node', 'nodes')}, ${bo.search.candidates} priced, ${plural(bo.search.cuts, 'cut', 'cuts')}`]);
    }
    rows.push(['welfare', c.head.welfare ?? '']);
    if (o.stats.solves > 0) rows.push(['solver', `${plural(o.stats.solves, 'solve', 'solves')}, ${o.stats.iterations} iterations, ${o.stats.tightened} bounds tightened`]);
  }
  const total = c.ms.read + c.ms.clear + c.ms.write;
  rows.push(['digest', c.head.digest],
    ['time', `${total.toFixed(1)} ms (read ${c.ms.read.toFixed(1)}, clear ${c.ms.clear.toFixed(1)}, result ${c.ms.write.toFixed(1)})`]);
  return rows.map(([k, v]) => `${k.padEnd(12)}${v}`).join('\n') + '\n';
}

/** `FAIL <check> [<id>] (period <p>): <message>` per failed check, or `OK`. */
export function formatPeriodsReport(report: PeriodsVerifyReport): string {
  if (report.ok) return 'OK: the result verifies (feasible, consistent prices, storage and ramps, digest matches)\n';
  return report.failures.map((f) => `FAIL ${f.check}${f.id !== undefined ? ` [${f.id}]` : ''}${f.period !== undefined ? ` (period ${f.period})` : ''}: ${f.message}\n`).join('');
}
