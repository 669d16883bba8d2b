// Command-line arguments of `gridclear`, parsed with node:util parseArgs (no dependency).
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A problem with the command line itself (exit code 64, EX_USAGE of sysexits.h). */
export class UsageError extends Error {
  constructor(message: string, readonly command?: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options that choose how a MATPOWER case is imported (clear and convert). */
const IMPORT_OPTIONS: Options = {
  name: { type: 'string' },
  'price-decimals': { type: 'string' },
  'quantity-decimals': { type: 'string' },
  'price-cap': { type: 'string' },
  'price-floor': { type: 'string' },
};

/** The options each command accepts. */
export const COMMAND_OPTIONS: Record<string, Options> = {
  clear: {
    json: { type: 'boolean' },
    mechanism: { type: 'string' },
    k: { type: 'string' },
    'tie-rule': { type: 'string' },
    'pay-as-bid-price': { type: 'string' },
    out: { type: 'string', short: 'o' },
    'out-dir': { type: 'string' },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    ...IMPORT_OPTIONS,
  },
  verify: {
    help: { type: 'boolean', short: 'h' },
    ...IMPORT_OPTIONS,
  },
  convert: {
    out: { type: 'string', short: 'o' },
    help: { type: 'boolean', short: 'h' },
    ...IMPORT_OPTIONS,
  },
  // Queue commands (src/cli/queue.ts): parsed there, listed here for `gridclear help`.
  worker: {
    redis: { type: 'string' },
    queue: { type: 'string' },
    threads: { type: 'string' },
    concurrency: { type: 'string' },
    'grace-ms': { type: 'string' },
    'lock-ms': { type: 'string' },
    'stalled-ms': { type: 'string' },
    'result-ttl': { type: 'string' },
    'connect-attempts': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  submit: {
    redis: { type: 'string' },
    queue: { type: 'string' },
    'out-dir': { type: 'string' },
    'no-wait': { type: 'boolean' },
    'per-job': { type: 'string' },
    mechanism: { type: 'string' },
    k: { type: 'string' },
    'tie-rule': { type: 'string' },
    'pay-as-bid-price': { type: 'string' },
    'connect-attempts': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  book: {
    out: { type: 'string', short: 'o' },
    network: { type: 'string' },
    'skip-invalid': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    ...IMPORT_OPTIONS,
  },
};

/** What the command line asks for. */
export interface Invocation {
  command: 'clear' | 'convert' | 'verify' | 'book' | 'help' | 'version';
  /** The command whose help is asked for (`gridclear help clear`, `gridclear clear --help`). */
  helpFor?: string;
  file?: string;
  /** `verify`: the case file, then the result file. */
  files?: string[];
  values: Record<string, string | boolean | undefined>;
}

/** Reads argv (without node and the script) into an Invocation, or throws UsageError. */
export function parseInvocation(argv: string[]): Invocation {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h') return { command: 'help', values: {} };
  if (first === '--version' || first === '-v') return { command: 'version', values: {} };
  if (first === 'help') {
    if (rest[0] !== undefined && !(rest[0] in COMMAND_OPTIONS)) throw new UsageError(`unknown command "${rest[0]}"`);
    return { command: 'help', helpFor: rest[0], values: {} };
  }
  if (first.startsWith('-')) throw new UsageError(`unknown option "${first}" (commands come first: gridclear <command> ...)`);
  if (!(first in COMMAND_OPTIONS)) throw new UsageError(`unknown command "${first}"`);
  const command = first as 'clear' | 'convert' | 'verify' | 'book';
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: COMMAND_OPTIONS[command], allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.split(/\.\s|\n/)[0], command);
  }
  const values = parsed.values as Invocation['values'];
  if (values.help) return { command: 'help', helpFor: command, values: {} };
  if (command === 'verify') {
    if (parsed.positionals.length !== 2) {
      throw new UsageError(`verify takes a case file and a result file, got ${parsed.positionals.length} files`, command);
    }
    return { command, files: parsed.positionals, values };
  }
  if (command === 'clear' && values['out-dir'] !== undefined && parsed.positionals.length >= 1) {
    return { command, files: parsed.positionals, values };
  }
  if (parsed.positionals.length !== 1) {
    const many = command === 'clear' && parsed.positionals.length > 1 ? ' (several with --out-dir DIR)' : '';
    throw new UsageError(`${command} takes exactly one case file${many}, got ${parsed.positionals.length}`, command);
  }
  return { command, file: parsed.positionals[0], values };
}

/** The value of a string option that must be one of `allowed`, or undefined when not given. */
export function choice<T extends string>(values: Invocation['values'], flag: string, allowed: readonly T[]): T | undefined {
  const v = values[flag];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got "${String(v)}"`);
  }
  return v as T;
}

/** The value of --k: a decimal in [0, 1]. */
export function kOption(values: Invocation['values']): string | undefined {
  const v = values.k;
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^(?:0|1)?(?:\.\d+)?$/.test(v) || v === '' || v === '.' || Number(v) > 1) {
    throw new UsageError(`--k must be a decimal in [0, 1], got "${String(v)}"`);
  }
  return v;
}

/** The value of an integer option such as --price-decimals. */
export function intOption(values: Invocation['values'], flag: string): number | undefined {
  const v = values[flag];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^\d+$/.test(v)) throw new UsageError(`--${flag} must be a non-negative integer, got "${String(v)}"`);
  return Number(v);
}
