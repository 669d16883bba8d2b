import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clearNodal, nodalOutcome } from '../../src/nodal/index.js';
import { toClearingResult } from '../../src/io/result.js';
import type { Market } from '../../src/model/types.js';

const EX = '/work/shared/spec/examples';
const load = (f: string) => JSON.parse(readFileSync(`${EX}/${f}`, 'utf8'));

describe('nodal: spec example', () => {
  it('two-bus.json gives exactly two-bus.result.json', () => {
    const market = load('two-bus.json') as Market;
    const expected = load('two-bus.result.json');
    const r = clearNodal(market);
    const json = toClearingResult(nodalOutcome(r));
    expect(JSON.parse(JSON.stringify(json))).toEqual(expected);
  });
});
