// Auction entry points (owned by the auction work).
export function auctionPlaceholder(): i32 { return 0; }
