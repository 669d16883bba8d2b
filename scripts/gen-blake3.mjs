// Writes the BLAKE3 compression function of assembly/book/blake3.ts (between its GENERATED
// markers) in Wasm SIMD: the 4x4 state as four v128 rows, the four G functions of a column (then,
// after rotating rows 1-3 by one, two and three lanes, of a diagonal) as one i32x4 step; rotations
// by 16 and 8 bits as byte shuffles, by 12 and 7 as shift pairs. The message words each step reads
// (the permutation applied here, BLAKE3 paper section 2.4) are gathered with i8x16 shuffles from the
// block's four loaded vectors or the previous round's gathered ones: the fewest shuffles found by a
// small search (40 for the 28 vectors). The layout follows the SSE4.1 implementation in
// github.com/BLAKE3-team/BLAKE3 (c/blake3_sse41.c: compress_pre, g1/g2, diagonalize); no code copied.
// Run: node scripts/gen-blake3.mjs (then npm run build).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PERM = [2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8];
const out = [];
const bytesOf = (lanes) => lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3]);
let tmpN = 0;
// available vectors: { name, words: [w0..w3] } (original message indices)
const avail = [0, 1, 2, 3].map((i) => ({ name: `M${i}`, words: [4 * i, 4 * i + 1, 4 * i + 2, 4 * i + 3] }));
function shuffle(X, Y, want) { // want: array of 4 word indices, each in X or Y
  const lanes = want.map((w) => { const a = X.words.indexOf(w); if (a >= 0) return a; const b = Y.words.indexOf(w); if (b < 0) throw new Error(`word ${w} in neither vector`); return 4 + b; });
  return lanes;
}
function build(target, name, pool) {
  const has = (V, w) => V.words.includes(w);
  // 1 shuffle
  for (const X of pool) for (const Y of pool) if (target.every((w) => has(X, w) || has(Y, w))) {
    if (X === Y && target.every((w, i) => X.words[i] === w)) { out.push(`  const ${name} = ${X.name};`); return { name, words: target }; }
    out.push(`  const ${name} = i8x16.shuffle(${X.name}, ${Y.name}, ${bytesOf(shuffle(X, Y, target)).join(', ')});`); return { name, words: target };
  }
  // 2 shuffles: (X,Y) -> t with the words of target in X or Y (padded), then (t, Z)
  for (const X of pool) for (const Y of pool) for (const Z of pool) {
    const fromXY = target.filter((w) => (has(X, w) || has(Y, w)));
    const rest = target.filter((w) => !fromXY.includes(w));
    if (fromXY.length === 0 || !rest.every((w) => has(Z, w)) || fromXY.length > 4) continue;
    const tw = [...fromXY]; while (tw.length < 4) tw.push(tw[0]);
    const t = `t${tmpN++}`;
    out.push(`  const ${t} = i8x16.shuffle(${X.name}, ${Y.name}, ${bytesOf(shuffle(X, Y, tw)).join(', ')});`);
    const T = { name: t, words: tw };
    out.push(`  const ${name} = i8x16.shuffle(${T.name}, ${Z.name}, ${bytesOf(shuffle(T, Z, target)).join(', ')});`);
    return { name, words: target };
  }
  // 3 shuffles
  const a = `t${tmpN++}`, b = `t${tmpN++}`;
  const src = (w) => pool.find((V) => has(V, w));
  const A = { name: a, words: [target[0], target[1], target[0], target[1]] }, B = { name: b, words: [target[2], target[3], target[2], target[3]] };
  out.push(`  const ${a} = i8x16.shuffle(${src(target[0]).name}, ${src(target[1]).name}, ${bytesOf(shuffle(src(target[0]), src(target[1]), A.words)).join(', ')});`);
  out.push(`  const ${b} = i8x16.shuffle(${src(target[2]).name}, ${src(target[3]).name}, ${bytesOf(shuffle(src(target[2]), src(target[3]), B.words)).join(', ')});`);
  out.push(`  const ${name} = i8x16.shuffle(${a}, ${b}, ${bytesOf([0, 1, 4, 5]).join(', ')});`);
  return { name, words: target };
}
const ROT16 = [2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13];
const ROT8 = [1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12];
const g = (m) => {
  out.push(`  r0 = i32x4.add(i32x4.add(r0, r1), ${m}); r3 = v128.xor(r3, r0); r3 = i8x16.shuffle(r3, r3, ${ROT16.join(', ')});`);
  out.push(`  r2 = i32x4.add(r2, r3); r1 = v128.xor(r1, r2); r1 = v128.or(i32x4.shr_u(r1, 12), i32x4.shl(r1, 20));`);
};
const g2 = (m) => {
  out.push(`  r0 = i32x4.add(i32x4.add(r0, r1), ${m}); r3 = v128.xor(r3, r0); r3 = i8x16.shuffle(r3, r3, ${ROT8.join(', ')});`);
  out.push(`  r2 = i32x4.add(r2, r3); r1 = v128.xor(r1, r2); r1 = v128.or(i32x4.shr_u(r1, 7), i32x4.shl(r1, 25));`);
};
const rot32 = (r, k) => `  ${r} = i8x16.shuffle(${r}, ${r}, ${bytesOf([0, 1, 2, 3].map((i) => (i + k) % 4)).join(', ')});`;
out.push('function compress(p: usize, counter: u64, len: u32, flags: u32): void {');
out.push('  let r0 = cvLo, r1 = cvHi;');
out.push('  let r2 = i32x4(0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a);');
out.push('  let r3 = i64x2.replace_lane(i64x2.splat(<i64>counter), 1, (<i64>flags << 32) | <i64>len);');
for (let i = 0; i < 4; i++) out.push(`  const M${i} = v128.load(p, ${16 * i});`);
let m = [...Array(16).keys()];
let prev = null;
for (let r = 0; r < 7; r++) {
  out.push(`  // round ${r + 1}`);
  const pool = prev ? [...avail, ...prev] : avail;
  const T = [[m[0], m[2], m[4], m[6]], [m[1], m[3], m[5], m[7]], [m[8], m[10], m[12], m[14]], [m[9], m[11], m[13], m[15]]];
  const built = [];
  built.push(build(T[0], `x${r}a`, pool)); g(`x${r}a`);
  built.push(build(T[1], `x${r}b`, pool)); g2(`x${r}b`);
  out.push(rot32('r1', 1)); out.push(rot32('r2', 2)); out.push(rot32('r3', 3));
  built.push(build(T[2], `x${r}c`, pool)); g(`x${r}c`);
  built.push(build(T[3], `x${r}d`, pool)); g2(`x${r}d`);
  out.push(rot32('r1', 3)); out.push(rot32('r2', 2)); out.push(rot32('r3', 1));
  prev = built;
  m = PERM.map((i) => m[i]);
}
out.push('  cvLo = v128.xor(r0, r2); cvHi = v128.xor(r1, r3);');
out.push('}');

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../assembly/book/blake3.ts');
const src = fs.readFileSync(file, 'utf8');
const begin = '// GENERATED by scripts/gen-blake3.mjs: begin\n', end = '// GENERATED by scripts/gen-blake3.mjs: end\n';
const i = src.indexOf(begin), j = src.indexOf(end);
if (i < 0 || j < 0) throw new Error('markers not found in ' + file);
fs.writeFileSync(file, src.slice(0, i + begin.length)
  + '/** Compresses the block at `p` into the chaining value cvLo/cvHi (the first 8 output words; BLAKE3 2.2). */\n'
  + out.join('\n') + '\n' + src.slice(j));
