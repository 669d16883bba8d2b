// Instantiates the Wasm core once and hands out per-call arenas over its memory.
// See ARCHITECTURE.md: TypeScript sizes every column of a call, grows memory once, allocates,
// writes the columns in one pass, calls one entry point, copies results out, resets the arena.
import { GridclearError } from '../errors.js';
import { ABI_VERSION, LAYOUT_HASH } from './abi.js';
import { WASM_BASE64 } from './binary.generated.js';

/** The raw exports of the core (see assembly/index.ts). */
export interface CoreExports {
  memory: WebAssembly.Memory;
  abiVersion(): number;
  alloc(size: number): number;
  reset(): void;
  [entry: string]: unknown;
}

/** Wasm32 address space; we keep a margin below 4 GiB. */
const MAX_MEMORY_BYTES = 4 * 1024 * 1024 * 1024 - 65536 * 16;

let cached: CoreExports | undefined;
let moduleCache: WebAssembly.Module | undefined;

function decodeBase64(text: string): Uint8Array {
  const bin = atob(text);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

function instantiate(module: WebAssembly.Module): CoreExports {
  const imports = {
    env: {
      abort(_msg: number, _file: number, line: number, col: number): never {
        throw new GridclearError('INTERNAL', `Wasm core aborted at ${line}:${col}`);
      },
    },
  };
  // The plain WebAssembly API: the core imports only `env.abort` (runtime `stub`, no strings).
  const exports = new WebAssembly.Instance(module, imports).exports as unknown as CoreExports;
  if (exports.abiVersion() !== ABI_VERSION) {
    throw new GridclearError('INTERNAL', `Wasm ABI ${exports.abiVersion()} does not match ${ABI_VERSION}`);
  }
  return exports;
}

/** A CompileError of the core as a GridclearError that says what the engine lacks. */
function compileFailed(e: unknown): GridclearError {
  return new GridclearError('UNSUPPORTED', 'this JavaScript engine cannot compile the gridclear core: it needs WebAssembly ' +
    `with SIMD (Node 16.4+, Chrome/Edge 91+, Firefox 89+, Safari 16.4+); ${e instanceof Error ? e.message : String(e)}`);
}

/**
 * Checks the layout hash that scripts/build-wasm.mjs stamps into the module (custom section
 * "gridclear.layout", FNV-1a of assembly/abi.ts's declarations) against the TypeScript copy's:
 * a module built from another boundary is an INTERNAL error, never misread memory.
 */
export function checkLayout(module: WebAssembly.Module): void {
  const sec = WebAssembly.Module.customSections(module, 'gridclear.layout');
  const got = sec.length === 1 && sec[0].byteLength === 4 ? new DataView(sec[0]).getUint32(0, true) : undefined;
  if (got !== LAYOUT_HASH) {
    throw new GridclearError('INTERNAL', `the Wasm core's boundary layout (${got === undefined ? 'none' : got.toString(16)}) ` +
      `does not match this build's (${LAYOUT_HASH.toString(16)}): rebuild with npm run build:wasm`);
  }
}

/** The compiled module, shared by every instance (workers can receive it by postMessage). */
export function wasmModule(): WebAssembly.Module {
  if (!moduleCache) {
    try {
      moduleCache = new WebAssembly.Module(decodeBase64(WASM_BASE64) as BufferSource);
    } catch (e) {
      throw compileFailed(e);
    }
    checkLayout(moduleCache);
  }
  return moduleCache;
}

/** The process-wide core instance, created on first use. */
export function core(): CoreExports {
  cached ??= instantiate(wasmModule());
  return cached;
}

/**
 * Compiles the module asynchronously (for browser main threads, where large synchronous
 * compiles may be refused) and makes it the process-wide instance. Optional elsewhere.
 */
export async function init(): Promise<void> {
  if (cached) return;
  if (!moduleCache) {
    try {
      moduleCache = await WebAssembly.compile(decodeBase64(WASM_BASE64) as BufferSource);
    } catch (e) {
      throw compileFailed(e);
    }
    checkLayout(moduleCache);
  }
  cached ??= instantiate(moduleCache);
}

/**
 * One call's memory: `reserve` the bytes every column needs (grows memory once, or throws
 * TOO_MANY_ORDERS), then `alloc` each column. Views must be taken after `reserve` and after any
 * call that may grow memory, since growth detaches the old ArrayBuffer.
 */
export class Arena {
  /** Keeps the instances' layout alive across full GCs: see ARCHITECTURE.md, "Per-call objects". */
  static anchor: Arena | undefined;
  readonly ex: CoreExports;
  constructor(ex: CoreExports = core()) {
    this.ex = ex;
    Arena.anchor ??= this;
  }

  /** Makes room for `bytes` more bytes in the arena (with per-column alignment slack). */
  reserve(bytes: number, columns = 64): void {
    const mem = this.ex.memory;
    const top = this.ex.alloc(0);
    const need = top + bytes + columns * 16 + 65536;
    if (!Number.isFinite(need) || need > MAX_MEMORY_BYTES) {
      throw new GridclearError('TOO_MANY_ORDERS', `the input needs ${bytes} bytes of Wasm memory, more than it can address`, {
        expected: `at most ${MAX_MEMORY_BYTES} bytes`,
      });
    }
    const have = mem.buffer.byteLength;
    if (need > have) {
      try {
        mem.grow(Math.ceil((need - have) / 65536));
      } catch {
        throw new GridclearError('TOO_MANY_ORDERS', `could not grow Wasm memory to ${need} bytes`);
      }
    }
  }

  /** Allocates `bytes` (16-byte aligned) and returns the address. Call `reserve` first. */
  alloc(bytes: number): number {
    return this.ex.alloc(bytes);
  }

  get buffer(): ArrayBuffer {
    return this.ex.memory.buffer;
  }

  i32(ptr: number, n: number): Int32Array { return new Int32Array(this.buffer, ptr, n); }
  u8(ptr: number, n: number): Uint8Array { return new Uint8Array(this.buffer, ptr, n); }
  u16(ptr: number, n: number): Uint16Array { return new Uint16Array(this.buffer, ptr, n); }
  i64(ptr: number, n: number): BigInt64Array { return new BigInt64Array(this.buffer, ptr, n); }
  f64(ptr: number, n: number): Float64Array { return new Float64Array(this.buffer, ptr, n); }
}

/**
 * Runs `fn` with a fresh arena and always resets it, so a failed call leaves the engine ready for
 * the next one. Not re-entrant (the core is single-threaded; use one engine per worker).
 */
export function withArena<T>(fn: (arena: Arena) => T): T {
  const ex = core();
  ex.reset();
  try {
    return fn(new Arena(ex));
  } finally {
    ex.reset();
  }
}
