// Reading a market-case/2 file: JSON syntax (PARSE_ERROR with line and column) and the format
// tag; values are checked by normalizePeriods when the market clears (one place decides).
import { GridclearError } from '../errors.js';
import { parseJsonText, type ParseOptions } from '../io/marketCase.js';
import type { PeriodsMarket } from './types.js';

/** Parses a market-case/2 file into a PeriodsMarket (structure of the root only). */
export function parsePeriodsCase(text: string, opts: ParseOptions = {}): PeriodsMarket {
  const root = parseJsonText(text, opts) as Record<string, unknown>;
  const src = opts.source ? `${opts.source}: ` : '';
  if (typeof root !== 'object' || root === null || Array.isArray(root)) throw new GridclearError('INVALID_MARKET', `${src}the file must hold a JSON object`, { expected: 'object' });
  if (root.format !== 'market-case/2') throw new GridclearError('INVALID_MARKET', `${src}format must be "market-case/2", got ${JSON.stringify(root.format)}`, { field: 'format', expected: 'market-case/2', value: root.format });
  for (const f of ['periods', 'orders']) if (!Array.isArray(root[f])) throw new GridclearError('INVALID_MARKET', `${src}${f} must be an array`, { field: f, expected: 'an array' });
  return root as unknown as PeriodsMarket;
}
