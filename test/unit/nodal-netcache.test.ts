// The kept network of clearNodal (src/nodal/netcache.ts): a network object cleared again is not
// normalized and factorized again, with the same results bit for bit; a network changed in place
// (any field normalizeNetwork reads) is normalized again.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clearNodal } from '../../src/nodal/index.js';
import { forgetNetworks } from '../../src/nodal/netcache.js';
import { isGridclearError } from '../../src/errors.js';
import type { Market } from '../../src/model/types.js';
import { nodalMarketArb } from '../helpers/nodalArb.js';

/** Everything a NodalResult says, as comparable plain data, or the error's code. */
function outcome(f: () => ReturnType<typeof clearNodal>): unknown {
  try {
    const r = f();
    return JSON.parse(JSON.stringify({ ...r, flows: Array.from(r.flows) }, (_k, v) => (typeof v === 'bigint' ? `${v}n` : ArrayBuffer.isView(v) ? Array.from(v as never) : v)));
  } catch (e) {
    return isGridclearError(e) ? `${e.code}: ${e.message}` : String(e);
  }
}

/** A deep copy: another network object, so nothing kept applies to it. */
const fresh = (m: Market): Market => structuredClone(m);

const loop = (): Market => ({
  quantityDecimals: 3,
  network: {
    baseMVA: 100,
    buses: [{ id: 'A' }, { id: 'B' }, { id: 'C', fixedInjection: '0' }],
    lines: [
      { id: 'ab', from: 'A', to: 'B', x: 0.1, minFlow: '-20', maxFlow: '20' }, // binding
      { id: 'bc', from: 'B', to: 'C', x: 0.1 }, { id: 'ca', from: 'C', to: 'A', x: 0.1 },
    ],
  },
  orders: [
    { id: 's', side: 'sell', bus: 'A', price: '10', quantity: '100' },
    { id: 't', side: 'sell', bus: 'B', price: '30', quantity: '100' },
    { id: 'd', side: 'buy', bus: 'C', price: '50', quantity: '80' },
  ],
});

describe('nodal: the kept network', () => {
  it('gives the same results on the third call as on a fresh copy, on random markets', () => {
    fc.assert(fc.property(nodalMarketArb({ maxBuses: 7, maxOrders: 24 }), (m) => {
      forgetNetworks();
      const want = outcome(() => clearNodal(fresh(m)));
      for (let i = 0; i < 3; i++) expect(outcome(() => clearNodal(m))).toEqual(want);
    }), { numRuns: 120, seed: 20261202 });
  });

  it('normalizes again a network changed in place, whatever field changed', () => {
    const edits: ((m: Market) => void)[] = [
      (m) => { m.network!.lines[0].maxFlow = '15'; },
      (m) => { m.network!.lines[0].minFlow = '25'; }, // above maxFlow: an error
      (m) => { m.network!.lines[1].x = 0.3; },
      (m) => { m.network!.lines[2].shiftDeg = 5; },
      (m) => { m.network!.lines[2].from = 'A'; m.network!.lines[2].to = 'C'; },
      (m) => { m.network!.buses[2].fixedInjection = '-5'; },
      (m) => { m.network!.lines[0].maxFlow = undefined; },
      (m) => { m.network!.referenceBus = 'Z'; }, // an unknown bus
      (m) => { m.network!.baseMVA = -1; }, // flows do not depend on it: an invalid one shows
      (m) => { m.network!.lines.pop(); },
      (m) => { m.network!.buses[1].id = 'X'; },
      (m) => { m.quantityDecimals = 2; },
    ];
    for (const edit of edits) {
      forgetNetworks();
      const m = loop();
      let before: unknown;
      for (let i = 0; i < 3; i++) before = outcome(() => clearNodal(m)); // kept from the second call on
      edit(m);
      const want = outcome(() => clearNodal(fresh(m)));
      expect(want).not.toEqual(before); // each edit changes the result (so a stale network shows)
      expect(outcome(() => clearNodal(m))).toEqual(want);
      expect(outcome(() => clearNodal(m))).toEqual(outcome(() => clearNodal(fresh(m))));
    }
  });

  it('gives each result its own id arrays', () => {
    forgetNetworks();
    const m = loop();
    const rs = [clearNodal(m), clearNodal(m), clearNodal(m)];
    rs[1].busIds[0] = 'changed'; rs[2].lineIds[0] = 'changed';
    const r = clearNodal(m);
    expect(r.busIds).toEqual(['A', 'B', 'C']);
    expect(r.lineIds).toEqual(['ab', 'bc', 'ca']);
  });
});

describe('the kept network compares every field normalizeNetwork reads', () => {
  // netcache.ts lists the fields by hand (BUS_FIELDS, LINE_FIELDS); if normalizeNetwork ever reads
  // another one, a change to it in place would go unseen: this test then fails and names the field.
  it('normalizeNetwork reads no field of the network, its buses or its lines beyond the compared ones', async () => {
    const { normalizeNetwork } = await import('../../src/model/network.js');
    const reads = { network: new Set<string>(), bus: new Set<string>(), line: new Set<string>() };
    const spy = <T extends object>(o: T, into: Set<string>): T => new Proxy(o, {
      get(t, k, r) { if (typeof k === 'string') into.add(k); return Reflect.get(t, k, r); },
      has(t, k) { if (typeof k === 'string') into.add(k); return Reflect.has(t, k); },
    });
    const list = <T extends object>(a: T[], into: Set<string>): T[] => a.map((o) => spy(o, into));
    const network = spy({
      baseMVA: 100, referenceBus: 'A',
      buses: list([{ id: 'A', fixedInjection: '1.5' }, { id: 'B' }, { id: 'C', fixedInjection: '-1.5' }], reads.bus),
      lines: list([
        { id: 'AB', from: 'A', to: 'B', x: 0.1, shiftDeg: 2, minFlow: '-5', maxFlow: '5' },
        { id: 'BC', from: 'B', to: 'C', x: 0.2 },
        { id: 'CA', from: 'C', to: 'A', x: -0.05, maxFlow: '3' },
      ], reads.line),
    }, reads.network);
    normalizeNetwork(network as never, { quantityDecimals: 3, allowNegativeReactance: true });
    expect([...reads.network].filter((k) => !['baseMVA', 'buses', 'lines', 'referenceBus'].includes(k))).toEqual([]);
    expect([...reads.bus].filter((k) => !['id', 'fixedInjection'].includes(k))).toEqual([]);
    expect([...reads.line].filter((k) => !['id', 'from', 'to', 'x', 'shiftDeg', 'minFlow', 'maxFlow'].includes(k))).toEqual([]);
    // and the spy sees reads at all (a test that cannot fail is a defect)
    expect(reads.bus.has('id') && reads.line.has('maxFlow') && reads.network.has('baseMVA')).toBe(true);
  });
});
