// The columns and scratch of the clearing in progress, shared by the auction core's steps
// (module globals: AssemblyScript has no closures, and passing a dozen pointers hurts clarity).
export let price: usize = 0;
export let qty: usize = 0;
export let fills: usize = 0;
export let payments: usize = 0;
/** Merit orders: buys (best = highest price first) and sells (lowest first), as order indices. */
export let buys: usize = 0;
export let nb: i32 = 0;
export let sells: usize = 0;
export let ns: i32 = 0;
export let tie: i32 = 0;
/** Scratch for pro-rata sharing: remainders by order index, a copy of a level, merge buffer. */
export let rem: usize = 0;
export let copy: usize = 0;
export let tmp: usize = 0;

/** Points the shared state at this call's columns and scratch. */
export function setBook(p: usize, q: usize, f: usize, pay: usize, b: usize, nbuys: i32,
                        s: usize, nsells: i32, tieRule: i32, r: usize, c: usize, t: usize): void {
  price = p; qty = q; fills = f; payments = pay;
  buys = b; nb = nbuys; sells = s; ns = nsells; tie = tieRule;
  rem = r; copy = c; tmp = t;
}

/** The order at position i of a merit order. */
@inline export function at(list: usize, i: i32): i32 { return load<i32>(list + (<usize>i << 2)); }
/** An i64 column's value for order o. */
@inline export function col(column: usize, o: i32): i64 { return load<i64>(column + (<usize>o << 3)); }
