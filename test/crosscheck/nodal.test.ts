// clearNodal against HiGHS on the same LP (B-theta formulation), and verify() on every result.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { crossCheck } from '../helpers/nodalCheck.js';
import { nodalMarketArb } from '../helpers/nodalArb.js';

describe('nodal vs HiGHS', () => {
  it('random small networks: same LP optimum, results verify', async () => {
    await fc.assert(fc.asyncProperty(nodalMarketArb(), async (m) => { await crossCheck(m); }), { numRuns: 400 });
  });
});
