// clearing-result/2: the result of a multi-period clearing as a JSON object and file text, and
// its digest (the same rules as clearing-result/1: canonical JSON with sorted keys and no
// whitespace of everything but the digest itself and the line flows). See docs/formats.md.
import { GridclearError } from '../errors.js';
import { formatTicks } from '../model/fixed.js';
import { canonicalJson } from '../io/digest.js';
import { sha256Hex } from '../io/sha256.js';
import { ByteWriter } from '../io/bytes.js';
import { parseJsonText, type ParseOptions } from '../io/marketCase.js';
import type { PeriodsOutcome } from './outcome.js';

/** The `format` tag of a multi-period result file. */
export const PERIODS_RESULT_FORMAT = 'clearing-result/2';

/** One period of a clearing-result/2. */
export interface PeriodResultJson {
  id: string;
  prices: Record<string, string>;
  lines?: Record<string, { flow: number; shadowPrice: string }>;
  congestionRent: string;
}

/** A clearing-result/2 document. */
export interface PeriodsResultJson {
  format: 'clearing-result/2';
  status: 'optimal' | 'infeasible';
  welfare?: string;
  fills?: Record<string, string>;
  periods?: PeriodResultJson[];
  storage?: Record<string, { charge: string[]; discharge: string[]; energy: string[]; value: string[] }>;
  units?: Record<string, { output: string[]; rampShadowPrice: string[] }>;
  infeasible?: { period?: string; island?: string; imbalance?: string };
  digest: string;
}

/** A map kept in file order (JS objects list integer-like keys first). */
class Ordered {
  /** Keeps the instances' layout alive across full GCs: see ARCHITECTURE.md, "Per-call objects". */
  static readonly anchor = new Ordered([], []);
  constructor(readonly keys: string[], readonly values: unknown[]) {}
}

function ordered(keys: string[], value: (i: number) => unknown): Ordered {
  return new Ordered(keys, keys.map((_, i) => value(i)));
}

/** The result as a tree in file order (Ordered maps), without the digest. */
function tree(o: PeriodsOutcome): [string, unknown][] {
  const out: [string, unknown][] = [['format', PERIODS_RESULT_FORMAT], ['status', o.status]];
  if (o.status === 'infeasible') {
    out.push(['infeasible', o.infeasible ?? {}]);
    return out;
  }
  const pd = o.priceDecimals, qd = o.quantityDecimals, dd = o.durationDecimals, md = pd + qd + dd, ed = qd + dd, T = o.periodIds.length;
  const series = (arr: BigInt64Array, k: number, decimals: number) => Array.from({ length: T }, (_, t) => formatTicks(arr[k * T + t], decimals));
  out.push(['welfare', formatTicks(o.welfare, md)]);
  out.push(['fills', ordered(o.orderIds, (i) => formatTicks(o.fills[i], qd))]);
  out.push(['periods', o.periodIds.map((id, t) => {
    const p: [string, unknown][] = [['id', id], ['prices', ordered(o.busIds, (b) => formatTicks(o.prices[t][b], pd))]];
    if (!o.copperPlate) p.push(['lines', ordered(o.lineIds, (l) => new Ordered(['flow', 'shadowPrice'], [o.flows[t][l], formatTicks(o.shadowPrices[t][l], pd)]))]);
    p.push(['congestionRent', formatTicks(o.congestionRent[t], md)]);
    return new Ordered(p.map(([k]) => k), p.map(([, v]) => v));
  })]);
  out.push(['storage', ordered(o.storageIds, (g) => new Ordered(['charge', 'discharge', 'energy', 'value'],
    [series(o.charge, g, qd), series(o.discharge, g, qd), series(o.energy, g, ed), series(o.storageValue, g, pd)]))]);
  out.push(['units', ordered(o.unitIds, (u) => new Ordered(['output', 'rampShadowPrice'], [series(o.output, u, qd), series(o.rampShadowPrice, u, pd + dd)]))]);
  return out;
}

/** A tree as a plain value (Ordered -> object), with line flows left out when `forDigest`. */
function plain(v: unknown, forDigest: boolean): unknown {
  if (v instanceof Ordered) {
    const obj: Record<string, unknown> = Object.create(null);
    v.keys.forEach((k, i) => {
      if (forDigest && k === 'flow' && typeof v.values[i] === 'number') return;
      if (Object.hasOwn(obj, k)) throw new GridclearError('DUPLICATE_ID', `two elements have the id ${JSON.stringify(k)}`, { id: k });
      obj[k] = plain(v.values[i], forDigest);
    });
    return obj;
  }
  if (Array.isArray(v)) return v.map((x) => plain(x, forDigest));
  return v;
}

/**
 * The canonical form the digest hashes: the result without `digest`, every line's `flow` left
 * out, object keys sorted by UTF-16 code units, no whitespace.
 */
export function periodsCanonicalForm(result: Omit<PeriodsResultJson, 'digest'> | PeriodsResultJson): string {
  const strip = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => strip(x));
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = Object.create(null);
    for (const k of Object.keys(v as object)) {
      if (key === undefined && k === 'digest') continue;
      if (key === 'line' && k === 'flow') continue;
      out[k] = strip((v as Record<string, unknown>)[k], key === 'lines' ? 'line' : k === 'lines' ? 'lines' : 'other');
    }
    return out;
  };
  return canonicalJson(strip(result));
}

/** The digest a clearing-result/2 must carry. */
export function periodsDigestOf(result: Omit<PeriodsResultJson, 'digest'> | PeriodsResultJson): string {
  return `sha256:${sha256Hex(periodsCanonicalForm(result))}`;
}

/** The clearing-result/2 object of an outcome, with its digest. */
export function toPeriodsResult(o: PeriodsOutcome): PeriodsResultJson {
  const obj = periodsResultBody(o);
  return { ...obj, digest: periodsDigestOf(obj) };
}

/** The clearing-result/2 object of an outcome without its digest (for results that add members before digesting: src/blocks). */
export function periodsResultBody(o: PeriodsOutcome): Omit<PeriodsResultJson, 'digest'> {
  const t = tree(o);
  return plain(new Ordered(t.map(([k]) => k), t.map(([, v]) => v)), false) as PeriodsResultJson;
}

/** The file text of an outcome: 2-space indented JSON, maps in market order, series on one line, a final newline. */
export function periodsResultText(o: PeriodsOutcome): string {
  const t = tree(o);
  const obj = plain(new Ordered(t.map(([k]) => k), t.map(([, v]) => v)), false) as PeriodsResultJson;
  t.push(['digest', periodsDigestOf(obj)]);
  const w = new ByteWriter();
  write(new Ordered(t.map(([k]) => k), t.map(([, v]) => v)), '', w);
  w.raw('\n');
  return w.text();
}

function write(v: unknown, indent: string, w: ByteWriter): void {
  if (v instanceof Ordered) {
    if (v.keys.length === 0) { w.raw('{}'); return; }
    const inner = indent + '  ';
    w.raw('{');
    v.keys.forEach((k, i) => {
      w.raw(i ? `,\n${inner}` : `\n${inner}`);
      w.json(k);
      w.raw(': ');
      write(v.values[i], inner, w);
    });
    w.raw(`\n${indent}}`);
  } else if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string')) { w.raw(`[${v.map((x) => JSON.stringify(x)).join(', ')}]`); return; }
    const inner = indent + '  ';
    w.raw('[');
    v.forEach((x, i) => { w.raw(i ? `,\n${inner}` : `\n${inner}`); write(x, inner, w); });
    w.raw(`\n${indent}]`);
  } else if (typeof v === 'string') w.json(v);
  else w.raw(JSON.stringify(v ?? null));
}

/** Reads a clearing-result/2 file: JSON syntax, the format tag and a digest string (values are verify's job). */
export function parsePeriodsResult(text: string, opts: ParseOptions = {}): PeriodsResultJson {
  const root = parseJsonText(text, opts) as Record<string, unknown>;
  const src = opts.source ? `${opts.source}: ` : '';
  if (typeof root !== 'object' || root === null || Array.isArray(root)) throw new GridclearError('PARSE_ERROR', `${src}clearing result: the document must be a JSON object`, { expected: 'an object' });
  if (root.format !== PERIODS_RESULT_FORMAT) throw new GridclearError('PARSE_ERROR', `${src}clearing result: format must be "${PERIODS_RESULT_FORMAT}"`, { field: 'format', expected: PERIODS_RESULT_FORMAT });
  if (typeof root.digest !== 'string') throw new GridclearError('PARSE_ERROR', `${src}clearing result: digest must be a string`, { field: 'digest', expected: 'a string' });
  return root as unknown as PeriodsResultJson;
}
