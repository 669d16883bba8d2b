// Clearing options and market bounds: checked once per call, turned into the core's codes.
import { GridclearError } from '../errors.js';
import { checkDecimals, show, toTicks } from '../model/fixed.js';
import type { AuctionOptions, Mechanism, PayAsBidPrice, TickMarket, TieRule } from './types.js';

const MECHANISMS: Record<Mechanism, number> = { uniform: 0, 'pay-as-bid': 1, 'trade-reduction': 2 };
const TIE_RULES: Record<TieRule, number> = { 'pro-rata': 0, 'time-priority': 1 };
const PAB_PRICES: Record<PayAsBidPrice, number> = { bid: 0, ask: 1, midpoint: 2 };
/** k is exact to 18 decimals: numerator over 10^18 (fits the core's i64). */
const K_DECIMALS = 18;
const K_DEN = 10n ** 18n;
/** Ticks are limited to |x| < 2^62 (src/model/fixed.ts) so that sums of two never wrap. */
export const MAX_TICKS = 1n << 62n;

/** Options as the core takes them. */
export interface CoreOptions {
  mechanism: Mechanism;
  payAsBidPrice: PayAsBidPrice;
  mech: number;
  tie: number;
  pab: number;
  kNum: bigint;
  kDen: bigint;
  /** Whether the caller wants the list of trades. */
  trades: boolean;
  /** Result columns as views over Wasm memory (valid until the next engine call). */
  views: boolean;
}

function pick<T extends string>(table: Record<T, number>, value: unknown, field: string, def: T): [T, number] {
  if (value === undefined) return [def, table[def]];
  if (typeof value === 'string' && Object.hasOwn(table, value)) {
    return [value as T, table[value as T]];
  }
  const allowed = Object.keys(table).map((k) => `'${k}'`).join(', ');
  throw new GridclearError('INVALID_OPTION', `option ${field} must be one of ${allowed}, got ${JSON.stringify(value)}`, {
    field, expected: `one of ${allowed}`, value,
  });
}

/** k as an exact fraction: a number is read as its shortest decimal (0.1 is exactly 1/10). */
function parseK(k: unknown): bigint {
  if (k === undefined) return K_DEN / 2n;
  const bad = (why: string): GridclearError => new GridclearError('INVALID_OPTION', `option k ${why}, got ${show(k)}`, {
    field: 'k', expected: 'a number or decimal string in [0, 1] with at most 18 decimals', value: k,
  });
  if (typeof k !== 'number' && typeof k !== 'string') throw bad('must be a number or a decimal string');
  let num: bigint;
  try {
    num = toTicks(k, K_DECIMALS, { field: 'k' });
  } catch {
    throw bad('must be a finite decimal with at most 18 decimals');
  }
  if (num < 0n || num > K_DEN) throw bad('must lie in [0, 1]');
  return num;
}

/** Checks the options of a clearing (INVALID_OPTION) and fills in the defaults. */
export function coreOptions(options: AuctionOptions | undefined): CoreOptions {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new GridclearError('INVALID_OPTION', 'options must be an object', { expected: 'an object', value: options });
  }
  const o = options ?? {};
  const [mechanism, mech] = pick(MECHANISMS, o.mechanism, 'mechanism', 'uniform');
  const [, tie] = pick(TIE_RULES, o.tieRule, 'tieRule', 'pro-rata');
  const [payAsBidPrice, pab] = pick(PAB_PRICES, o.payAsBidPrice, 'payAsBidPrice', 'midpoint');
  for (const field of ['trades', 'views'] as const) {
    const v = o[field];
    if (v !== undefined && typeof v !== 'boolean') {
      throw new GridclearError('INVALID_OPTION', `option ${field} must be true or false, got ${show(v)}`, {
        field, expected: 'true or false', value: v,
      });
    }
  }
  return { mechanism, payAsBidPrice, mech, tie, pab, kNum: parseK(o.k), kDen: K_DEN, trades: o.trades !== false, views: o.views === true };
}

function badMarket(field: string, message: string, value: unknown): GridclearError {
  return new GridclearError('INVALID_MARKET', message, { field, value, expected: 'a tick count with |value| < 2^62, priceFloor <= priceCap' });
}

/** Checks a TickMarket (INVALID_MARKET): decimals in range, |cap|, |floor| < 2^62, floor <= cap. */
export function checkTickMarket(m: TickMarket): TickMarket {
  if (m === null || typeof m !== 'object') throw badMarket('market', 'market must be an object', m);
  checkDecimals(m.priceDecimals, 'priceDecimals');
  checkDecimals(m.quantityDecimals, 'quantityDecimals');
  for (const f of ['priceCapTicks', 'priceFloorTicks'] as const) {
    const v = m[f];
    if (typeof v !== 'bigint' || v >= MAX_TICKS || v <= -MAX_TICKS) {
      throw badMarket(f, `${f} must be a bigint with |value| < 2^62, got ${show(v)}`, v);
    }
  }
  if (m.priceFloorTicks > m.priceCapTicks) {
    throw badMarket('priceFloor', `priceFloor (${m.priceFloorTicks}) is above priceCap (${m.priceCapTicks})`, m.priceFloorTicks);
  }
  return m;
}
