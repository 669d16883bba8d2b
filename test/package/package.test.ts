// The package as users get it: `npm pack` the built dist, install the tarball in a clean folder
// outside the repo, and there clear one market from an ESM script, a CommonJS script, a worker
// thread and the `gridclear/workers` pool (ESM and CJS): every digest must equal the in-process one.
// TypeScript consumers (ESM and CJS, strict) must type-check against the shipped .d.ts files.
// Needs `npm run build` first (as `npm test` does): it packs dist/ as it is, without rebuilding.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import { CONSUMER_CTS, CONSUMER_MTS, SCRIPTS, TSCONFIG } from './scripts.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MARKET_FILE = join(ROOT, 'test/package/fixtures/market.json');
const NETWORK_FILE = join(ROOT, 'examples/markets/three-bus-loop.json');

interface PackInfo {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

let tmp = '';
let consumer = '';
let pack: PackInfo;

function run(cmd: string, args: string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${err.stderr ?? ''}${err.stdout ?? ''}${err.message}`);
  }
}

/** The digest of a market file cleared in this process, from the sources. */
function inProcessDigest(file: string): string {
  return api.clearMarket(api.parseMarketCase(readFileSync(file, 'utf8'))).digest;
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/index.js')) || !existsSync(join(ROOT, 'dist/workers.js'))) {
    throw new Error('dist/ is missing: run `npm run build` before this test (npm test does)');
  }
  tmp = mkdtempSync(join(tmpdir(), 'gridclear-pack-'));
  const out = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], ROOT);
  pack = (JSON.parse(out.slice(out.indexOf('['))) as PackInfo[])[0];
  consumer = join(tmp, 'consumer');
  run('mkdir', ['-p', consumer], tmp);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }));
  run('npm', ['install', join(tmp, pack.filename), '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock'], consumer);
  for (const [name, text] of Object.entries(SCRIPTS)) writeFileSync(join(consumer, name), text);
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds only dist, README, CHANGELOG, LICENSE and package.json, with the notices of bundled code', () => {
    const paths = pack.files.map((f) => f.path);
    const stray = paths.filter((p) => !/^(dist\/.+|README\.md|CHANGELOG\.md|LICENSE|package\.json)$/.test(p));
    expect(stray).toEqual([]);
    for (const p of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/workers.js',
      'dist/workers.cjs', 'dist/worker.node.cjs', 'dist/workers.web.js', 'dist/worker.web.js', 'README.md', 'LICENSE',
      'CHANGELOG.md', 'dist/THIRD-PARTY-NOTICES.txt']) {
      expect(paths).toContain(p);
    }
    const notices = readFileSync(join(consumer, 'node_modules/gridclear/dist/THIRD-PARTY-NOTICES.txt'), 'utf8');
    expect(notices).toContain('Apache License');
    expect(notices).toContain('AssemblyScript');
    const installed = JSON.parse(readFileSync(join(consumer, 'node_modules/gridclear/package.json'), 'utf8'));
    expect(installed.repository?.url).toMatch(/^git\+https:/);
    expect(installed.dependencies ?? {}).toEqual({}); // no runtime dependency
  });

  it('loads by import, require, in a worker thread and through gridclear/workers', () => {
    for (const script of Object.keys(SCRIPTS).filter((s) => !s.startsWith('worker-body'))) {
      const line = run(process.execPath, [script, MARKET_FILE, 'load'], consumer).trim().split('\n').pop()!;
      const seen = JSON.parse(line) as { exports: string[]; wasm: number };
      expect(seen.wasm, script).toBeGreaterThan(0);
      expect(seen.exports, script).toContain(script.startsWith('pool') ? 'createPool' : 'parseMarketCase');
    }
  });

  it('clears the examples (copper plate and network) to the same digest everywhere', () => {
    for (const file of [MARKET_FILE, NETWORK_FILE]) {
      const expected = inProcessDigest(file);
      expect(expected).toMatch(/^sha256:[0-9a-f]{64}$/);
      for (const script of Object.keys(SCRIPTS).filter((s) => !s.startsWith('worker-body'))) {
        const line = run(process.execPath, [script, file, 'clear'], consumer).trim().split('\n').pop()!;
        expect({ script, file, digest: JSON.parse(line).digest }).toEqual({ script, file, digest: expected });
      }
    }
  });

  it('type-checks for strict TypeScript consumers (ESM and CJS)', () => {
    writeFileSync(join(consumer, 'tsconfig.json'), TSCONFIG);
    writeFileSync(join(consumer, 'consumer.mts'), CONSUMER_MTS);
    writeFileSync(join(consumer, 'consumer.cts'), CONSUMER_CTS);
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    expect(run(process.execPath, [tsc, '-p', 'tsconfig.json'], consumer)).toBe('');
  });

  it('rejects a wrong type in a consumer (the type check is real)', () => {
    writeFileSync(join(consumer, 'tsconfig.json'), TSCONFIG);
    writeFileSync(join(consumer, 'consumer.mts'), "import type { Market } from 'gridclear';\nexport const m: Market = { orders: 3 };\n");
    writeFileSync(join(consumer, 'consumer.cts'), 'export {};\n');
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    expect(() => run(process.execPath, [tsc, '-p', 'tsconfig.json'], consumer)).toThrow(/TS2322/);
  });
});
