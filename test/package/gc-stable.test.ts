// Optimized code must survive full GCs. V8 holds the field layout (map) of objects built by
// transitions (class instances, spreads) weakly: when no such object outlives a call, a full GC
// drops the map and throws away every optimized function that embedded it, so each call after a
// major GC ran 3-5x slower (clearNodal on case118 with 1e4 orders: 14-20 ms against 5-6 ms). The
// per-call classes keep one instance alive (ARCHITECTURE.md, "Per-call objects"). This test clears
// markets with a GC before every call and counts V8's compilations of the hot functions: a few in
// all when the code survives, about one per call when it does not. Uses dist/ (`npm run build`).
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CALLS = 32;
// normalizeMarket's order loop, the canonical order's radix sort, the result writer's ByteWriter
// and its sorted map entries (each was compiled about once per call before the fix)
const WATCHED = ['readOrders', 'radixOrder', 'raw', 'canonicalEntries'];

describe('optimized code across full GCs', () => {
  it(`compiles the hot functions a few times over ${CALLS} calls, not once per call`, () => {
    const out = execFileSync(process.execPath, [
      '--expose-gc', '--no-concurrent-recompilation', '--trace-opt',
      join(ROOT, 'test/package/gc-stable.script.mjs'), pathToFileURL(join(ROOT, 'dist/index.js')).href,
      join(ROOT, 'examples/markets/three-bus-loop.json'), String(CALLS),
    ], { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 120_000 });
    expect(out).toContain('done');
    const counts = new Map<string, number>();
    for (const m of out.matchAll(/completed (?:compiling|optimizing) \S+ <JSFunction (\w+)/g)) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
    for (const name of WATCHED) expect(counts.get(name) ?? 0, `${name} compiled ${counts.get(name)} times`).toBeLessThanOrEqual(CALLS / 4);
    // the hot functions were optimized at all (else the count above proves nothing)
    expect(WATCHED.filter((name) => (counts.get(name) ?? 0) > 0).length).toBeGreaterThanOrEqual(2);
  }, 180_000);
});
