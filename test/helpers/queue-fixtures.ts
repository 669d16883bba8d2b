// Markets and worker processes for the queue tests: seeded market-case/1 texts (copper plate with
// ties, and a few networks), and `gridclear worker` processes of the built CLI (dist/cli.cjs).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clearMarketText, parseMarketCase } from '../../src/index.js';
import { digestOfText } from '../../src/queue/jobs.js';
import { ROOT } from './shared.js';
import { rng as prng } from './rng.js';

export const CLI = join(ROOT, 'dist/cli.cjs');
export const WORKER_SCRIPT = join(ROOT, 'dist/worker.node.cjs');

/**
 * `count` market-case/1 texts of `orders` orders each (prices on few levels, so ties are common);
 * every 50th is the three-bus network example with its orders' quantities varied (nodal path).
 */
export function marketTexts(count: number, orders: number, seed: number): string[] {
  const net = JSON.parse(readFileSync(join(ROOT, 'examples/markets/three-bus-loop.json'), 'utf8')) as {
    name?: string; orders: { quantity: string }[];
  };
  const rnd = prng(seed);
  return Array.from({ length: count }, (_, i) => {
    if (i % 50 === 49) {
      const m = structuredClone(net);
      m.name = `net-${seed}-${i}`;
      for (const o of m.orders) o.quantity = (Number(o.quantity) * (0.5 + rnd())).toFixed(3);
      return JSON.stringify(m);
    }
    const n = 2 + Math.floor(rnd() * (orders - 1));
    const os = Array.from({ length: n }, (_, k) => {
      const buy = rnd() < 0.5;
      const price = (buy ? 40 : 30) + Math.floor(rnd() * 8) * 2.5;
      return { id: `o${k}`, side: buy ? 'buy' : 'sell', price: price.toFixed(2), quantity: (1 + Math.floor(rnd() * 5000) / 1000).toFixed(3) };
    });
    return JSON.stringify({ format: 'market-case/1', name: `m-${seed}-${i}`, priceDecimals: 2, quantityDecimals: 3, orders: os });
  });
}

/** The serial answer: clearMarketText of each text in this process, and its digest. */
export function serialResults(texts: readonly string[]): { text: string; digest: string }[] {
  return texts.map((t) => {
    const text = clearMarketText(parseMarketCase(t));
    return { text, digest: digestOfText(text) };
  });
}

/** A `gridclear worker` process and what it wrote on stderr. */
export interface WorkerProcess {
  proc: ChildProcess;
  stderr(): string;
  /** Resolves once it takes jobs. */
  ready: Promise<void>;
  /** Resolves with [code, signal] when it exits. */
  exited: Promise<[number | null, NodeJS.Signals | null]>;
  /** Jobs completed, from its "stopped:" line (after a graceful exit). */
  completed(): number;
}

/** Starts `node dist/cli.cjs worker --redis url ...args`. */
export function startWorkerProcess(url: string, args: string[]): WorkerProcess {
  const proc = spawn(process.execPath, [CLI, 'worker', '--redis', url, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  let onReady!: () => void, onFail!: (e: Error) => void;
  const ready = new Promise<void>((resolve, reject) => { onReady = resolve; onFail = reject; });
  ready.catch(() => {});
  proc.stderr!.setEncoding('utf8');
  proc.stderr!.on('data', (d: string) => {
    err += d;
    if (err.includes('clearing jobs of queue')) onReady();
  });
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => proc.once('exit', (c, s) => {
    onFail(new Error(`gridclear worker exited (${c ?? s}) before taking jobs:\n${err}`));
    resolve([c, s]);
  }));
  return {
    proc, ready, exited,
    stderr: () => err,
    completed: () => Number(/stopped: (\d+) completed/.exec(err)?.[1] ?? NaN),
  };
}
