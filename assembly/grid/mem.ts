// Raw column access for the grid core: pointers into the arena, no managed arrays, no bounds checks
// in hot loops (TypeScript sizes every column before the call).

/** Reads element i of an i32 column (raw load: hot loops stay free of bounds checks). */
@inline export function ldI(p: usize, i: i32): i32 {
  return load<i32>(p + ((<usize>i) << 2));
}

/** Writes element i of an i32 column. */
@inline export function stI(p: usize, i: i32, v: i32): void {
  store<i32>(p + ((<usize>i) << 2), v);
}

/** Reads element i of an f64 column. */
@inline export function ldF(p: usize, i: i32): f64 {
  return load<f64>(p + ((<usize>i) << 3));
}

/** Writes element i of an f64 column. */
@inline export function stF(p: usize, i: i32, v: f64): void {
  store<f64>(p + ((<usize>i) << 3), v);
}

/** Allocates an i32 column in the arena: one block per column, never per element. */
export function allocI(n: i32): usize {
  return heap.alloc((<usize>max(n, 1)) << 2);
}

/** Allocates an f64 column in the arena. */
export function allocF(n: i32): usize {
  return heap.alloc((<usize>max(n, 1)) << 3);
}

/** Fills an i32 column with one value (workspaces must start from a known state). */
export function fillI(p: usize, n: i32, v: i32): void {
  for (let i = 0; i < n; i++) stI(p, i, v);
}

/** Zeroes an f64 column. */
export function zeroF(p: usize, n: i32): void {
  memory.fill(p, 0, (<usize>max(n, 0)) << 3);
}
