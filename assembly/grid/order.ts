// Fill-reducing ordering: minimum degree on the explicit elimination graph.
// Each node's adjacency list lives in one i32 pool as [owner, length, neighbours...]; eliminating a
// node rewrites its neighbours' lists at the pool's top (they lose the node and gain each other),
// and a full pool is compacted in place (a linear scan keeps each node's current list) or, when
// compaction is not enough, copied to a pool twice as large. Memory stays O(nnz(L)); time is
// O(sum over eliminations of degree^2), small for power networks. Ties are broken by a fixed rule
// (initially the lowest index, then the most recently updated node), so the ordering is deterministic.
import { ldI, stI, allocI, fillI } from "./mem";

let pool: usize = 0;
let cap: i32 = 0;
let top: i32 = 0;
let adjStart: usize = 0;
let adjLen: usize = 0;
let done: usize = 0;

/** Keeps only every live node's current list, packed at the pool's start. */
function compact(): void {
  let pos = 0, dst = 0;
  while (pos < top) {
    const owner = ldI(pool, pos), len = ldI(pool, pos + 1);
    if (ldI(done, owner) == 0 && ldI(adjStart, owner) == pos + 2) {
      if (dst != pos) memory.copy(pool + ((<usize>dst) << 2), pool + ((<usize>pos) << 2), (<usize>(len + 2)) << 2);
      stI(adjStart, owner, dst + 2);
      dst += len + 2;
    }
    pos += len + 2;
  }
  top = dst;
}

/** Makes room for `need` more slots at the pool's top. */
function ensure(need: i32): void {
  if (top + need <= cap) return;
  compact();
  if (top + need <= cap) return;
  const newCap = max(cap * 2, (top + need) * 2);
  const next = allocI(newCap);
  memory.copy(next, pool, (<usize>top) << 2);
  pool = next;
  cap = newCap;
}

/** Links v into the degree bucket of its current list length. */
@inline function bucketPush(head: usize, nxt: usize, prv: usize, v: i32): void {
  const d = ldI(adjLen, v), h = ldI(head, d);
  stI(nxt, v, h); stI(prv, v, -1);
  if (h >= 0) stI(prv, h, v);
  stI(head, d, v);
}

/** Unlinks v from its degree bucket. */
@inline function bucketPop(head: usize, nxt: usize, prv: usize, v: i32): void {
  const n = ldI(nxt, v), p = ldI(prv, v);
  if (p >= 0) stI(nxt, p, n); else stI(head, ldI(adjLen, v), n);
  if (n >= 0) stI(prv, n, p);
}

/** Copies the off-diagonal pattern of a symmetric CSC matrix into the pool. */
function loadGraph(m: i32, ap: usize, ai: usize): void {
  const nnz = ldI(ap, m);
  cap = 2 * (nnz + 2 * m) + 1024;
  pool = allocI(cap);
  top = 0;
  for (let j = 0; j < m; j++) {
    const start = top + 2;
    let len = 0;
    const end = ldI(ap, j + 1);
    for (let p = ldI(ap, j); p < end; p++) {
      const i = ldI(ai, p);
      if (i != j) stI(pool, start + len++, i);
    }
    stI(pool, top, j); stI(pool, top + 1, len);
    stI(adjStart, j, start); stI(adjLen, j, len);
    top = start + len;
  }
}

/** Rewrites u's list after v's elimination: drop v, add v's other neighbours (nbuf). */
function mergeInto(u: i32, v: i32, nbuf: usize, dv: i32, mark: usize, stamp: i32): void {
  ensure(ldI(adjLen, u) + dv + 2);
  const old = ldI(adjStart, u), ol = ldI(adjLen, u);
  const start = top + 2;
  let len = 0;
  stI(mark, u, stamp);
  for (let q = 0; q < ol; q++) {
    const w = ldI(pool, old + q);
    if (w != v) { stI(pool, start + len++, w); stI(mark, w, stamp); }
  }
  for (let q = 0; q < dv; q++) {
    const w = ldI(nbuf, q);
    if (ldI(mark, w) != stamp) { stI(pool, start + len++, w); stI(mark, w, stamp); }
  }
  stI(pool, top, u); stI(pool, top + 1, len);
  stI(adjStart, u, start); stI(adjLen, u, len);
  top = start + len;
}

/**
 * Orders the m columns of a symmetric sparse pattern (full CSC) by minimum degree, so that the
 * L D L^T factor stays sparse; writes perm[k] = the column eliminated k-th.
 */
export function minimumDegreeOrder(m: i32, ap: usize, ai: usize, perm: usize): void {
  if (m == 0) return;
  adjStart = allocI(m); adjLen = allocI(m); done = allocI(m);
  fillI(done, m, 0);
  loadGraph(m, ap, ai);
  const head = allocI(m), nxt = allocI(m), prv = allocI(m), mark = allocI(m), nbuf = allocI(m);
  fillI(head, m, -1); fillI(mark, m, -1);
  for (let v = m - 1; v >= 0; v--) bucketPush(head, nxt, prv, v);
  let minDeg = 0, stamp = 0;
  for (let k = 0; k < m; k++) {
    while (ldI(head, minDeg) < 0) minDeg++;
    const v = ldI(head, minDeg);
    bucketPop(head, nxt, prv, v);
    stI(done, v, 1);
    stI(perm, k, v);
    const dv = ldI(adjLen, v), vs = ldI(adjStart, v);
    for (let q = 0; q < dv; q++) stI(nbuf, q, ldI(pool, vs + q));
    for (let q = 0; q < dv; q++) {
      const u = ldI(nbuf, q);
      bucketPop(head, nxt, prv, u);
      mergeInto(u, v, nbuf, dv, mark, ++stamp);
      bucketPush(head, nxt, prv, u);
      minDeg = min(minDeg, ldI(adjLen, u));
    }
  }
}
