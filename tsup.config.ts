import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library: one neutral bundle per format, the Wasm bytes inlined (src/wasm/binary.generated.ts),
    // so it loads in Node (ESM and CJS), browsers and workers with no bundler configuration.
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    platform: 'neutral',
    target: 'es2022',
    dts: true,
    sourcemap: true,
    clean: true,
    treeshake: true,
    noExternal: ['@assemblyscript/loader'],
    external: ['decimal.js'],
  },
  {
    // The command line: Node only.
    entry: { cli: 'src/cli/main.ts' },
    format: ['cjs'],
    platform: 'node',
    target: 'node18',
    sourcemap: true,
    noExternal: ['@assemblyscript/loader'],
    banner: { js: '#!/usr/bin/env node' },
  },
]);
