import { readFileSync, writeFileSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

/**
 * dist/THIRD-PARTY-NOTICES.txt: the licence of the code compiled into every bundle's Wasm core
 * (the AssemblyScript standard library and `stub` runtime, Apache-2.0), with its NOTICE.
 */
async function writeNotices(): Promise<void> {
  const dir = 'node_modules/assemblyscript';
  const { version } = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')) as { version: string };
  writeFileSync('dist/THIRD-PARTY-NOTICES.txt', [
    'gridclear bundles no third-party JavaScript. Its WebAssembly core (inlined in every bundle) is',
    `compiled with AssemblyScript ${version} and contains code of its standard library and runtime:`,
    '',
    '=== AssemblyScript: NOTICE ===',
    readFileSync(`${dir}/NOTICE`, 'utf8').trimEnd(),
    '',
    '=== AssemblyScript: LICENSE ===',
    readFileSync(`${dir}/LICENSE`, 'utf8').trimEnd(),
    '',
  ].join('\n'));
}

/** The Node-only library entries (`gridclear/workers`, `gridclear/queue`): ESM and CJS with types. */
const nodeLibrary = {
  format: ['esm', 'cjs'],
  platform: 'node',
  target: 'node18',
  dts: true,
  shims: true,
  splitting: false,
  sourcemap: true,
} satisfies Options;

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
    onSuccess: writeNotices,
  },
  {
    // The command line: Node only. Minified: a fresh process parses the whole bundle before it
    // runs (about 40% less to parse; the source map keeps stack traces readable).
    entry: { cli: 'src/cli/main.ts' },
    format: ['cjs'],
    platform: 'node',
    target: 'node18',
    sourcemap: true,
    minify: true,
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    // `gridclear/workers` under Node: the pool (worker_threads; no engine on the calling thread)
    // and the worker script it starts, which bundles the engine.
    entry: { workers: 'src/workers/node.ts' },
    ...nodeLibrary,
  },
  {
    // `gridclear/queue` (Node only): the BullMQ producer and worker. bullmq and ioredis are optional
    // peer dependencies, left external; the worker's pool starts worker.node.cjs beside this file.
    entry: { queue: 'src/queue/index.ts' },
    ...nodeLibrary,
    external: ['bullmq', 'ioredis'],
  },
  {
    // No source map: the worker scripts repeat the engine (and its inlined Wasm) of dist/index.*.
    entry: { 'worker.node': 'src/workers/worker-node.ts' },
    format: ['cjs'],
    platform: 'node',
    target: 'node18',
    sourcemap: false,
  },
  {
    // `gridclear/workers` in browsers: the pool on module Web Workers, and a self-contained worker
    // module (the engine inlined).
    entry: { 'workers.web': 'src/workers/web.ts', 'worker.web': 'src/workers/worker-web.ts' },
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    dts: { entry: { 'workers.web': 'src/workers/web.ts' } },
    splitting: false,
    sourcemap: false,
  },
]);
