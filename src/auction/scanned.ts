// A copper-plate case scanned straight into columns (io/scan.ts) as the BasicMarket that
// normalizeMarket would make of the parsed file (the market's fields through the same checks; the
// orders' values are checked by the core, whose errors send callers back to the general path),
// cleared by clearBasicAuction like any other market.
import type { ScannedCase } from '../io/scan.js';
import { readHeader, type BasicMarket } from '../model/normalize.js';
import { clearBasicAuction } from './basic.js';
import type { AuctionOptions, AuctionResult } from './types.js';

/** The BasicMarket of a scanned case (its orders list is empty: no object per order). */
export function basicOfScanned(s: ScannedCase): BasicMarket {
  const { price, qty } = s;
  let totalQty = 0, maxAbsPrice = 0;
  for (let i = 0; i < price.length; i++) {
    totalQty += qty[i];
    const a = Math.abs(price[i]);
    if (a > maxAbsPrice) maxAbsPrice = a;
  }
  return {
    ...readHeader(s.market), orders: [], orderIds: s.ids, idChars: s.idChars, side: s.side, price, qty,
    firstBig: -1, totalQty, maxAbsPrice,
  };
}

/**
 * Clears a scanned case; the result equals clearAuction's on the parsed file. Errors are the
 * core's (named by index and id); callers that must report the general path's exact messages
 * re-read the file the general way when this throws.
 */
export function clearScanned(scanned: ScannedCase, options?: AuctionOptions): AuctionResult {
  return clearBasicAuction(basicOfScanned(scanned), options);
}
