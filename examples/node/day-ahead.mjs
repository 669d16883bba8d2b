// A day of hourly call auctions (24 independent markets) cleared on a pool of worker threads,
// checked against clearing them one by one on this thread. Run after `npm run build`:
//   node examples/node/day-ahead.mjs
// ('gridclear' resolves to this package itself through its "exports", as it would in your project.)
import { clearAuction, auctionOutcome, toClearingResult, isGridclearError } from 'gridclear';
import { createPool, clearingResultsOf } from 'gridclear/workers';

/** A small neighbourhood market for hour h: solar sells cheap at noon, demand peaks in the evening. */
function hourMarket(h) {
  const sun = Math.max(0, Math.sin(((h - 6) / 12) * Math.PI));
  const evening = h >= 17 && h <= 21 ? 1.6 : 1;
  const orders = [];
  for (let i = 0; i < 40; i++) {
    orders.push({ id: `pv${i}`, side: 'sell', price: (20 + i).toFixed(2), quantity: (0.5 + 4 * sun * ((i % 5) + 1) / 5).toFixed(3) });
    orders.push({ id: `home${i}`, side: 'buy', price: (150 - 2 * i).toFixed(2), quantity: (evening * (1 + (i % 3))).toFixed(3) });
  }
  orders.push({ id: 'grid', side: 'sell', price: '140.00', quantity: '500.000' });
  return { format: 'market-case/1', name: `hour-${String(h).padStart(2, '0')}`, priceDecimals: 2, quantityDecimals: 3, orders };
}

const day = Array.from({ length: 24 }, (_, h) => hourMarket(h));
const pool = createPool({ size: 2 });
try {
  const results = await clearingResultsOf(pool, day);
  for (const [h, r] of results.entries()) {
    const serial = toClearingResult(auctionOutcome(day[h], clearAuction(day[h])));
    if (serial.digest !== r.digest) throw new Error(`hour ${h}: the worker and this thread disagree`);
    const traded = day[h].orders.filter((o) => o.side === 'buy').reduce((s, o) => s + Number(r.fills[o.id]), 0);
    console.log(`${day[h].name}  price ${r.prices['*'].padStart(7)}  traded ${traded.toFixed(3).padStart(8)} MWh  welfare ${r.welfare}`);
  }
  console.log(`24 hours cleared on ${pool.size} workers; every digest equals serial clearing (e.g. ${results[12].digest.slice(0, 23)}…)`);
} catch (e) {
  console.error(isGridclearError(e) ? `${e.code}: ${e.message}` : e);
  process.exitCode = 1;
} finally {
  pool.close();
}
