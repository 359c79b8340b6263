/**
 * In-memory event store for fast unit tests (ADR 0001). Same semantics as the embedded store —
 * positions 1, 2, 3… with no gaps, 0-based revisions, expected-revision checks, idempotent
 * retries by event id, catch-up subscriptions — and it passes the same contract suite. Events
 * are stored as parsed copies of their JSON and deep-frozen (A-3: never updated).
 */
import { EventStoreUnavailableError, StreamNotFoundError, WrongExpectedRevisionError } from '../../event-store.errors';
import {
  matchesFilter,
  type AppendOptions,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type GlobalPosition,
  type Json,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToAllOptions,
  type Subscription,
  type SubscriptionFilter,
} from '../../event-store.port';
import { validateAppend } from '../shared/append-validation';
import { catchUpSubscription, pagedReadAll, PAGE_SIZE, type EventPage } from '../shared/catch-up-subscription';
import { revisionMatches } from '../shared/expected-revision';
import { resolveRetry } from '../shared/idempotent-retry';

export class MemoryEventStore implements EventStore {
  readonly kind = 'memory';
  /** $all: the event at position p is log[p - 1]. */
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly byId = new Map<string, RecordedEvent>();
  private readonly watchers = new Set<() => void>();
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  async appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    this.assertOpen();
    const expected = options?.expectedRevision;
    const batch = validateAppend(streamName, events, expected);
    const retry = resolveRetry(
      streamName,
      batch.map((e) => e.id),
      expected,
      batch.map((e) => this.byId.get(e.id)),
    );
    if (retry) return retry;
    const stream = this.streams.get(streamName);
    const current = stream ? BigInt(stream.length - 1) : undefined;
    if (!revisionMatches(expected, current)) {
      throw new WrongExpectedRevisionError(streamName, expected, current ?? 'no_stream');
    }
    const target = stream ?? [];
    this.streams.set(streamName, target);
    for (const e of batch) {
      const recorded: RecordedEvent = Object.freeze({
        id: e.id,
        type: e.type,
        data: deepFreeze(JSON.parse(e.data) as Json),
        metadata: deepFreeze(JSON.parse(e.metadata) as EventMetadata),
        streamName,
        revision: BigInt(target.length),
        position: BigInt(this.log.length + 1),
      });
      target.push(recorded);
      this.log.push(recorded);
      this.byId.set(recorded.id, recorded);
    }
    for (const wake of this.watchers) wake();
    const last = target[target.length - 1] as RecordedEvent;
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const stream = this.streams.get(streamName);
    if (!stream) throw new StreamNotFoundError(streamName);
    const max = options.maxCount ?? Number.POSITIVE_INFINITY;
    const out: RecordedEvent[] = [];
    if ((options.direction ?? 'forwards') === 'forwards') {
      const from = options.fromRevision ?? 'start';
      const start = from === 'start' ? 0 : from === 'end' ? stream.length : Number(from);
      for (let i = start; i < stream.length && out.length < max; i++) out.push(stream[i] as RecordedEvent);
    } else {
      const from = options.fromRevision ?? 'end';
      const start = from === 'end' ? stream.length - 1 : from === 'start' ? 0 : Math.min(Number(from), stream.length - 1);
      for (let i = start; i >= 0 && out.length < max; i--) out.push(stream[i] as RecordedEvent);
    }
    return out;
  }

  async *readAll(options: ReadAllOptions = {}): AsyncGenerator<RecordedEvent, void, undefined> {
    this.assertOpen();
    yield* pagedReadAll((after, limit, filter) => this.readPage(after, limit, filter), options);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    this.assertOpen();
    const subscription = catchUpSubscription(
      {
        readPage: (after, limit, filter) => this.readPage(after, limit, filter),
        watch: (wake) => {
          this.watchers.add(wake);
          return () => this.watchers.delete(wake);
        },
      },
      options,
      (ended) => this.subscriptions.delete(ended),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<GlobalPosition | null> {
    this.assertOpen();
    return this.log.length === 0 ? null : BigInt(this.log.length);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.unsubscribe()));
  }

  private readPage(after: GlobalPosition, limit: number, filter: SubscriptionFilter | undefined): EventPage {
    const start = after < 0n ? 0 : Number(after);
    const rows = this.log.slice(start, start + limit);
    return {
      events: rows.filter((e) => matchesFilter(filter, e.streamName, e.type)),
      lastPosition: rows.length === 0 ? null : (rows[rows.length - 1] as RecordedEvent).position,
      exhausted: rows.length < limit,
    };
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('the in-memory event store is closed');
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}
