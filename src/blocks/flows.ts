// Block fills and border flows on the quantity tick. The rounding of the simple part (round.ts)
// balances each island (each zone, in a zonal market) by moving its own fractional fills; an island
// with none (a "rigid" island: every LP fill of its orders on a tick, no storage) must be balanced
// exactly by what is decided here. So: each block's fill is ratio x quantity rounded half up, and
// each border flow its LP value rounded half up; then, per period, every rigid island off balance
// is mended one tick at a time: first by a partly accepted block of its own (a fill moves between
// ratio x quantity rounded down and rounded up), else along a shortest path of borders with room
// (breadth first, borders in canonical order) to an island that can absorb the tick (a flexible
// one, one off balance the other way, or one with such a block).
import { pow10 } from '../model/fixed.js';
import type { LpSolution } from '../periods/formulation.js';
import type { BlocksLp } from './formulation.js';
import { RATIO_ONE, type BasicBlocks } from './normalize.js';

/** A fill within this many ticks of a tick counts as on it (as in round.ts). */
const ON_TICK = 1e-6;

/** A block's fill rounded half up, and the two fills the contract allows (ratio x quantity rounded down and up). */
export function fillRange(ratio: bigint, qty: bigint): { half: bigint; low: bigint; high: bigint } {
  const p = ratio * qty;
  return { half: (p + RATIO_ONE / 2n) / RATIO_ONE, low: p / RATIO_ONE, high: (p + RATIO_ONE - 1n) / RATIO_ONE };
}

/** Block fills (b*T + t) and border flows (k*T + t) in quantity ticks that leave every rigid island exactly balanced where possible. */
export function roundFixed(b: BasicBlocks, lp: BlocksLp, sol: LpSolution, ratio: BigInt64Array): { fills: BigInt64Array; flows: BigInt64Array } {
  const m = b.m, T = m.periodIds.length, nK = b.borderIds.length, n = b.blockIds.length, qs = Number(pow10(m.qd));
  const net = m.net, nI = net.islandReference.length;
  // ratio x quantity rounded half up, as numbers where the product is exact (bigints beyond)
  const fills = new BigInt64Array(n * T), fillNum = new Float64Array(n * T), one = Number(RATIO_ONE), half = one / 2;
  for (let k = 0; k < n; k++) {
    if (ratio[k] === 0n) continue;
    const r = Number(ratio[k]);
    for (let i = k * T; i < (k + 1) * T; i++) {
      const q = b.blockQty[i];
      if (q === 0n) continue;
      const p = r * Number(q) + half;
      const f = p <= Number.MAX_SAFE_INTEGER ? (p - (p % one)) / one : Number(fillRange(ratio[k], q).half);
      fills[i] = BigInt(f); fillNum[i] = f;
    }
  }
  const flows = BigInt64Array.from({ length: nK * T }, (_, i) => {
    const v = BigInt(Math.floor(sol.x[lp.borderCol[i]] * qs + 0.5));
    return v > b.borderCap[i] ? b.borderCap[i] : v < -b.borderRev[i] ? -b.borderRev[i] : v;
  });
  const busIsland = net.busIsland, island = (bus: number) => busIsland[bus];
  // each island's LP injection (quantity ticks) per period and whether a fill of its own is off the tick
  const orderExcess = new Float64Array(T * nI), orderFlexible = new Uint8Array(T * nI);
  const x = sol.x, orderCol = lp.orderCol, orderPeriod = m.orderPeriod, orderBus = m.orderBus, orderSide = m.orderSide, nO = m.orderIds.length;
  for (let i = 0; i < nO; i++) {
    const v = x[orderCol[i]] * qs, k = orderPeriod[i] * nI + busIsland[orderBus[i]];
    orderExcess[k] += orderSide[i] * v;
    if (Math.abs(v - Math.round(v)) > ON_TICK) orderFlexible[k] = 1;
  }
  for (let t = 0; t < T; t++) {
    const excess = orderExcess.slice(t * nI, (t + 1) * nI), flexible = orderFlexible.slice(t * nI, (t + 1) * nI);
    for (let z = 0; z < net.busIds.length; z++) excess[island(z)] += Number(m.fixed[t][z]);
    for (let g = 0; g < m.storage.ids.length; g++) flexible[island(m.storage.bus[g])] = 1;
    for (let k = 0; k < n; k++) excess[busIsland[b.blockBus[k]]] += b.blockSide[k] * fillNum[k * T + t];
    for (let k = 0; k < nK; k++) { excess[island(b.borderFrom[k])] -= Number(flows[k * T + t]); excess[island(b.borderTo[k])] += Number(flows[k * T + t]); }
    const e = Array.from(excess, (v, z) => (flexible[z] ? 0 : Math.round(v)));
    // a partly accepted block of island w that can change w's injection by `d` (+1 / -1) within its allowed fills
    const blockMove = (w: number, d: number): number => {
      for (let k = 0; k < n; k++) {
        if (island(b.blockBus[k]) !== w || ratio[k] === 0n) continue;
        const { low, high } = fillRange(ratio[k], b.blockQty[k * T + t]), f = fills[k * T + t] + BigInt(d * b.blockSide[k]);
        if (f >= low && f <= high) return k;
      }
      return -1;
    };
    const move = (k: number, d: number) => { fills[k * T + t] += BigInt(d * b.blockSide[k]); };
    for (let z = 0; z < nI; z++) {
      while (!flexible[z] && e[z] !== 0) {
        const dir = e[z] > 0 ? 1 : -1; // +1: z has a tick too many to place
        const own = blockMove(z, -dir);
        if (own >= 0) { move(own, -dir); e[z] -= dir; continue; }
        const path = nK ? findPath(b, flows, t, z, dir, (w) => flexible[w] === 1 || Math.sign(e[w]) === -dir || blockMove(w, -dir) >= 0) : undefined;
        if (!path) break;
        for (const { k, sign } of path) flows[k * T + t] += BigInt(sign);
        const end = path[path.length - 1].to;
        e[z] -= dir;
        if (flexible[end]) continue;
        if (Math.sign(e[end]) === -dir) e[end] += dir;
        else move(blockMove(end, -dir), -dir);
      }
    }
  }
  return { fills, flows };
}

/**
 * A shortest path of borders from island z (dir +1: pushing one tick out of z; -1: pulling one in)
 * to an island `ok` accepts, each step with room for one more tick; the changes of flow per border.
 */
function findPath(b: BasicBlocks, flows: BigInt64Array, t: number, z: number, dir: number, ok: (w: number) => boolean): { k: number; sign: number; to: number }[] | undefined {
  const T = b.m.periodIds.length, nZ = b.m.net.busIds.length;
  const prev = new Int32Array(nZ).fill(-2), via: { k: number; sign: number }[] = new Array(nZ);
  prev[z] = -1;
  const queue = [z];
  for (let h = 0; h < queue.length; h++) {
    const u = queue[h];
    if (u !== z && ok(u)) {
      const path: { k: number; sign: number; to: number }[] = [];
      for (let w = u; w !== z; w = prev[w]) path.unshift({ ...via[w], to: w });
      return path;
    }
    for (let k = 0; k < b.borderIds.length; k++) {
      const f = flows[k * T + t], from = b.borderFrom[k], to = b.borderTo[k];
      let w: number, sign: number;
      if (from === u) { w = to; sign = dir; } else if (to === u) { w = from; sign = -dir; } else continue;
      if (prev[w] !== -2) continue;
      const next = f + BigInt(sign);
      if (next > b.borderCap[k * T + t] || next < -b.borderRev[k * T + t]) continue;
      prev[w] = u; via[w] = { k, sign };
      queue.push(w);
    }
  }
  return undefined;
}
