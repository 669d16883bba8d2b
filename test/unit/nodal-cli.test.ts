// What `gridclear verify <case> <result.json>` runs: the io readers, verify, formatVerifyReport.
import { SPEC_EXAMPLES } from '../helpers/shared.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMarketCase } from '../../src/io/marketCase.js';
import { parseClearingResult } from '../../src/io/result.js';
import { formatVerifyReport, verify } from '../../src/settle/index.js';

const EX = SPEC_EXAMPLES;

function verifyFiles(caseText: string, resultText: string): { ok: boolean; text: string } {
  const report = verify(parseMarketCase(caseText), parseClearingResult(resultText));
  return { ok: report.ok, text: formatVerifyReport(report) };
}

describe('verify from files', () => {
  const caseText = readFileSync(`${EX}/two-bus.json`, 'utf8');
  const resultText = readFileSync(`${EX}/two-bus.result.json`, 'utf8');
  it('accepts the spec example', () => {
    expect(verifyFiles(caseText, resultText)).toEqual({ ok: true, text: expect.stringMatching(/^OK/) });
  });
  it('prints one FAIL line per failed check', () => {
    const bad = resultText.replace('"B": "40.0000"', '"B": "41.0000"');
    const r = verifyFiles(caseText, bad);
    expect(r.ok).toBe(false);
    expect(r.text.split('\n').filter(Boolean).map((l) => l.split(':')[0])).toEqual([
      'FAIL digest', 'FAIL consistency [s2]', 'FAIL congestionRent', 'FAIL priceRelation [B]',
    ]);
  });
});
