// The Wasm boundary declared once (assembly/abi.ts): the generated TypeScript copy matches it,
// and a module stamped with another layout (or none) is refused at load.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as abi from '../../src/wasm/abi.js';
import { checkLayout, wasmModule } from '../../src/wasm/engine.js';
import { checkStatus } from '../../src/nodal/encode.js';
// @ts-expect-error: a plain .mjs script without types
import { readAbi, layoutHash } from '../../scripts/build-wasm.mjs';

const text = readFileSync(new URL('../../assembly/abi.ts', import.meta.url), 'utf8');

/** A minimal valid Wasm module with an optional custom section "gridclear.layout". */
function moduleWith(stamp?: number): WebAssembly.Module {
  const head = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (stamp === undefined) return new WebAssembly.Module(new Uint8Array(head));
  const name = [...'gridclear.layout'].map((c) => c.charCodeAt(0));
  const payload = [stamp & 255, (stamp >>> 8) & 255, (stamp >>> 16) & 255, stamp >>> 24];
  const body = [name.length, ...name, ...payload];
  return new WebAssembly.Module(new Uint8Array([...head, 0, body.length, ...body]));
}

describe('wasm boundary', () => {
  it('the TypeScript copy has every declaration of assembly/abi.ts with its value, and its hash', () => {
    const decls: [string, number][] = readAbi(text);
    expect(decls.length).toBeGreaterThan(80);
    for (const [k, v] of decls) expect((abi as Record<string, unknown>)[k], k).toBe(v);
    expect(abi.LAYOUT_HASH).toBe(layoutHash(decls));
    expect(abi.NH.SLOTS).toBe(26);
    expect(abi.H.SLOTS).toBe(42);
  });

  it('accepts the built module and refuses one stamped with another layout or none', () => {
    expect(() => checkLayout(wasmModule())).not.toThrow();
    expect(() => checkLayout(moduleWith(abi.LAYOUT_HASH))).not.toThrow();
    expect(() => checkLayout(moduleWith((abi.LAYOUT_HASH ^ 1) >>> 0))).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
    expect(() => checkLayout(moduleWith())).toThrow(/boundary layout \(none\)/);
  });

  it('any change of a declaration changes the hash', () => {
    const decls: [string, number][] = readAbi(text);
    const moved = decls.map(([k, v]) => [k, k === 'NH_OUT_STATS' ? v + 1 : v]);
    expect(layoutHash(moved)).not.toBe(layoutHash(decls));
    expect(() => readAbi('export const X: i32 = 1 << 2;')).toThrow(/not an i32 literal/);
  });

  it('maps the nodal core statuses to their own error codes', () => {
    expect(() => checkStatus(abi.STATUS_NUMERICAL)).toThrow(expect.objectContaining({ code: 'NUMERICAL' }));
    expect(() => checkStatus(abi.STATUS_ITERATION_LIMIT)).toThrow(expect.objectContaining({ code: 'ITERATION_LIMIT', field: 'maxIterations' }));
    expect(() => checkStatus(abi.STATUS_OUT_OF_MEMORY)).toThrow(expect.objectContaining({ code: 'TOO_MANY_ORDERS' }));
    expect(() => checkStatus(abi.STATUS_SINGULAR)).toThrow(expect.objectContaining({ code: 'INVALID_NETWORK' }));
    expect(() => checkStatus(abi.STATUS_OK)).not.toThrow();
  });
});
