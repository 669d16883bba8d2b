// A networked case scanned straight into columns (io/scan.ts) as the BasicMarket that
// normalizeMarket would make of the parsed file: the header and the network through the same
// checks, the orders' values checked here. Anything normalizeMarket would reject (a quantity <= 0,
// a price outside [floor, cap], an unknown bus, a repeated id, an empty market) makes it give up
// (undefined): the caller then reads the file the general way, whose error names the order.
import type { ScannedCase } from '../io/scan.js';
import { normalizeNetwork } from '../model/network.js';
import { firstRepeat } from '../model/ids.js';
import { readHeader, type BasicMarket } from '../model/normalize.js';

/** The BasicMarket of a scanned networked case, or undefined when normalizeMarket would reject it. */
export function basicOfScannedNetwork(s: ScannedCase): BasicMarket | undefined {
  const { price, qty, ids } = s, n = ids.length;
  if (!s.market.network || !s.bus || n === 0) return undefined;
  const head = readHeader(s.market);
  const network = normalizeNetwork(s.market.network, { quantityDecimals: head.quantityDecimals, allowNegativeReactance: true });
  const cap = Number(head.priceCapTicks), floor = Number(head.priceFloorTicks); // scanned ticks are below 1e15: exact
  const bus = new Int32Array(n), busIndex = network.busIndex;
  let totalQty = 0, maxAbsPrice = 0;
  for (let i = 0; i < n; i++) {
    const q = qty[i], p = price[i], b = busIndex.get(s.bus[i]);
    if (!(q > 0) || p > cap || p < floor || b === undefined) return undefined;
    bus[i] = b;
    totalQty += q;
    const a = p < 0 ? -p : p;
    if (a > maxAbsPrice) maxAbsPrice = a;
  }
  if (firstRepeat(ids) >= 0) return undefined;
  return {
    ...head, orders: [], orderIds: ids, idChars: s.idChars, side: s.side, price, qty, firstBig: -1,
    network, bus, totalQty, maxAbsPrice,
  };
}
