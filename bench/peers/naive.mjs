// Peer (a): a straightforward uniform-price call auction, as a typical developer would write it:
// order objects, Array.prototype.sort with a comparator, plain numbers. It is still correct: prices
// and quantities become integer ticks first (so money is exact while it stays below 2^53), ties at
// the crossing trade (volume-maximizing), and the price rule is gridclear's default uniform rule
// (midpoint of the clearing interval, rounded to the tick, exact halves to the even tick).
//
// Input is assumed valid (on the tick, quantity > 0, price within [floor, cap]); gridclear
// validates, this peer does not. Fills follow priority order (price, then input position).

/** Round half to even of sum/2 for an integer sum: the tick the midpoint rule picks. */
export function midpointHalfEven(low, high) {
  const sum = low + high;
  const half = Math.floor(sum / 2);
  if (sum % 2 === 0) return half;
  return half % 2 === 0 ? half : half + 1;
}

/**
 * Clears `orders` ({id, side: 'buy'|'sell', price, quantity}, price/quantity as numbers or
 * decimal strings) in a market {priceDecimals, quantityDecimals, priceCap, priceFloor}.
 * Returns ticks as numbers: {priceTicks, priceLowTicks, priceHighTicks, volumeTicks,
 * welfareTicks (price ticks x quantity ticks), fills (quantity ticks, input order)}.
 */
export function clearUniformNaive(orders, market) {
  const priceScale = 10 ** market.priceDecimals;
  const qtyScale = 10 ** market.quantityDecimals;
  const buys = [];
  const sells = [];
  orders.forEach((o, index) => {
    const order = {
      index,
      price: Math.round(Number(o.price) * priceScale),
      quantity: Math.round(Number(o.quantity) * qtyScale),
      fill: 0,
    };
    if (o.side === 'buy') buys.push(order);
    else if (o.side === 'sell') sells.push(order);
    else throw new Error(`order ${o.id}: unknown side ${o.side}`);
  });
  // Best first; Array.prototype.sort is stable, so equal prices keep their input order.
  buys.sort((a, b) => b.price - a.price);
  sells.sort((a, b) => a.price - b.price);

  let i = 0;
  let j = 0;
  let volume = 0;
  let welfare = 0;
  while (i < buys.length && j < sells.length && buys[i].price >= sells[j].price) {
    const buy = buys[i];
    const sell = sells[j];
    const traded = Math.min(buy.quantity - buy.fill, sell.quantity - sell.fill);
    buy.fill += traded;
    sell.fill += traded;
    volume += traded;
    welfare += traded * (buy.price - sell.price);
    if (buy.fill === buy.quantity) i++;
    if (sell.fill === sell.quantity) j++;
  }
  if (!Number.isSafeInteger(welfare) || !Number.isSafeInteger(volume)) {
    throw new Error('welfare or volume exceeds 2^53: this peer cannot compute it exactly');
  }

  // The clearing interval: low = max(floor, highest accepted ask, highest bid with unfilled
  // quantity), high = min(cap, lowest accepted bid, lowest ask with unfilled quantity).
  const accepted = (list) => list.filter((o) => o.fill > 0);
  const unfilled = (list) => list.filter((o) => o.fill < o.quantity);
  const acceptedBuys = accepted(buys);
  const acceptedSells = accepted(sells);
  const unfilledBuys = unfilled(buys);
  const unfilledSells = unfilled(sells);
  const low = Math.max(
    Math.round(Number(market.priceFloor) * priceScale),
    ...acceptedSells.slice(-1).map((o) => o.price),
    ...unfilledBuys.slice(0, 1).map((o) => o.price),
  );
  const high = Math.min(
    Math.round(Number(market.priceCap) * priceScale),
    ...acceptedBuys.slice(-1).map((o) => o.price),
    ...unfilledSells.slice(0, 1).map((o) => o.price),
  );

  const fills = new Array(orders.length).fill(0);
  for (const o of buys) fills[o.index] = o.fill;
  for (const o of sells) fills[o.index] = o.fill;
  return {
    priceTicks: midpointHalfEven(low, high),
    priceLowTicks: low,
    priceHighTicks: high,
    volumeTicks: volume,
    welfareTicks: welfare,
    fills,
  };
}
