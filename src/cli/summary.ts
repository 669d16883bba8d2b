// The short human summary `gridclear clear` prints without --json.
import { formatTicks } from '../model/fixed.js';
import type { Market } from '../model/types.js';
import type { ClearingOutcome, ClearingResultHead } from '../io/result.js';

/** Everything the summary reports. */
export interface SummaryInput {
  market: Market;
  /** Order sides (0 buy, 1 sell) when the market was read into columns (its orders list is empty). */
  sides?: Uint8Array;
  /** The mechanism and its options, in words. */
  mechanism: string;
  outcome: ClearingOutcome;
  result: ClearingResultHead;
  /** Label of the copper-plate price row ("price", or "price (avg)" for pay-as-bid). */
  priceLabel?: string;
  /** Mechanism-specific rows shown after the welfare. */
  rows?: [string, string][];
  /** Milliseconds spent reading, clearing, and building the result (digest included). */
  ms: { read: number; clear: number; write: number };
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Whether order i buys. */
function buys(s: SummaryInput, i: number): boolean {
  return s.sides ? s.sides[i] === 0 : s.market.orders[i]?.side === 'buy';
}

function marketRow(s: SummaryInput): string {
  const m = s.market;
  const n = s.sides ? s.sides.length : m.orders.length;
  let nb = 0;
  for (let i = 0; i < n; i++) if (buys(s, i)) nb++;
  const grid = m.network ? `${plural(m.network.buses.length, 'bus', 'buses')}, ${plural(m.network.lines.length, 'line', 'lines')}` : 'copper plate';
  return `${m.name ?? '(unnamed)'}: ${plural(n, 'order', 'orders')} (${nb} buy, ${n - nb} sell), ${grid}`;
}

function priceRows(s: SummaryInput): [string, string][] {
  const { outcome: o } = s;
  const pd = o.priceDecimals;
  if (o.prices.length === 1 && o.prices[0].key === '*') return [[s.priceLabel ?? 'price', formatTicks(o.prices[0].ticks, pd)]];
  let lo = o.prices[0]?.ticks ?? 0n, hi = lo;
  for (const p of o.prices) { if (p.ticks < lo) lo = p.ticks; if (p.ticks > hi) hi = p.ticks; }
  const binding = (o.lines ?? []).filter((l) => l.shadowPriceTicks !== 0n).length;
  return [
    ['prices', `${formatTicks(lo, pd)} .. ${formatTicks(hi, pd)} over ${plural(o.prices.length, 'bus', 'buses')}`],
    ['lines', `${binding} of ${o.lines?.length ?? 0} binding`],
  ];
}

/** A few aligned lines a person reads after a clearing; the JSON (--json) is for programs. */
export function summary(s: SummaryInput): string {
  const { outcome: o, result } = s;
  const rows: [string, string][] = [['market', marketRow(s)], ['mechanism', s.mechanism]];
  if (result.status === 'infeasible') {
    rows.push(['status', `infeasible: island ${result.infeasible.island}, imbalance ${result.infeasible.imbalance} MW`]);
  } else {
    let volume = 0n;
    for (let i = 0; i < o.fills.length; i++) if (buys(s, i)) volume += o.fills[i];
    rows.push(...priceRows(s), ['volume', formatTicks(volume, o.quantityDecimals)], ['welfare', result.welfare]);
    if (o.lines) rows.push(['congestion', `rent ${result.congestionRent}`]);
    rows.push(...(s.rows ?? []));
  }
  const total = s.ms.read + s.ms.clear + s.ms.write;
  rows.push(
    ['digest', result.digest],
    ['time', `${total.toFixed(1)} ms (read ${s.ms.read.toFixed(1)}, clear ${s.ms.clear.toFixed(1)}, result ${s.ms.write.toFixed(1)})`],
  );
  return rows.map(([k, v]) => `${k.padEnd(12)}${v}`).join('\n') + '\n';
}
