/**
 * The event store port, shaped after EventStoreDB (ADR 0001) so the real engine is a natural
 * fit: streams with revisions from 0, one global order ($all) with bigint positions,
 * expected-revision appends, idempotence by event id, catch-up subscriptions.
 */

/** Revision of the last event in a stream (0-based). */
export type StreamRevision = bigint;

/** Global position in $all. Embedded/memory: 1, 2, 3… with no gaps; EventStoreDB: commit position. */
export type GlobalPosition = bigint;

export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | StreamRevision;

/** JSON-compatible value (event data and metadata are stored as JSON). */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json | undefined };

/** A-1, T-3: metadata on every event. */
export interface EventMetadata {
  readonly correlationId: string;
  readonly causationId: string;
  /** Who issued the command (API key id, "cli:<user>", "system:importer" …). */
  readonly actor: string;
  readonly commandId: string;
  /** Business time (ISO-8601 instant) supplied by the caller. */
  readonly occurredAt: string;
  /** Record time (ISO-8601 instant), when the ledger appended it. */
  readonly recordedAt: string;
  readonly schemaVersion: number;
  readonly [key: string]: Json | undefined;
}

export interface EventToAppend {
  /** UUID. Appending an id already at that place in the stream is an idempotent no-op. */
  readonly id: string;
  readonly type: string;
  readonly data: Json;
  readonly metadata: EventMetadata;
}

export interface RecordedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: Json;
  readonly metadata: EventMetadata;
  readonly streamName: string;
  readonly revision: StreamRevision;
  readonly position: GlobalPosition;
}

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  readonly nextExpectedRevision: StreamRevision;
  /** Global position of the last event of the append. */
  readonly position: GlobalPosition;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive. Defaults to 'start' forwards and 'end' backwards. */
  readonly fromRevision?: StreamRevision | 'start' | 'end';
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. 'start' = from the beginning. */
  readonly fromPosition?: GlobalPosition | 'start';
  readonly maxCount?: number;
  readonly filter?: SubscriptionFilter;
}

export interface SubscriptionFilter {
  /** Keep events whose stream name starts with any of these prefixes. */
  readonly streamNamePrefixes?: readonly string[];
  /** Keep events whose type is one of these. */
  readonly eventTypes?: readonly string[];
}

export interface SubscribeToAllOptions {
  /** Exclusive, like EventStoreDB: the first event delivered is the one after this position. */
  readonly fromPosition?: GlobalPosition | 'start';
  readonly filter?: SubscriptionFilter;
}

export type SubscriptionMessage =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  /** Emitted once when the subscription has delivered every event that existed when it caught up. */
  | { readonly kind: 'caught-up'; readonly position: GlobalPosition | null };

export interface Subscription extends AsyncIterable<SubscriptionMessage> {
  /** Stops the subscription; the iterator then ends. */
  unsubscribe(): Promise<void>;
}

export interface EventStore {
  /** Which adapter this is: 'embedded' | 'esdb' | 'memory'. */
  readonly kind: string;
  /**
   * Appends atomically (all or nothing). Throws WrongExpectedRevisionError on a conflict.
   * If every event id is already in the stream at the place the expected revision says,
   * returns the original result and writes nothing (idempotent retry).
   */
  appendToStream(streamName: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult>;
  /** Throws StreamNotFoundError when the stream has no events. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Streams $all in global order; never loads the whole log into memory. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /** Catch-up then live subscription to $all. */
  subscribeToAll(options?: SubscribeToAllOptions): Subscription;
  /** Position of the last event in $all, or null when the log is empty. */
  headPosition(): Promise<GlobalPosition | null>;
  close(): Promise<void>;
}

export function matchesFilter(filter: SubscriptionFilter | undefined, streamName: string, type: string): boolean {
  if (!filter) return true;
  if (filter.eventTypes && filter.eventTypes.length > 0 && !filter.eventTypes.includes(type)) return false;
  if (
    filter.streamNamePrefixes &&
    filter.streamNamePrefixes.length > 0 &&
    !filter.streamNamePrefixes.some((p) => streamName.startsWith(p))
  ) {
    return false;
  }
  return true;
}

/** JSON replacer/reviver help: positions and revisions are bigint in code, strings in JSON. */
export function recordedEventToJson(e: RecordedEvent): Record<string, unknown> {
  return {
    id: e.id,
    type: e.type,
    streamName: e.streamName,
    revision: e.revision.toString(),
    position: e.position.toString(),
    data: e.data,
    metadata: e.metadata,
  };
}
