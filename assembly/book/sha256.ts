// SHA-256 (FIPS 180-4) over Wasm memory, for the book's running digest: the same function as
// src/io/sha256.ts (the tests compare the two), kept here so a digest costs no boundary crossing.

const K: StaticArray<u32> = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

// State: 8 words, the message schedule, a partial block and the byte count.
let hState: usize = 0;
let hW: usize = 0;
let hBlock: usize = 0;
let hFill: i32 = 0;
let hLen: u64 = 0;

/** Allocates the hasher's buffers (once per book). */
export function shaSetup(): void {
  hState = heap.alloc(32);
  hW = heap.alloc(256);
  hBlock = heap.alloc(64);
}

/** Starts a new message. */
export function shaInit(): void {
  store<u32>(hState, 0x6a09e667); store<u32>(hState + 4, 0xbb67ae85);
  store<u32>(hState + 8, 0x3c6ef372); store<u32>(hState + 12, 0xa54ff53a);
  store<u32>(hState + 16, 0x510e527f); store<u32>(hState + 20, 0x9b05688c);
  store<u32>(hState + 24, 0x1f83d9ab); store<u32>(hState + 28, 0x5be0cd19);
  hFill = 0;
  hLen = 0;
}

/** Compresses one 64-byte block at `p` into the state. */
function compress(p: usize): void {
  const w = hW;
  for (let t = 0; t < 16; t++) store<u32>(w + (<usize>t << 2), bswap<u32>(load<u32>(p + (<usize>t << 2))));
  for (let t = 16; t < 64; t++) {
    const a = load<u32>(w + (<usize>(t - 15) << 2)), b = load<u32>(w + (<usize>(t - 2) << 2));
    const s0 = rotr<u32>(a, 7) ^ rotr<u32>(a, 18) ^ (a >>> 3);
    const s1 = rotr<u32>(b, 17) ^ rotr<u32>(b, 19) ^ (b >>> 10);
    store<u32>(w + (<usize>t << 2), load<u32>(w + (<usize>(t - 16) << 2)) + s0 + load<u32>(w + (<usize>(t - 7) << 2)) + s1);
  }
  let a = load<u32>(hState), b = load<u32>(hState + 4), c = load<u32>(hState + 8), d = load<u32>(hState + 12);
  let e = load<u32>(hState + 16), f = load<u32>(hState + 20), g = load<u32>(hState + 24), h = load<u32>(hState + 28);
  for (let t = 0; t < 64; t++) {
    const s1 = rotr<u32>(e, 6) ^ rotr<u32>(e, 11) ^ rotr<u32>(e, 25);
    const ch = (e & f) ^ (~e & g);
    const t1 = h + s1 + ch + unchecked(K[t]) + load<u32>(w + (<usize>t << 2));
    const s0 = rotr<u32>(a, 2) ^ rotr<u32>(a, 13) ^ rotr<u32>(a, 22);
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = s0 + maj;
    h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
  }
  store<u32>(hState, load<u32>(hState) + a); store<u32>(hState + 4, load<u32>(hState + 4) + b);
  store<u32>(hState + 8, load<u32>(hState + 8) + c); store<u32>(hState + 12, load<u32>(hState + 12) + d);
  store<u32>(hState + 16, load<u32>(hState + 16) + e); store<u32>(hState + 20, load<u32>(hState + 20) + f);
  store<u32>(hState + 24, load<u32>(hState + 24) + g); store<u32>(hState + 28, load<u32>(hState + 28) + h);
}

/** Adds `len` bytes at `p` to the message. */
export function shaUpdate(p: usize, len: i32): void {
  hLen += <u64>len;
  if (hFill > 0) {
    const take = min(64 - hFill, len);
    memory.copy(hBlock + <usize>hFill, p, <usize>take);
    hFill += take; p += <usize>take; len -= take;
    if (hFill < 64) return;
    compress(hBlock);
    hFill = 0;
  }
  while (len >= 64) {
    compress(p);
    p += 64; len -= 64;
  }
  if (len > 0) {
    memory.copy(hBlock, p, <usize>len);
    hFill = len;
  }
}

/** Finishes the message and writes the 32-byte digest at `out`. */
export function shaFinal(out: usize): void {
  const bits = hLen << 3;
  store<u8>(hBlock + <usize>hFill, 0x80);
  hFill++;
  if (hFill > 56) {
    memory.fill(hBlock + <usize>hFill, 0, <usize>(64 - hFill));
    compress(hBlock);
    hFill = 0;
  }
  memory.fill(hBlock + <usize>hFill, 0, <usize>(56 - hFill));
  store<u64>(hBlock + 56, bswap<u64>(bits));
  compress(hBlock);
  for (let i = 0; i < 8; i++) store<u32>(out + (<usize>i << 2), bswap<u32>(load<u32>(hState + (<usize>i << 2))));
}
