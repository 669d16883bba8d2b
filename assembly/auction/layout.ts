// The auction's header slots and option codes are declared with the rest of the Wasm boundary in
// assembly/abi.ts (one place, mirrored into TypeScript by the build).
export * from "../abi";
