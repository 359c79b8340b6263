/** Which events a feed or page request receives: start position, filters and partner scope. */
import type { GlobalPosition, RecordedEvent, SubscriptionFilter } from '@ledger/event-store';
import type { Principal } from '../auth/principal';
import { validationProblem } from '../errors/request-validation';
import type { FeedQueryDto } from './feed-query.dto';
import { isVisibleToPartner } from './partner-ids-of';
import { categoryOf } from './stream-category';

export interface FeedSelection {
  /** Exclusive. */
  readonly fromPosition: GlobalPosition | 'start';
  /** Coarse filter the store applies (types, stream-name prefixes). */
  readonly storeFilter: SubscriptionFilter | undefined;
  /** Exact check: category and partner scope. */
  accepts(event: RecordedEvent): boolean;
}

/** `lastEventId` (the SSE Last-Event-ID header) wins over `?from`: it is where a reconnect resumes. */
export function feedSelection(query: FeedQueryDto, principal: Principal, lastEventId?: string | string[]): FeedSelection {
  const fromPosition = startPosition(lastEventId, query.from);
  const types = list(query.types);
  const categories = list(query.categories);
  const partnerId = principal.role === 'partner' ? principal.partnerId : null;
  if (principal.role === 'partner' && !partnerId) throw new Error('partner key without a partnerId');
  return {
    fromPosition,
    storeFilter:
      types || categories ? { eventTypes: types ?? undefined, streamNamePrefixes: categories ?? undefined } : undefined,
    accepts: (event) =>
      (!types || types.includes(event.type)) &&
      (!categories || categories.includes(categoryOf(event.streamName))) &&
      (partnerId === null || isVisibleToPartner(event, partnerId)),
  };
}

function startPosition(lastEventId: string | string[] | undefined, from: string | undefined): GlobalPosition | 'start' {
  if (lastEventId !== undefined) {
    if (typeof lastEventId !== 'string' || !/^\d{1,20}$/.test(lastEventId)) {
      throw validationProblem(
        [{ field: 'Last-Event-ID', message: 'must be the id (global position) of a feed message' }],
        'The Last-Event-ID header is malformed',
      );
    }
    return BigInt(lastEventId);
  }
  return from === undefined || from === 'start' ? 'start' : BigInt(from);
}

function list(csv: string | undefined): string[] | null {
  return csv ? [...new Set(csv.split(','))] : null;
}
