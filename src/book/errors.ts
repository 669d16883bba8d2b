// The book core's status codes as GridclearErrors.
import { GridclearError, type ErrorDetail } from '../errors.js';
import * as L from './layout.js';

const FIELDS = ['', 'type', 'side', 'tif', 'price/quantity (modify)', 'participant', 'expires', 'id'];

/** A GridclearError for a rejected event (the book is unchanged). */
export function bookError(status: number, field: number, detail: ErrorDetail): GridclearError {
  const f = FIELDS[field] ?? '';
  switch (status) {
    case L.BOOK_UNKNOWN_ORDER: return new GridclearError('UNKNOWN_ORDER', 'no resting order has this id', { ...detail, field: 'id' });
    case L.BOOK_DUPLICATE_ID: return new GridclearError('DUPLICATE_ID', 'an order with this id is resting', { ...detail, field: 'id' });
    case L.BOOK_PRICE_RANGE: return new GridclearError('PRICE_OUT_OF_RANGE', 'price outside [priceFloor, priceCap]', { ...detail, field: 'price' });
    case L.BOOK_QUANTITY: return new GridclearError('NON_POSITIVE_QUANTITY', 'quantity must be > 0 and at most maxQuantity', { ...detail, field: 'quantity' });
    case L.BOOK_NOT_OWNER: return new GridclearError('NOT_OWNER', 'the order belongs to another participant', { ...detail, field: 'participant' });
    case L.BOOK_TIME: return new GridclearError('OUT_OF_ORDER', "the event's time is before the previous event's", { ...detail, field: 'time' });
    case L.BOOK_BUS: return new GridclearError('UNKNOWN_BUS', 'bus index out of range', { ...detail, field: 'bus' });
    case L.BOOK_BAD_FIELD:
      if (f === 'side') return new GridclearError('UNKNOWN_SIDE', 'side must be buy (0) or sell (1)', { ...detail, field: f });
      return new GridclearError('INVALID_ORDER', `invalid ${f}` + (f === 'expires' ? ' (gtt orders need expires > time; others none)' : f === 'tif' ? ' (market orders are ioc or fok)' : ''), { ...detail, field: f });
    case L.BOOK_SNAPSHOT: return new GridclearError('INVALID_SNAPSHOT', 'the snapshot does not fit this book', detail);
    default: return new GridclearError('INTERNAL', `book core status ${status}`, detail);
  }
}
