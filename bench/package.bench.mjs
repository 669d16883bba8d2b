// The package as users download it: `npm pack` size and the largest files, and what the main
// entry costs in a browser bundle: esbuild (minified, tree-shaken, platform browser) of
// `import * as gc from 'gridclear'` and of single functions, raw and gzipped
// (bench/results/package.md). Run by `npm run bench` after the build; packs with --ignore-scripts.
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmtBytes, mdTable, writeSection, benchArgs } from './lib/harness.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { quick } = benchArgs();
/** Bytes of a minified browser bundle of `code` (which imports 'gridclear', resolved to dist/index.js), raw and gzipped. */
async function bundleSize(code) {
  const out = await build({
    stdin: { contents: code, resolveDir: ROOT, loader: 'js' }, bundle: true, minify: true, write: false,
    format: 'esm', platform: 'browser', target: 'es2022', alias: { gridclear: join(ROOT, 'dist/index.js') }, logLevel: 'silent',
  });
  const bytes = out.outputFiles[0].contents;
  return { raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
}

const BUNDLES = [
  ['`import * as gc from \'gridclear\'` (everything)', "import * as gc from 'gridclear'; globalThis.gc = gc;"],
  ['`import { clearMarket }` (clearing, the core inlined)', "import { clearMarket } from 'gridclear'; globalThis.f = clearMarket;"],
  ['`import { formatTicks }` (one helper, no core)', "import { formatTicks } from 'gridclear'; globalThis.f = formatTicks;"],
  ['`import { parseMarketCase }` (reading files, no core)', "import { parseMarketCase } from 'gridclear'; globalThis.f = parseMarketCase;"],
];
const sizes = [];
for (const [what, code] of BUNDLES) {
  const { raw, gz } = await bundleSize(code);
  sizes.push([what, fmtBytes(raw), fmtBytes(gz)]);
}

const tmp = mkdtempSync(join(tmpdir(), 'gridclear-pack-'));
try {
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: ROOT, encoding: 'utf8' });
  const info = JSON.parse(out.slice(out.indexOf('[')))[0];
  const biggest = [...info.files].sort((a, b) => b.size - a.size).slice(0, 8);
  writeSection('package', [
    '## Package',
    '',
    `\`npm pack\` of ${info.filename}: **${fmtBytes(info.size)}** packed, ${fmtBytes(info.unpackedSize)} unpacked, ` +
      `${info.files.length} files (dist/, README.md, CHANGELOG.md, LICENSE, package.json; the Wasm core is inlined as base64 in ` +
      'each bundle; source maps of the library bundles included). No runtime dependency.',
    '',
    mdTable(['largest files', 'bytes'], biggest.map((f) => [`\`${f.path}\``, fmtBytes(f.size)])),
    '',
    '### In a browser bundle',
    '',
    'esbuild 0.27 (`bundle`, `minify`, `platform: browser`, `format: esm`) of a module that imports the main entry ' +
      '(`dist/index.js`, `sideEffects: false`): what an application pays. The Wasm core (44 KiB of base64, about half ' +
      'of a clearing bundle) comes with any clearing function; helpers that do not clear leave it out. No runtime ' +
      'dependency (before, decimal.js came with every import: `formatTicks` alone cost 34 KB).',
    '',
    mdTable(['import', 'minified', 'minified + gzip'], sizes),
  ].join('\n'), { quick });
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
