// Type tests, checked by `npm run typecheck` (part of `npm test`): every `@ts-expect-error` line
// must be an error under --strict, or tsc fails with "Unused '@ts-expect-error' directive".
import { clearMarket, type ClearingResultJson, type Market } from '../../src/index.js';

declare const market: Market;
const result: ClearingResultJson = clearMarket(market);

// @ts-expect-error a misspelt field is not a field of a result (no catch-all index signature)
result.pricez;
// @ts-expect-error not on an unnarrowed result: an infeasible result has no prices
result.prices;
if (result.status === 'optimal') {
  const price: string | undefined = result.prices['*'];
  const shadow: string | undefined = result.lines?.l1?.shadowPrice;
  // @ts-expect-error fills are decimal strings, not numbers
  const fill: number | undefined = result.fills.o1;
  // @ts-expect-error a line has flow and shadowPrice only
  result.lines?.l1?.shadowprice;
  void [price, shadow, fill];
}
// Fields of the other mechanisms are typed too.
const volume: string | undefined = result.volume;
// @ts-expect-error tradePrices.count is a number
const count: string | undefined = result.tradePrices?.count;
void [volume, count];
