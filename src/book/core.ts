// One book's instance of the Wasm core: its own memory, so its state outlives calls and no other
// area's per-call arena reset can touch it. Views are taken once after setup (the core allocates
// only in setup, so memory does not grow between events).
import { GridclearError } from '../errors.js';
import { wasmModule } from '../wasm/engine.js';
import * as L from './layout.js';
import type { BookConfig } from './config.js';

/** Exports of the core that the book uses. */
interface BookExports {
  memory: WebAssembly.Memory;
  alloc(size: number): number;
  reset(): void;
  bookInit(config: number): number;
  bookSubmit(): number;
  bookBatch(): number;
  bookSnapshotBytes(): number;
  bookSave(): number;
  bookRestore(): number;
  bookBest(side: number): number;
  bookHash(len: number, keyed: number): number;
}

/** Events of one batch chunk (bytes per event: columns in and out). */
export const CHUNK = 16384;
const BATCH_EVENT_BYTES = 4 + 5 * 8 + 2 * 4 + 2 * 4 + 32;

/** A book's core instance with its views. */
export class BookCore {
  readonly ex: BookExports;
  capacity = 0;
  io64!: BigInt64Array;
  io32!: Int32Array;
  trades = 0;
  notes = 0;
  scratch = 0;
  digest = 0;
  tradeCap = 0;
  buf!: ArrayBuffer;

  constructor() {
    const instance = new WebAssembly.Instance(wasmModule(), {
      env: { abort(): never { throw new GridclearError('INTERNAL', 'the book core aborted'); } },
    });
    this.ex = instance.exports as unknown as BookExports;
  }

  /** (Re)creates an empty book of `capacity` resting orders from the config. */
  setup(cfg: BookConfig, capacity: number): void {
    const ex = this.ex;
    ex.reset();
    try {
      const c = ex.alloc(L.C_SLOTS * 8);
      const put64 = (a: ArrayLike<number>): number => {
        const p = ex.alloc(Math.max(a.length, 1) * 8);
        new Float64Array(ex.memory.buffer, p, a.length).set(a);
        return p;
      };
      const put32 = (a: Int32Array): number => {
        const p = ex.alloc(Math.max(a.length, 1) * 4);
        new Int32Array(ex.memory.buffer, p, a.length).set(a);
        return p;
      };
      const ptdf = put64(cfg.ptdf), lmin = put64(cfg.lineMin), lmax = put64(cfg.lineMax), flows = put64(cfg.flows);
      const island = put32(cfg.busIsland), zone = put32(cfg.busZone);
      const fees = ex.alloc(Math.max(cfg.fees.length, 1) * L.FEE_BYTES);
      const fv = new DataView(ex.memory.buffer, fees, Math.max(cfg.fees.length, 1) * L.FEE_BYTES);
      cfg.fees.forEach((f, i) => {
        fv.setBigInt64(i * 32, f.constTicks, true);
        fv.setBigInt64(i * 32 + 8, f.ppm, true);
        fv.setFloat64(i * 32 + 16, f.rate, true);
        fv.setInt32(i * 32 + 24, f.fromZone, true);
        fv.setInt32(i * 32 + 28, f.toZone, true);
      });
      const h = new BigInt64Array(ex.memory.buffer, c, L.C_SLOTS);
      const tradeCap = 2 * capacity + 64;
      h[L.C_CAPACITY] = BigInt(capacity);
      h[L.C_PRICE_FLOOR] = cfg.floorTicks;
      h[L.C_PRICE_CAP] = cfg.capTicks;
      h[L.C_QTY_MAX] = cfg.maxQtyTicks;
      h[L.C_BUSES] = BigInt(cfg.buses);
      h[L.C_LINES] = BigInt(cfg.lines);
      h[L.C_QTY_SCALE] = 10n ** BigInt(cfg.quantityDecimals);
      h[L.C_PTDF] = BigInt(ptdf);
      h[L.C_LINE_MIN] = BigInt(lmin);
      h[L.C_LINE_MAX] = BigInt(lmax);
      h[L.C_FLOW] = BigInt(flows);
      h[L.C_BUS_ISLAND] = BigInt(island);
      h[L.C_BUS_ZONE] = BigInt(zone);
      h[L.C_FEES] = BigInt(cfg.fees.length);
      h[L.C_FEE_TABLE] = BigInt(fees);
      h[L.C_TRADE_CAP] = BigInt(tradeCap);
      h[L.C_HASH] = cfg.hash ? 1n : 0n;
      h[L.C_SCRATCH_BYTES] = BigInt(Math.max(CHUNK * BATCH_EVENT_BYTES, L.SNAP_HEADER_BYTES + 8 * cfg.lines + L.ORDER_BYTES * capacity));
      ex.bookInit(c);
      const out = new BigInt64Array(ex.memory.buffer, c, L.C_SLOTS);
      this.capacity = capacity;
      this.tradeCap = tradeCap;
      this.trades = Number(out[L.C_OUT_TRADES]);
      this.notes = Number(out[L.C_OUT_NOTES]);
      this.scratch = Number(out[L.C_OUT_SCRATCH]);
      this.digest = Number(out[L.C_OUT_DIGEST]);
      const io = Number(out[L.C_OUT_IO]);
      this.buf = ex.memory.buffer;
      this.io64 = new BigInt64Array(this.buf, io, L.IO_SLOTS);
      this.io32 = new Int32Array(this.buf, io, L.IO_SLOTS * 2);
    } catch (e) {
      if (e instanceof GridclearError) throw e;
      throw new GridclearError('TOO_MANY_ORDERS', `the book's Wasm memory cannot hold ${capacity} orders`);
    }
  }

  /** Writes an i64 I/O slot from a safe integer without a BigInt. */
  set(slot: number, v: number): void {
    this.io32[2 * slot] = v | 0;
    this.io32[2 * slot + 1] = Math.floor(v / 4294967296);
  }

  /** Reads an i64 I/O slot as a number (exact below 2^53). */
  get(slot: number): number {
    return (this.io32[2 * slot] >>> 0) + this.io32[2 * slot + 1] * 4294967296;
  }

  /** The snapshot of the current state (a copy) and its digest bytes. */
  save(): { bytes: Uint8Array; digest: Uint8Array } {
    this.ex.bookSave();
    const n = this.get(L.S_BYTES);
    return {
      bytes: new Uint8Array(this.buf, this.scratch, n).slice(),
      digest: new Uint8Array(this.buf, this.digest + 32, 32).slice(),
    };
  }

  /** Loads a snapshot into a freshly set-up book; returns the core's status. */
  restore(bytes: Uint8Array): number {
    new Uint8Array(this.buf, this.scratch, bytes.length).set(bytes);
    this.set(L.S_BYTES, bytes.length);
    return this.ex.bookRestore();
  }

  /**
   * BLAKE3 of `bytes` (keyed with the 32-byte `key` if given) computed by the core's hasher, for
   * the tests against the official vectors (at most the scratch's size; the book is untouched).
   */
  hash(bytes: Uint8Array, key?: Uint8Array): Uint8Array {
    new Uint8Array(this.buf, this.scratch, bytes.length).set(bytes);
    if (key) new Uint8Array(this.buf, this.digest + 32, 32).set(key);
    this.ex.bookHash(bytes.length, key ? 1 : 0);
    return new Uint8Array(this.buf, this.digest + 32, 32).slice();
  }

  /** The running digest as bytes (a view). */
  digestBytes(): Uint8Array {
    return new Uint8Array(this.buf, this.digest, 32);
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lowercase hex of bytes. */
export function hex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]];
  return s;
}
