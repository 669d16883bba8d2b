// The Wasm boundary as TypeScript sees it: generated from assembly/abi.ts by
// scripts/build-wasm.mjs (src/wasm/abi.generated.ts, git-ignored like the binary).
export * from './abi.generated.js';
