// `npm run docs` (TypeDoc) builds the API reference from the doc comments without warnings (type
// errors are `npm run typecheck`'s job, so TypeDoc skips them):
// every exported type it links to is exported too, and no doc link is broken.
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('the API reference (TypeDoc)', () => {
  it('builds from the doc comments with no warning', () => {
    const out = execFileSync(process.execPath, [join(ROOT, 'node_modules/typedoc/bin/typedoc'), '--emit', 'none', '--treatWarningsAsErrors'], {
      cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000,
    });
    expect(out).not.toMatch(/warning|error/i);
  });
});
