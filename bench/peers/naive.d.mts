// Types of peer (a), for the TypeScript tests.
/** What peers (a) and (b) return: ticks as numbers; welfare in price ticks x quantity ticks. */
export interface PeerResult<F = number[]> {
  priceTicks: number;
  priceLowTicks: number;
  priceHighTicks: number;
  volumeTicks: number;
  welfareTicks: number;
  fills: F;
}
/** An order of peer (a); price and quantity as numbers or decimal strings. */
export interface PeerOrder {
  id: string;
  side: 'buy' | 'sell';
  price: number | string;
  quantity: number | string;
}
/** The market fields peer (a) reads. */
export interface PeerMarket {
  priceDecimals: number;
  quantityDecimals: number;
  priceCap: number | string;
  priceFloor: number | string;
}
/** Round half to even of (low + high) / 2. */
export function midpointHalfEven(low: number, high: number): number;
/** Peer (a): the straightforward uniform-price clearing. */
export function clearUniformNaive(orders: PeerOrder[], market: PeerMarket): PeerResult<number[]>;
