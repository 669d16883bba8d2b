import { describe, expect, it } from 'vitest';
import { core, withArena } from '../../src/wasm/engine.js';
import { ABI_VERSION } from '../../src/wasm/abi.js';
import { formatTicks, toTicks } from '../../src/model/fixed.js';

describe('engine', () => {
  it('instantiates once with the expected ABI', () => {
    expect(core()).toBe(core());
    expect(core().abiVersion()).toBe(ABI_VERSION);
  });

  it('resets its arena after a call, even a failed one', () => {
    const before = withArena((a) => a.alloc(0));
    expect(() => withArena((a) => { a.reserve(1 << 20); a.alloc(1 << 20); throw new Error('boom'); })).toThrow('boom');
    expect(withArena((a) => a.alloc(0))).toBe(before);
  });
});

describe('fixed point', () => {
  it('parses decimals exactly and rejects off-tick values', () => {
    expect(toTicks('12.50', 2, {})).toBe(1250n);
    expect(toTicks(0.1, 3, {})).toBe(100n);
    expect(() => toTicks('1e-2', 2, {})).toThrow(/decimal/); // revision 2: no exponents
    expect(toTicks('-0.000', 3, {})).toBe(0n);
    expect(() => toTicks('1.234', 2, { field: 'price' })).toThrow(expect.objectContaining({ code: 'OFF_TICK' }));
    expect(() => toTicks(NaN, 2, {})).toThrow(expect.objectContaining({ code: 'INVALID_NUMBER' }));
    expect(() => toTicks('abc', 2, {})).toThrow(expect.objectContaining({ code: 'INVALID_NUMBER' }));
    expect(() => toTicks('1000000000000000000000000000000', 2, {})).toThrow(expect.objectContaining({ code: 'OVERFLOW' }));
  });
  it('formats ticks with exactly the tick decimals', () => {
    expect(formatTicks(-5n, 3)).toBe('-0.005');
    expect(formatTicks(1700_0000000n, 7)).toBe('1700.0000000');
    expect(formatTicks(42n, 0)).toBe('42');
  });
});
