// The last network clearNodal saw, kept normalized and factorized: a simulator that clears many
// markets on one network object (without preparing a GridModel) pays its validation and
// factorization once. Exact by construction: a call reuses it only when every value that
// normalizeNetwork reads (network, buses, lines) is the same (Object.is) as when it was kept, so
// a network changed in place is normalized again. Values that are objects (a Decimal, anything
// with toFixed) are not compared by content: a network holding one is never kept.
import { normalizeNetwork } from '../model/network.js';
import type { Network } from '../model/types.js';
import { MAX_DECIMALS } from '../model/fixed.js';
import { factorizeNetwork, type FactorData } from '../grid/factor.js';

/** Fields read per bus and per line (normalizeNetwork's readBuses and readLine), in this order. */
const BUS_FIELDS = 2, LINE_FIELDS = 7;

interface Kept { values: unknown[]; factor: FactorData }

/** The kept network (weakly: a network dropped by its user is not held here), and one seen once. */
let kept = new WeakMap<Network, Kept>();
let seen = new WeakSet<Network>();

/** Empties the cache (tests). */
export function forgetNetworks(): void {
  kept = new WeakMap(); seen = new WeakSet();
}

/**
 * Every value normalizeNetwork reads, in one array, or undefined when one of them is an object
 * or a function (not comparable by identity) or the shape is not a plain network (the normal path
 * reports it).
 */
function valuesOf(n: Network, qd: number): unknown[] | undefined {
  if (n === null || typeof n !== 'object') return undefined;
  const buses = n.buses, lines = n.lines ?? [];
  if (!Array.isArray(buses) || !Array.isArray(lines)) return undefined;
  const nb = buses.length, nl = lines.length, v: unknown[] = new Array(5 + BUS_FIELDS * nb + LINE_FIELDS * nl);
  v[0] = qd; v[1] = n.baseMVA; v[2] = n.referenceBus; v[3] = nb; v[4] = nl;
  let k = 5;
  for (let i = 0; i < nb; i++) {
    const b = buses[i];
    if (b === null || typeof b !== 'object') return undefined;
    v[k++] = b.id; v[k++] = b.fixedInjection;
  }
  for (let i = 0; i < nl; i++) {
    const l = lines[i];
    if (l === null || typeof l !== 'object') return undefined;
    v[k++] = l.id; v[k++] = l.from; v[k++] = l.to; v[k++] = l.x; v[k++] = l.shiftDeg; v[k++] = l.minFlow; v[k++] = l.maxFlow;
  }
  for (let i = 1; i < v.length; i++) {
    const t = typeof v[i];
    if ((t === 'object' && v[i] !== null) || t === 'function') return undefined;
  }
  return v;
}

/** Object.is for values that are not NaN (a network holding NaN is never kept): === but 0 is not -0. */
const eq = (a: unknown, b: unknown): boolean => a === b && (a !== 0 || 1 / (a as number) === 1 / (b as number));

/** True when the network's values are still those kept (read in valuesOf's order, no array made). */
function same(n: Network, qd: number, v: unknown[]): boolean {
  const buses = n.buses, lines = n.lines ?? [];
  if (v[0] !== qd || !eq(v[1], n.baseMVA) || v[2] !== n.referenceBus || !Array.isArray(buses) || !Array.isArray(lines)) return false;
  const nb = buses.length, nl = lines.length;
  if (v[3] !== nb || v[4] !== nl) return false;
  let k = 5;
  for (let i = 0; i < nb; i++) {
    const b = buses[i];
    if (b === null || typeof b !== 'object') return false;
    if (v[k++] !== b.id || !eq(v[k++], b.fixedInjection)) return false;
  }
  for (let i = 0; i < nl; i++) {
    const l = lines[i];
    if (l === null || typeof l !== 'object') return false;
    if (v[k++] !== l.id || v[k++] !== l.from || v[k++] !== l.to || !eq(v[k++], l.x) || !eq(v[k++], l.shiftDeg)
      || !eq(v[k++], l.minFlow) || !eq(v[k++], l.maxFlow)) return false;
  }
  return true;
}

/**
 * The factor (with its BasicNetwork) of `network` when it was kept and is unchanged; on the
 * second call with one network object, it is normalized and factorized here and kept. Undefined
 * otherwise (the first call, a network that cannot be kept, one that does not normalize or
 * factorize: the caller's normal path then does the work and reports any error as before).
 */
export function keptFactor(network: Network | undefined, qd: unknown): FactorData | undefined {
  if (network === null || typeof network !== 'object' || !(typeof qd === 'number' && Number.isInteger(qd) && qd >= 0 && qd <= MAX_DECIMALS)) return undefined;
  const k = kept.get(network);
  if (k) {
    if (same(network, qd, k.values)) return k.factor;
    kept = new WeakMap();
  }
  if (!seen.has(network)) { seen = new WeakSet(); seen.add(network); return undefined; }
  const values = valuesOf(network, qd);
  if (!values) return undefined;
  let factor: FactorData;
  try {
    factor = factorizeNetwork(normalizeNetwork(network, { quantityDecimals: qd, allowNegativeReactance: true }));
  } catch {
    return undefined;
  }
  // a getter that answers differently on a second read: not kept
  if (!same(network, qd, values)) return undefined;
  kept = new WeakMap();
  kept.set(network, { values, factor });
  return factor;
}
