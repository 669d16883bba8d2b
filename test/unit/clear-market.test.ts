import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clearMarket, clearMarketText } from '../../src/clear.js';
import { writeClearingResult } from '../../src/io/result.js';
import { parseMarketCase } from '../../src/io/marketCase.js';
import { specExample } from '../helpers/shared.js';

const load = (name: string) => parseMarketCase(readFileSync(specExample(name), 'utf8'));

describe('clearMarket', () => {
  it('gives the spec result of the networked example, byte for byte in its fields and digest', () => {
    const expected = JSON.parse(readFileSync(specExample('two-bus.result.json'), 'utf8'));
    expect(clearMarket(load('two-bus.json'))).toEqual(expected);
  });
  it('clears a copper-plate market as a call auction with its options', () => {
    const r = clearMarket(load('copper-plate-tie.json'));
    expect(r.status).toBe('optimal');
    if (r.status !== 'optimal') return;
    expect(r.prices).toEqual({ '*': '25.00' });
    expect(r.welfare).toBe('85.00000');
    const tr = clearMarket(load('copper-plate-tie.json'), { mechanism: 'trade-reduction' });
    expect(tr.digest).not.toBe(r.digest);
  });
  it('clearMarketText is the file text of clearMarket, byte for byte, for every mechanism and a network', () => {
    const expected = readFileSync(specExample('two-bus.result.json'), 'utf8');
    expect(clearMarketText(load('two-bus.json'))).toBe(expected);
    for (const mechanism of ['uniform', 'pay-as-bid', 'trade-reduction'] as const) {
      const m = load('copper-plate-tie.json');
      expect(clearMarketText(m, { mechanism })).toBe(writeClearingResult(clearMarket(m, { mechanism })));
    }
  });
  it('refuses auction options on a networked market', () => {
    expect(() => clearMarket(load('two-bus.json'), { mechanism: 'pay-as-bid' })).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
  });
});
