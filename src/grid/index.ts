// Grid API: the DC network model (factorized once), power flows and PTDFs. Numbers are f64 MW.
import { GridclearError } from '../errors.js';
import { normalizeNetwork, type BasicNetwork } from '../model/network.js';
import type { Network } from '../model/types.js';
import { factorBytes, factorizeNetwork, runFlows, runPtdfRows, type FactorData } from './factor.js';

export { normalizeNetwork } from '../model/network.js';
export type { BasicNetwork, NetworkOptions } from '../model/network.js';
export type { FactorData } from './factor.js';

/** Options of GridModel.from. */
export interface GridOptions {
  /** Decimals of the quantity tick for bounds and fixed injections (default 3). */
  quantityDecimals?: number;
  /** Accept negative reactances (default false; importMatpower sets it). */
  allowNegativeReactance?: boolean;
}

/** Injections in MW (+ into the grid): per bus index, or by bus id (missing buses inject 0). */
export type Injections = Float64Array | ArrayLike<number> | Record<string, number>;

/** A DC power flow solution. */
export interface PowerFlow {
  /** MW per line, positive from `from` to `to`. */
  flows: Float64Array;
  /** Bus voltage angles in radians (0 at each island's reference). */
  angles: Float64Array;
  /** Per island: the sum of its injections (MW); the reference bus took minus this as slack. */
  imbalance: Float64Array;
}

/** Size figures of a factorized network. */
export interface GridStats {
  buses: number;
  lines: number;
  islands: number;
  /** Dimension of the reduced susceptance matrix (buses minus references). */
  reducedSize: number;
  /** Nonzeros of the strictly lower triangle of L (D adds reducedSize more). */
  factorNnz: number;
  /** Bytes of the factor's columns kept by the model. */
  factorBytes: number;
}

/** Largest dense PTDF (lines x buses entries) ptdfDense builds by default. */
export const DENSE_PTDF_LIMIT = 4_000_000;

/**
 * A network factorized once (sparse L D L^T of its reduced susceptance matrix with a minimum
 * degree ordering), for any number of DC power flows and PTDF rows.
 */
export class GridModel {
  /** The validated, normalized network (dense indices, islands, references). */
  readonly network: BasicNetwork;
  private factor: FactorData | undefined;

  private constructor(network: BasicNetwork) {
    this.network = network;
    this.factor = factorizeNetwork(network);
  }

  /** Validates (see normalizeNetwork), normalizes and factorizes a network, or wraps a normalized one. */
  static from(network: Network | BasicNetwork, opts: GridOptions = {}): GridModel {
    const basic = 'busIndex' in network ? network : normalizeNetwork(network, {
      quantityDecimals: opts.quantityDecimals ?? 3, allowNegativeReactance: opts.allowNegativeReactance ?? false,
    });
    return new GridModel(basic);
  }

  /** Island index of each bus and the reference bus index of each island. */
  get islands(): { busIsland: Int32Array; reference: Int32Array; referenceIds: string[] } {
    const { busIsland, islandReference, busIds } = this.network;
    return { busIsland, reference: islandReference, referenceIds: Array.from(islandReference, (b) => busIds[b]) };
  }

  /** Factor size figures (for capacity planning and the benchmark). */
  get stats(): GridStats {
    const f = this.live();
    return {
      buses: this.network.busIds.length, lines: this.network.lineIds.length, islands: this.network.islandReference.length,
      reducedSize: f.m, factorNnz: f.nnzL, factorBytes: factorBytes(f),
    };
  }

  /** Per-island sums of injections (MW): zero for a balanced island. */
  imbalance(injections: Injections): Float64Array {
    return this.sums(this.vector(injections));
  }

  /**
   * DC power flow. With `slack: true` each island's reference bus absorbs its island's imbalance;
   * otherwise an island whose injections do not sum to zero (beyond 1e-9 relative) is an
   * UNBALANCED error naming the island.
   */
  powerFlow(injections: Injections, opts: { slack?: boolean } = {}): PowerFlow {
    const inj = this.vector(injections);
    const imbalance = this.sums(inj);
    if (!opts.slack) this.checkBalance(inj, imbalance);
    return { ...runFlows(this.live(), inj), imbalance };
  }

  /** Line flows (MW) for balanced injections; see powerFlow. */
  flows(injections: Injections, opts: { slack?: boolean } = {}): Float64Array {
    return this.powerFlow(injections, opts).flows;
  }

  /**
   * The PTDF row of one line (by id or index): the change of its flow per MW injected at each bus
   * and withdrawn at that bus's island reference (0 at references and in other islands).
   */
  ptdfRow(line: string | number): Float64Array {
    return runPtdfRows(this.live(), Int32Array.of(this.lineIndex(line)))[0];
  }

  /** PTDF rows of several lines in one core call. */
  ptdfRows(lines: readonly (string | number)[]): Float64Array[] {
    return runPtdfRows(this.live(), Int32Array.from(lines, (l) => this.lineIndex(l)));
  }

  /** The dense PTDF (one row per line); refuses (TOO_LARGE) beyond `limit` lines x buses entries. */
  ptdfDense(limit = DENSE_PTDF_LIMIT): Float64Array[] {
    const nl = this.network.lineIds.length, n = this.network.busIds.length;
    if (nl * n > limit) {
      throw new GridclearError('TOO_LARGE', `a dense PTDF of ${nl} lines x ${n} buses exceeds ${limit} entries; use ptdfRow`, {
        value: nl * n, expected: `at most ${limit} entries`,
      });
    }
    return runPtdfRows(this.live(), Int32Array.from({ length: nl }, (_, l) => l));
  }

  /** The factor's columns, for core calls of other areas (see loadFactor in ./factor.ts). */
  get factorData(): FactorData {
    return this.live();
  }

  /**
   * The same factor for a network that differs from this model's only in fixed injections and
   * line bounds (e.g. one period of a multi-period market): no new factorization.
   */
  withNetwork(network: BasicNetwork): GridModel {
    const n = this.network;
    if (!sameTopology(network, n)) {
      throw new GridclearError('INVALID_OPTION', 'withNetwork needs the same buses, lines, reactances and shifts', { expected: 'the same topology' });
    }
    const model = Object.create(GridModel.prototype) as GridModel;
    Object.assign(model, { network, factor: { ...this.live(), net: network } });
    return model;
  }

  /** Releases the factor; later calls throw. */
  dispose(): void {
    this.factor = undefined;
  }

  private live(): FactorData {
    if (!this.factor) throw new GridclearError('INVALID_OPTION', 'this GridModel was disposed');
    return this.factor;
  }

  private lineIndex(line: string | number): number {
    const l = typeof line === 'number' ? line : this.network.lineIndex.get(line);
    if (l === undefined || !Number.isInteger(l) || l < 0 || l >= this.network.lineIds.length) {
      throw new GridclearError('INVALID_OPTION', `no line ${JSON.stringify(line)} in the network`, {
        value: line, field: 'line', expected: 'a line id or index',
      });
    }
    return l;
  }

  private vector(injections: Injections): Float64Array {
    const n = this.network.busIds.length;
    const out = new Float64Array(n);
    const isArray = ArrayBuffer.isView(injections) || Array.isArray(injections);
    if (isArray) {
      const arr = injections as ArrayLike<number>;
      if (arr.length !== n) {
        throw new GridclearError('INVALID_OPTION', `injections has ${arr.length} entries, the network ${n} buses`, { field: 'injections', expected: `${n} entries` });
      }
      for (let b = 0; b < n; b++) out[b] = arr[b];
    } else {
      for (const [id, v] of Object.entries(injections as Record<string, number>)) {
        const b = this.network.busIndex.get(id);
        if (b === undefined) throw new GridclearError('UNKNOWN_BUS', `injection at unknown bus ${JSON.stringify(id)}`, { id, field: 'injections' });
        out[b] = v;
      }
    }
    for (let b = 0; b < n; b++) {
      if (!Number.isFinite(out[b])) {
        throw new GridclearError('INVALID_NUMBER', `injection at bus ${JSON.stringify(this.network.busIds[b])} is ${out[b]}`, {
          id: this.network.busIds[b], index: b, field: 'injections', expected: 'a finite number of MW',
        });
      }
    }
    return out;
  }

  private sums(inj: Float64Array): Float64Array {
    const s = new Float64Array(this.network.islandReference.length);
    for (let b = 0; b < inj.length; b++) s[this.network.busIsland[b]] += inj[b];
    return s;
  }

  private checkBalance(inj: Float64Array, imbalance: Float64Array): void {
    const scale = new Float64Array(imbalance.length);
    for (let b = 0; b < inj.length; b++) scale[this.network.busIsland[b]] += Math.abs(inj[b]);
    imbalance.forEach((v, k) => {
      if (Math.abs(v) > 1e-9 * Math.max(1, scale[k])) {
        const ref = this.network.busIds[this.network.islandReference[k]];
        throw new GridclearError('UNBALANCED', `injections of island ${k} (reference bus ${JSON.stringify(ref)}) sum to ${v} MW, not 0`, {
          index: k, id: ref, value: v, field: 'injections', expected: 'injections summing to 0 per island, or { slack: true }',
        });
      }
    });
  }
}

/** True when two networks share buses, lines, ends, reactances, shifts and base (bounds and fixed injections may differ). */
function sameTopology(a: BasicNetwork, b: BasicNetwork): boolean {
  if (a.baseMVA !== b.baseMVA || a.busIds.length !== b.busIds.length || a.lineIds.length !== b.lineIds.length) return false;
  for (let i = 0; i < a.busIds.length; i++) if (a.busIds[i] !== b.busIds[i]) return false;
  for (let l = 0; l < a.lineIds.length; l++) {
    if (a.lineIds[l] !== b.lineIds[l] || a.lineFrom[l] !== b.lineFrom[l] || a.lineTo[l] !== b.lineTo[l]
      || a.lineX[l] !== b.lineX[l] || a.lineShiftRad[l] !== b.lineShiftRad[l]) return false;
  }
  return true;
}
