// One event: validate everything first (a bad event changes nothing), then expire, match, rest,
// and chain the digest. Matching walks the opposite side in price-time priority; with a network a
// pair the grid cannot carry is skipped (and noted with its blocking line), flows follow every trade.
import * as L from "./layout";
import * as S from "./state";
import { ld32, st32, ld64, st64, ioGet, ioSet } from "./state";
import { nextSet, prevSet, bestLevel, findSlot, aliveAt, addOrder, removeOrder, popExpired } from "./levels";
import { gridRoom, applyFlows, feeOf, blockLine, blockDir } from "./grid";
import { ldf, stf } from "./state";
import { b3Begin, b3Flush, b3End } from "./blake3";
import { wVar, wZig } from "./record";

let field: i32 = 0;

function bad(status: i32, f: i32): i32 {
  field = f;
  return status;
}

/** Appends a note; `line` in the core's line order (-1: none), recorded by its index. */
function note(kind: i32, line: i32, id: i64, qty: i64, other: i64): void {
  if (S.nNotes >= S.noteCap) return;
  const p = S.notes + <usize>(S.nNotes * L.NOTE_BYTES);
  store<i32>(p, kind); store<i32>(p + 4, line >= 0 ? ld32(S.lineOrig, line) : line); store<i64>(p + 8, id); store<i64>(p + 16, qty); store<i64>(p + 24, other);
  S.setNNotes(S.nNotes + 1);
}

function trade(buyId: i64, sellId: i64, price: i64, qty: i64, fee: i64, buyer: i32, seller: i32, buyBus: i32, sellBus: i32): void {
  const p = S.trades + <usize>(S.nTrades * L.TRADE_BYTES);
  store<i64>(p, buyId); store<i64>(p + 8, sellId); store<i64>(p + 16, price); store<i64>(p + 24, qty);
  store<i64>(p + 32, fee); store<i32>(p + 40, buyer); store<i32>(p + 44, seller);
  store<i32>(p + 48, buyBus); store<i32>(p + 52, sellBus);
  S.setNTrades(S.nTrades + 1);
}

/** Notes a resting order once per event. */
function noteOnce(s: i32, kind: i32, line: i32, qty: i64, other: i64): void {
  if (ld32(S.oNote, s) == S.eventStamp) return;
  st32(S.oNote, s, S.eventStamp);
  note(kind, line, ld64(S.oId, s), qty, other);
}

/**
 * True when the pair with the resting order's bus `ob` was found blocked in this walk and its
 * blocking line has not moved away from the bound since (a different island stays blocked).
 */
@inline function stillBlocked(flows: usize, ob: i32): bool {
  if (ld32(S.blkStamp, ob) != S.stamp) return false;
  const l = ld32(S.blkLine, ob);
  if (l < 0) return true;
  const f = ldf(flows, l), at = ldf(S.blkFlow, ob);
  return ld32(S.blkDir, ob) > 0 ? f >= at : f <= at;
}

/**
 * After a trade the grid limited to `q`, the room left for the same pair can be a tick or more
 * (the flows are f64 sums, and the room before the trade was floored): take it as part of the same
 * trade until the pair is blocked or `want` is met, so no crossing pair keeps room after a walk.
 */
function topUp(flows: usize, sell: i32, buy: i32, q: i64, want: i64): i64 {
  while (q < want) {
    const more = gridRoom(flows, sell, buy, want - q);
    if (more == 0) break;
    applyFlows(flows, sell, buy, more);
    q += more;
  }
  return q;
}

@inline function dryQty(s: i32): i64 {
  return ld32(S.oDryStamp, s) == S.dryStamp ? ld64(S.oDry, s) : ld64(S.oQty, s);
}

/**
 * Matches an incoming order against the opposite side; returns the quantity left. `dry`: a
 * fill-or-kill trial on copies (no trade, note or change of the book).
 */
function walk(side: i32, limit: i64, want: i64, part: i32, bus: i32, id: i64, dry: bool): i64 {
  const opp = side ^ 1;
  const grid = S.buses > 0 && S.lines > 0;
  const flows = dry ? S.flowScratch : S.flow;
  if (dry) {
    S.setDryStamp(S.dryStamp + 1);
    if (grid) { memory.copy(S.flowScratch, S.flow, <usize>S.lines << 3); S.bumpFlows(); }
  }
  const kLim = <i32>(limit - S.floor);
  let remaining = want;
  S.setStamp(S.stamp + 1);
  while (true) {
    let blocked = false, retry = false;
    let k = bestLevel(opp);
    while (k >= 0 && (side == 0 ? k <= kLim : k >= kLim)) {
      let o = ld32(S.lvHead, opp * S.nLevels + k);
      while (o >= 0) {
        const next = ld32(S.oNext, o);
        if (ld32(S.oPart, o) == part) {
          if (!dry) { noteOnce(o, L.NOTE_SELF_TRADE, -1, ld64(S.oQty, o), id); removeOrder(o); }
          o = next;
          continue;
        }
        const avail = dry ? dryQty(o) : ld64(S.oQty, o);
        if (avail == 0) { o = next; continue; }
        const op = ld64(S.oPrice, o), ob = ld32(S.oBus, o);
        const sellBus = side == 0 ? ob : bus, buyBus = side == 0 ? bus : ob;
        const fee = S.nFees > 0 ? feeOf(op, sellBus, buyBus, ob) : 0;
        if ((side == 0 ? limit : op) < (side == 0 ? op : limit) + fee) { o = next; continue; }
        let q = remaining < avail ? remaining : avail;
        if (grid) {
          if (stillBlocked(flows, ob)) {
            if (!dry) noteOnce(o, L.NOTE_BLOCKED, ld32(S.blkLine, ob), avail, id);
            blocked = true;
            o = next;
            continue;
          }
          q = gridRoom(flows, sellBus, buyBus, q);
          if (q == 0) {
            st32(S.blkStamp, ob, S.stamp);
            st32(S.blkLine, ob, blockLine);
            st32(S.blkDir, ob, blockDir);
            if (blockLine >= 0) stf(S.blkFlow, ob, ldf(flows, blockLine));
            if (!dry) noteOnce(o, L.NOTE_BLOCKED, blockLine, avail, id);
            blocked = true;
            o = next;
            continue;
          }
          applyFlows(flows, sellBus, buyBus, q);
          const want = remaining < avail ? remaining : avail;
          q = topUp(flows, sellBus, buyBus, q, want);
          if (blocked) retry = true;
          if (q < want) {
            // the grid cut this trade short: the pair is blocked until its line moves away, and a
            // later trade that relieves the line sends the walk round again (as for room 0)
            st32(S.blkStamp, ob, S.stamp);
            st32(S.blkLine, ob, blockLine);
            st32(S.blkDir, ob, blockDir);
            if (blockLine >= 0) stf(S.blkFlow, ob, ldf(flows, blockLine));
            blocked = true;
          }
        }
        if (dry) {
          st64(S.oDry, o, avail - q);
          st32(S.oDryStamp, o, S.dryStamp);
        } else {
          const oid = ld64(S.oId, o), opart = ld32(S.oPart, o);
          if (ld32(S.oTrade, o) == S.eventStamp) {
            // the same pair again (a retry after a relieving trade): one record per resting order
            const p = S.trades + <usize>(ld32(S.oTradeAt, o) * L.TRADE_BYTES) + 24;
            store<i64>(p, load<i64>(p) + q);
          } else {
            st32(S.oTrade, o, S.eventStamp);
            st32(S.oTradeAt, o, S.nTrades);
            if (side == 0) trade(id, oid, op, q, fee, part, opart, bus, ob);
            else trade(oid, id, op, q, fee, opart, part, ob, bus);
          }
          if (avail == q) removeOrder(o); else st64(S.oQty, o, avail - q);
        }
        remaining -= q;
        if (remaining == 0) return 0;
        if (!dry && S.nTrades >= S.tradeCap) return remaining;
        o = next;
      }
      k = side == 0 ? nextSet(1, k + 1) : prevSet(0, k - 1);
    }
    if (!retry) return remaining;
  }
}

/** Validates the event in the I/O header against the book; 0 or a status (nothing changed). */
function validate(): i32 {
  const kind = ioGet(L.E_KIND), time = ioGet(L.E_TIME), part = ioGet(L.E_PARTICIPANT), id = ioGet(L.E_ID);
  if (kind < 0 || kind > 3) return bad(L.BOOK_BAD_FIELD, L.FIELD_KIND);
  if (time < S.lastTime) return L.BOOK_TIME;
  if (part < 0 || part > 0x7fffffff) return bad(L.BOOK_BAD_FIELD, L.FIELD_PARTICIPANT);
  if (id < 0) return bad(L.BOOK_BAD_FIELD, L.FIELD_ID);
  const s = findSlot(id);
  if (kind >= L.KIND_CANCEL) {
    if (!aliveAt(s, time)) return L.BOOK_UNKNOWN_ORDER;
    if (<i64>ld32(S.oPart, s) != part) return L.BOOK_NOT_OWNER;
    if (kind == L.KIND_MODIFY) {
      const flags = ioGet(L.E_FLAGS);
      if (flags < 1 || flags > 3) return bad(L.BOOK_BAD_FIELD, L.FIELD_FLAGS);
      if ((flags & 1) != 0 && !priceOk(ioGet(L.E_PRICE))) return L.BOOK_PRICE_RANGE;
      if ((flags & 2) != 0 && !qtyOk(ioGet(L.E_QTY))) return L.BOOK_QUANTITY;
    }
    return 0;
  }
  const side = ioGet(L.E_SIDE), tif = ioGet(L.E_TIF), bus = ioGet(L.E_BUS), expires = ioGet(L.E_EXPIRES);
  if (side < 0 || side > 1) return bad(L.BOOK_BAD_FIELD, L.FIELD_SIDE);
  if (tif < 0 || tif > 3 || (kind == L.KIND_MARKET && tif < L.TIF_IOC)) return bad(L.BOOK_BAD_FIELD, L.FIELD_TIF);
  if (!priceOk(ioGet(L.E_PRICE))) return L.BOOK_PRICE_RANGE;
  if (!qtyOk(ioGet(L.E_QTY))) return L.BOOK_QUANTITY;
  if (bus < 0 || bus >= <i64>max(S.buses, 1)) return L.BOOK_BUS;
  if (tif == L.TIF_GTT ? expires <= time : expires != 0) return bad(L.BOOK_BAD_FIELD, L.FIELD_EXPIRES);
  if (aliveAt(s, time)) return L.BOOK_DUPLICATE_ID;
  if (kind == L.KIND_LIMIT && tif <= L.TIF_GTT && S.freeHead < 0) return L.BOOK_FULL;
  return 0;
}

@inline function priceOk(p: i64): bool {
  return p >= S.floor && p - S.floor < <i64>S.nLevels;
}

@inline function qtyOk(q: i64): bool {
  return q > 0 && q <= S.qtyMax;
}

/** Enters an order (new, or re-queued by a modify): match, then rest or kill the remainder. */
function enter(id: i64, side: i32, tif: i32, price: i64, qty: i64, expires: i64, part: i32, bus: i32, rests: bool): void {
  if (tif == L.TIF_FOK && walk(side, price, qty, part, bus, id, true) > 0) {
    note(L.NOTE_KILLED, -1, id, qty, 0);
    ioSet(L.O_KILLED, qty);
    return;
  }
  const left = walk(side, price, qty, part, bus, id, false);
  if (left == 0) return;
  if (rests) {
    addOrder(id, side, tif, price, left, expires, part, bus);
    ioSet(L.O_RESTING, left);
  } else {
    note(L.NOTE_KILLED, -1, id, left, 0);
    ioSet(L.O_KILLED, left);
  }
}

/** Processes the event in the I/O header; appends its trades and notes to the output buffers. */
export function processEvent(): i32 {
  field = 0;
  const status = validate();
  if (status != 0) {
    ioSet(L.O_FIELD, field);
    return status;
  }
  const kind = <i32>ioGet(L.E_KIND), time = ioGet(L.E_TIME), id = ioGet(L.E_ID), part = <i32>ioGet(L.E_PARTICIPANT);
  const prevTime = S.seq == 0 ? 0 : S.lastTime;
  S.setLastTime(time);
  S.setEventStamp(S.eventStamp + 1);
  ioSet(L.O_RESTING, 0);
  ioSet(L.O_KILLED, 0);
  for (let s = popExpired(time); s >= 0; s = popExpired(time)) {
    noteOnce(s, L.NOTE_EXPIRED, -1, ld64(S.oQty, s), 0);
    removeOrder(s);
  }
  S.setSeq(S.seq + 1);
  const firstTrade = S.nTrades;
  if (kind <= L.KIND_MARKET) {
    const tif = <i32>ioGet(L.E_TIF);
    enter(id, <i32>ioGet(L.E_SIDE), tif, ioGet(L.E_PRICE), ioGet(L.E_QTY), tif == L.TIF_GTT ? ioGet(L.E_EXPIRES) : 0,
      part, <i32>ioGet(L.E_BUS), kind == L.KIND_LIMIT && tif <= L.TIF_GTT);
  } else {
    const s = findSlot(id);
    if (kind == L.KIND_CANCEL) removeOrder(s);
    else modify(s, id, part);
  }
  // digest = BLAKE3 keyed with the previous digest, of the event record and its trade records
  if (S.hashing) chain(kind, id, time - prevTime, firstTrade);
  ioSet(L.O_SEQ, S.seq);
  ioSet(L.O_LIVE, S.live);
  ioSet(L.O_TRADES, S.nTrades);
  ioSet(L.O_NOTES, S.nNotes);
  return 0;
}

/**
 * digest = BLAKE3-keyed(key = previous digest; event record | the event's trade records), the
 * records in the compact canonical form of docs/formats.md written straight into the hasher (one
 * BLAKE3 compression for most events: the key is the chaining value, a block holds 64 record bytes).
 */
function chain(kind: i32, id: i64, dt: i64, firstTrade: i32): void {
  let w = b3Begin(S.digest);
  const flags = kind == L.KIND_MODIFY ? <i32>ioGet(L.E_FLAGS) : 0;
  const order = kind <= L.KIND_MARKET;
  store<u8>(w, <u8>(order ? kind | <i32>ioGet(L.E_SIDE) << 2 | <i32>ioGet(L.E_TIF) << 3 : kind | flags << 5));
  w = wZig(w + 1, dt);
  w = wVar(w, <u64>id);
  w = wVar(w, <u64>ioGet(L.E_PARTICIPANT));
  if (order) {
    w = wZig(w, ioGet(L.E_PRICE));
    w = wVar(w, <u64>ioGet(L.E_QTY));
    w = wVar(w, <u64>ioGet(L.E_BUS));
    if (ioGet(L.E_TIF) == L.TIF_GTT) w = wVar(w, <u64>(ioGet(L.E_EXPIRES) - ioGet(L.E_TIME)));
  } else {
    if ((flags & 1) != 0) w = wZig(w, ioGet(L.E_PRICE));
    if ((flags & 2) != 0) w = wVar(w, <u64>ioGet(L.E_QTY));
  }
  for (let k = firstTrade; k < S.nTrades; k++) {
    w = b3Flush(w); // at most 64 bytes staged before a trade record of at most 40
    const p = S.trades + <usize>(k * L.TRADE_BYTES);
    const buyId = load<i64>(p);
    w = wVar(w, <u64>(buyId == id ? load<i64>(p, 8) : buyId));
    w = wZig(w, load<i64>(p, 16));
    w = wVar(w, <u64>load<i64>(p, 24));
    w = wZig(w, load<i64>(p, 32));
  }
  b3End(w, S.digest);
}

/** A quantity decrease at the same price keeps priority; anything else re-enters the order. */
function modify(s: i32, id: i64, part: i32): void {
  const flags = ioGet(L.E_FLAGS);
  const price = ld64(S.oPrice, s), qty = ld64(S.oQty, s);
  const np = (flags & 1) != 0 ? ioGet(L.E_PRICE) : price;
  const nq = (flags & 2) != 0 ? ioGet(L.E_QTY) : qty;
  if (np == price && nq <= qty) {
    st64(S.oQty, s, nq);
    ioSet(L.O_RESTING, nq);
    return;
  }
  const meta = ld32(S.oMeta, s);
  const expires = ld64(S.oExpire, s), bus = ld32(S.oBus, s);
  removeOrder(s);
  enter(id, meta & 1, meta >> 1, np, nq, expires, part, bus, true);
}
