// MATPOWER (.m, version 2) case import to a market case, by the rules of spec section 3.
// Matrix entries stay decimal strings and all money / energy arithmetic is exact (bigint
// rationals); each derived price or quantity is rounded once, half away from zero, onto the ticks.
import { GridclearError, type ErrorCode } from '../errors.js';
import { checkDecimals, formatTicks, show, toTicks, type DecimalLike } from '../model/fixed.js';
import { MARKET_DEFAULTS, type Bus, type Line, type Market, type Order } from '../model/types.js';
import { Rational as Dec } from './rational.js';

/** Options of importMatpower (ticks and price bounds of the market case made). */
export interface MatpowerImportOptions {
  name?: string;
  priceDecimals?: number;
  quantityDecimals?: number;
  priceCap?: DecimalLike;
  priceFloor?: DecimalLike;
}

interface Row { v: string[]; line: number }
interface Parsed { name?: string; scalars: Map<string, { value: string; line: number }>; matrices: Map<string, Row[]> }

function fail(code: ErrorCode, line: number | undefined, message: string, extra: Record<string, unknown> = {}): never {
  throw new GridclearError(code, line === undefined ? message : `line ${line}: ${message}`, { line, ...extra });
}

/** Splits matrix text into rows: `;` and line ends close a row, `,` and blanks separate values. */
function addMatrixText(text: string, line: number, rows: Row[]): void {
  for (const part of text.split(';')) {
    const toks = part.split(/[\s,]+/).filter((t) => t !== '');
    for (const t of toks) {
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) fail('PARSE_ERROR', line, `not a number: ${JSON.stringify(t)}`, { value: t });
    }
    if (toks.length) rows.push({ v: toks, line });
  }
}

/** Parses the statements of a MATPOWER file: `mpc.x = value;` and `mpc.x = [ ... ];` matrices. */
function parse(text: string): Parsed {
  const out: Parsed = { scalars: new Map(), matrices: new Map() };
  const lines = text.split(/\r\n|\n|\r/);
  let matrix: { name: string; rows: Row[] } | null = null;
  let cell = false;
  lines.forEach((raw, i) => {
    const line = i + 1;
    const s = raw.replace(/%.*$/, '').trim();
    if (cell) { if (s.includes('}')) cell = false; return; }
    if (matrix) {
      const end = s.indexOf(']');
      addMatrixText(end >= 0 ? s.slice(0, end) : s, line, matrix.rows);
      if (end >= 0) { out.matrices.set(matrix.name, matrix.rows); matrix = null; }
      return;
    }
    if (s === '' || /^(end|return)\b/.test(s)) return;
    const fn = /^function\s+\w+\s*=\s*(\w+)/.exec(s);
    if (fn) { out.name = fn[1]; return; }
    const m = /^mpc\.(\w+)\s*=\s*(.*?)\s*;?\s*$/.exec(s);
    if (!m) fail('PARSE_ERROR', line, `unexpected statement ${JSON.stringify(s.slice(0, 40))}`);
    const [, name, rest] = m;
    if (rest.startsWith('[')) {
      matrix = { name, rows: [] };
      const body = rest.slice(1), end = body.indexOf(']');
      addMatrixText(end >= 0 ? body.slice(0, end) : body, line, matrix.rows);
      if (end >= 0) { out.matrices.set(name, matrix.rows); matrix = null; }
    } else if (rest.startsWith('{')) {
      cell = !rest.includes('}');
    } else {
      out.scalars.set(name, { value: rest.replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1'), line });
    }
  });
  if (matrix) fail('PARSE_ERROR', lines.length, `matrix mpc.${(matrix as { name: string }).name} is not closed with ]`);
  return out;
}

function need(p: Parsed, name: string, cols: number): Row[] {
  const rows = p.matrices.get(name);
  if (!rows) fail('PARSE_ERROR', undefined, `the case has no mpc.${name} matrix`, { field: name });
  for (const r of rows) {
    if (r.v.length < cols) fail('PARSE_ERROR', r.line, `mpc.${name} row has ${r.v.length} columns, needs at least ${cols}`, { field: name });
  }
  return rows;
}

const dec = (t: string) => new Dec(t);
const num = (t: string) => Number(t);

interface Ctx {
  pd: number; qd: number; cap: Dec; floor: Dec; baseMVA: number;
  busOf: Map<string, { kept: boolean; fixed: Dec }>;
  orders: Order[];
}

function ticks(d: Dec, decimals: number): bigint {
  return toTicks(d.toFixed(decimals), decimals, {});
}

function sell(ctx: Ctx, id: string, k: number, bus: string, price: Dec, q0: Dec, q1: Dec, line: number): void {
  const qty = ticks(q1, ctx.qd) - ticks(q0, ctx.qd);
  if (qty <= 0n) return;
  const p = ticks(price, ctx.pd);
  if (p > ticks(ctx.cap, ctx.pd) || p < ticks(ctx.floor, ctx.pd)) {
    fail('PRICE_OUT_OF_RANGE', line, `generator ${k}: price ${formatTicks(p, ctx.pd)} lies outside [priceFloor, priceCap]`, { id });
  }
  ctx.orders.push({ id, side: 'sell', bus, price: formatTicks(p, ctx.pd), quantity: formatTicks(qty, ctx.qd), participant: `gen${k}` });
}

/** The sell orders of one in-service generator (cost models 1 and 2). */
function generatorOrders(ctx: Ctx, k: number, bus: string, pmin: Dec, pmax: Dec, cost: Row | undefined, line: number): void {
  if (!cost) fail('PARSE_ERROR', line, `generator ${k} has no mpc.gencost row`);
  const model = num(cost.v[0]), n = num(cost.v[3]);
  const c = cost.v.slice(4);
  const first = ctx.orders.length;
  if (model === 2) {
    if (!Number.isInteger(n) || n < 0 || c.length < n) fail('PARSE_ERROR', cost.line, `gencost of generator ${k}: NCOST ${cost.v[3]} does not match its coefficients`);
    const coef = c.slice(0, n).map(dec).reverse(); // c0, c1, c2, ...
    if (coef.slice(3).some((x) => !x.isZero())) fail('UNSUPPORTED', cost.line, `gencost of generator ${k}: polynomial of degree > 2`);
    const c1 = coef[1] ?? new Dec(0), c2 = coef[2] ?? new Dec(0);
    if (c2.isNeg()) fail('UNSUPPORTED', cost.line, `gencost of generator ${k}: c2 < 0 (non-convex cost)`);
    if (c2.isZero()) { sell(ctx, `gen${k}`, k, bus, c1, pmin, pmax, cost.line); return; }
    const step = pmax.minus(pmin).div(10);
    for (let j = 1; j <= 10; j++) {
      const mid = pmin.plus(step.times(j - 0.5));
      sell(ctx, `gen${k}-${j}`, k, bus, c1.plus(c2.times(2).times(mid)), pmin.plus(step.times(j - 1)), pmin.plus(step.times(j)), cost.line);
    }
  } else if (model === 1) {
    if (!Number.isInteger(n) || n < 2 || c.length < 2 * n) fail('PARSE_ERROR', cost.line, `gencost of generator ${k}: NCOST ${cost.v[3]} does not match its points`);
    const xs = Array.from({ length: n }, (_, i) => dec(c[2 * i])), ys = Array.from({ length: n }, (_, i) => dec(c[2 * i + 1]));
    for (let i = 1; i < n; i++) {
      if (!xs[i].gt(xs[i - 1])) fail('PARSE_ERROR', cost.line, `gencost of generator ${k}: breakpoints must increase`);
    }
    for (let j = 1; j < n; j++) {
      const lo = j === 1 ? pmin : Dec.max(xs[j - 1], pmin), hi = j === n - 1 ? pmax : Dec.min(xs[j], pmax);
      if (!hi.gt(lo)) continue;
      const slope = ys[j].minus(ys[j - 1]).div(xs[j].minus(xs[j - 1]));
      sell(ctx, `gen${k}-${j}`, k, bus, slope, lo, hi, cost.line);
    }
    if (ctx.orders.length === first + 1) ctx.orders[first].id = `gen${k}`;
  } else {
    fail('UNSUPPORTED', cost.line, `gencost of generator ${k}: cost model ${cost.v[0]} (only 1 and 2)`);
  }
}

function readBuses(p: Parsed, ctx: Ctx): { buses: string[]; ref?: string } {
  const buses: string[] = [];
  let ref: string | undefined;
  for (const r of need(p, 'bus', 6)) {
    const id = String(num(r.v[0]));
    if (!Number.isInteger(num(r.v[0]))) fail('PARSE_ERROR', r.line, `bus number ${r.v[0]} is not an integer`, { field: 'BUS_I' });
    if (ctx.busOf.has(id)) fail('DUPLICATE_ID', r.line, `bus ${id} appears twice`, { id });
    const type = num(r.v[1]);
    ctx.busOf.set(id, { kept: type !== 4, fixed: new Dec(0) });
    if (type === 4) continue;
    buses.push(id);
    if (type === 3 && ref === undefined) ref = id;
    const b = ctx.busOf.get(id)!;
    const pdem = dec(r.v[2]);
    if (pdem.gt(0)) {
      const q = ticks(pdem, ctx.qd);
      if (q > 0n) ctx.orders.push({ id: `load${id}`, side: 'buy', bus: id, price: formatTicks(ticks(ctx.cap, ctx.pd), ctx.pd), quantity: formatTicks(q, ctx.qd) });
    } else b.fixed = b.fixed.minus(pdem);
    b.fixed = b.fixed.minus(dec(r.v[4]));
  }
  return { buses, ref };
}

function busRef(ctx: Ctx, t: string, line: number, what: string): { id: string; kept: boolean } {
  const id = String(num(t));
  const b = ctx.busOf.get(id);
  if (!b) fail('UNKNOWN_BUS', line, `${what} names unknown bus ${t}`, { value: t });
  return { id, kept: b.kept };
}

/** Flow bound of an angle limit (degrees), or undefined when the side is ignored (0, <= -360, >= 360). */
function angleFlow(ctx: Ctx, deg: number, shiftDeg: number, x: number): number | undefined {
  if (!Number.isFinite(deg) || deg === 0 || deg <= -360 || deg >= 360) return undefined;
  return (ctx.baseMVA * ((deg - shiftDeg) * Math.PI) / 180) / x;
}

function readLines(p: Parsed, ctx: Ctx): Line[] {
  const lines: Line[] = [];
  need(p, 'branch', 11).forEach((r, i) => {
    const f = busRef(ctx, r.v[0], r.line, `branch ${i + 1}`), t = busRef(ctx, r.v[1], r.line, `branch ${i + 1}`);
    if (!(num(r.v[10]) > 0) || !f.kept || !t.kept || f.id === t.id) return;
    const ratio = num(r.v[8]);
    const x = num(r.v[3]) * (ratio === 0 ? 1 : ratio), shiftDeg = num(r.v[9]);
    if (!Number.isFinite(x) || x === 0) fail('INVALID_NETWORK', r.line, `branch ${i + 1} has reactance ${x}`, { id: String(i + 1), field: 'x', value: x });
    const rate = num(r.v[5]);
    let lo = rate > 0 ? -rate : -Infinity, hi = rate > 0 ? rate : Infinity;
    const a = angleFlow(ctx, num(r.v[11] ?? '0'), shiftDeg, x), b = angleFlow(ctx, num(r.v[12] ?? '0'), shiftDeg, x);
    const [aLo, aHi] = x > 0 ? [a, b] : [b, a];
    if (aLo !== undefined) lo = Math.max(lo, aLo);
    if (aHi !== undefined) hi = Math.min(hi, aHi);
    const line: Line = { id: String(i + 1), from: f.id, to: t.id, x, shiftDeg };
    if (lo > -Infinity) line.minFlow = formatTicks(ticks(new Dec(lo), ctx.qd), ctx.qd);
    if (hi < Infinity) line.maxFlow = formatTicks(ticks(new Dec(hi), ctx.qd), ctx.qd);
    lines.push(line);
  });
  return lines;
}

function readGenerators(p: Parsed, ctx: Ctx): void {
  const gens = need(p, 'gen', 10);
  const costs = p.matrices.get('gencost') ?? [];
  gens.forEach((r, i) => {
    const k = i + 1;
    const bus = busRef(ctx, r.v[0], r.line, `generator ${k}`);
    if (!(num(r.v[7]) > 0) || !bus.kept) return;
    const pmax = dec(r.v[8]), pmin = dec(r.v[9]);
    if (pmax.lt(pmin)) fail('INVALID_MARKET', r.line, `generator ${k}: PMAX ${r.v[8]} < PMIN ${r.v[9]}`, { field: 'PMAX' });
    const b = ctx.busOf.get(bus.id)!;
    b.fixed = b.fixed.plus(pmin);
    if (pmax.gt(pmin)) generatorOrders(ctx, k, bus.id, pmin, pmax, costs[i], r.line);
  });
}

/**
 * Imports a MATPOWER version-2 case as a market case (spec section 3): buses, in-service lines
 * with taps folded into x and angle limits turned into flow bounds, loads as buy orders at the
 * price cap, generators as sell orders. Throws GridclearError (PARSE_ERROR with `line`,
 * UNSUPPORTED for dcline data or other cost forms, UNKNOWN_BUS, DUPLICATE_ID, ...).
 */
export function importMatpower(text: string, opts: MatpowerImportOptions = {}): Market {
  if (typeof text !== 'string') fail('PARSE_ERROR', undefined, `a MATPOWER case is text, got ${show(text)}`, { expected: 'a string' });
  if (opts === null || typeof opts !== 'object') {
    throw new GridclearError('INVALID_OPTION', `import options must be an object, got ${show(opts)}`, { expected: 'an object', value: opts });
  }
  const p = parse(text);
  const version = p.scalars.get('version');
  if (version?.value !== '2') fail('UNSUPPORTED', version?.line, `MATPOWER case version ${version ? JSON.stringify(version.value) : '(missing)'}; only version '2' is supported`, { field: 'version' });
  if ((p.matrices.get('dcline')?.length ?? 0) > 0) fail('UNSUPPORTED', undefined, 'MATPOWER dcline data is not supported yet', { field: 'dcline' });
  const bm = p.scalars.get('baseMVA');
  const baseMVA = bm ? Number(bm.value) : NaN;
  if (!(baseMVA > 0) || !Number.isFinite(baseMVA)) fail('PARSE_ERROR', bm?.line, `baseMVA must be a positive number, got ${bm?.value}`, { field: 'baseMVA' });
  const pd = checkDecimals(opts.priceDecimals ?? MARKET_DEFAULTS.priceDecimals, 'priceDecimals');
  const qd = checkDecimals(opts.quantityDecimals ?? MARKET_DEFAULTS.quantityDecimals, 'quantityDecimals');
  const bound = (v: DecimalLike, f: string) => new Dec(formatTicks(toTicks(v, pd, { field: f }), pd));
  const ctx: Ctx = {
    pd, qd, baseMVA, busOf: new Map(), orders: [],
    cap: bound(opts.priceCap ?? MARKET_DEFAULTS.priceCap, 'priceCap'), floor: bound(opts.priceFloor ?? MARKET_DEFAULTS.priceFloor, 'priceFloor'),
  };
  const { buses, ref } = readBuses(p, ctx);
  const lines = readLines(p, ctx);
  readGenerators(p, ctx);
  const networkBuses: Bus[] = buses.map((id) => ({ id, fixedInjection: formatTicks(ticks(ctx.busOf.get(id)!.fixed, qd), qd) }));
  return {
    format: 'market-case/1', name: opts.name ?? p.name ?? 'matpower', priceDecimals: pd, quantityDecimals: qd,
    priceCap: formatTicks(ticks(ctx.cap, pd), pd), priceFloor: formatTicks(ticks(ctx.floor, pd), pd),
    network: { baseMVA, buses: networkBuses, lines, ...(ref !== undefined ? { referenceBus: ref } : {}) },
    orders: ctx.orders,
  };
}

function decOf(v: DecimalLike, id: string): Dec {
  const text = typeof v === 'object' && v !== null ? v.toFixed() : String(v);
  try { return new Dec(text); } catch {
    throw new GridclearError('INVALID_NUMBER', `fill of ${JSON.stringify(id)} is not a decimal: ${text}`, { id, value: v });
  }
}

/** Cost of output P under one gencost row: polynomial (model 2) or piecewise linear (model 1, extended). */
function costAt(row: Row, p: Dec, k: number): Dec {
  const n = num(row.v[3]), c = row.v.slice(4).map(dec);
  if (num(row.v[0]) === 2) return c.slice(0, n).reduce((acc, ci) => acc.times(p).plus(ci), new Dec(0));
  if (num(row.v[0]) !== 1 || n < 2) fail('UNSUPPORTED', row.line, `gencost of generator ${k}: cost model ${row.v[0]}`);
  let j = 1;
  while (j < n - 1 && p.gt(c[2 * j])) j++;
  const [x0, y0, x1, y1] = [c[2 * j - 2], c[2 * j - 1], c[2 * j], c[2 * j + 1]];
  return y0.plus(y1.minus(y0).div(x1.minus(x0)).times(p.minus(x0)));
}

/**
 * Generator cost of a clearing, for reporting (spec section 3): per in-service generator `gen<k>`
 * and in total, c0 + c1 P (+ c2 P^2) or the piecewise-linear cost at P = PMIN + the generator's
 * filled quantity (fills by order id, as in a clearing result). Exact decimal strings.
 */
export function generatorCost(text: string, fills: Record<string, DecimalLike>): { total: string; generators: Record<string, string> } {
  const p = parse(text);
  const kept = new Set(need(p, 'bus', 2).filter((r) => num(r.v[1]) !== 4).map((r) => String(num(r.v[0]))));
  const filled = new Map<number, Dec>();
  for (const [id, v] of Object.entries(fills)) {
    const m = /^gen(\d+)(?:-\d+)?$/.exec(id);
    if (m) filled.set(Number(m[1]), (filled.get(Number(m[1])) ?? new Dec(0)).plus(decOf(v, id)));
  }
  const costs = p.matrices.get('gencost') ?? [];
  const generators: Record<string, string> = {};
  let total = new Dec(0);
  need(p, 'gen', 10).forEach((r, i) => {
    const k = i + 1;
    if (!(num(r.v[7]) > 0) || !kept.has(String(num(r.v[0])))) return;
    if (!costs[i]) fail('PARSE_ERROR', r.line, `generator ${k} has no mpc.gencost row`);
    const cost = costAt(costs[i], dec(r.v[9]).plus(filled.get(k) ?? 0), k);
    generators[`gen${k}`] = cost.toFixed();
    total = total.plus(cost);
  });
  return { total: total.toFixed(), generators };
}
