// verify never lies: every result the engine writes verifies (copper plate and network,
// price and quantity decimals 0..6, every mechanism), and every single mutation of a result
// that the contract makes invalid is rejected, even with its digest recomputed.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clearMarket } from '../../src/clear.js';
import { verify } from '../../src/settle/index.js';
import { edgeMarketArb } from '../helpers/edgeArb.js';
import { mutated, resultMutations } from '../helpers/mutations.js';
import type { AuctionOptions } from '../../src/auction/types.js';

const MECHANISMS: AuctionOptions[] = [{}, { mechanism: 'pay-as-bid' }, { mechanism: 'pay-as-bid', payAsBidPrice: 'bid' },
  { mechanism: 'trade-reduction' }, { tieRule: 'time-priority', k: 0.25 }];

describe('verify accepts every result the engine writes', () => {
  it('copper plates, every mechanism, decimals 0..6', () => {
    fc.assert(fc.property(edgeMarketArb(false), fc.nat(), (m, k) => {
      const options = MECHANISMS[k % MECHANISMS.length];
      const r = clearMarket(m, options);
      expect(verify(m, r).failures).toEqual([]);
    }), { numRuns: 300 });
  });
  it('networks (islands, binding lines, minFlow == maxFlow, infeasible), decimals 0..6', () => {
    fc.assert(fc.property(edgeMarketArb(true), (m) => {
      const r = clearMarket(m);
      expect(verify(m, r).failures).toEqual([]);
    }), { numRuns: 300 });
  });
});

describe('verify rejects every single mutation of a result, digest recomputed', () => {
  for (const network of [false, true]) {
    it(network ? 'networks' : 'copper plates', () => {
      fc.assert(fc.property(edgeMarketArb(network), fc.nat(), (m, pick) => {
        const r = clearMarket(m);
        if (r.status !== 'optimal') return;
        for (const mu of resultMutations(m, r, pick)) {
          const rep = verify(m, mutated(r, mu));
          expect(rep.ok, mu.name).toBe(false);
        }
      }), { numRuns: 200 });
    });
  }
});
