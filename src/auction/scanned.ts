// A copper-plate case scanned straight into columns (io/scan.ts) cleared like clearAuction clears
// the same market from objects: the market's fields through the same checks, ids written as their
// UTF-16 code units (ties by id, duplicates found by the core), one call into the core.
import type { ScannedCase } from '../io/scan.js';
import { runAuction } from './encode.js';
import { marketTicks } from './market.js';
import { coreOptions } from './options.js';
import type { AuctionOptions, AuctionResult } from './types.js';

/**
 * Clears a scanned case; the result equals clearAuction's on the parsed file. Errors are the
 * core's (named by index and id); callers that must report the object path's exact messages
 * re-read the file the general way when this throws.
 */
export function clearScanned(scanned: ScannedCase, options?: AuctionOptions): AuctionResult {
  const tm = marketTicks(scanned.market);
  const opt = coreOptions(options);
  const { ids, idChars, side, priceTicks, quantityTicks } = scanned;
  const n = ids.length;
  const result = runAuction({ n, hasSeq: false, idChars }, tm, opt, (arena, p) => {
    arena.u8(p.side, n).set(side);
    arena.i64(p.price, n).set(priceTicks);
    arena.i64(p.qty, n).set(quantityTicks);
    const off = arena.i32(p.idOff, n + 1);
    const chars = new Uint16Array(arena.buffer, p.idChars, idChars);
    let c = 0;
    for (let i = 0; i < n; i++) {
      const id = ids[i];
      off[i] = c;
      for (let k = 0; k < id.length; k++) chars[c++] = id.charCodeAt(k);
    }
    off[n] = c;
  }, ids);
  result.orderIds = ids;
  return result;
}
