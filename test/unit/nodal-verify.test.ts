// verify(): accepts what the engine produces, rejects tampered results for the right reason.
import { specExample } from '../helpers/shared.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clearNodal, nodalOutcome } from '../../src/nodal/index.js';
import { toClearingResult } from '../../src/io/result.js';
import { digestOf } from '../../src/io/digest.js';
import { settle, verify } from '../../src/settle/index.js';
import type { Market } from '../../src/model/types.js';

const market = (): Market => JSON.parse(readFileSync(specExample('two-bus.json'), 'utf8'));
/** A three-bus loop with a congested line: prices differ at every bus. */
const loop = (): Market => ({
  priceDecimals: 4, quantityDecimals: 3,
  network: {
    baseMVA: 100,
    buses: [{ id: 'a' }, { id: 'b' }, { id: 'c', fixedInjection: '-5.000' }],
    lines: [
      { id: 'ab', from: 'a', to: 'b', x: 0.1, minFlow: '-40', maxFlow: '40' },
      { id: 'bc', from: 'b', to: 'c', x: 0.1, minFlow: '-40', maxFlow: '40' },
      { id: 'ac', from: 'a', to: 'c', x: 0.2, minFlow: '-25', maxFlow: '25' },
    ],
  },
  orders: [
    { id: 'g1', side: 'sell', bus: 'a', price: '10', quantity: '100' },
    { id: 'g2', side: 'sell', bus: 'b', price: '30', quantity: '100' },
    { id: 'd1', side: 'buy', bus: 'c', price: '100', quantity: '60' },
    { id: 'd2', side: 'buy', bus: 'b', price: '20', quantity: '30' },
  ],
});

function resultOf(m: Market) {
  return JSON.parse(JSON.stringify(toClearingResult(nodalOutcome(clearNodal(m)))));
}

/** Tampers with a copy, re-stamps the digest (so only the semantic check can fail), verifies. */
function tampered(m: Market, edit: (r: any) => void, restamp = true) {
  const r = resultOf(m);
  edit(r);
  if (restamp) r.digest = digestOf(r);
  return verify(m, r).failures.map((f) => f.check);
}

describe('nodal verify', () => {
  it('accepts the engine results, with and without congestion', () => {
    for (const m of [market(), loop()]) {
      const r = clearNodal(m);
      expect(r.stats.bindingLines).toBeGreaterThan(0);
      const rep = verify(m, resultOf(m), { trades: settle(m, r).trades });
      expect(rep.failures).toEqual([]);
      expect(rep.ok).toBe(true);
    }
  });

  it('rejects a changed fill', () => {
    const checks = tampered(loop(), (r) => { r.fills.g1 = (Number(r.fills.g1) - 1).toFixed(3); });
    expect(checks).toContain('balance');
    expect(checks).toContain('welfare');
  });

  it('rejects a fill that breaks price consistency while keeping the balance', () => {
    // d2 bids 50 at B priced 40: it must be filled fully
    const checks = tampered(market(), (r) => { r.fills.d2 = '79.000'; r.fills.s2 = '49.000'; });
    expect(checks).toContain('consistency');
    expect(checks).not.toContain('balance');
  });

  it('rejects a fill off the tick or outside [0, quantity]', () => {
    expect(tampered(market(), (r) => { r.fills.s1 = '30.0001'; })).toContain('fills');
    expect(tampered(market(), (r) => { r.fills.d2 = '81.000'; r.fills.s2 = '51.000'; })).toContain('fills');
  });

  it('rejects a changed price', () => {
    const checks = tampered(market(), (r) => { r.prices.B = '45.0000'; });
    expect(checks).toContain('priceRelation');
    expect(checks).toContain('congestionRent');
  });

  it('rejects a changed shadow price', () => {
    expect(tampered(market(), (r) => { r.lines.l.shadowPrice = '20.0000'; })).toContain('priceRelation');
    expect(tampered(market(), (r) => { r.lines.l.shadowPrice = '-30.0000'; })).toContain('shadowPrices');
  });

  it('rejects a changed flow', () => {
    expect(tampered(market(), (r) => { r.lines.l.flow = 29.5; })).toEqual(['flows']);
  });

  it('rejects a wrong digest and a wrong format', () => {
    expect(tampered(market(), (r) => { r.digest = 'sha256:00'; }, false)).toEqual(['digest']);
    expect(tampered(market(), (r) => { r.welfare = '1.0000000'; }, false)).toEqual(['digest', 'welfare']);
    expect(tampered(market(), (r) => { r.format = 'clearing-result/2'; })).toEqual(['format']);
  });

  it('rejects changed trades', () => {
    const m = loop();
    const r = clearNodal(m);
    const good = settle(m, r).trades;
    const json = resultOf(m);
    const bad1 = good.map((t, i) => (i === 0 ? { ...t, quantityTicks: t.quantityTicks - 1n } : t));
    const bad2 = good.map((t, i) => (i === 0 ? { ...t, networkChargeTicks: t.networkChargeTicks + 1n } : t));
    expect(verify(m, json, { trades: bad1 }).failures.map((f) => f.check)).toContain('trades');
    expect(verify(m, json, { trades: bad2 }).failures.map((f) => f.check)).toEqual(['trades']);
  });
});

describe('nodal settlement', () => {
  it('trades add up to the fills, the money and the congestion rent', () => {
    const m = loop();
    const r = clearNodal(m);
    const s = settle(m, r);
    expect(s.congestionRentTicks).toBe(r.congestionRentTicks);
    const buyersPay = s.trades.reduce((a, t) => a + t.quantityTicks * (t.energyPriceTicks + t.networkChargeTicks), 0n);
    const sellersGet = s.trades.reduce((a, t) => a + t.quantityTicks * t.energyPriceTicks, 0n);
    expect(buyersPay - sellersGet).toBe(r.congestionRentTicks);
    const net = s.participants.reduce((a, p) => a + p.netTicks, 0n);
    // participants' net = buyers pay - sellers receive (orders only); fixed injections are paid at their bus price
    const fixed = m.network!.buses.reduce((a, b, i) => a + r.priceTicks[i] * BigInt(Math.round(Number(b.fixedInjection ?? 0) * 1000)), 0n);
    expect(net - fixed).toBe(r.congestionRentTicks);
  });
});

describe('nodal determinism', () => {
  it('gives the same digest on repeated runs and permuted orders', () => {
    const m = loop();
    const d = resultOf(m).digest;
    expect(resultOf(m).digest).toBe(d);
    const rev = { ...m, orders: [...m.orders].reverse() };
    expect(resultOf(rev).digest).toBe(d);
  });
});

describe('nodal verify: infeasible results', () => {
  const m = (): Market => ({
    network: { baseMVA: 100, buses: [{ id: 'A', fixedInjection: '50' }, { id: 'B' }], lines: [{ id: 'ab', from: 'A', to: 'B', x: 0.1, minFlow: '-40', maxFlow: '40' }] },
    orders: [{ id: 'd', side: 'buy', bus: 'B', price: '20', quantity: '30' }],
  });
  it('confirms a balance infeasibility exactly and rejects a wrong amount or a false claim', () => {
    const r = resultOf(m());
    expect(r.status).toBe('infeasible');
    expect(verify(m(), r).ok).toBe(true);
    expect(tampered(m(), (x) => { x.infeasible.imbalance = '19.000'; })).toEqual(['status']);
    const ok = m();
    ok.orders[0].quantity = '50';
    expect(tampered(ok, (x) => { x.status = 'infeasible'; x.infeasible = { island: 'A', imbalance: '0.000' }; delete x.fills; })).toEqual(['status']);
  });
  it('accepts a line infeasibility naming a line of the island', () => {
    const mm = m();
    mm.orders[0].quantity = '60';
    const r = resultOf(mm);
    expect(r.infeasible).toEqual({ island: 'A', line: 'ab', imbalance: '10.000' });
    expect(verify(mm, r).failures).toEqual([]);
  });
});

import { clearAuction } from '../../src/auction/index.js';
import { auctionOutcome } from '../../src/io/result.js';

describe('verify: copper plate', () => {
  const tie = (): Market => JSON.parse(readFileSync(specExample('copper-plate-tie.json'), 'utf8'));
  it('accepts the uniform-price auction result and rejects a changed price', () => {
    const m = tie();
    const r = JSON.parse(JSON.stringify(toClearingResult(auctionOutcome(m, clearAuction(m)))));
    expect(verify(m, r).failures).toEqual([]);
    r.prices['*'] = '31.00';
    r.digest = digestOf(r);
    expect(verify(m, r).failures.map((f) => f.check)).toContain('consistency');
  });
  it('checks pay-as-bid and trade-reduction results against their trades', () => {
    const m = tie();
    for (const mechanism of ['pay-as-bid', 'trade-reduction'] as const) {
      const r = JSON.parse(JSON.stringify(toClearingResult(auctionOutcome(m, clearAuction(m, { mechanism })))));
      expect(verify(m, r).failures).toEqual([]);
      r.trades[0].price = r.trades[0].price === '25.00' ? '26.00' : '25.00';
      expect(verify(m, r).failures.map((f) => f.check)).toContain('mechanism');
    }
  });
});
