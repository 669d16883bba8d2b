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
  {
    // `gridclear/workers` under Node: the pool (worker_threads; no engine on the calling thread)
    // and the worker script it starts, which bundles the engine.
    entry: { workers: 'src/workers/node.ts' },
    format: ['esm', 'cjs'],
    platform: 'node',
    target: 'node18',
    dts: true,
    shims: true,
    splitting: false,
    sourcemap: true,
  },
  {
    // `gridclear/queue` (Node only): the BullMQ producer and worker. bullmq and ioredis are optional
    // peer dependencies, left external; the worker's pool starts worker.node.cjs beside this file.
    entry: { queue: 'src/queue/index.ts' },
    format: ['esm', 'cjs'],
    platform: 'node',
    target: 'node18',
    dts: true,
    shims: true,
    splitting: false,
    sourcemap: true,
    external: ['bullmq', 'ioredis', 'decimal.js'],
  },
  {
    // No source map: the worker scripts repeat the engine (and its inlined Wasm) of dist/index.*.
    entry: { 'worker.node': 'src/workers/worker-node.ts' },
    format: ['cjs'],
    platform: 'node',
    target: 'node18',
    sourcemap: false,
    noExternal: ['@assemblyscript/loader'],
    external: ['decimal.js'],
  },
  {
    // `gridclear/workers` in browsers: the pool on module Web Workers, and a self-contained worker
    // module (engine and decimal.js inlined, since import maps do not reach into workers).
    entry: { 'workers.web': 'src/workers/web.ts', 'worker.web': 'src/workers/worker-web.ts' },
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    dts: { entry: { 'workers.web': 'src/workers/web.ts' } },
    splitting: false,
    sourcemap: false,
    noExternal: ['@assemblyscript/loader', 'decimal.js'],
  },
]);
