// Reading a market-case/2 file: JSON syntax (PARSE_ERROR with line and column) and the format
// tag; values are checked by normalizePeriods when the market clears (one place decides).
import { GridclearError } from '../errors.js';
import { parseJsonText, type ParseOptions } from '../io/marketCase.js';
import type { PeriodsMarket } from './types.js';

/** Parses a market-case/2 file into a PeriodsMarket (structure of the root only). */
export function parsePeriodsCase(text: string, opts: ParseOptions = {}): PeriodsMarket {
  return periodsCaseOf(parseJsonText(text, opts), opts.source);
}

/** The PeriodsMarket of a parsed market-case/2 document (its root's structure checked; `source` names the file in messages). */
export function periodsCaseOf(root: unknown, source?: string): PeriodsMarket {
  const src = source ? `${source}: ` : '';
  if (typeof root !== 'object' || root === null || Array.isArray(root)) throw new GridclearError('INVALID_MARKET', `${src}the file must hold a JSON object`, { expected: 'object' });
  const r = root as Record<string, unknown>;
  if (r.format !== 'market-case/2') throw new GridclearError('INVALID_MARKET', `${src}format must be "market-case/2", got ${JSON.stringify(r.format)}`, { field: 'format', expected: 'market-case/2', value: r.format });
  for (const f of ['periods', 'orders']) if (!Array.isArray(r[f])) throw new GridclearError('INVALID_MARKET', `${src}${f} must be an array`, { field: f, expected: 'an array' });
  return r as unknown as PeriodsMarket;
}

/** The format tag that marks a market-case/2 text. */
const TAG = /"format"\s*:\s*"market-case\/2"/;

/**
 * The market-case/2 market of a case text, or undefined for any other text (market-case/1,
 * MATPOWER): a text without the tag is not parsed at all, so the market-case/1 paths stay as fast.
 */
export function periodsCaseIn(text: string, source?: string): PeriodsMarket | undefined {
  if (!TAG.test(text)) return undefined;
  const root = parseJsonText(text, { source }) as Record<string, unknown> | null;
  if (typeof root !== 'object' || root === null || Array.isArray(root) || root.format !== 'market-case/2') return undefined;
  return periodsCaseOf(root, source);
}
