import { describe, expect, it } from 'vitest';
import { GridModel } from '../../src/grid/index.js';
import { core } from '../../src/wasm/engine.js';
import type { Network } from '../../src/model/types.js';

const chain: Network = {
  baseMVA: 100,
  buses: [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
  lines: [{ id: 'ab', from: 'a', to: 'b', x: 0.1 }, { id: 'bc', from: 'b', to: 'c', x: 0.2 }],
};
const triangle: Network = {
  baseMVA: 100,
  buses: [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
  lines: [{ id: '1', from: 'a', to: 'b', x: 0.1 }, { id: '2', from: 'b', to: 'c', x: 0.1 }, { id: '3', from: 'a', to: 'c', x: 0.2 }],
};

function code(fn: () => unknown): unknown {
  try { fn(); } catch (e) { return e; }
  return undefined;
}

describe('GridModel: DC power flow by hand', () => {
  it('solves a radial network: flows are the downstream withdrawals, angles add up', () => {
    const g = GridModel.from(chain);
    const pf = g.powerFlow({ a: 30, b: -10, c: -20 });
    expect(pf.flows[0]).toBeCloseTo(30, 12);
    expect(pf.flows[1]).toBeCloseTo(20, 12);
    expect(pf.angles[0]).toBe(0);
    expect(pf.angles[1]).toBeCloseTo(-0.03, 14);
    expect(pf.angles[2]).toBeCloseTo(-0.07, 14);
    expect(Array.from(pf.imbalance)).toEqual([0]);
  });

  it('splits a transfer over a mesh by inverse reactance', () => {
    const g = GridModel.from(triangle);
    const f = g.flows(Float64Array.of(100, 0, -100));
    expect(Array.from(f).map((v) => +v.toFixed(12))).toEqual([50, 50, 50]);
    const ptdf = g.ptdfDense();
    expect(Array.from(ptdf[0])).toEqual([0, -0.75, -0.5].map((v) => expect.closeTo(v, 14)) as unknown as number[]);
    expect(g.ptdfRow('2')[1]).toBeCloseTo(0.25, 14);
    expect(g.ptdfRow(2)[2]).toBeCloseTo(-0.5, 14);
  });

  it('handles a network of lone buses (nothing to factorize)', () => {
    const g = GridModel.from({ baseMVA: 100, buses: [{ id: 'a' }, { id: 'b' }], lines: [] });
    expect(g.stats).toMatchObject({ islands: 2, reducedSize: 0, factorNnz: 0 });
    expect(g.powerFlow({ a: 3 }, { slack: true }).flows.length).toBe(0);
    expect(g.ptdfDense()).toEqual([]);
  });

  it('sums parallel lines', () => {
    const g = GridModel.from({ baseMVA: 100, buses: [{ id: 'a' }, { id: 'b' }], lines: [
      { id: '1', from: 'a', to: 'b', x: 0.1 }, { id: '2', from: 'a', to: 'b', x: 0.2 }] });
    const f = g.flows({ a: 30, b: -30 });
    expect(f[0]).toBeCloseTo(20, 12);
    expect(f[1]).toBeCloseTo(10, 12);
  });

  it('models a phase shifter: a loop flow of baseMVA * shift / (x1 + x2)', () => {
    const g = GridModel.from({ baseMVA: 100, buses: [{ id: 'a' }, { id: 'b' }], lines: [
      { id: 'plain', from: 'a', to: 'b', x: 0.1 }, { id: 'pst', from: 'a', to: 'b', x: 0.1, shiftDeg: 5 }] });
    const loop = (100 * (5 * Math.PI) / 180) / 0.2;
    const f0 = g.flows({});
    expect(f0[0]).toBeCloseTo(loop, 10);
    expect(f0[1]).toBeCloseTo(-loop, 10);
    const f = g.flows({ a: 10, b: -10 });
    expect(f[0]).toBeCloseTo(5 + loop, 10);
    expect(f[1]).toBeCloseTo(5 - loop, 10);
    // A PTDF does not depend on the shift.
    expect(g.ptdfRow('pst')[1]).toBeCloseTo(-0.5, 14);
  });

  it('keeps islands apart, checks balance per island, and applies the slack on request', () => {
    const g = GridModel.from({ ...chain, buses: [...chain.buses, { id: 'd' }, { id: 'e' }],
      lines: [...chain.lines, { id: 'de', from: 'd', to: 'e', x: 0.5 }] });
    expect(g.islands.referenceIds).toEqual(['a', 'd']);
    expect(Array.from(g.ptdfRow('ab')).slice(3)).toEqual([0, 0]);
    expect(g.flows({ d: 7, e: -7 })[2]).toBeCloseTo(7, 12);
    const err = code(() => g.flows({ a: 5, d: 7, e: -7 }));
    expect(err).toMatchObject({ code: 'UNBALANCED', index: 0, id: 'a', value: 5 });
    const pf = g.powerFlow({ b: -5, e: -7 }, { slack: true });
    expect(Array.from(pf.imbalance)).toEqual([-5, -7]);
    expect(pf.flows[0]).toBeCloseTo(5, 12);
    expect(pf.flows[2]).toBeCloseTo(7, 12);
    expect(Array.from(g.imbalance({ a: 1, e: 2 }))).toEqual([1, 2]);
  });

  it('accepts a negative reactance when allowed and reports a singular matrix', () => {
    const net: Network = { baseMVA: 100, buses: [{ id: 'a' }, { id: 'b' }, { id: 'c' }], lines: [
      { id: '1', from: 'a', to: 'b', x: 0.1 }, { id: '2', from: 'b', to: 'c', x: -0.05 }, { id: '3', from: 'a', to: 'c', x: 0.2 }] };
    expect(code(() => GridModel.from(net))).toMatchObject({ code: 'INVALID_NETWORK', id: '2', field: 'x' });
    const g = GridModel.from(net, { allowNegativeReactance: true });
    const f = g.flows({ a: 10, c: -10 });
    // Path a-b-c has x = 0.05 and path a-c has x = 0.2: 0.2/0.25 and 0.05/0.25 of the transfer.
    expect(f[0]).toBeCloseTo(8, 10);
    expect(f[2]).toBeCloseTo(2, 10);
    const singular: Network = { baseMVA: 100, buses: [{ id: 'a' }, { id: 'b' }], lines: [
      { id: '1', from: 'a', to: 'b', x: 0.1 }, { id: '2', from: 'a', to: 'b', x: -0.1 }] };
    expect(code(() => GridModel.from(singular, { allowNegativeReactance: true }))).toMatchObject({ code: 'INVALID_NETWORK', field: 'x' });
  });

  it('rejects bad injections, unknown lines and oversized dense PTDFs', () => {
    const g = GridModel.from(triangle);
    expect(code(() => g.flows({ zz: 1 }))).toMatchObject({ code: 'UNKNOWN_BUS', id: 'zz' });
    expect(code(() => g.flows([1, -1]))).toMatchObject({ code: 'INVALID_OPTION', field: 'injections' });
    expect(code(() => g.flows({ a: NaN }))).toMatchObject({ code: 'INVALID_NUMBER', id: 'a' });
    expect(code(() => g.ptdfRow('9'))).toMatchObject({ code: 'INVALID_OPTION', field: 'line' });
    expect(code(() => g.ptdfRow(3))).toMatchObject({ code: 'INVALID_OPTION' });
    expect(code(() => g.ptdfDense(8))).toMatchObject({ code: 'TOO_LARGE', value: 9 });
    g.dispose();
    expect(code(() => g.ptdfRow(0))).toMatchObject({ code: 'INVALID_OPTION' });
  });

  it('keeps the factor sparse on a mesh (fill-reducing ordering)', () => {
    const k = 40, id = (r: number, c: number) => `${r}_${c}`;
    const net: Network = { baseMVA: 100, buses: [], lines: [] };
    for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) {
      net.buses.push({ id: id(r, c) });
      if (c > 0) net.lines.push({ id: `h${r}_${c}`, from: id(r, c - 1), to: id(r, c), x: 0.1 });
      if (r > 0) net.lines.push({ id: `v${r}_${c}`, from: id(r - 1, c), to: id(r, c), x: 0.1 });
    }
    // Natural (banded) order fills about n * k = 64,000 entries; minimum degree far fewer.
    const nnz = GridModel.from(net).stats.factorNnz;
    expect(nnz).toBeLessThan(24_000); // 19,223 today
  });

  it('reports factor sizes and does not grow memory over repeated calls', () => {
    const n = 400;
    const net: Network = { baseMVA: 100, buses: Array.from({ length: n }, (_, i) => ({ id: `b${i}` })), lines: [] };
    for (let i = 1; i < n; i++) net.lines.push({ id: `r${i}`, from: `b${i - 1}`, to: `b${i}`, x: 0.01 + (i % 7) / 100 });
    for (let i = 10; i < n; i += 10) net.lines.push({ id: `m${i}`, from: `b${i - 10}`, to: `b${i}`, x: 0.05 });
    const g = GridModel.from(net);
    expect(g.stats).toMatchObject({ buses: n, lines: net.lines.length, islands: 1, reducedSize: n - 1 });
    expect(g.stats.factorNnz).toBeGreaterThanOrEqual(n - 2);
    g.ptdfRow(5); g.flows({});
    const bytes = core().memory.buffer.byteLength;
    for (let k = 0; k < 300; k++) { g.ptdfRow(k % net.lines.length); g.flows({ b0: k, b399: -k }); }
    for (let k = 0; k < 20; k++) GridModel.from(g.network);
    expect(core().memory.buffer.byteLength).toBe(bytes);
  });
});
