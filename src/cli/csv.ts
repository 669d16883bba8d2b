// `gridclear clear --format csv`: a clearing as one tidy CSV table (RFC 4180), built straight from
// the outcome's columns. Columns: table,id,value,flow,shadowPrice, where `table` is
//   result  the head: status, mechanism, welfare, congestionRent, infeasible island/line/imbalance, digest
//   fill    one row per order: its fill (quantity tick)
//   price   one row per bus ("*" on a copper plate): its price (price tick)
//   line    one row per line: flow (MW) and shadowPrice (price tick)
import { formatTicks } from '../model/fixed.js';
import type { ClearingOutcome, ClearingResultHead } from '../io/result.js';

/** The CSV header line. */
export const CSV_HEADER = 'table,id,value,flow,shadowPrice';

/** A field quoted when it holds a comma, a quote, or a line break (RFC 4180). */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The clearing as CSV text (header included, each row ending in \n). */
export function clearingCsv(outcome: ClearingOutcome, head: ClearingResultHead): string {
  const rows: string[] = [CSV_HEADER];
  const row = (table: string, id: string, value = '', flow = '', shadow = '') =>
    rows.push(`${table},${csvField(id)},${csvField(value)},${flow},${shadow}`);
  row('result', 'status', head.status);
  if (head.mechanism !== undefined) row('result', 'mechanism', head.mechanism);
  if (head.status === 'optimal') {
    row('result', 'welfare', head.welfare);
    row('result', 'congestionRent', head.congestionRent);
  } else {
    const inf = head.infeasible as { island: string; imbalance: string; line?: string };
    row('result', 'island', inf.island);
    if (inf.line !== undefined) row('result', 'line', inf.line);
    row('result', 'imbalance', inf.imbalance);
  }
  row('result', 'digest', head.digest);
  if (head.status === 'optimal') {
    const { orderIds, fills, prices, lines, quantityDecimals: qd, priceDecimals: pd } = outcome;
    for (let i = 0; i < orderIds.length; i++) row('fill', orderIds[i]!, formatTicks(fills[i]!, qd));
    for (const p of prices) row('price', p.key, formatTicks(p.ticks, pd));
    for (const l of lines ?? []) row('line', l.id, '', String(l.flow), formatTicks(l.shadowPriceTicks, pd));
  }
  return `${rows.join('\n')}\n`;
}
