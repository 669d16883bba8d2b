import { it, expect } from 'vitest';
import { GridModel } from '../../src/grid/index.js';
it('smoke', () => {
  const g = GridModel.from({ baseMVA: 100, buses: [{ id: 'a' }, { id: 'b' }, { id: 'c' }], lines: [
    { id: '1', from: 'a', to: 'b', x: 0.1 }, { id: '2', from: 'b', to: 'c', x: 0.1 }, { id: '3', from: 'a', to: 'c', x: 0.2 }] });
  console.log(g.stats, g.flows({ a: 100, c: -100 }), g.ptdfDense());
});
