// Finds Debian's Chromium for the browser test, installing it with apt-get when it is missing
// (the machines of this project are fresh Debian images where the test runs as root).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

/** The flags the page is tested with: headless, no sandbox (root), nothing phoning home. */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

function apt(args: string[], timeoutMs: number): void {
  execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=180', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: timeoutMs,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** The path of a working chromium, or an Error saying why there is none. */
export function ensureChromium(): string | Error {
  const errors: string[] = [];
  for (let attempt = 1; attempt <= 2 && !existsSync(CHROMIUM); attempt++) {
    try {
      if (typeof process.getuid === 'function' && process.getuid() !== 0) throw new Error('not root: run `apt-get install -y chromium` once by hand');
      console.warn(`test/browser: ${CHROMIUM} is missing, installing Debian's chromium (attempt ${attempt})`);
      apt(['update'], 180_000);
      apt(['install', '-y', 'chromium'], 240_000);
    } catch (e) {
      const err = e as { stderr?: Buffer; message: string };
      errors.push(`${err.message}\n${err.stderr?.toString().slice(-2000) ?? ''}`);
      if (errors.at(-1)!.startsWith('not root')) break;
    }
  }
  if (!existsSync(CHROMIUM)) return new Error(`no chromium at ${CHROMIUM}: ${errors.join('\n---\n') || 'unknown reason'}`);
  try {
    execFileSync(CHROMIUM, ['--version'], { stdio: 'pipe', timeout: 30_000 });
  } catch (e) {
    return new Error(`${CHROMIUM} does not run: ${(e as Error).message}`);
  }
  return CHROMIUM;
}
