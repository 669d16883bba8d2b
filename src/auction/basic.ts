// The call auction of an already validated copper-plate BasicMarket: the one auction path that
// clearAuction (after normalizeMarket) and the CLI's scanned files (auction/scanned.ts) share.
// Internal: not re-exported by auction/index.ts.
import type { BasicMarket } from '../model/normalize.js';
import { runAuction } from './encode.js';
import { tickMarketOf, writeOrders } from './market.js';
import { coreOptions } from './options.js';
import type { AuctionOptions, AuctionResult } from './types.js';

/** Clears a validated copper-plate BasicMarket (its duplicate ids are found by the core). */
export function clearBasicAuction(m: BasicMarket, options?: AuctionOptions): AuctionResult {
  const opt = coreOptions(options);
  const ids = m.orderIds;
  const result = runAuction({ n: ids.length, hasSeq: m.sequence !== undefined, idChars: m.idChars }, tickMarketOf(m), opt,
    (arena, p) => writeOrders(m, arena, p), ids);
  result.orderIds = ids;
  return result;
}
