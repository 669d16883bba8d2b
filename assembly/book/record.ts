// The varints of the book's canonical records (docs/formats.md, book-log/2), written byte by byte
// straight into the hasher's staging buffer.

/** Writes an unsigned LEB128 varint (7 bits a byte, low first; 1 to 10 bytes) at `w`; returns the pointer after it. */
@inline export function wVar(w: usize, v: u64): usize {
  while (v >= 0x80) {
    store<u8>(w, <u8>(<u32>v | 0x80));
    v >>= 7;
    w++;
  }
  store<u8>(w, <u8>v);
  return w + 1;
}

/** Writes a signed value as a zigzag varint (0, -1, 1, -2, ... -> 0, 1, 2, 3, ...). */
@inline export function wZig(w: usize, v: i64): usize {
  return wVar(w, <u64>((v << 1) ^ (v >> 63)));
}
