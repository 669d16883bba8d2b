// Power-flow invariants on random small meshed networks with islands, parallel lines and shifters.
import { denseFlows } from '../helpers/denseFlow.js';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GridModel } from '../../src/grid/index.js';
import type { BasicNetwork } from '../../src/model/network.js';
import type { Network } from '../../src/model/types.js';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random network: islands of 1..9 buses (spanning tree + chords), buses shuffled, some shifters. */
function randomNetwork(seed: number): Network {
  const r = rng(seed);
  const islands = 1 + Math.floor(r() * 3);
  const groups: number[][] = [];
  let n = 0;
  for (let k = 0; k < islands; k++) groups.push(Array.from({ length: 1 + Math.floor(r() * 9) }, () => n++));
  const label = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); [label[i], label[j]] = [label[j], label[i]]; }
  const lines: Network['lines'] = [];
  const add = (a: number, b: number) => lines.push({
    id: `l${lines.length}`, from: `b${label[a]}`, to: `b${label[b]}`, x: 0.01 + r(),
    shiftDeg: r() < 0.2 ? (r() - 0.5) * 20 : 0,
  });
  for (const g of groups) {
    for (let i = 1; i < g.length; i++) add(g[i], g[Math.floor(r() * i)]);
    const chords = g.length > 1 ? Math.floor(r() * g.length) : 0;
    for (let c = 0; c < chords; c++) {
      const a = g[Math.floor(r() * g.length)], b = g[Math.floor(r() * g.length)];
      if (a !== b) add(a, b);
    }
  }
  const buses = Array.from({ length: n }, (_, i) => ({ id: `b${i}` }));
  return { baseMVA: 100, buses, lines };
}

/** Random injections summing to zero in every island (the reference takes the balance). */
function balanced(net: BasicNetwork, seed: number): Float64Array {
  const r = rng(seed ^ 0x9e3779b9);
  const p = Float64Array.from({ length: net.busIds.length }, () => Math.round((r() - 0.5) * 2000) / 10);
  const sums = new Float64Array(net.islandReference.length);
  p.forEach((v, b) => { if (net.islandReference[net.busIsland[b]] !== b) sums[net.busIsland[b]] += v; });
  net.islandReference.forEach((ref, k) => { p[ref] = -sums[k]; });
  return p;
}


const close = (a: number, b: number, scale: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, scale);
const seeds = fc.integer({ min: 0, max: 2 ** 31 - 1 });

describe('DC power flow properties (random meshed networks with islands)', () => {
  it('flows equal the dense Gaussian-elimination reference', () => {
    fc.assert(fc.property(seeds, (seed) => {
      const g = GridModel.from(randomNetwork(seed));
      const p = balanced(g.network, seed);
      const f = g.flows(p), ref = denseFlows(g.network, p);
      const scale = ref.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
      f.forEach((v, l) => expect(close(v, ref[l], scale), `line ${l}: ${v} vs ${ref[l]}`).toBe(true));
    }), { numRuns: 150 });
  });

  it('flows from PTDF rows (plus the loop flows of the shifters) equal a direct solve', () => {
    fc.assert(fc.property(seeds, (seed) => {
      const g = GridModel.from(randomNetwork(seed));
      const p = balanced(g.network, seed);
      const f = g.flows(p), loop = g.flows(new Float64Array(p.length)), rows = g.ptdfDense();
      rows.forEach((row, l) => {
        const viaPtdf = row.reduce((s, v, b) => s + v * p[b], loop[l]);
        expect(close(viaPtdf, f[l], Math.abs(f[l]) + 100)).toBe(true);
      });
    }), { numRuns: 150 });
  });

  it('a transfer between two buses of an island changes flows by the PTDF difference', () => {
    fc.assert(fc.property(seeds, fc.nat(), fc.nat(), fc.double({ min: -500, max: 500, noNaN: true }), (seed, i0, j0, t) => {
      const g = GridModel.from(randomNetwork(seed));
      const n = g.network.busIds.length, i = i0 % n;
      const mates = Array.from({ length: n }, (_, b) => b).filter((b) => g.network.busIsland[b] === g.network.busIsland[i]);
      const j = mates[j0 % mates.length];
      const p = balanced(g.network, seed), q = p.slice();
      q[i] += t; q[j] -= t;
      const f = g.flows(p), f2 = g.flows(q), rows = g.ptdfDense();
      rows.forEach((row, l) => expect(close(f2[l] - f[l], t * (row[i] - row[j]), 1000)).toBe(true));
    }), { numRuns: 150 });
  });

  it('the net flow out of every bus equals its injection', () => {
    fc.assert(fc.property(seeds, (seed) => {
      const g = GridModel.from(randomNetwork(seed));
      const net = g.network, p = balanced(net, seed);
      const f = g.flows(p), out = new Float64Array(p.length);
      f.forEach((v, l) => { out[net.lineFrom[l]] += v; out[net.lineTo[l]] -= v; });
      out.forEach((v, b) => expect(close(v, p[b], 1000)).toBe(true));
    }), { numRuns: 150 });
  });

  it('a PTDF relative to another reference is the row shifted by its value at that reference', () => {
    fc.assert(fc.property(seeds, fc.nat(), (seed, pick) => {
      const net = randomNetwork(seed);
      const g = GridModel.from(net);
      const newRef = pick % net.buses.length;
      const g2 = GridModel.from({ ...net, referenceBus: net.buses[newRef].id });
      const island = g.network.busIsland;
      const rows = g.ptdfDense(), rows2 = g2.ptdfDense();
      rows.forEach((row, l) => {
        if (island[g.network.lineFrom[l]] !== island[newRef]) return;
        row.forEach((v, b) => {
          const expected = island[b] === island[newRef] ? v - row[newRef] : 0;
          expect(Math.abs(rows2[l][b] - expected)).toBeLessThanOrEqual(1e-9);
        });
      });
    }), { numRuns: 100 });
  });

  it('gives the same flows whatever the order of lines (the ordering is internal)', () => {
    fc.assert(fc.property(seeds, (seed) => {
      const net = randomNetwork(seed);
      const g = GridModel.from(net), g2 = GridModel.from({ ...net, lines: [...net.lines].reverse() });
      const p = balanced(g.network, seed);
      const f = g.flows(p), f2 = g2.flows(p);
      f.forEach((v, l) => expect(close(v, f2[f.length - 1 - l], Math.abs(v) + 100)).toBe(true));
    }), { numRuns: 100 });
  });
});
