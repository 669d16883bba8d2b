import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ByteWriter } from '../../src/io/bytes.js';
import { formatTicks } from '../../src/model/fixed.js';

describe('ByteWriter.ticks', () => {
  it('writes exactly JSON.stringify(formatTicks(t, d)), fast path and beyond it', () => {
    const edge = fc.constantFrom(0n, 1n, -1n, 9n, 10n, (1n << 50n) - 1n, 1n << 50n, -(1n << 50n) + 1n, -(1n << 50n),
      (1n << 53n) + 1n, (1n << 63n) - 1n, -(1n << 63n), 999999999999999n, 10n ** 15n);
    const ticks = fc.oneof(edge, fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), fc.bigInt({ min: -(1n << 52n), max: 1n << 52n }), fc.bigInt({ min: -100000n, max: 100000n }));
    const decimals = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constantFrom(18, 24, 36));
    fc.assert(fc.property(fc.array(fc.tuple(ticks, decimals), { minLength: 1, maxLength: 20 }), (list) => {
      const w = new ByteWriter(4); // grows while writing
      for (const [t, d] of list) w.ticks(t, d, formatTicks);
      expect(w.text()).toBe(list.map(([t, d]) => JSON.stringify(formatTicks(t, d))).join(''));
    }), { numRuns: 2000 });
  });
});

describe('ByteWriter.tickMembers', () => {
  it('writes exactly json(key) + colon + JSON.stringify(formatTicks(t, d)) per member, in the given order', () => {
    const edge = fc.constantFrom(0n, 1n, -1n, 10n, (1n << 50n) - 1n, 1n << 50n, -(1n << 50n), (1n << 63n) - 1n, -(1n << 63n));
    const ticks = fc.oneof(edge, fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), fc.bigInt({ min: -100000n, max: 100000n }));
    // keys: plain ASCII, quotes, backslashes, control characters, non-ASCII, lone surrogates, empty
    const key = fc.oneof(fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 6 }),
      fc.constantFrom('', 'a"b', 'a\\b', '\n', 'é', '\ud800', 'o12', 'x'.repeat(200)));
    const member = fc.tuple(key, ticks);
    fc.assert(fc.property(fc.array(member, { maxLength: 12 }), fc.integer({ min: 0, max: 18 }), fc.boolean(),
      fc.constantFrom([',', ':'], [',\n    ', ': ']), (list, d, reversed, [sep, colon]) => {
        const keys = list.map(([k]) => k);
        const t = BigInt64Array.from(list.map(([, v]) => v));
        const order = reversed ? keys.map((_, i) => keys.length - 1 - i) : null;
        const w = new ByteWriter(4); // grows while writing
        w.raw('[');
        w.tickMembers(keys, t, d, order, sep, colon, formatTicks);
        const idx = order ?? keys.map((_, i) => i);
        expect(w.text()).toBe(`[${idx.map((i) => `${JSON.stringify(keys[i])}${colon}${JSON.stringify(formatTicks(t[i], d))}`).join(sep)}`);
      }), { numRuns: 2000 });
  });
});
