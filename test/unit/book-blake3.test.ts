// The book core's BLAKE3 (assembly/book/blake3.ts: the digest chain and snapshots of book-log/2)
// against the official test vectors (BLAKE3-team/BLAKE3 test_vectors/test_vectors.json: input
// byte i is i mod 251; the keyed_hash key is "whats the Elvish word for friend"; the first 32
// bytes of each output) and against @noble/hashes on random messages and keys.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { blake3 } from '@noble/hashes/blake3.js';
import { OrderBook } from '../../src/book/index.js';
import type { BookCore } from '../../src/book/core.js';

const VECTORS: [number, string, string][] = [
  [0, 'af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262', '92b2b75604ed3c761f9d6f62392c8a9227ad0ea3f09573e783f1498a4ed60d26'],
  [1, '2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213', '6d7878dfff2f485635d39013278ae14f1454b8c0a3a2d34bc1ab38228a80c95b'],
  [1023, '10108970eeda3eb932baac1428c7a2163b0e924c9a9e25b35bba72b28f70bd11', 'c951ecdf03288d0fcc96ee3413563d8a6d3589547f2c2fb36d9786470f1b9d6e'],
  [1024, '42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7', '75c46f6f3d9eb4f55ecaaee480db732e6c2105546f1e675003687c31719c7ba4'],
  [1025, 'd00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444', '357dc55de0c7e382c900fd6e320acc04146be01db6a8ce7210b7189bd664ea69'],
  [2048, 'e776b6028c7cd22a4d0ba182a8bf62205d2ef576467e838ed6f2529b85fba24a', '879cf1fa2ea0e79126cb1063617a05b6ad9d0b696d0d757cf053439f60a99dd1'],
  [2049, '5f4d72f40d7a5f82b15ca2b2e44b1de3c2ef86c426c95c1af0b6879522563030', '9f29700902f7c86e514ddc4df1e3049f258b2472b6dd5267f61bf13983b78dd5'],
  [3072, 'b98cb0ff3623be03326b373de6b9095218513e64f1ee2edd2525c7ad1e5cffd2', '044a0e7b172a312dc02a4c9a818c036ffa2776368d7f528268d2e6b5df191770'],
  [3073, '7124b49501012f81cc7f11ca069ec9226cecb8a2c850cfe644e327d22d3e1cd3', '68dede9bef00ba89e43f31a6825f4cf433389fedae75c04ee9f0cf16a427c95a'],
  [4096, '015094013f57a5277b59d8475c0501042c0b642e531b0a1c8f58d2163229e969', 'befc660aea2f1718884cd8deb9902811d332f4fc4a38cf7c7300d597a081bfc0'],
  [4097, '9b4052b38f1c5fc8b1f9ff7ac7b27cd242487b3d890d15c96a1c25b8aa0fb995', '00df940cd36bb9fa7cbbc3556744e0dbc8191401afe70520ba292ee3ca80abbc'],
  [5121, '628bd2cb2004694adaab7bbd778a25df25c47b9d4155a55f8fbd79f2fe154cff', '6ccf1c34753e7a044db80798ecd0782a8f76f33563accaddbfbb2e0ea4b2d024'],
  [6145, 'f1323a8631446cc50536a9f705ee5cb619424d46887f3c376c695b70e0f0507f', '9ac301e9e39e45e3250a7e3b3df701aa0fb6889fbd80eeecf28dbc6300fbc539'],
  [7169, 'a003fc7a51754a9b3c7fae0367ab3d782dccf28855a03d435f8cfe74605e7817', 'ed9b1a922c046fdb3d423ae34e143b05ca1bf28b710432857bf738bcedbfa511'],
];
const KEY = new TextEncoder().encode('whats the Elvish word for friend');
const hex = (u: Uint8Array) => Buffer.from(u).toString('hex');
const core = (): BookCore => (new OrderBook({ priceDecimals: 2, quantityDecimals: 3, priceFloor: '0', priceCap: '100' }) as unknown as { core: BookCore }).core;

describe('the book core\'s BLAKE3', () => {
  const c = core();
  for (const [len, hash, keyed] of VECTORS) {
    it(`official test vector, ${len} bytes: hash and keyed_hash`, () => {
      const input = Uint8Array.from({ length: len }, (_, i) => i % 251);
      expect(hex(c.hash(input))).toBe(hash);
      expect(hex(c.hash(input, KEY))).toBe(keyed);
    });
  }

  it('equals @noble/hashes on random messages (0..9000 bytes), keyed and plain', () => {
    fc.assert(fc.property(
      fc.uint8Array({ minLength: 0, maxLength: 9000 }), fc.option(fc.uint8Array({ minLength: 32, maxLength: 32 })),
      (msg, key) => {
        const got = key ? c.hash(msg, key) : c.hash(msg);
        expect(hex(got)).toBe(hex(key ? blake3(msg, { key }) : blake3(msg)));
      }), { numRuns: 300 });
  });
});
