// Small multi-period markets with answers worked out by hand (test/unit/periods-hand.test.ts).
import type { PeriodsMarket } from '../../src/periods/index.js';

/** Two hours on a copper plate: cheap sellers at 10 in h1, at 40 in h2, and a 9 MWh battery with 90% efficiency each way. */
export const battery = (): PeriodsMarket => ({
  format: 'market-case/2', priceDecimals: 4, quantityDecimals: 3, durationDecimals: 2,
  periods: [{ id: 'h1', duration: '1' }, { id: 'h2', duration: '1' }],
  orders: [
    { id: 's1', period: 'h1', side: 'sell', price: '10', quantity: '100' },
    { id: 'b1', period: 'h1', side: 'buy', price: '50', quantity: '50' },
    { id: 's2', period: 'h2', side: 'sell', price: '40', quantity: '100' },
    { id: 'b2', period: 'h2', side: 'buy', price: '100', quantity: '50' },
  ],
  storage: [{ id: 'bat', energyCapacity: '9', chargeCapacity: '20', dischargeCapacity: '20', chargeEfficiency: '0.9', dischargeEfficiency: '0.9' }],
});

/** Two buses, line A -> B of 100 MW, lowered to 30 MW in the half hour h2. */
export const twoBus = (): PeriodsMarket => ({
  format: 'market-case/2',
  network: { baseMVA: 100, buses: [{ id: 'A' }, { id: 'B' }], lines: [{ id: 'l', from: 'A', to: 'B', x: 0.1, minFlow: '-100', maxFlow: '100' }] },
  periods: [{ id: 'h1', duration: '1' }, { id: 'h2', duration: '0.5', lines: { l: { maxFlow: '30' } } }],
  orders: ['1', '2'].flatMap((t) => [
    { id: `a${t}`, period: `h${t}`, bus: 'A', side: 'sell' as const, price: '10', quantity: '100' },
    { id: `b${t}`, period: `h${t}`, bus: 'B', side: 'sell' as const, price: '40', quantity: '100' },
    { id: `d${t}`, period: `h${t}`, bus: 'B', side: 'buy' as const, price: '100', quantity: '50' },
  ]),
});
