// examples/node run as documented (they import 'gridclear' by name: the package's self-reference
// through its "exports", i.e. the built dist/). Needs `npm run build`.
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const node = (...args: string[]) => execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

describe('examples/node', () => {
  it('day-ahead.mjs clears 24 hours on workers, equal to serial clearing', () => {
    const out = node('examples/node/day-ahead.mjs');
    expect(out.match(/^hour-\d\d {2}price/gm)).toHaveLength(24);
    expect(out).toContain('every digest equals serial clearing');
  });

  it('require.cjs writes a clearing-result/1 file', () => {
    const result = JSON.parse(node('examples/node/require.cjs', 'examples/markets/neighbourhood-tie.json'));
    expect(result).toMatchObject({ format: 'clearing-result/1', status: 'optimal' });
    expect(result.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('require.cjs clears a networked market (nodal prices, lines) with the CLI\'s digest', () => {
    const file = 'examples/markets/three-bus-loop.json';
    const result = JSON.parse(node('examples/node/require.cjs', file));
    expect(Object.keys(result.lines ?? {}).length).toBeGreaterThan(0);
    expect(result.digest).toBe(JSON.parse(node('dist/cli.cjs', 'clear', file, '--json')).digest);
  });
});
