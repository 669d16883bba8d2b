// The digest of a clearing result (spec section 2): "sha256:" + the hex SHA-256 of the canonical
// JSON of format, status, welfare, fills, prices, congestionRent and each line's shadowPrice, with
// object keys sorted by UTF-16 code units and no whitespace. Flows (floats) are left out, so the
// same case gives the same digest on every machine and runtime.
import { sha256Hex } from './sha256.js';

/** The fields of a clearing result the digest covers (any subset may be present). */
export interface DigestFields {
  format?: string;
  status?: string;
  welfare?: string;
  fills?: Record<string, string>;
  prices?: Record<string, string>;
  lines?: Record<string, { shadowPrice?: string; flow?: number }>;
  congestionRent?: string;
}

/**
 * Canonical JSON: object keys sorted by UTF-16 code units (JavaScript's default string order),
 * no whitespace, undefined members left out. Written by hand because JavaScript objects list
 * integer-like keys ("2", "10") first in numeric order, which JSON.stringify would keep.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '';
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    out += `${out ? ',' : ''}${JSON.stringify(k)}:${typeof v === 'string' ? JSON.stringify(v) : canonicalJson(v)}`;
  }
  return `{${out}}`;
}

/** The canonical form the digest hashes: the covered fields only, lines reduced to shadowPrice. */
export function canonicalForm(result: DigestFields): string {
  const picked: Record<string, unknown> = {
    format: result.format,
    status: result.status,
    welfare: result.welfare,
    fills: result.fills,
    prices: result.prices,
    congestionRent: result.congestionRent,
  };
  if (result.lines !== undefined && result.lines !== null && typeof result.lines === 'object') {
    // a malformed line (null, a number) still has a canonical form: its shadowPrice is absent
    const lines: Record<string, { shadowPrice: string | undefined }> = Object.create(null);
    for (const id of Object.keys(result.lines)) lines[id] = { shadowPrice: (result.lines[id] as { shadowPrice?: string } | null)?.shadowPrice };
    picked.lines = lines;
  } else if (result.lines !== undefined) picked.lines = result.lines;
  return canonicalJson(picked);
}

/** The digest a clearing result must carry: equal results give equal digests everywhere. */
export function digestOf(result: DigestFields): string {
  return `sha256:${sha256Hex(canonicalForm(result))}`;
}
