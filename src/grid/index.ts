// Grid API (owned by the grid work).
export {};
