// The book's event log as JSON lines: one event object per line (docs/formats.md, book-log/2).
import { GridclearError } from '../errors.js';
import type { BookEvent } from './types.js';

/** Parses a JSON-lines log: one event per non-empty line; a bad line is a PARSE_ERROR naming it. */
export function parseBookLog(text: string): BookEvent[] {
  const out: BookEvent[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const s = lines[i].trim();
    if (s === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(s);
    } catch (e) {
      throw new GridclearError('PARSE_ERROR', `line ${i + 1} is not JSON: ${(e as Error).message}`, { line: i + 1 });
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      throw new GridclearError('PARSE_ERROR', `line ${i + 1} is not an event object`, { line: i + 1 });
    }
    out.push(v as BookEvent);
  }
  return out;
}

/** One event as its JSON line (without the newline). */
export function eventToJson(e: BookEvent): string {
  return JSON.stringify(e);
}
