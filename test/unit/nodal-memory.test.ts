// Memory of one nodal call stays bounded (issue 9): the basis refactorization reuses its scratch,
// so a congested mesh with hundreds of line rows needs a few MiB, not one rows x rows block per
// refactorization. Runs in its own file (a fresh Wasm instance), so the growth is this call's.
import { describe, expect, it } from 'vitest';
import { clearNodal } from '../../src/nodal/index.js';
import { core } from '../../src/wasm/engine.js';
// @ts-expect-error: a plain .mjs helper without types
import { meshMarket } from '../../bench/lib/mesh.mjs';

describe('nodal memory of one call', () => {
  it('a 20 x 20 mesh with hundreds of binding lines grows Wasm memory by less than 16 MiB', () => {
    const m = meshMarket(20, { limit: 1, orders: 4000, seed: 1 });
    const before = core().memory.buffer.byteLength;
    const r = clearNodal(m);
    const grown = core().memory.buffer.byteLength - before;
    expect(r.status).toBe('optimal');
    expect(r.stats.activeLines).toBeGreaterThan(300);
    expect(grown).toBeLessThan(16 * 2 ** 20);
  });

  it('an iteration limit is ITERATION_LIMIT, not a bad option', () => {
    const m = meshMarket(8, { limit: 1, orders: 400, seed: 2 });
    expect(() => clearNodal(m, { maxIterations: 2 })).toThrow(expect.objectContaining({ code: 'ITERATION_LIMIT' }));
  });
});
