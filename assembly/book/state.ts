// The book's state: one Wasm instance per book (src/book keeps it), allocated once by bookInit in
// the instance's bump arena and never reset while the book lives (growth re-creates the instance's
// state from a snapshot). Orders are structure-of-arrays slots; raw loads, no managed objects.
import * as L from "./layout";
import { b3Setup } from "./blake3";

// Config.
export let cfg: usize = 0;
export let io: usize = 0;
export let capacity: i32 = 0;
export let floor: i64 = 0;
export let nLevels: i32 = 0;
export let qtyMax: i64 = 0;
export let buses: i32 = 0;          // 0: no network
export let lines: i32 = 0;
export let scale: f64 = 1;
export let ptdf: usize = 0;
export let lineMin: usize = 0;
export let lineMax: usize = 0;
export let flow: usize = 0;
export let flowScratch: usize = 0;
export let lineRange: usize = 0;    // f64: max over buses - min over buses of the line's PTDF
export let lineSlack: usize = 0;    // f64: a margin far above the f64 rounding of the line's flows
export let tight: usize = 0;        // i32: the lines that can bind (grid.ts ensureTight), by index
export let nTight: i32 = 0;
export let nTightD: i32 = 0;       // the dense lines at the head of tight (and of tight1: nTight1D)
export let nTight1D: i32 = 0;
export let over: usize = 0;         // i32: the lines of the tight list that the last room scan found overloaded (grid.ts fits)
export let tight1: usize = 0;       // i32: the lines that can bind a single tick (room <= range_l / scale), by index
export let nTight1: i32 = 0;
// Budget keys (grid.ts applyFlows): line l of S.flow cannot be in the tight lists while flowCum + k
// < lineKey[l] (flowCum: the MW moved since the keys were set, each trade moving a line by at most
// range_l x its MW). Valid while keysOk; re-set from every line every KEY_TRADES trades.
export let lineKey: usize = 0;      // f64
export let flowCum: f64 = 0;
export let keyTrades: i32 = 0;
export let keysOk: bool = false;
// The hot lines (grid.ts applyFlows): by index, every line whose key was within a margin of the
// relisting limit at the last look at every key; coldMin: the least key of the others. While the
// limit stays below coldMin a trade looks at the hot lines' keys only.
export let hot: usize = 0;          // i32
export let nHot: i32 = 0;
export let coldMin: f64 = -Infinity;
export let flowVer: i32 = 0;        // bumped whenever a flow array changes
export let tightVer: i32 = -1;      // the flowVer, flow array and quantity (MW) the list is for
export let tightFlows: usize = 0;
export let tightK: f64 = 0;
// The core's line order (lineOrder below): the dense lines (a nonzero PTDF entry for more than an
// eighth of the buses) first, then the sparse ones (lines of radial branches: a nonzero entry only
// for the buses beyond them), each group by index. lineMin, lineMax, flow, lineRange, lineSlack,
// lineKey and the line lists are in this order; notes, snapshots and ties name lines by index.
export let nDense: i32 = 0;
export let lineOrig: usize = 0;     // i32: core order -> line index
export let lineInt: usize = 0;      // i32: line index -> core order
// The dense lines' PTDF entries, bus-major in the core order, one row per distinct row (buses of a
// radial branch share the row of the bus it hangs from: 805 rows for case1354's 1,354 buses), each
// row padded to whole 64-byte lines; busRow: a bus's row (address). The sparse lines' nonzero
// entries per bus: spStart (i32, buses + 1), spLine (i32, core order, ascending), spVal (f64).
export let busRow: usize = 0;       // u32 addresses
export let spStart: usize = 0;
export let spLine: usize = 0;
export let spVal: usize = 0;
export let spA: usize = 0;          // f64 by line (core order): the sparse entries of a room check's two buses, +0 elsewhere (grid.ts gridRoom)
export let spB: usize = 0;
// False while a sparse line's flow is -0: a trade then adds (+0) to it, which makes it +0, so the
// flow update may not skip it (grid.ts addFlows). Set up at setup and restore (a flow becomes -0
// only when it is -0 and -0 is added).
export let sparseOk: bool = true;
export let busIsland: usize = 0;
export let busZone: usize = 0;
export let nFees: i32 = 0;
export let feeTable: usize = 0;
export let hasDistanceFee: bool = false;
export let hashing: bool = true;

// Orders (slots).
export let oId: usize = 0;      // i64
export let oPrice: usize = 0;   // i64
export let oQty: usize = 0;     // i64 remaining
export let oExpire: usize = 0;  // i64 (GTT) or 0
export let oPart: usize = 0;    // i32
export let oBus: usize = 0;     // i32
export let oMeta: usize = 0;    // i32: side | tif << 1; -1 free
export let oNext: usize = 0;    // i32: next in level (or in the free list)
export let oPrev: usize = 0;    // i32
export let oGen: usize = 0;     // i32: bumped when the slot is freed (stale expiry entries)
export let oNote: usize = 0;    // i32: event stamp of the slot's last note
export let oDry: usize = 0;     // i64: remaining in a fill-or-kill trial
export let oDryStamp: usize = 0; // i32
export let oTrade: usize = 0;   // i32: event stamp of the slot's trade record in this event (oTradeAt: its index)
export let oTradeAt: usize = 0; // i32
export let freeHead: i32 = -1;
export let live: i32 = 0;

// Price levels: head/tail per side and level, and a two-level bitmap of non-empty levels.
export let lvHead: usize = 0;   // i32[2 * nLevels]
export let lvTail: usize = 0;
export let words0: i32 = 0;
export let words1: i32 = 0;
export let bits0: usize = 0;    // u64[2 * words0]
export let bits1: usize = 0;    // u64[2 * words1]

// id -> slot (open addressing, linear probing, backward-shift deletion).

// Good-till-time expiries: a binary min-heap of (expires, slot, generation), lazily cleaned.
export let xExp: usize = 0;
export let xSlot: usize = 0;
export let xGen: usize = 0;
export let xLen: i32 = 0;
export let xCap: i32 = 0;

// Per bus caches for one event (stamped).
export let blkStamp: usize = 0; // i32
export let blkLine: usize = 0;  // i32
export let blkDir: usize = 0;   // i32
export let blkFlow: usize = 0;  // f64: the blocking line's flow when the pair was found blocked
export let dStamp: usize = 0;   // i32
export let dVal: usize = 0;     // f64
export let stamp: i32 = 0;
export let eventStamp: i32 = 0;
export let dryStamp: i32 = 0;

// Output and the chain.
export let trades: usize = 0;
export let tradeCap: i32 = 0;
export let nTrades: i32 = 0;
export let notes: usize = 0;
export let noteCap: i32 = 0;
export let nNotes: i32 = 0;
export let scratch: usize = 0;
export let digest: usize = 0;   // 32 bytes current, 32 bytes the last snapshot's
export let seq: i64 = 0;
export let lastTime: i64 = i64.MIN_VALUE;

export function setStamp(v: i32): void { stamp = v; }
export function setEventStamp(v: i32): void { eventStamp = v; }
export function setDryStamp(v: i32): void { dryStamp = v; }
export function setFreeHead(v: i32): void { freeHead = v; }
export function setLive(v: i32): void { live = v; }
export function setXLen(v: i32): void { xLen = v; }
export function setNTrades(v: i32): void { nTrades = v; }
export function setNNotes(v: i32): void { nNotes = v; }
export function setSeq(v: i64): void { seq = v; }
export function setLastTime(v: i64): void { lastTime = v; }
export function setFlow(p: usize): void { flow = p; }
/** Whether the flow update may skip a sparse line when both buses' entries are +0 (no sparse line's flow is -0). */
export function checkSparse(): void {
  let ok = true;
  for (let i = nDense; i < lines; i++) if (load<u64>(flow + (<usize>i << 3)) == 0x8000000000000000) ok = false;
  sparseOk = ok;
}
export function bumpFlows(): void { flowVer++; }
export function dropKeys(): void { keysOk = false; coldMin = -Infinity; }
export function setHot(n: i32, cold: f64): void { nHot = n; coldMin = cold; }
export function setKeys(cum: f64, trades: i32, ok: bool): void { flowCum = cum; keyTrades = trades; keysOk = ok; }
export function setTight(n: i32, n1: i32, flows: usize, k: f64): void {
  nTight = n; nTight1 = n1; tightVer = flowVer; tightFlows = flows; tightK = k;
  nTightD = denseCount(tight, n); nTight1D = denseCount(tight1, n1);
}
/** The dense lines at the head of a line list (lists are in the core order, ascending). */
function denseCount(list: usize, n: i32): i32 {
  if (nDense == lines) return n;
  let lo = 0, hi = n;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (ld32(list, m) < nDense) lo = m + 1; else hi = m;
  }
  return lo;
}

@inline export function cget(slot: i32): i64 { return load<i64>(cfg + (<usize>slot << 3)); }
@inline export function ioGet(slot: i32): i64 { return load<i64>(io + (<usize>slot << 3)); }
@inline export function ioSet(slot: i32, v: i64): void { store<i64>(io + (<usize>slot << 3), v); }
@inline export function ld64(p: usize, i: i32): i64 { return load<i64>(p + (<usize>i << 3)); }
@inline export function st64(p: usize, i: i32, v: i64): void { store<i64>(p + (<usize>i << 3), v); }
@inline export function ld32(p: usize, i: i32): i32 { return load<i32>(p + (<usize>i << 2)); }
@inline export function st32(p: usize, i: i32, v: i32): void { store<i32>(p + (<usize>i << 2), v); }
@inline export function ldf(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
@inline export function stf(p: usize, i: i32, v: f64): void { store<f64>(p + (<usize>i << 3), v); }

function a64(n: i32): usize { return heap.alloc(<usize>max(n, 1) << 3); }
function a32(n: i32): usize { return heap.alloc(<usize>max(n, 1) << 2); }
function fill32(p: usize, n: i32, v: i32): void { for (let i = 0; i < n; i++) st32(p, i, v); }

/** Reads the config header and allocates every structure (empty book, digest of 32 zero bytes). */
export function setup(config: usize): void {
  cfg = config;
  capacity = <i32>cget(L.C_CAPACITY);
  floor = cget(L.C_PRICE_FLOOR);
  nLevels = <i32>(cget(L.C_PRICE_CAP) - floor + 1);
  qtyMax = cget(L.C_QTY_MAX);
  buses = <i32>cget(L.C_BUSES);
  lines = <i32>cget(L.C_LINES);
  scale = <f64>cget(L.C_QTY_SCALE);
  ptdf = <usize>cget(L.C_PTDF);
  lineMin = <usize>cget(L.C_LINE_MIN);
  lineMax = <usize>cget(L.C_LINE_MAX);
  flow = <usize>cget(L.C_FLOW);
  busIsland = <usize>cget(L.C_BUS_ISLAND);
  busZone = <usize>cget(L.C_BUS_ZONE);
  nFees = <i32>cget(L.C_FEES);
  hashing = cget(L.C_HASH) != 0;
  feeTable = <usize>cget(L.C_FEE_TABLE);
  hasDistanceFee = false;
  for (let c = 0; c < nFees; c++) if (load<f64>(feeTable + <usize>(c * L.FEE_BYTES) + 16) != 0) hasDistanceFee = true;
  flowScratch = a64(lines);
  lineRange = a64(lines); lineSlack = a64(lines); tight = a32(lines); tight1 = a32(lines); over = a32(lines); hot = a32(lines); lineKey = a64(lines + 1);
  lineOrder();
  for (let l = 0; l < lines; l++) {
    // flows stay within the bounds, so |flow| is at most the larger finite bound
    const hi = ldf(lineMax, l), lo = ldf(lineMin, l);
    stf(lineSlack, l, 1e-9 * (1 + 2 * (isFinite(hi) ? Math.abs(hi) : 0) + 2 * (isFinite(lo) ? Math.abs(lo) : 0)));
  }
  nTight = 0; nTight1 = 0; nTightD = 0; nTight1D = 0; flowCum = 0; keyTrades = 0; keysOk = false; nHot = 0; coldMin = -Infinity; flowVer = 0; tightVer = -1; tightK = 0;
  const n = capacity;
  oId = a64(n); oPrice = a64(n); oQty = a64(n); oExpire = a64(n); oDry = a64(n);
  oPart = a32(n); oBus = a32(n); oMeta = a32(n); oNext = a32(n); oPrev = a32(n); oGen = a32(n);
  oNote = a32(n); oDryStamp = a32(n); oTrade = a32(n); oTradeAt = a32(n);
  fill32(oMeta, n, -1); fill32(oGen, n, 0); fill32(oNote, n, 0); fill32(oDryStamp, n, 0); fill32(oTrade, n, 0);
  for (let i = 0; i < n; i++) st32(oNext, i, i + 1 < n ? i + 1 : -1);
  freeHead = n > 0 ? 0 : -1;
  live = 0;
  lvHead = a32(2 * nLevels); lvTail = a32(2 * nLevels);
  fill32(lvHead, 2 * nLevels, -1); fill32(lvTail, 2 * nLevels, -1);
  words0 = (nLevels + 63) >> 6;
  words1 = (words0 + 63) >> 6;
  bits0 = a64(2 * words0); bits1 = a64(2 * words1);
  memory.fill(bits0, 0, <usize>(16 * words0));
  memory.fill(bits1, 0, <usize>(16 * words1));
  xCap = 2 * n + 16;
  xExp = a64(xCap); xSlot = a32(xCap); xGen = a32(xCap);
  xLen = 0;
  const nb = max(buses, 1);
  blkStamp = a32(nb); blkLine = a32(nb); blkDir = a32(nb); blkFlow = a64(nb); dStamp = a32(nb); dVal = a64(nb);
  fill32(blkStamp, nb, 0); fill32(dStamp, nb, 0);
  stamp = 1; eventStamp = 1; dryStamp = 1;
  tradeCap = <i32>cget(L.C_TRADE_CAP);
  noteCap = tradeCap;
  trades = heap.alloc(<usize>tradeCap * L.TRADE_BYTES);
  notes = heap.alloc(<usize>noteCap * L.NOTE_BYTES);
  nTrades = 0; nNotes = 0;
  scratch = heap.alloc(<usize>cget(L.C_SCRATCH_BYTES));
  digest = heap.alloc(64);
  memory.fill(digest, 0, 64);
  io = heap.alloc(<usize>L.IO_SLOTS << 3);
  memory.fill(io, 0, <usize>L.IO_SLOTS << 3);
  seq = 0;
  lastTime = i64.MIN_VALUE;
  b3Setup();
  store<i64>(cfg + (<usize>L.C_OUT_IO << 3), <i64>io);
  store<i64>(cfg + (<usize>L.C_OUT_TRADES << 3), <i64>trades);
  store<i64>(cfg + (<usize>L.C_OUT_NOTES << 3), <i64>notes);
  store<i64>(cfg + (<usize>L.C_OUT_SCRATCH << 3), <i64>scratch);
  store<i64>(cfg + (<usize>L.C_OUT_DIGEST << 3), <i64>digest);
}

/** Copies the line array at p (nl f64, by index) into the core order, through flowScratch. */
function permuteLines(p: usize): void {
  for (let i = 0; i < lines; i++) stf(flowScratch, i, ldf(p, ld32(lineOrig, i)));
  memory.copy(p, flowScratch, <usize>lines << 3);
}

/**
 * The core's line order, the distinct dense rows and the sparse entries (see nDense above); puts
 * lineMin, lineMax and flow into the core order. The full PTDF (bus-major, by index) stays as
 * given: the fees' electrical distance sums over it by index.
 */
function lineOrder(): void {
  const nl = lines, nb = buses;
  lineOrig = a32(nl); lineInt = a32(nl);
  // per line (by index): the buses with a nonzero entry, and the range max - min over the buses
  const cnt = a32(nl), isDense = a32(nl);
  fill32(cnt, nl, 0);
  for (let l = 0; l < nl; l++) { stf(lineRange, l, -Infinity); stf(flowScratch, l, Infinity); }
  for (let b = 0; b < nb; b++) {
    const row = ptdf + (<usize>b * <usize>nl << 3);
    for (let l = 0; l < nl; l++) {
      const v = ldf(row, l);
      st32(cnt, l, ld32(cnt, l) + <i32>(load<u64>(row + (<usize>l << 3)) != 0));
      stf(lineRange, l, max(ldf(lineRange, l), v));
      stf(flowScratch, l, min(ldf(flowScratch, l), v));
    }
  }
  for (let l = 0; l < nl; l++) {
    stf(lineRange, l, nb > 0 ? ldf(lineRange, l) - ldf(flowScratch, l) : 0);
    st32(isDense, l, <i32>(nb == 0 || ld32(cnt, l) * 8 > nb));
  }
  // kept apart only when they are many (an eighth of the lines or more): a few sparse lines save
  // little of the flow update and cost the room checks their scattered entries
  let nsl = 0;
  for (let l = 0; l < nl; l++) nsl += <i32>(ld32(isDense, l) == 0);
  if (nsl * 8 < nl) fill32(isDense, nl, 1);
  let k = 0;
  for (let l = 0; l < nl; l++) if (ld32(isDense, l) != 0) st32(lineOrig, k++, l);
  nDense = k;
  let nsp = 0;
  for (let l = 0; l < nl; l++) if (ld32(isDense, l) == 0) { st32(lineOrig, k++, l); nsp += ld32(cnt, l); }
  for (let i = 0; i < nl; i++) st32(lineInt, ld32(lineOrig, i), i);
  permuteLines(lineMin); permuteLines(lineMax); permuteLines(flow); permuteLines(lineRange);
  checkSparse();
  // sparse entries per bus (bits != 0: a -0 entry is kept), core order ascending
  spStart = a32(nb + 1); spLine = a32(nsp); spVal = a64(nsp);
  let e = 0;
  for (let b = 0; b < nb; b++) {
    st32(spStart, b, e);
    const row = ptdf + (<usize>b * <usize>nl << 3);
    for (let i = nDense; i < nl; i++) {
      const v = load<u64>(row + (<usize>ld32(lineOrig, i) << 3));
      if (v != 0) { st32(spLine, e, i); store<u64>(spVal + (<usize>e << 3), v); e++; }
    }
  }
  st32(spStart, nb, e);
  spA = a64(nl); spB = a64(nl);
  memory.fill(spA, 0, <usize>nl << 3); memory.fill(spB, 0, <usize>nl << 3);
  // distinct dense rows: a hash of each bus's dense entries, compared in full on a match
  const stride = <usize>((nDense + 7) & ~7) << 3;
  let hb = 1;
  while ((1 << hb) < 2 * max(nb, 1)) hb++;
  const hsz = 1 << hb, mask = hsz - 1;
  const table = a32(hsz), rowOf = a32(nb), first = a32(nb);
  fill32(table, hsz, -1);
  let nRows = 0;
  for (let b = 0; b < nb; b++) {
    const row = ptdf + (<usize>b * <usize>nl << 3);
    let h: u64 = 0xcbf29ce484222325;
    for (let l = 0; l < nl; l++) {
      const m = (h ^ load<u64>(row + (<usize>l << 3))) * 0x100000001b3;
      h = ld32(isDense, l) != 0 ? m : h;
    }
    let slot = <i32>((h ^ (h >> 29)) & <u64>mask);
    let found = -1;
    while (ld32(table, slot) >= 0) {
      const c = ld32(table, slot);
      if (sameDense(c, b)) { found = c; break; }
      slot = (slot + 1) & mask;
    }
    if (found >= 0) st32(rowOf, b, ld32(rowOf, found));
    else { st32(table, slot, b); st32(rowOf, b, nRows++); }
    st32(first, b, <i32>(found < 0));
  }
  const dense = (heap.alloc(<usize>nRows * stride + 64) + 63) & ~<usize>63;
  memory.fill(dense, 0, <usize>nRows * stride);
  busRow = a32(nb);
  for (let b = 0; b < nb; b++) {
    const r = dense + <usize>ld32(rowOf, b) * stride;
    store<u32>(busRow + (<usize>b << 2), <u32>r);
    if (ld32(first, b) == 0) continue;
    const row = ptdf + (<usize>b * <usize>nl << 3);
    for (let i = 0; i < nDense; i++) store<u64>(r + (<usize>i << 3), load<u64>(row + (<usize>ld32(lineOrig, i) << 3)));
  }
}

/** Whether buses a and b have bit-identical dense entries. */
function sameDense(a: i32, b: i32): bool {
  const ra = ptdf + (<usize>a * <usize>lines << 3), rb = ptdf + (<usize>b * <usize>lines << 3);
  for (let i = 0; i < nDense; i++) {
    const o = <usize>ld32(lineOrig, i) << 3;
    if (load<u64>(ra + o) != load<u64>(rb + o)) return false;
  }
  return true;
}
