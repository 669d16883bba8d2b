// verify's checks of a networked result: flows, bounds and signed shadow prices within the
// contract's tolerance, the PTDF price relation, infeasibility claims (balance or one line's
// bounds, both confirmed exactly or by the line's certificate), and settle's bilateral trades.
import { formatTicks, show } from '../model/fixed.js';
import { GridModel } from '../grid/index.js';
import { boundGap, reachableFlows } from '../nodal/certify.js';
import type { BilateralTrade } from './settle.js';
import type { Market } from '../model/types.js';
import { clearNodal } from '../nodal/index.js';
import type { NodalResult } from '../nodal/types.js';
import { canonicalTicks, type Ctx } from './verify.js';

/** The contract's tolerance: 0.01 MW + tick x (islands + lines with a nonzero shadow price). */
export function flowTolerance(c: Ctx): number {
  if (c.flowTol !== undefined) return c.flowTol;
  const net = c.m.network!;
  let priced = 0;
  for (const s of c.shadow) if (s !== 0n) priced++;
  return 0.01 + 10 ** -c.m.quantityDecimals * (net.islandReference.length + priced);
}

/** Flows of the fills, bounds, signed shadow prices at the matching bound, and the PTDF price relation. */
export function checkNetwork(c: Ctx): void {
  const { m, fail } = c, net = m.network!, qs = 10 ** m.quantityDecimals, tol = flowTolerance(c);
  const grid = GridModel.from(net);
  try {
    const injection = Float64Array.from(net.busFixedInjectionMw);
    for (let i = 0; i < m.orderIds.length; i++) if (c.fills[i] !== 0n) injection[m.bus![i]] += ((m.side[i] === 1 ? 1 : -1) * Number(c.fills[i])) / qs;
    const flows = grid.flows(injection, { slack: true });
    const atBound: number[] = [];
    net.lineIds.forEach((id, l) => {
      const f = flows[l], lo = net.lineMinFlowMw[l], hi = net.lineMaxFlowMw[l], s = c.shadow[l];
      if (Math.abs(c.flows[l] - f) > tol) fail.push({ check: 'flows', id, message: `line ${id} claims flow ${c.flows[l]} MW, the fills give ${f} MW` });
      if (f > hi + tol || f < lo - tol) fail.push({ check: 'flows', id, message: `line ${id} flow ${f} MW is outside [${lo}, ${hi}] (tolerance ${tol} MW)` });
      const atHi = Math.abs(f - hi) <= tol, atLo = Math.abs(f - lo) <= tol;
      if (s > 0n && !atHi) fail.push({ check: 'shadowPrices', id, message: `line ${id} has a positive shadow price (held at maxFlow) but its flow ${f} MW is not at maxFlow ${hi}` });
      if (s < 0n && !atLo) fail.push({ check: 'shadowPrices', id, message: `line ${id} has a negative shadow price (held at minFlow) but its flow ${f} MW is not at minFlow ${lo}` });
      if (s !== 0n || atHi || atLo) atBound.push(l);
    });
    checkPriceRelation(c, grid, atBound);
  } finally {
    grid.dispose();
  }
}

/**
 * price[b] = price[ref] - sum over lines of shadowPrice * PTDF[line][b], within one price tick
 * plus half a tick times the sum of |PTDF| over the lines at a bound (a dual rounded to 0 counts).
 */
function checkPriceRelation(c: Ctx, grid: GridModel, atBound: number[]): void {
  const net = c.m.network!;
  const rows = atBound.length ? grid.ptdfRows(atBound) : [];
  net.busIds.forEach((id, b) => {
    const ref = net.islandReference[net.busIsland[b]];
    let expected = Number(c.prices[ref]), slack = 1;
    rows.forEach((row, i) => {
      const l = atBound[i];
      expected -= Number(c.shadow[l]) * row[b];
      slack += 0.5 * Math.abs(row[b]);
    });
    const gap = Math.abs(Number(c.prices[b]) - expected);
    if (gap > slack + 1e-9 * Math.max(1, Math.abs(expected))) {
      c.fail.push({ check: 'priceRelation', id, message: `price of bus ${id} is ${gap} ticks away from price[ref] - sum shadowPrice*PTDF (allowed ${slack})` });
    }
  });
}

/** Per island: how far its fixed injections lie beyond what its orders absorb (+ surplus, - shortfall), exact. */
function islandGaps(c: Ctx): bigint[] {
  const { m } = c, net = m.network!, ni = net.islandReference.length;
  const fixed = new Array<bigint>(ni).fill(0n), sell = new Array<bigint>(ni).fill(0n), buy = new Array<bigint>(ni).fill(0n);
  net.busFixedInjectionTicks.forEach((f, b) => { fixed[net.busIsland[b]] += f; });
  for (let i = 0; i < m.orderIds.length; i++) {
    const k = net.busIsland[m.bus![i]];
    if (m.side[i] === 1) sell[k] += c.qty[i]; else buy[k] += c.qty[i];
  }
  return fixed.map((f, k) => (f > buy[k] ? f - buy[k] : -f > sell[k] ? f + sell[k] : 0n));
}

/**
 * An infeasibility claim `{ island, imbalance }` (an island that cannot balance: confirmed
 * exactly) or `{ island, imbalance, line }` (a line whose bounds no balanced fills can meet:
 * confirmed by solving that line's one-row LP, src/nodal/certify.ts; the gap within one tick).
 */
export function checkInfeasible(c: Ctx, market: Market): void {
  const { m, fail } = c, net = m.network, claim = c.res.infeasible as Record<string, unknown> | undefined;
  const bad = (message: string, id?: string): void => { fail.push({ check: 'status', id, message }); };
  if (!net) { bad('a copper-plate market always clears (nothing need trade): not infeasible'); return; }
  if (typeof claim !== 'object' || claim === null || Array.isArray(claim)) { bad(`infeasible must be { island, imbalance[, line] }, got ${show(claim)}`); return; }
  const extra = Object.keys(claim).filter((k) => k !== 'island' && k !== 'imbalance' && k !== 'line');
  if (extra.length) { bad(`infeasible has unknown fields ${extra.join(', ')}`); return; }
  const island = net.islandReference.findIndex((b) => net.busIds[b] === claim.island);
  if (island < 0) { bad(`infeasible names ${show(claim.island)}, not an island's reference bus`); return; }
  const imbalance = canonicalTicks(claim.imbalance, m.quantityDecimals);
  const id = String(claim.island);
  if (imbalance === undefined) { bad(`imbalance ${show(claim.imbalance)} is not a canonical decimal with ${m.quantityDecimals} decimals`, id); return; }
  if (claim.line === undefined) {
    const gap = islandGaps(c)[island];
    if (gap === 0n) { confirmByClearing(c, market, claim, 'the island can balance its fixed injections: not infeasible', id); return; }
    if (imbalance !== gap) bad(`the island's imbalance is ${formatTicks(gap, m.quantityDecimals)}, not ${String(claim.imbalance)}`, id);
    return;
  }
  const l = typeof claim.line === 'string' ? net.lineIndex.get(claim.line) : undefined;
  if (l === undefined || net.busIsland[net.lineFrom[l]] !== island) { bad(`infeasible names line ${show(claim.line)}, not a line of that island`, id); return; }
  const side = new Int32Array(m.orderIds.length);
  for (let i = 0; i < side.length; i++) side[i] = m.side[i] === 1 ? 1 : -1;
  const qs = 10 ** m.quantityDecimals;
  const reach = reachableFlows(net, { bus: m.bus!, side, qty: m.qty }, qs, [l])[0];
  const gap = boundGap(net, l, reach);
  const lineId = String(claim.line);
  if (gap === 0) { confirmByClearing(c, market, claim, `line ${lineId}'s flow can reach [${reach.lo}, ${reach.hi}] MW, which meets its bounds alone, and the market clears`, lineId); return; }
  if (Math.sign(Number(imbalance)) !== Math.sign(gap) || Math.abs(Number(imbalance) / qs - gap) > 1 / qs + 1e-9 * Math.abs(gap)) {
    bad(`line ${lineId} misses its bounds by ${gap} MW, not ${String(claim.imbalance)}`, lineId);
  }
}

/**
 * An infeasibility of several lines together has no one-line certificate: it is confirmed by
 * clearing the market again, and holds only when that clearing names exactly the same claim.
 */
function confirmByClearing(c: Ctx, market: Market, claim: Record<string, unknown>, why: string, id: string): void {
  let again: NodalResult | undefined;
  try { again = clearNodal(market); } catch { again = undefined; }
  const inf = again?.infeasible;
  if (again?.status === 'infeasible' && inf && inf.island === claim.island && inf.imbalance === claim.imbalance && inf.line === claim.line) return;
  c.fail.push({ check: 'status', id, message: why });
}

/** settle's trades add up to every fill (and fixed injection), at the seller's price plus the price difference. */
export function checkTrades(c: Ctx, trades: readonly BilateralTrade[]): void {
  const { m, fail } = c, net = m.network;
  const busOf = new Map<string, number>(), want = new Map<string, bigint>();
  m.orderIds.forEach((id, i) => { busOf.set(id, net ? m.bus![i] : 0); want.set(id, c.fills[i]); });
  net?.busIds.forEach((id, b) => {
    const f = net.busFixedInjectionTicks[b];
    busOf.set(`fixed:${id}`, b);
    want.set(`fixed:${id}`, f < 0n ? -f : f);
  });
  const got = new Map<string, bigint>();
  if (!Array.isArray(trades)) { fail.push({ check: 'trades', message: `trades must be an array, got ${show(trades)}` }); return; }
  trades.forEach((t, i) => {
    const sb = busOf.get(t?.seller), bb = busOf.get(t?.buyer);
    if (sb === undefined || bb === undefined || typeof t.quantityTicks !== 'bigint') { fail.push({ check: 'trades', id: String(i), message: `trade #${i} names an unknown party or lacks a quantity` }); return; }
    if (t.quantityTicks <= 0n) fail.push({ check: 'trades', id: String(i), message: `trade #${i} has a non-positive quantity` });
    if (t.energyPriceTicks !== c.prices[sb]) fail.push({ check: 'trades', id: String(i), message: `trade #${i} energy price is not the seller's bus price` });
    if (t.networkChargeTicks !== c.prices[bb] - c.prices[sb]) fail.push({ check: 'trades', id: String(i), message: `trade #${i} network charge is not the bus price difference` });
    got.set(t.seller, (got.get(t.seller) ?? 0n) + t.quantityTicks);
    got.set(t.buyer, (got.get(t.buyer) ?? 0n) + t.quantityTicks);
  });
  for (const [id, q] of want) {
    if ((got.get(id) ?? 0n) !== q) fail.push({ check: 'trades', id, message: `trades of ${id} add up to ${got.get(id) ?? 0n} quantity ticks, its fill is ${q}` });
  }
}
