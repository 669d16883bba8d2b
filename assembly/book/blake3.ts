// BLAKE3 (the BLAKE3 paper and its reference implementation, github.com/BLAKE3-team/BLAKE3-specs)
// over Wasm memory, for the book's digest chain (keyed mode: the previous digest is the key, so a
// whole 64-byte block is left for the records) and its snapshots (plain hash). Whole messages of
// any length: chunks of 1024 bytes, a stack of chaining values merged into parent nodes. The
// compression function is unrolled (scripts/gen-blake3.mjs) and the chaining value lives in
// globals; the book writes its records straight into the staging buffer (wVar / wZig), so a
// digest allocates and copies nothing. The tests compare it with @noble/hashes and the official
// test vectors.

@inline const CHUNK_START: u32 = 1;
@inline const CHUNK_END: u32 = 2;
@inline const PARENT: u32 = 4;
@inline const ROOT: u32 = 8;
@inline const KEYED_HASH: u32 = 16;
/** Staged bytes kept: a block may be compressed only when more input follows it (the last block gets CHUNK_END / ROOT). */
@inline const STAGE_BYTES: usize = 256;

// The chaining value (in and out of compress), the key words, the chunk's position, the mode.
let c0: u32 = 0, c1: u32 = 0, c2: u32 = 0, c3: u32 = 0, c4: u32 = 0, c5: u32 = 0, c6: u32 = 0, c7: u32 = 0;
let k0: u32 = 0, k1: u32 = 0, k2: u32 = 0, k3: u32 = 0, k4: u32 = 0, k5: u32 = 0, k6: u32 = 0, k7: u32 = 0;
let chunk: u64 = 0;
let blocks: i32 = 0;
let mode: u32 = 0;
let stage: usize = 0;
/** Chaining values of finished subtrees (at most 54 for 2^64 bytes), 32 bytes each. */
let stack: usize = 0;
let depth: i32 = 0;

/** Allocates the staging buffer and the chaining-value stack (once per book). */
export function b3Setup(): void {
  stage = heap.alloc(STAGE_BYTES);
  stack = heap.alloc(54 * 32);
}

@inline function keyToCv(): void {
  c0 = k0; c1 = k1; c2 = k2; c3 = k3; c4 = k4; c5 = k5; c6 = k6; c7 = k7;
}

/**
 * Starts a message: keyed with the 32 bytes at `key` (little-endian words, BLAKE3 keyed_hash), or
 * the plain hash when `key` is 0. Returns the write pointer of the staging buffer.
 */
export function b3Begin(key: usize): usize {
  if (key != 0) {
    k0 = load<u32>(key); k1 = load<u32>(key, 4); k2 = load<u32>(key, 8); k3 = load<u32>(key, 12);
    k4 = load<u32>(key, 16); k5 = load<u32>(key, 20); k6 = load<u32>(key, 24); k7 = load<u32>(key, 28);
    mode = KEYED_HASH;
  } else {
    k0 = 0x6a09e667; k1 = 0xbb67ae85; k2 = 0x3c6ef372; k3 = 0xa54ff53a;
    k4 = 0x510e527f; k5 = 0x9b05688c; k6 = 0x1f83d9ab; k7 = 0x5be0cd19;
    mode = 0;
  }
  keyToCv();
  chunk = 0;
  blocks = 0;
  depth = 0;
  return stage;
}

/** When more than 64 bytes are staged: compresses all whole blocks but the last, moves the rest to the front. */
@inline export function b3Flush(w: usize): usize {
  if (w - stage <= 64) return w;
  return flushBlocks(w);
}

function flushBlocks(w: usize): usize {
  let p = stage;
  while (w - p > 64) { chunkBlock(p); p += 64; }
  const rest = w - p;
  memory.copy(stage, p, rest);
  return stage + rest;
}

/** A whole block that is not the message's last: the chunk's next block, finishing the chunk at 16. */
function chunkBlock(p: usize): void {
  const start = blocks == 0 ? CHUNK_START : 0;
  if (blocks < 15) {
    compress(p, chunk, 64, mode | start);
    blocks++;
    return;
  }
  compress(p, chunk, 64, mode | start | CHUNK_END);
  // merge the finished chunk's chaining value with the stack (one merge per trailing zero of the chunk count)
  let total = chunk + 1;
  while ((total & 1) == 0) {
    depth--;
    parentOf(stack + (<usize>depth << 5), 0);
    total >>= 1;
  }
  storeCv(stack + (<usize>depth << 5));
  depth++;
  chunk++;
  blocks = 0;
  keyToCv();
}

/** c = the parent node of the chaining value at `left` and c (the right child); `root`: ROOT or 0. */
function parentOf(left: usize, root: u32): void {
  const b = stage + STAGE_BYTES - 64;
  memory.copy(b, left, 32);
  storeCv(b + 32);
  keyToCv();
  compress(b, 0, 64, mode | PARENT | root);
}

function storeCv(out: usize): void {
  store<u32>(out, c0); store<u32>(out, c1, 4); store<u32>(out, c2, 8); store<u32>(out, c3, 12);
  store<u32>(out, c4, 16); store<u32>(out, c5, 20); store<u32>(out, c6, 24); store<u32>(out, c7, 28);
}

/** Finishes the message staged up to `w` (at most 64 + 128 bytes staged) and writes the 32-byte hash at `out`. */
export function b3End(w: usize, out: usize): void {
  w = b3Flush(w);
  const n = w - stage;
  v128.store(w, i64x2.splat(0)); v128.store(w, i64x2.splat(0), 16);
  v128.store(w, i64x2.splat(0), 32); v128.store(w, i64x2.splat(0), 48);
  const flags = mode | CHUNK_END | (blocks == 0 ? CHUNK_START : 0);
  if (depth == 0) {
    compress(stage, chunk, <u32>n, flags | ROOT);
  } else {
    compress(stage, chunk, <u32>n, flags);
    while (depth > 0) {
      depth--;
      parentOf(stack + (<usize>depth << 5), depth == 0 ? ROOT : 0);
    }
  }
  storeCv(out);
}

/** Adds `len` bytes at `p` to the message staged up to `w`; returns the new write pointer. */
export function b3Update(w: usize, p: usize, len: usize): usize {
  while (len > 0) {
    const take = min<usize>(len, 128);
    memory.copy(w, p, take);
    w = b3Flush(w + take);
    p += take; len -= take;
  }
  return w;
}

// GENERATED by scripts/gen-blake3.mjs: begin
/** Compresses the block at `p` into the chaining value c0..c7 (the first 8 output words; BLAKE3 2.2). */
function compress(p: usize, counter: u64, len: u32, flags: u32): void {
  let v0 = c0, v1 = c1, v2 = c2, v3 = c3, v4 = c4, v5 = c5, v6 = c6, v7 = c7;
  let v8: u32 = 0x6a09e667, v9: u32 = 0xbb67ae85, v10: u32 = 0x3c6ef372, v11: u32 = 0xa54ff53a;
  let v12 = <u32>counter, v13 = <u32>(counter >> 32), v14 = len, v15 = flags;
  const m0 = load<u32>(p, 0);
  const m1 = load<u32>(p, 4);
  const m2 = load<u32>(p, 8);
  const m3 = load<u32>(p, 12);
  const m4 = load<u32>(p, 16);
  const m5 = load<u32>(p, 20);
  const m6 = load<u32>(p, 24);
  const m7 = load<u32>(p, 28);
  const m8 = load<u32>(p, 32);
  const m9 = load<u32>(p, 36);
  const m10 = load<u32>(p, 40);
  const m11 = load<u32>(p, 44);
  const m12 = load<u32>(p, 48);
  const m13 = load<u32>(p, 52);
  const m14 = load<u32>(p, 56);
  const m15 = load<u32>(p, 60);
  // round 1
  v0 += v4 + m0; v12 = rotr<u32>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u32>(v4 ^ v8, 12);
  v0 += v4 + m1; v12 = rotr<u32>(v12 ^ v0, 8); v8 += v12; v4 = rotr<u32>(v4 ^ v8, 7);
  v1 += v5 + m2; v13 = rotr<u32>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u32>(v5 ^ v9, 12);
  v1 += v5 + m3; v13 = rotr<u32>(v13 ^ v1, 8); v9 += v13; v5 = rotr<u32>(v5 ^ v9, 7);
  v2 += v6 + m4; v14 = rotr<u32>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u32>(v6 ^ v10, 12);
  v2 += v6 + m5; v14 = rotr<u32>(v14 ^ v2, 8); v10 += v14; v6 = rotr<u32>(v6 ^ v10, 7);
  v3 += v7 + m6; v15 = rotr<u32>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u32>(v7 ^ v11, 12);
  v3 += v7 + m7; v15 = rotr<u32>(v15 ^ v3, 8); v11 += v15; v7 = rotr<u32>(v7 ^ v11, 7);
  v0 += v5 + m8; v15 = rotr<u32>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u32>(v5 ^ v10, 12);
  v0 += v5 + m9; v15 = rotr<u32>(v15 ^ v0, 8); v10 += v15; v5 = rotr<u32>(v5 ^ v10, 7);
  v1 += v6 + m10; v12 = rotr<u32>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u32>(v6 ^ v11, 12);
  v1 += v6 + m11; v12 = rotr<u32>(v12 ^ v1, 8); v11 += v12; v6 = rotr<u32>(v6 ^ v11, 7);
  v2 += v7 + m12; v13 = rotr<u32>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u32>(v7 ^ v8, 12);
  v2 += v7 + m13; v13 = rotr<u32>(v13 ^ v2, 8); v8 += v13; v7 = rotr<u32>(v7 ^ v8, 7);
  v3 += v4 + m14; v14 = rotr<u32>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u32>(v4 ^ v9, 12);
  v3 += v4 + m15; v14 = rotr<u32>(v14 ^ v3, 8); v9 += v14; v4 = rotr<u32>(v4 ^ v9, 7);
  // round 2
  v0 += v4 + m2; v12 = rotr<u32>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u32>(v4 ^ v8, 12);
  v0 += v4 + m6; v12 = rotr<u32>(v12 ^ v0, 8); v8 += v12; v4 = rotr<u32>(v4 ^ v8, 7);
  v1 += v5 + m3; v13 = rotr<u32>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u32>(v5 ^ v9, 12);
  v1 += v5 + m10; v13 = rotr<u32>(v13 ^ v1, 8); v9 += v13; v5 = rotr<u32>(v5 ^ v9, 7);
  v2 += v6 + m7; v14 = rotr<u32>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u32>(v6 ^ v10, 12);
  v2 += v6 + m0; v14 = rotr<u32>(v14 ^ v2, 8); v10 += v14; v6 = rotr<u32>(v6 ^ v10, 7);
  v3 += v7 + m4; v15 = rotr<u32>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u32>(v7 ^ v11, 12);
  v3 += v7 + m13; v15 = rotr<u32>(v15 ^ v3, 8); v11 += v15; v7 = rotr<u32>(v7 ^ v11, 7);
  v0 += v5 + m1; v15 = rotr<u32>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u32>(v5 ^ v10, 12);
  v0 += v5 + m11; v15 = rotr<u32>(v15 ^ v0, 8); v10 += v15; v5 = rotr<u32>(v5 ^ v10, 7);
  v1 += v6 + m12; v12 = rotr<u32>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u32>(v6 ^ v11, 12);
  v1 += v6 + m5; v12 = rotr<u32>(v12 ^ v1, 8); v11 += v12; v6 = rotr<u32>(v6 ^ v11, 7);
  v2 += v7 + m9; v13 = rotr<u32>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u32>(v7 ^ v8, 12);
  v2 += v7 + m14; v13 = rotr<u32>(v13 ^ v2, 8); v8 += v13; v7 = rotr<u32>(v7 ^ v8, 7);
  v3 += v4 + m15; v14 = rotr<u32>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u32>(v4 ^ v9, 12);
  v3 += v4 + m8; v14 = rotr<u32>(v14 ^ v3, 8); v9 += v14; v4 = rotr<u32>(v4 ^ v9, 7);
  // round 3
  v0 += v4 + m3; v12 = rotr<u32>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u32>(v4 ^ v8, 12);
  v0 += v4 + m4; v12 = rotr<u32>(v12 ^ v0, 8); v8 += v12; v4 = rotr<u32>(v4 ^ v8, 7);
  v1 += v5 + m10; v13 = rotr<u32>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u32>(v5 ^ v9, 12);
  v1 += v5 + m12; v13 = rotr<u32>(v13 ^ v1, 8); v9 += v13; v5 = rotr<u32>(v5 ^ v9, 7);
  v2 += v6 + m13; v14 = rotr<u32>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u32>(v6 ^ v10, 12);
  v2 += v6 + m2; v14 = rotr<u32>(v14 ^ v2, 8); v10 += v14; v6 = rotr<u32>(v6 ^ v10, 7);
  v3 += v7 + m7; v15 = rotr<u32>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u32>(v7 ^ v11, 12);
  v3 += v7 + m14; v15 = rotr<u32>(v15 ^ v3, 8); v11 += v15; v7 = rotr<u32>(v7 ^ v11, 7);
  v0 += v5 + m6; v15 = rotr<u32>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u32>(v5 ^ v10, 12);
  v0 += v5 + m5; v15 = rotr<u32>(v15 ^ v0, 8); v10 += v15; v5 = rotr<u32>(v5 ^ v10, 7);
  v1 += v6 + m9; v12 = rotr<u32>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u32>(v6 ^ v11, 12);
  v1 += v6 + m0; v12 = rotr<u32>(v12 ^ v1, 8); v11 += v12; v6 = rotr<u32>(v6 ^ v11, 7);
  v2 += v7 + m11; v13 = rotr<u32>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u32>(v7 ^ v8, 12);
  v2 += v7 + m15; v13 = rotr<u32>(v13 ^ v2, 8); v8 += v13; v7 = rotr<u32>(v7 ^ v8, 7);
  v3 += v4 + m8; v14 = rotr<u32>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u32>(v4 ^ v9, 12);
  v3 += v4 + m1; v14 = rotr<u32>(v14 ^ v3, 8); v9 += v14; v4 = rotr<u32>(v4 ^ v9, 7);
  // round 4
  v0 += v4 + m10; v12 = rotr<u32>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u32>(v4 ^ v8, 12);
  v0 += v4 + m7; v12 = rotr<u32>(v12 ^ v0, 8); v8 += v12; v4 = rotr<u32>(v4 ^ v8, 7);
  v1 += v5 + m12; v13 = rotr<u32>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u32>(v5 ^ v9, 12);
  v1 += v5 + m9; v13 = rotr<u32>(v13 ^ v1, 8); v9 += v13; v5 = rotr<u32>(v5 ^ v9, 7);
  v2 += v6 + m14; v14 = rotr<u32>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u32>(v6 ^ v10, 12);
  v2 += v6 + m3; v14 = rotr<u32>(v14 ^ v2, 8); v10 += v14; v6 = rotr<u32>(v6 ^ v10, 7);
  v3 += v7 + m13; v15 = rotr<u32>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u32>(v7 ^ v11, 12);
  v3 += v7 + m15; v15 = rotr<u32>(v15 ^ v3, 8); v11 += v15; v7 = rotr<u32>(v7 ^ v11, 7);
  v0 += v5 + m4; v15 = rotr<u32>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u32>(v5 ^ v10, 12);
  v0 += v5 + m0; v15 = rotr<u32>(v15 ^ v0, 8); v10 += v15; v5 = rotr<u32>(v5 ^ v10, 7);
  v1 += v6 + m11; v12 = rotr<u32>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u32>(v6 ^ v11, 12);
  v1 += v6 + m2; v12 = rotr<u32>(v12 ^ v1, 8); v11 += v12; v6 = rotr<u32>(v6 ^ v11, 7);
  v2 += v7 + m5; v13 = rotr<u32>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u32>(v7 ^ v8, 12);
  v2 += v7 + m8; v13 = rotr<u32>(v13 ^ v2, 8); v8 += v13; v7 = rotr<u32>(v7 ^ v8, 7);
  v3 += v4 + m1; v14 = rotr<u32>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u32>(v4 ^ v9, 12);
  v3 += v4 + m6; v14 = rotr<u32>(v14 ^ v3, 8); v9 += v14; v4 = rotr<u32>(v4 ^ v9, 7);
  // round 5
  v0 += v4 + m12; v12 = rotr<u32>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u32>(v4 ^ v8, 12);
  v0 += v4 + m13; v12 = rotr<u32>(v12 ^ v0, 8); v8 += v12; v4 = rotr<u32>(v4 ^ v8, 7);
  v1 += v5 + m9; v13 = rotr<u32>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u32>(v5 ^ v9, 12);
  v1 += v5 + m11; v13 = rotr<u32>(v13 ^ v1, 8); v9 += v13; v5 = rotr<u32>(v5 ^ v9, 7);
  v2 += v6 + m15; v14 = rotr<u32>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u32>(v6 ^ v10, 12);
  v2 += v6 + m10; v14 = rotr<u32>(v14 ^ v2, 8); v10 += v14; v6 = rotr<u32>(v6 ^ v10, 7);
  v3 += v7 + m14; v15 = rotr<u32>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u32>(v7 ^ v11, 12);
  v3 += v7 + m8; v15 = rotr<u32>(v15 ^ v3, 8); v11 += v15; v7 = rotr<u32>(v7 ^ v11, 7);
  v0 += v5 + m7; v15 = rotr<u32>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u32>(v5 ^ v10, 12);
  v0 += v5 + m2; v15 = rotr<u32>(v15 ^ v0, 8); v10 += v15; v5 = rotr<u32>(v5 ^ v10, 7);
  v1 += v6 + m5; v12 = rotr<u32>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u32>(v6 ^ v11, 12);
  v1 += v6 + m3; v12 = rotr<u32>(v12 ^ v1, 8); v11 += v12; v6 = rotr<u32>(v6 ^ v11, 7);
  v2 += v7 + m0; v13 = rotr<u32>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u32>(v7 ^ v8, 12);
  v2 += v7 + m1; v13 = rotr<u32>(v13 ^ v2, 8); v8 += v13; v7 = rotr<u32>(v7 ^ v8, 7);
  v3 += v4 + m6; v14 = rotr<u32>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u32>(v4 ^ v9, 12);
  v3 += v4 + m4; v14 = rotr<u32>(v14 ^ v3, 8); v9 += v14; v4 = rotr<u32>(v4 ^ v9, 7);
  // round 6
  v0 += v4 + m9; v12 = rotr<u32>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u32>(v4 ^ v8, 12);
  v0 += v4 + m14; v12 = rotr<u32>(v12 ^ v0, 8); v8 += v12; v4 = rotr<u32>(v4 ^ v8, 7);
  v1 += v5 + m11; v13 = rotr<u32>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u32>(v5 ^ v9, 12);
  v1 += v5 + m5; v13 = rotr<u32>(v13 ^ v1, 8); v9 += v13; v5 = rotr<u32>(v5 ^ v9, 7);
  v2 += v6 + m8; v14 = rotr<u32>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u32>(v6 ^ v10, 12);
  v2 += v6 + m12; v14 = rotr<u32>(v14 ^ v2, 8); v10 += v14; v6 = rotr<u32>(v6 ^ v10, 7);
  v3 += v7 + m15; v15 = rotr<u32>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u32>(v7 ^ v11, 12);
  v3 += v7 + m1; v15 = rotr<u32>(v15 ^ v3, 8); v11 += v15; v7 = rotr<u32>(v7 ^ v11, 7);
  v0 += v5 + m13; v15 = rotr<u32>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u32>(v5 ^ v10, 12);
  v0 += v5 + m3; v15 = rotr<u32>(v15 ^ v0, 8); v10 += v15; v5 = rotr<u32>(v5 ^ v10, 7);
  v1 += v6 + m0; v12 = rotr<u32>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u32>(v6 ^ v11, 12);
  v1 += v6 + m10; v12 = rotr<u32>(v12 ^ v1, 8); v11 += v12; v6 = rotr<u32>(v6 ^ v11, 7);
  v2 += v7 + m2; v13 = rotr<u32>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u32>(v7 ^ v8, 12);
  v2 += v7 + m6; v13 = rotr<u32>(v13 ^ v2, 8); v8 += v13; v7 = rotr<u32>(v7 ^ v8, 7);
  v3 += v4 + m4; v14 = rotr<u32>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u32>(v4 ^ v9, 12);
  v3 += v4 + m7; v14 = rotr<u32>(v14 ^ v3, 8); v9 += v14; v4 = rotr<u32>(v4 ^ v9, 7);
  // round 7
  v0 += v4 + m11; v12 = rotr<u32>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u32>(v4 ^ v8, 12);
  v0 += v4 + m15; v12 = rotr<u32>(v12 ^ v0, 8); v8 += v12; v4 = rotr<u32>(v4 ^ v8, 7);
  v1 += v5 + m5; v13 = rotr<u32>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u32>(v5 ^ v9, 12);
  v1 += v5 + m0; v13 = rotr<u32>(v13 ^ v1, 8); v9 += v13; v5 = rotr<u32>(v5 ^ v9, 7);
  v2 += v6 + m1; v14 = rotr<u32>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u32>(v6 ^ v10, 12);
  v2 += v6 + m9; v14 = rotr<u32>(v14 ^ v2, 8); v10 += v14; v6 = rotr<u32>(v6 ^ v10, 7);
  v3 += v7 + m8; v15 = rotr<u32>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u32>(v7 ^ v11, 12);
  v3 += v7 + m6; v15 = rotr<u32>(v15 ^ v3, 8); v11 += v15; v7 = rotr<u32>(v7 ^ v11, 7);
  v0 += v5 + m14; v15 = rotr<u32>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u32>(v5 ^ v10, 12);
  v0 += v5 + m10; v15 = rotr<u32>(v15 ^ v0, 8); v10 += v15; v5 = rotr<u32>(v5 ^ v10, 7);
  v1 += v6 + m2; v12 = rotr<u32>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u32>(v6 ^ v11, 12);
  v1 += v6 + m12; v12 = rotr<u32>(v12 ^ v1, 8); v11 += v12; v6 = rotr<u32>(v6 ^ v11, 7);
  v2 += v7 + m3; v13 = rotr<u32>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u32>(v7 ^ v8, 12);
  v2 += v7 + m4; v13 = rotr<u32>(v13 ^ v2, 8); v8 += v13; v7 = rotr<u32>(v7 ^ v8, 7);
  v3 += v4 + m7; v14 = rotr<u32>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u32>(v4 ^ v9, 12);
  v3 += v4 + m13; v14 = rotr<u32>(v14 ^ v3, 8); v9 += v14; v4 = rotr<u32>(v4 ^ v9, 7);
  c0 = v0 ^ v8; c1 = v1 ^ v9; c2 = v2 ^ v10; c3 = v3 ^ v11; c4 = v4 ^ v12; c5 = v5 ^ v13; c6 = v6 ^ v14; c7 = v7 ^ v15;
}
// GENERATED by scripts/gen-blake3.mjs: end
