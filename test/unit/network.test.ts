import { describe, expect, it } from 'vitest';
import { normalizeNetwork } from '../../src/model/network.js';
import type { Network } from '../../src/model/types.js';

const base = (): Network => ({
  baseMVA: 100,
  buses: [{ id: 'a', fixedInjection: '1.5' }, { id: 'b' }, { id: 'c' }, { id: 'd' }, { id: 'e' }],
  lines: [
    { id: 'ab', from: 'a', to: 'b', x: 0.1, maxFlow: '50', minFlow: '-40.5' },
    { id: 'bc', from: 'b', to: 'c', x: 0.2, shiftDeg: 10 },
    { id: 'de', from: 'd', to: 'e', x: 0.3, minFlow: null },
  ],
});
const opts = { quantityDecimals: 3 };

function rejects(mutate: (n: Network) => void, code: string, detail: Record<string, unknown>, o: object = opts): void {
  const n = base();
  mutate(n);
  let err: unknown;
  try { normalizeNetwork(n, o as typeof opts); } catch (e) { err = e; }
  expect(err).toMatchObject({ name: 'GridclearError', code, ...detail });
}

describe('normalizeNetwork', () => {
  it('reads fixed injections of every form: zero, negative, numbers, long decimals', () => {
    const n = base();
    const values = ['0', '-0.000', 0, -2.25, '-7.125', '123456789012.5', '0.000000000000000000001e0'];
    n.buses = values.slice(0, 6).map((v, i) => ({ id: `b${i}`, fixedInjection: v }));
    n.lines = [];
    const b = normalizeNetwork(n, opts);
    expect(Array.from(b.busFixedInjectionTicks)).toEqual([0n, 0n, 0n, -2250n, -7125n, 123456789012500n]);
    expect(Array.from(b.busFixedInjectionMw)).toEqual([0, 0, 0, -2.25, -7.125, 123456789012.5]);
    expect(Object.is(b.busFixedInjectionMw[1], 0)).toBe(true);
    // 18 decimals: the general parser (no fast path) gives the same ticks
    const d18 = normalizeNetwork({ ...n, buses: [{ id: 'x', fixedInjection: '-1.5' }] }, { quantityDecimals: 18 });
    expect(d18.busFixedInjectionTicks[0]).toBe(-1_500_000_000_000_000_000n);
    expect(d18.busFixedInjectionMw[0]).toBe(-1.5);
    rejects((m) => { m.buses[0].fixedInjection = '1.0005'; }, 'OFF_TICK', { id: 'a', field: 'fixedInjection' });
    rejects((m) => { m.buses[0].fixedInjection = values[6]; }, 'INVALID_NUMBER', { id: 'a', field: 'fixedInjection' });
  });

  it('gives dense indices, ticks, bounds and one reference per island', () => {
    const b = normalizeNetwork(base(), opts);
    expect(b.busIds).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(Array.from(b.lineFrom)).toEqual([0, 1, 3]);
    expect(Array.from(b.lineTo)).toEqual([1, 2, 4]);
    expect(b.busFixedInjectionTicks[0]).toBe(1500n);
    expect(b.busFixedInjectionMw[0]).toBe(1.5);
    expect(b.lineShiftRad[1]).toBeCloseTo((10 * Math.PI) / 180, 15);
    expect(b.lineMaxFlowTicks[0]).toBe(50000n);
    expect(b.lineMinFlowMw[0]).toBe(-40.5);
    expect(b.lineMinFlowMw[1]).toBe(-Infinity);
    expect(b.lineMaxFlowMw[2]).toBe(Infinity);
    expect(b.lineMinFlowTicks[2]).toBeNull();
    expect(Array.from(b.busIsland)).toEqual([0, 0, 0, 1, 1]);
    expect(Array.from(b.islandReference)).toEqual([0, 3]);
  });

  it('uses referenceBus in its own island and the first bus elsewhere', () => {
    const b = normalizeNetwork({ ...base(), referenceBus: 'c' }, opts);
    expect(Array.from(b.islandReference)).toEqual([2, 3]);
  });

  it('accepts an island with no line (a lone bus is its own island)', () => {
    const n = base();
    n.buses.push({ id: 'lonely' });
    const b = normalizeNetwork(n, opts);
    expect(Array.from(b.islandReference)).toEqual([0, 3, 5]);
  });

  it('rejects each bad input with its code and the element', () => {
    rejects((n) => { n.lines[1].to = 'zz'; }, 'UNKNOWN_BUS', { id: 'bc', index: 1, field: 'to' });
    rejects((n) => { n.lines[0].from = 'zz'; }, 'UNKNOWN_BUS', { id: 'ab', field: 'from' });
    rejects((n) => { n.lines[0].x = 0; }, 'INVALID_NETWORK', { id: 'ab', field: 'x' });
    rejects((n) => { n.lines[0].x = -0.1; }, 'INVALID_NETWORK', { id: 'ab', field: 'x' });
    rejects((n) => { n.lines[0].x = NaN; }, 'INVALID_NETWORK', { id: 'ab', field: 'x' }, { ...opts, allowNegativeReactance: true });
    rejects((n) => { n.lines[0].x = Infinity; }, 'INVALID_NETWORK', { field: 'x' });
    rejects((n) => { (n.lines[0] as { x: unknown }).x = '0.1'; }, 'INVALID_NETWORK', { field: 'x' });
    rejects((n) => { n.lines[1].shiftDeg = NaN; }, 'INVALID_NETWORK', { id: 'bc', field: 'shiftDeg' });
    rejects((n) => { n.baseMVA = Infinity; }, 'INVALID_NETWORK', { field: 'baseMVA' });
    rejects((n) => { n.baseMVA = 0; }, 'INVALID_NETWORK', { field: 'baseMVA' });
    rejects((n) => { n.lines[0].minFlow = '60'; }, 'INVALID_NETWORK', { id: 'ab', field: 'minFlow' });
    rejects((n) => { n.buses[2].id = 'a'; }, 'DUPLICATE_ID', { id: 'a', index: 2 });
    rejects((n) => { n.lines[2].id = 'ab'; }, 'DUPLICATE_ID', { id: 'ab', index: 2 });
    rejects((n) => { n.lines[0].to = 'a'; }, 'INVALID_NETWORK', { id: 'ab', field: 'to' });
    rejects((n) => { (n.buses[1] as { id: unknown }).id = undefined; }, 'INVALID_NETWORK', { index: 1, field: 'id' });
    rejects((n) => { n.lines[1].id = ''; }, 'INVALID_NETWORK', { index: 1, field: 'id' });
    rejects((n) => { n.lines[0].maxFlow = '1.0001'; }, 'OFF_TICK', { id: 'ab', field: 'maxFlow' });
    rejects((n) => { n.buses[0].fixedInjection = 'x'; }, 'INVALID_NUMBER', { id: 'a', field: 'fixedInjection' });
    rejects((n) => { n.referenceBus = 'nope'; }, 'UNKNOWN_BUS', { field: 'referenceBus' });
    rejects((n) => { n.buses = []; }, 'INVALID_NETWORK', { field: 'buses' });
  });

  it('accepts a negative reactance only when allowed', () => {
    const n = base();
    n.lines[0].x = -0.05;
    expect(normalizeNetwork(n, { ...opts, allowNegativeReactance: true }).lineX[0]).toBe(-0.05);
  });
});
