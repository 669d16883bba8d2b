// The tests' one seeded generator: mulberry32, the same function as bench/lib/market.mjs `prng`,
// so a seed gives the same draws in tests and benchmarks, in Node and in browsers.

/** A small deterministic PRNG (mulberry32): floats in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
