// `gridclear worker` and `gridclear submit`: clearing on a Redis queue (gridclear/queue, BullMQ).
// Asynchronous, unlike the other commands; bullmq is loaded only when one of these runs.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { AuctionOptions, Mechanism, PayAsBidPrice, TieRule } from '../auction/types.js';
import { isGridclearError } from '../errors.js';
import { importMatpower } from '../io/matpower.js';
import { writeMarketCase } from '../io/marketCase.js';
import type { JobOutcome, SubmittedJob } from '../queue/index.js';
import { choice, COMMAND_OPTIONS, kOption, UsageError } from './args.js';
import { FileError, type Output } from './commands.js';
import { COMMAND_HELP } from './help.js';

/** The commands this file runs. */
export const QUEUE_COMMANDS = ['worker', 'submit'] as const;

/** Exit code when Redis cannot be reached (EX_UNAVAILABLE of sysexits.h). */
export const EXIT_UNAVAILABLE = 69;

type Values = Record<string, string | boolean | undefined>;

function parse(command: 'worker' | 'submit', argv: string[]): { values: Values; files: string[] } {
  try {
    const p = parseArgs({ args: argv, options: COMMAND_OPTIONS[command], allowPositionals: true, strict: true });
    return { values: p.values as Values, files: p.positionals };
  } catch (e) {
    throw new UsageError((e as Error).message.split(/\.\s|\n/)[0], command);
  }
}

function positive(values: Values, flag: string, min = 1): number | undefined {
  const v = values[flag];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^\d+$/.test(v) || Number(v) < min) {
    throw new UsageError(`--${flag} must be an integer >= ${min}, got "${String(v)}"`);
  }
  return Number(v);
}

function redisUrl(values: Values, command: string): string {
  const url = values.redis ?? process.env.GRIDCLEAR_REDIS;
  if (typeof url !== 'string' || url === '') throw new UsageError('--redis <url> is required (or GRIDCLEAR_REDIS)', command);
  return url;
}

/** The common connection options of both commands. */
function common(values: Values, command: string) {
  return {
    redis: redisUrl(values, command),
    queue: typeof values.queue === 'string' ? values.queue : undefined,
    connectAttempts: positive(values, 'connect-attempts'),
  };
}

/** gridclear/queue, or a usage error saying so when the optional peer bullmq is not installed. */
async function loadQueue(command: string): Promise<typeof import('../queue/index.js')> {
  try {
    return await import('../queue/index.js');
  } catch (e) {
    if ((e as { code?: string }).code === 'MODULE_NOT_FOUND' && /bullmq|ioredis/.test((e as Error).message)) {
      throw new UsageError(`${command} needs the bullmq package beside gridclear: npm install bullmq`, command);
    }
    throw e;
  }
}

/** `gridclear worker`: clears jobs until SIGTERM/SIGINT (then finishes or returns the jobs in hand). */
async function runWorker(argv: string[], out: Output): Promise<number> {
  const { values, files } = parse('worker', argv);
  if (files.length > 0) throw new UsageError(`worker takes no files, got ${files.length}`, 'worker');
  const { startQueueWorker } = await loadQueue('worker');
  const graceMs = positive(values, 'grace-ms', 0) ?? 30_000;
  let lastError = '';
  const worker = await startQueueWorker({
    ...common(values, 'worker'),
    threads: positive(values, 'threads'),
    concurrency: positive(values, 'concurrency'),
    lockDurationMs: positive(values, 'lock-ms'),
    stalledIntervalMs: positive(values, 'stalled-ms'),
    resultTtlSeconds: positive(values, 'result-ttl'),
    workerScript: typeof __dirname === 'string' ? join(__dirname, 'worker.node.cjs') : undefined,
    onError: (e) => {
      // Each connection reports a lost Redis; say it once per change.
      if (e.message !== lastError) out.stderr(`gridclear worker: ${e.message}\n`);
      lastError = e.message;
    },
  });
  out.stderr(`gridclear worker: clearing jobs of queue ${typeof values.queue === 'string' ? values.queue : 'gridclear'}`
    + ` with ${worker.threads} threads, ${worker.concurrency} jobs at once (pid ${process.pid})\n`);
  let signals = 0;
  const onSignal = (signal: string) => {
    if (++signals === 1) {
      out.stderr(`gridclear worker: ${signal}: finishing the jobs in hand (${graceMs} ms at most), taking no more\n`);
      void worker.close({ graceMs });
    } else {
      out.stderr(`gridclear worker: ${signal} again: returning the jobs in hand to the queue\n`);
      worker.returnActiveJobs();
    }
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    await worker.done;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    const s = worker.stats;
    out.stderr(`gridclear worker: stopped: ${s.completed} completed, ${s.failed} failed, ${s.returned} returned to the queue\n`);
  }
  return 0;
}

function readCase(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new FileError(`cannot read ${JSON.stringify(file)}: ${(e as Error).message}`);
  }
  const ext = extname(file).toLowerCase();
  const matpower = ext === '.m' || ext !== '.json' && !/^\s*[{[]/.test(text);
  return matpower ? writeMarketCase(importMatpower(text)) : text;
}

function auctionOptions(values: Values): AuctionOptions | undefined {
  const o: AuctionOptions = {};
  const mechanism = choice<Mechanism>(values, 'mechanism', ['uniform', 'pay-as-bid', 'trade-reduction']);
  const tieRule = choice<TieRule>(values, 'tie-rule', ['pro-rata', 'time-priority']);
  const payAsBidPrice = choice<PayAsBidPrice>(values, 'pay-as-bid-price', ['midpoint', 'bid', 'ask']);
  const k = kOption(values);
  if (mechanism !== undefined) o.mechanism = mechanism;
  if (tieRule !== undefined) o.tieRule = tieRule;
  if (payAsBidPrice !== undefined) o.payAsBidPrice = payAsBidPrice;
  if (k !== undefined) o.k = k;
  return Object.keys(o).length > 0 ? o : undefined;
}

/** `<dir>/<file name without .json/.m>.result.json`. */
function resultPath(dir: string, file: string): string {
  return join(dir, `${basename(file).replace(/\.(json|m)$/i, '')}.result.json`);
}

function errorLine(e: Error): string {
  const code = isGridclearError(e) ? e.code : (e as Error & { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${e.message}` : e.message;
}

/** `gridclear submit`: queues files; writes each result as it comes (or leaves them in Redis). */
async function runSubmit(argv: string[], out: Output): Promise<number> {
  const { values, files } = parse('submit', argv);
  if (files.length === 0) throw new UsageError('submit takes one or more case files', 'submit');
  const outDir = typeof values['out-dir'] === 'string' ? values['out-dir'] : undefined;
  const options = auctionOptions(values);
  const texts = files.map(readCase);
  const { connectQueue } = await loadQueue('submit');
  const client = await connectQueue(common(values, 'submit'));
  try {
    const jobs = await client.submitMany(texts, { options, labels: files, perJob: positive(values, 'per-job') });
    out.stderr(`gridclear submit: queued ${jobs.length} market${jobs.length === 1 ? '' : 's'}\n`);
    if (values['no-wait']) {
      for (const j of jobs) out.stdout(`${j.jobId}  ${j.label}\n`);
      return 0;
    }
    if (outDir) mkdirSync(outDir, { recursive: true });
    return await collect(client.results(jobs, { text: outDir !== undefined }), jobs, outDir, out);
  } finally {
    await client.close();
  }
}

/** Writes each outcome as it arrives, with progress on stderr about once a second. */
async function collect(stream: AsyncIterable<JobOutcome>, jobs: SubmittedJob[], outDir: string | undefined, out: Output): Promise<number> {
  const t0 = Date.now();
  let done = 0, failed = 0, last = t0;
  const progress = () => {
    const s = (Date.now() - t0) / 1000;
    out.stderr(`gridclear submit: ${done}/${jobs.length} done, ${failed} failed, ${s.toFixed(1)} s (${(done / Math.max(s, 1e-3)).toFixed(0)} markets/s)\n`);
  };
  for await (const o of stream) {
    done++;
    if (o.ok) {
      if (outDir && typeof o.text === 'string') writeFileSync(resultPath(outDir, o.label!), o.text);
      out.stdout(`${o.digest}  ${o.label}\n`);
    } else {
      failed++;
      out.stderr(`gridclear: ${o.label}: ${errorLine(o.error)}\n`);
    }
    if (Date.now() - last >= 1000) { last = Date.now(); progress(); }
  }
  progress();
  return failed > 0 ? 2 : 0;
}

/** Runs `worker` or `submit`; resolves to the exit code. Errors go to `report` of main.ts. */
export async function runQueueCommand(argv: string[], out: Output): Promise<number> {
  const [command, ...rest] = argv;
  if (rest.includes('--help') || rest.includes('-h')) {
    out.stdout(COMMAND_HELP[command]);
    return 0;
  }
  return command === 'worker' ? runWorker(rest, out) : runSubmit(rest, out);
}
