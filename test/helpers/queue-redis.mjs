// A real redis-server for the queue tests and bench (no mocks): Debian's `redis-server` package,
// installed with apt-get when the binary is missing (the project's machines are fresh Debian
// images where tests run as root), started on a free loopback port in a temporary folder, with no
// persistence, and stopped afterwards. Plain JavaScript so bench/queue.bench.mjs can use it too.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_SERVER = '/usr/bin/redis-server';

function apt(args, timeoutMs) {
  execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=240', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: timeoutMs,
    // No questions (debconf), keep existing config files, never read stdin.
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive', NEEDRESTART_MODE: 'a' },
  });
}

/** The path of redis-server, installing Debian's package when missing; an Error saying why not. */
export function ensureRedisServer() {
  const errors = [];
  // First try without `apt-get update` (fast when the lists are fresh), then with it.
  for (const update of [false, true]) {
    if (existsSync(REDIS_SERVER)) break;
    try {
      if (typeof process.getuid === 'function' && process.getuid() !== 0) {
        throw new Error('not root: run `apt-get install -y redis-server` once by hand');
      }
      console.warn(`queue tests: ${REDIS_SERVER} is missing, installing Debian's redis-server${update ? ' (after apt-get update)' : ''}`);
      if (update) apt(['update'], 240_000);
      apt(['install', '-y', '--no-install-recommends', '-o', 'Dpkg::Options::=--force-confold', 'redis-server'], 300_000);
    } catch (e) {
      errors.push(`${e.message}\n${e.stderr?.toString().slice(-2000) ?? ''}`);
      if (errors.at(-1).startsWith('not root')) break;
    }
  }
  if (!existsSync(REDIS_SERVER)) return new Error(`no redis-server at ${REDIS_SERVER}: ${errors.join('\n---\n') || 'unknown reason'}`);
  return REDIS_SERVER;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** True when a PING on 127.0.0.1:port answers +PONG. */
function ping(port) {
  return new Promise((resolve) => {
    const c = createConnection({ host: '127.0.0.1', port });
    let got = '';
    const done = (ok) => { c.destroy(); resolve(ok); };
    c.setTimeout(1000, () => done(false));
    c.once('error', () => done(false));
    c.once('connect', () => c.write('PING\r\n'));
    c.on('data', (d) => { got += d; if (got.includes('\r\n')) done(got.startsWith('+PONG')); });
  });
}

/**
 * Starts redis-server on a free loopback port (no persistence, in a temporary folder) and waits
 * until it answers PING. Returns { url, port, pid, stop() }; stop() ends it and removes the folder.
 */
export async function startRedis(binary = REDIS_SERVER) {
  const dir = mkdtempSync(join(tmpdir(), 'gridclear-redis-'));
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(binary, [
      '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no',
      '--daemonize', 'no', '--protected-mode', 'yes', '--loglevel', 'warning', '--logfile', join(dir, 'redis.log'),
    ], { stdio: 'ignore' });
    let exited = false;
    child.once('exit', () => { exited = true; });
    const t0 = Date.now();
    while (!exited && Date.now() - t0 < 15_000) {
      if (await ping(port)) {
        const stop = async () => {
          if (!exited) {
            const gone = new Promise((r) => child.once('exit', r));
            child.kill('SIGTERM');
            await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
            if (!exited) child.kill('SIGKILL');
          }
          rmSync(dir, { recursive: true, force: true });
        };
        return { url: `redis://127.0.0.1:${port}`, port, pid: child.pid, stop };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!exited) child.kill('SIGKILL');
    if (attempt >= 3) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`redis-server did not answer on 127.0.0.1:${port} (3 attempts)`);
    }
  }
}
