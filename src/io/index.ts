// File formats: market-case/1, clearing-result/1, digest, MATPOWER (owned by the io work).
export {};
