/**
 * Pure translations between the event store port and the EventStoreDB client
 * (@eventstore/db-client 6), kept apart from the adapter so they are unit-tested without a server.
 *
 * Positions (docs/eventstoredb.md): the port's global position is EventStoreDB's *commit*
 * position. Every event the ledger writes is an implicitly committed prepare record (one gRPC
 * append = prepares flagged IsCommitted, no separate commit record), whose $all position is
 * {commit: logPosition, prepare: logPosition}; so a port position p is turned back into
 * {commit: p, prepare: p} to read or subscribe from it.
 */
import {
  ANY,
  END,
  ErrorType,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  eventTypeFilter,
  excludeSystemEvents,
  isCommandError,
  streamNameFilter,
  type AppendExpectedRevision,
  type Filter,
  type Position,
  type ReadPosition,
  type ReadRevision,
  type RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import {
  EventStoreUnavailableError,
  InvalidAppendError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../../event-store.errors';
import type {
  EventMetadata,
  ExpectedRevision,
  GlobalPosition,
  Json,
  RecordedEvent,
  StreamRevision,
  SubscriptionFilter,
} from '../../event-store.port';

/** Metadata keys EventStoreDB's system projections read ($by_correlation_id, $bc-<id> streams). */
export const ESDB_CORRELATION_ID = '$correlationId';
export const ESDB_CAUSATION_ID = '$causationId';

function unreachable(value: never, what: string): never {
  throw new Error(`unexpected ${what}: ${String(value)}`);
}

export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (typeof expected === 'bigint') return expected;
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return unreachable(expected, 'expected revision');
  }
}

/** The port metadata as written: unchanged, plus `$correlationId` / `$causationId` copies. */
export function toEsdbMetadata(metadata: EventMetadata): Record<string, Json | undefined> {
  return {
    ...metadata,
    [ESDB_CORRELATION_ID]: metadata.correlationId,
    [ESDB_CAUSATION_ID]: metadata.causationId,
  };
}

/** The stored metadata read back as port metadata: the two `$` copies removed. */
export function fromEsdbMetadata(raw: unknown, eventId: string): EventMetadata {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || raw instanceof Uint8Array) {
    throw new Error(`EventStoreDB event ${eventId} has no JSON object metadata; it was not written by this ledger`);
  }
  const { [ESDB_CORRELATION_ID]: _correlation, [ESDB_CAUSATION_ID]: _causation, ...metadata } = raw as Record<
    string,
    unknown
  >;
  return metadata as EventMetadata;
}

/** Port position → where EventStoreDB should read $all from ('start', or {commit: p, prepare: p}). */
export function toEsdbReadPosition(position: GlobalPosition | 'start'): ReadPosition {
  if (position === 'start') return START;
  return { commit: position, prepare: position };
}

/** Port revision → EventStoreDB read revision; the default depends on the direction. */
export function toEsdbReadRevision(
  revision: StreamRevision | 'start' | 'end' | undefined,
  direction: 'forwards' | 'backwards',
): ReadRevision {
  if (revision === undefined) return direction === 'forwards' ? START : END;
  if (revision === 'start') return START;
  if (revision === 'end') return END;
  return revision;
}

/** EventStoreDB position → port position (the commit position). */
export function toGlobalPosition(position: Position | undefined, eventId: string): GlobalPosition {
  if (position === undefined) {
    throw new Error(
      `EventStoreDB returned event ${eventId} without a position: the ledger needs EventStoreDB 22.6 or later`,
    );
  }
  return position.commit;
}

/** Events of EventStoreDB itself: `$`-prefixed stream names ($ce-…, $$meta, $projections-…) or types ($>, $metadata…). */
export function isSystemEvent(streamName: string, type: string): boolean {
  return streamName.startsWith('$') || type.startsWith('$');
}

export function toRecordedEvent(event: EsdbRecordedEvent): RecordedEvent {
  if (!event.isJson) {
    throw new Error(`EventStoreDB event ${event.id} in "${event.streamId}" is binary; the ledger reads only JSON events`);
  }
  return {
    id: event.id,
    type: event.type,
    data: event.data as Json,
    metadata: fromEsdbMetadata(event.metadata, event.id),
    streamName: event.streamId,
    revision: event.revision,
    position: toGlobalPosition(event.position, event.id),
  };
}

/** .NET/JS-safe regex matching exactly one of the given event types. */
export function exactEventTypesRegex(types: readonly string[]): string {
  const escaped = types.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\${c}`));
  return `^(?:${escaped.join('|')})$`;
}

/**
 * EventStoreDB applies ONE server-side filter: stream-name prefixes if any, else the exact event
 * types, else "no system events". The adapter re-checks every event client-side (port filter and
 * system events), so the server filter only has to let through a superset.
 */
export function serverFilterFor(filter: SubscriptionFilter | undefined): Filter {
  if (filter?.streamNamePrefixes && filter.streamNamePrefixes.length > 0) {
    return streamNameFilter({ prefixes: [...filter.streamNamePrefixes] });
  }
  if (filter?.eventTypes && filter.eventTypes.length > 0) {
    return eventTypeFilter({ regex: exactEventTypesRegex(filter.eventTypes) });
  }
  return excludeSystemEvents();
}

const UNAVAILABLE_TYPES: ReadonlySet<string> = new Set([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.NOT_LEADER,
  ErrorType.CANCELLED,
]);
/** gRPC status codes of a raw (unconverted) service error that mean "cannot reach the store". */
const GRPC_UNAVAILABLE_CODES: ReadonlySet<number> = new Set([1 /* CANCELLED */, 4 /* DEADLINE_EXCEEDED */, 14 /* UNAVAILABLE */]);

export interface ErrorContext {
  readonly streamName?: string;
  readonly expectedRevision?: ExpectedRevision;
}

/**
 * EventStoreDB client error → port error. Unknown errors are returned unchanged (the caller
 * rethrows them): mapping never hides an error.
 */
export function mapEsdbError(error: unknown, context: ErrorContext = {}): unknown {
  if (!(error instanceof Error)) return error;
  if (isCommandError(error)) {
    switch (error.type) {
      case ErrorType.WRONG_EXPECTED_VERSION: {
        const actual = error.actualVersion;
        return new WrongExpectedRevisionError(
          context.streamName ?? error.streamName,
          context.expectedRevision ?? fromEsdbExpected(error.expectedVersion),
          typeof actual === 'bigint' && actual >= 0n ? actual : 'no_stream',
        );
      }
      case ErrorType.STREAM_NOT_FOUND:
        return new StreamNotFoundError(context.streamName ?? error.streamName);
      case ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED:
        return new InvalidAppendError(
          `append to "${context.streamName ?? '?'}" is larger than EventStoreDB's maximum append size (${error.maxAppendSize} bytes)`,
        );
      default:
        if (UNAVAILABLE_TYPES.has(error.type)) {
          return new EventStoreUnavailableError(`EventStoreDB is unavailable (${error.type}): ${error.message}`, error);
        }
        return error;
    }
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'number' && GRPC_UNAVAILABLE_CODES.has(code)) {
    return new EventStoreUnavailableError(`EventStoreDB is unavailable (gRPC status ${code}): ${error.message}`, error);
  }
  if (error.message.startsWith('Failed to discover')) {
    return new EventStoreUnavailableError(`EventStoreDB is unavailable: ${error.message}`, error);
  }
  return error;
}

function fromEsdbExpected(expected: AppendExpectedRevision): ExpectedRevision {
  if (typeof expected === 'bigint') return expected;
  switch (expected) {
    case NO_STREAM:
      return 'no_stream';
    case STREAM_EXISTS:
      return 'stream_exists';
    case ANY:
      return 'any';
    default:
      return unreachable(expected, 'EventStoreDB expected revision');
  }
}
