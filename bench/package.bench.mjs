// The package as users download it: `npm pack` size and the largest files (bench/results/package.md).
// Run by `npm run bench` after the build; packs with --ignore-scripts (dist/ is already built).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmtBytes, mdTable, writeSection, benchArgs } from './lib/harness.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { quick } = benchArgs();
const tmp = mkdtempSync(join(tmpdir(), 'gridclear-pack-'));
try {
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: ROOT, encoding: 'utf8' });
  const info = JSON.parse(out.slice(out.indexOf('[')))[0];
  const biggest = [...info.files].sort((a, b) => b.size - a.size).slice(0, 8);
  writeSection('package', [
    '## Package',
    '',
    `\`npm pack\` of ${info.filename}: **${fmtBytes(info.size)}** packed, ${fmtBytes(info.unpackedSize)} unpacked, ` +
      `${info.files.length} files (dist/, README.md, LICENSE, package.json; the Wasm core is inlined as base64 in ` +
      'each bundle; source maps of the library bundles included). No runtime dependency.',
    '',
    mdTable(['largest files', 'bytes'], biggest.map((f) => [`\`${f.path}\``, fmtBytes(f.size)])),
  ].join('\n'), { quick });
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
