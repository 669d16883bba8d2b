// fast-check generators of small copper-plate markets with few price levels (ties are common),
// and converters between the object and column forms used by the auction tests.
import fc from 'fast-check';
import { formatTicks } from '../../src/model/fixed.js';
import type { Market, Order } from '../../src/model/types.js';
import type { AuctionOptions, OrderColumns, TickMarket } from '../../src/auction/index.js';
import type { TickOrder } from './auctionInvariants.js';

export const PRICE_DECIMALS = 1;
export const QTY_DECIMALS = 0;
export const FLOOR = -50n;
export const CAP = 400n;
export const TICK_MARKET: TickMarket = { priceDecimals: PRICE_DECIMALS, quantityDecimals: QTY_DECIMALS, priceCapTicks: CAP, priceFloorTicks: FLOOR };

/** An order in ticks with an optional sequence. */
export interface GenOrder extends TickOrder { seq?: number }

const genOrder = (withSeq: boolean): fc.Arbitrary<GenOrder> => fc.record({
  side: fc.constantFrom<0 | 1>(0, 1),
  price: fc.oneof(fc.bigInt(-20n, 40n), fc.constantFrom(FLOOR, CAP, 0n, 10n)),
  // huge quantities drive pro rata through the 128-bit product and division
  qty: fc.oneof(fc.bigInt(1n, 12n), fc.bigInt(1n, 1000n), fc.bigInt(1n, 1n << 45n)),
  seq: withSeq ? fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }) : fc.constant(undefined),
}).map((o) => (o.seq === undefined ? { side: o.side, price: o.price, qty: o.qty } : o));

/** Random markets of 1..maxN orders; sometimes with sequences. */
export const genOrders = (maxN = 30): fc.Arbitrary<GenOrder[]> =>
  fc.boolean().chain((withSeq) => fc.array(genOrder(withSeq), { minLength: 1, maxLength: maxN }));

/** Every mechanism, tie rule, pay-as-bid price and a few k values. */
export const genOptions: fc.Arbitrary<AuctionOptions> = fc.record({
  mechanism: fc.constantFrom('uniform', 'pay-as-bid', 'trade-reduction'),
  tieRule: fc.constantFrom('pro-rata', 'time-priority'),
  payAsBidPrice: fc.constantFrom('bid', 'ask', 'midpoint'),
  k: fc.constantFrom(0, 0.5, 1, '0.25', '0.3333'),
}) as fc.Arbitrary<AuctionOptions>;

/** Ids whose UTF-16 order is the index order, so the object and column paths tie alike. */
export const idOf = (i: number): string => `o${String(i).padStart(4, '0')}`;

/** The object form of generated orders (prices and quantities as decimal strings). */
export function toMarket(orders: GenOrder[], ids: (i: number) => string = idOf): Market {
  return {
    priceDecimals: PRICE_DECIMALS, quantityDecimals: QTY_DECIMALS,
    priceCap: formatTicks(CAP, PRICE_DECIMALS), priceFloor: formatTicks(FLOOR, PRICE_DECIMALS),
    orders: orders.map((o, i): Order => ({
      id: ids(i), side: o.side === 0 ? 'buy' : 'sell',
      price: formatTicks(o.price, PRICE_DECIMALS), quantity: formatTicks(o.qty, QTY_DECIMALS),
      ...(o.seq === undefined ? {} : { sequence: o.seq }),
    })),
  };
}

/** The column form; orders without a sequence get the largest i64 (after all sequenced ones). */
export function toColumns(orders: GenOrder[]): OrderColumns {
  const cols: OrderColumns = {
    side: Uint8Array.from(orders, (o) => o.side),
    priceTicks: BigInt64Array.from(orders, (o) => o.price),
    quantityTicks: BigInt64Array.from(orders, (o) => o.qty),
  };
  if (orders.some((o) => o.seq !== undefined)) {
    cols.sequence = BigInt64Array.from(orders, (o) => (o.seq === undefined ? (1n << 63n) - 1n : BigInt(o.seq)));
  }
  return cols;
}
