// Markets with block orders worked out by hand (test/unit/blocks-hand.test.ts).
import type { BlocksMarket } from '../../src/blocks/index.js';

/**
 * The published example: three hours, two all-or-nothing buy blocks at 100 (profiles
 * 4, 6, 10 and 3, 6, 12) and in every hour two sells, 15 at 5 and 20 at 3. Both blocks are
 * accepted; prices 3, 3, 5; 7, 12, 22 sold.
 */
export const published = (): BlocksMarket => ({
  format: 'market-case/2', priceDecimals: 2, quantityDecimals: 3, durationDecimals: 0,
  periods: ['1', '2', '3'].map((id) => ({ id, duration: '1' })),
  orders: ['1', '2', '3'].flatMap((t) => [
    { id: `a${t}`, period: t, side: 'sell' as const, price: '5', quantity: '15' },
    { id: `b${t}`, period: t, side: 'sell' as const, price: '3', quantity: '20' },
  ]),
  blocks: [
    { id: 'B1', side: 'buy', price: '100', profile: { 1: '4', 2: '6', 3: '10' } },
    { id: 'B2', side: 'buy', price: '100', profile: { 1: '3', 2: '6', 3: '12' } },
  ],
});

/**
 * A paradoxically accepted block the welfare optimum wants: one hour, a sell block of 10 at 50
 * (all or nothing) and a simple sell of 5 at 60 against a buy of 12 at 100. Welfare maximum:
 * accept the block (10 at 50, 2 more at 60: price 60, the block earns); but with a buy of only 8
 * the block's 10 MW push the price... see the test.
 */
export const paradox = (): BlocksMarket => ({
  format: 'market-case/2', priceDecimals: 2, quantityDecimals: 0, durationDecimals: 0,
  periods: [{ id: 'h', duration: '1' }],
  orders: [
    { id: 'buy', period: 'h', side: 'buy', price: '100', quantity: '8' },
    { id: 'lo', period: 'h', side: 'sell', price: '40', quantity: '5' },
    { id: 'hi', period: 'h', side: 'sell', price: '70', quantity: '10' },
  ],
  blocks: [{ id: 'S', side: 'sell', price: '50', profile: { h: '6' } }],
});
