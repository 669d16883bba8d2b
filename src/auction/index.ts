// Call auction API (owned by the auction work).
export type * from './types.js';
