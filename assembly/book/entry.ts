// Entry points of the order book. Each book lives in its own instance of the core (its state
// outlives calls); TypeScript writes the config, calls bookInit once, then one call per event
// (bookSubmit) or per chunk of event columns (bookBatch). Snapshots carry the whole state.
import * as L from "./layout";
import * as S from "./state";
import { ld32, ld64, ioGet, ioSet } from "./state";
import { bestLevel, nextSet, prevSet, addOrder, findSlot, resetBest, hashSetup } from "./levels";
import { processEvent } from "./match";
import { b3Begin, b3Update, b3End } from "./blake3";
import { STATUS_OK } from "../abi";

/** Sets the book up from the config header at `config` (see layout.ts); returns a status. */
export function bookInit(config: usize): i32 {
  S.setup(config);
  resetBest();
  hashSetup(S.capacity);
  return STATUS_OK;
}

/** Processes the one event in the I/O header; its trades and notes start at record 0. */
export function bookSubmit(): i32 {
  S.setNTrades(0);
  S.setNNotes(0);
  return processEvent();
}

/** Processes the batch columns of the I/O header until done, an error, or full output buffers. */
export function bookBatch(): i32 {
  const n = <i32>ioGet(L.B_COUNT);
  const kind = <usize>ioGet(L.B_KIND), side = <usize>ioGet(L.B_SIDE), tif = <usize>ioGet(L.B_TIF);
  const flags = <usize>ioGet(L.B_FLAGS), time = <usize>ioGet(L.B_TIME), id = <usize>ioGet(L.B_ID);
  const part = <usize>ioGet(L.B_PARTICIPANT), price = <usize>ioGet(L.B_PRICE), qty = <usize>ioGet(L.B_QTY);
  const expires = <usize>ioGet(L.B_EXPIRES), bus = <usize>ioGet(L.B_BUS);
  const tradeEnd = <usize>ioGet(L.B_TRADE_END), noteEnd = <usize>ioGet(L.B_NOTE_END), digests = <usize>ioGet(L.B_DIGESTS);
  S.setNTrades(0);
  S.setNNotes(0);
  for (let i = 0; i < n; i++) {
    if (S.tradeCap - S.nTrades < 2 * S.live + 2 || S.noteCap - S.nNotes < S.live + 2) {
      ioSet(L.B_DONE, i);
      return L.BOOK_OUTPUT_FULL;
    }
    const u = <usize>i;
    ioSet(L.E_KIND, <i64>load<u8>(kind + u));
    ioSet(L.E_SIDE, <i64>load<u8>(side + u));
    ioSet(L.E_TIF, <i64>load<u8>(tif + u));
    ioSet(L.E_FLAGS, <i64>load<u8>(flags + u));
    ioSet(L.E_TIME, load<i64>(time + (u << 3)));
    ioSet(L.E_ID, load<i64>(id + (u << 3)));
    ioSet(L.E_PARTICIPANT, <i64>load<i32>(part + (u << 2)));
    ioSet(L.E_PRICE, load<i64>(price + (u << 3)));
    ioSet(L.E_QTY, load<i64>(qty + (u << 3)));
    ioSet(L.E_EXPIRES, load<i64>(expires + (u << 3)));
    ioSet(L.E_BUS, <i64>load<i32>(bus + (u << 2)));
    const status = processEvent();
    if (status != 0) {
      ioSet(L.B_DONE, i);
      return status;
    }
    store<i32>(tradeEnd + (u << 2), S.nTrades);
    store<i32>(noteEnd + (u << 2), S.nNotes);
    if (digests != 0) memory.copy(digests + (u << 5), S.digest, 32);
  }
  ioSet(L.B_DONE, n);
  return STATUS_OK;
}

/** Bytes of a snapshot of the current book. */
export function bookSnapshotBytes(): i32 {
  return L.SNAP_HEADER_BYTES + (S.lines << 3) + S.live * L.ORDER_BYTES;
}

function writeOrder(p: usize, s: i32): usize {
  const meta = ld32(S.oMeta, s);
  store<i64>(p, ld64(S.oId, s)); store<i64>(p + 8, ld64(S.oPrice, s));
  store<i64>(p + 16, ld64(S.oQty, s)); store<i64>(p + 24, ld64(S.oExpire, s));
  store<i32>(p + 32, ld32(S.oPart, s)); store<i32>(p + 36, ld32(S.oBus, s));
  store<u8>(p + 40, <u8>(meta & 1)); store<u8>(p + 41, <u8>(meta >> 1));
  memory.fill(p + 42, 0, 6);
  return p + L.ORDER_BYTES;
}

/**
 * Writes the snapshot at the scratch (S_BYTES its size): header, line flows (by line index), then the resting
 * orders in priority order (bids best first, asks best first, each level first in first); its
 * BLAKE3 hash goes to the digest buffer's second half.
 */
export function bookSave(): i32 {
  const base = S.scratch;
  store<u32>(base, 0x31424347); // "GCB1"
  store<i32>(base + 4, S.lines);
  store<i64>(base + 8, S.seq);
  store<i64>(base + 16, S.lastTime);
  store<i64>(base + 24, <i64>S.live);
  memory.copy(base + 32, S.digest, 32);
  for (let l = 0; l < S.lines; l++) store<f64>(base + L.SNAP_HEADER_BYTES + (<usize>l << 3), S.ldf(S.flow, ld32(S.lineInt, l)));
  let p = base + L.SNAP_HEADER_BYTES + (<usize>S.lines << 3);
  for (let side = 0; side < 2; side++) {
    let k = bestLevel(side);
    while (k >= 0) {
      for (let o = ld32(S.lvHead, side * S.nLevels + k); o >= 0; o = ld32(S.oNext, o)) p = writeOrder(p, o);
      k = side == 0 ? prevSet(0, k - 1) : nextSet(1, k + 1);
    }
  }
  const bytes = <i32>(p - base);
  ioSet(L.S_BYTES, bytes);
  b3End(b3Update(b3Begin(0), base, <usize>bytes), S.digest + 32);
  return STATUS_OK;
}

/** Loads a snapshot (S_BYTES bytes at the scratch) into a freshly set-up book; a status. */
export function bookRestore(): i32 {
  const base = S.scratch;
  const bytes = <i32>ioGet(L.S_BYTES);
  if (bytes < L.SNAP_HEADER_BYTES || load<u32>(base) != 0x31424347 || load<i32>(base + 4) != S.lines) return L.BOOK_SNAPSHOT;
  const count = load<i64>(base + 24);
  if (count < 0 || count > <i64>S.capacity) return L.BOOK_FULL;
  if (<i64>bytes != <i64>(L.SNAP_HEADER_BYTES + (S.lines << 3)) + count * L.ORDER_BYTES) return L.BOOK_SNAPSHOT;
  const lastTime = load<i64>(base + 16);
  for (let l = 0; l < S.lines; l++) S.stf(S.flow, ld32(S.lineInt, l), load<f64>(base + L.SNAP_HEADER_BYTES + (<usize>l << 3)));
  S.checkSparse();
  S.bumpFlows();
  S.dropKeys();
  let p = base + L.SNAP_HEADER_BYTES + (<usize>S.lines << 3);
  for (let i: i64 = 0; i < count; i++) {
    const id = load<i64>(p), price = load<i64>(p + 8), qty = load<i64>(p + 16), expires = load<i64>(p + 24);
    const part = load<i32>(p + 32), bus = load<i32>(p + 36), side = <i32>load<u8>(p + 40), tif = <i32>load<u8>(p + 41);
    if (id < 0 || price < S.floor || price - S.floor >= <i64>S.nLevels || qty <= 0 || qty > S.qtyMax || part < 0
      || bus < 0 || bus >= max(S.buses, 1) || side > 1 || tif > 1 || (tif == 1 ? expires <= lastTime : expires != 0)) return L.BOOK_SNAPSHOT;
    if (findSlot(id) >= 0) return L.BOOK_SNAPSHOT;
    addOrder(id, side, tif, price, qty, expires, part, bus);
    p += L.ORDER_BYTES;
  }
  S.setSeq(load<i64>(base + 8));
  S.setLastTime(lastTime);
  memory.copy(S.digest, base + 32, 32);
  ioSet(L.O_SEQ, S.seq);
  ioSet(L.O_LIVE, S.live);
  return STATUS_OK;
}

/** The best level's price of a side and its total quantity, into the I/O header's O_RESTING/O_KILLED. */
export function bookBest(side: i32): i32 {
  const k = bestLevel(side);
  if (k < 0) return 0;
  let total: i64 = 0;
  for (let o = ld32(S.lvHead, side * S.nLevels + k); o >= 0; o = ld32(S.oNext, o)) total += ld64(S.oQty, o);
  ioSet(L.O_RESTING, S.floor + <i64>k);
  ioSet(L.O_KILLED, total);
  return 1;
}

/**
 * BLAKE3 of the `len` bytes at the scratch (keyed with the 32 bytes at the digest buffer's second
 * half when `keyed`), written to the digest buffer's second half: the tests check the core's
 * hasher against the official test vectors with it. The book's state is untouched.
 */
export function bookHash(len: i32, keyed: i32): i32 {
  const out = S.digest + 32;
  b3End(b3Update(b3Begin(keyed != 0 ? out : 0), S.scratch, <usize>len), out);
  return STATUS_OK;
}
