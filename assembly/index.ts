// The exported entry points of the Wasm core, and nothing else.
// Memory discipline: the runtime is `stub` (a bump allocator). For every call the TypeScript side
// grows memory to fit (src/wasm/engine.ts, so a too-large input is a typed error, not a trap),
// allocates its columns with `alloc`, runs one entry point, copies the results out and calls
// `reset`: memory never grows across repeated clears beyond the largest single call.
import { ABI_VERSION } from "./abi";

export * from "./auction/entry";
export * from "./grid/entry";
export * from "./nodal/entry";
export * from "./book/entry";
export * from "./lp/entry";

/** The ABI version this module was built with. */
export function abiVersion(): i32 {
  return ABI_VERSION;
}

/** Allocates `size` bytes (16-byte aligned) in the per-call arena. */
export function alloc(size: usize): usize {
  return heap.alloc(size);
}

/** Frees everything allocated since the last reset. */
export function reset(): void {
  heap.reset();
}
