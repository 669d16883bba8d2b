import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sha256Hex } from '../../src/io/sha256.js';
import { canonicalForm, canonicalJson, digestOf } from '../../src/io/digest.js';

const SPEC = fileURLToPath(new URL('../../../shared/spec/examples/', import.meta.url));
const nodeSha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

describe('sha256Hex', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))
      .toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('matches node:crypto at every length around the block and padding boundaries', () => {
    for (let n = 0; n <= 200; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 255);
      expect(sha256Hex(b), `length ${n}`).toBe(nodeSha(b));
    }
  });

  it('matches node:crypto on random bytes and strings', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 5000 }), (b) => sha256Hex(b) === nodeSha(b)), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => sha256Hex(s) === nodeSha(s)), { numRuns: 300 });
  });

  it('has no imports (runs unchanged in Node, browsers and workers)', () => {
    const src = readFileSync(fileURLToPath(new URL('../../src/io/sha256.ts', import.meta.url)), 'utf8');
    expect(src).not.toMatch(/^\s*import\b|\brequire\(|\bimport\(/m);
  });

  it('matches node:crypto on inputs over 1 MB', () => {
    for (const n of [1 << 20, (1 << 20) + 55, 3_000_001]) {
      const b = new Uint8Array(n);
      for (let i = 0; i < n; i++) b[i] = (i * 2654435761) >>> 24;
      expect(sha256Hex(b)).toBe(nodeSha(b));
    }
  });
});

describe('digest', () => {
  it('reproduces the digest of the spec example two-bus.result.json', () => {
    const result = JSON.parse(readFileSync(SPEC + 'two-bus.result.json', 'utf8'));
    expect(canonicalForm(result)).toBe(
      '{"congestionRent":"900.0000000","fills":{"d2":"80.000","s1":"30.000","s2":"50.000"},' +
      '"format":"clearing-result/1","lines":{"l":{"shadowPrice":"30.0000"}},' +
      '"prices":{"A":"10.0000","B":"40.0000"},"status":"optimal","welfare":"1700.0000000"}');
    expect(digestOf(result)).toBe('sha256:4409a5fc0f66ed454fb0118b71802950e10f4fc44ddf789e1c19bb8fd809f360');
    expect(result.digest).toBe(digestOf(result));
  });

  it('leaves out flows, digest, mechanism and extra fields; keeps shadow prices', () => {
    const base = { format: 'clearing-result/1', status: 'optimal', welfare: '1', fills: { a: '1' }, prices: { '*': '2' }, congestionRent: '0' };
    const d = digestOf(base);
    expect(digestOf({ ...base, digest: 'sha256:x', mechanism: 'pay-as-bid', volume: '3' } as never)).toBe(d);
    const withLine = { ...base, lines: { l: { flow: 1.5, shadowPrice: '0' } } };
    expect(digestOf({ ...base, lines: { l: { flow: 99, shadowPrice: '0' } } })).toBe(digestOf(withLine));
    expect(digestOf({ ...base, lines: { l: { flow: 1.5, shadowPrice: '1' } } })).not.toBe(digestOf(withLine));
    expect(digestOf({ ...base, fills: { a: '1.0' } })).not.toBe(d);
  });

  it('sorts keys by UTF-16 code units, integer-like keys included, whatever the insertion order', () => {
    expect(canonicalJson({ b: 1, '10': 2, '2': 3, a: [1, { z: null, y: 'é' }], B: true }))
      .toBe('{"10":2,"2":3,"B":true,"a":[1,{"y":"é","z":null}],"b":1}');
    // U+FB01 sorts after U+1F600 in UTF-16 (0xFB01 > 0xD83D), before it by code point.
    expect(canonicalJson({ '\u{1F600}': 1, '\uFB01': 2 })).toBe('{"\u{1F600}":1,"\uFB01":2}');
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.string()), (m) => {
      const reversed = Object.fromEntries(Object.entries(m).reverse());
      return canonicalJson(m) === canonicalJson(reversed) && JSON.parse(canonicalJson(m)) !== null;
    }));
  });
});
