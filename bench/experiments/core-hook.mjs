// For the core-only experiments (auction-split.mjs, auction-core-ab.mjs): wraps every Wasm instance
// made after this import so that its `auctionClear` export records the instance's raw exports and
// the header address of its last call; `lastAuctionCall()` gives them, to call the entry point again
// on the inputs that call left in memory (no copies in or out). Import before the package.
const Native = WebAssembly.Instance;
let lastEx = null, lastH = 0;
WebAssembly.Instance = class extends Native {
  constructor(m, i) { super(m, i); const raw = super.exports; const ex = { ...raw };
    ex.auctionClear = (h) => { lastEx = raw; lastH = h; return raw.auctionClear(h); }; this._ex = ex; }
  get exports() { return this._ex; }
};

/** The raw exports and header address of the last auctionClear call: { ex, h }. */
export const lastAuctionCall = () => ({ ex: lastEx, h: lastH });
