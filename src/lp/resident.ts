// The resident LP engine's own instances of the Wasm core. An LpEngine keeps its LP loaded between
// solves (the scaled matrix, its scale factors and row-wise copy, the basis, its factors and the
// dual steepest-edge weights: assembly/lp/entry.ts lpResolve), so it needs memory that no other
// gridclear call resets: each engine takes an instance of its own (as an OrderBook does), whose
// memory is the largest LP the engine loaded. dispose() hands the instance back; one spare
// instance (of at most SPARE_BYTES) is kept for the next engine, the others are dropped to the
// garbage collector. An engine the caller forgets to dispose is collected as any object is, and its
// instance is handed back then (FinalizationRegistry).
import { GridclearError } from '../errors.js';
import { Arena, type CoreExports, wasmModule } from '../wasm/engine.js';
import { ABI_VERSION } from '../wasm/abi.js';

/** Instances of disposed engines kept for the next engines. */
const MAX_SPARE = 1;
/** A disposed engine's instance is kept only when its memory is at most this large. */
const SPARE_BYTES = 256 * 1024 * 1024;
const spare: CoreExports[] = [];

function instantiate(): CoreExports {
  const imports = {
    env: {
      abort(_msg: number, _file: number, line: number, col: number): never {
        throw new GridclearError('INTERNAL', `Wasm core aborted at ${line}:${col}`);
      },
    },
  };
  const ex = new WebAssembly.Instance(wasmModule(), imports).exports as unknown as CoreExports;
  if (ex.abiVersion() !== ABI_VERSION) throw new GridclearError('INTERNAL', `Wasm ABI ${ex.abiVersion()} does not match ${ABI_VERSION}`);
  return ex;
}

/** An arena over an instance of the core of its own (a spare one when there is one). */
export function residentArena(): Arena {
  return new Arena(spare.pop() ?? instantiate());
}

/** Hands an engine's instance back: kept as the spare when there is room, else left to the garbage collector. */
export function releaseArena(a: Arena): void {
  a.ex.reset();
  if (spare.length < MAX_SPARE && a.ex.memory.buffer.byteLength <= SPARE_BYTES) spare.push(a.ex);
}

/** Engines collected without dispose() hand their instance back too. */
export const forgotten = new FinalizationRegistry<Arena>(releaseArena);
