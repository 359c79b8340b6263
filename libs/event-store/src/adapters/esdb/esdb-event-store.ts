/**
 * The event store port on EventStoreDB 24.x / KurrentDB (ADR 0001), through @eventstore/db-client 6
 * over gRPC. Production adapter; the same contract suite as the embedded and in-memory adapters
 * runs against a real server (esdb-event-store.spec.ts, testcontainers).
 *
 * - Positions: the port's global position is the commit position (see esdb-mapping.ts and
 *   docs/eventstoredb.md). `readAll` from a position is inclusive in EventStoreDB, so the event at
 *   exactly that position is skipped; `subscribeToAll` is already exclusive.
 * - EventStoreDB's own events (`$`-prefixed streams or types: projections' links, metadata,
 *   statistics) never reach the caller.
 * - Idempotence is EventStoreDB's: re-appending the same event ids at the same expected revision
 *   writes nothing and returns the original revision.
 */
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type JSONType,
  type Position,
} from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../../event-store.errors';
import {
  matchesFilter,
  type AppendOptions,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type GlobalPosition,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamRevision,
  type SubscribeToAllOptions,
  type Subscription,
  type SubscriptionMessage,
} from '../../event-store.port';
import { validateAppend } from '../shared/append-validation';
import {
  isSystemEvent,
  mapEsdbError,
  serverFilterFor,
  toEsdbExpectedRevision,
  toEsdbMetadata,
  toEsdbReadPosition,
  toEsdbReadRevision,
  toGlobalPosition,
  toRecordedEvent,
} from './esdb-mapping';

export class EsdbEventStore implements EventStore {
  readonly kind = 'esdb';
  private readonly subscriptions = new Set<EsdbSubscription>();
  private closed = false;

  /** Takes an already configured client (custom credentials, certificates); `connect` is the usual way in. */
  constructor(private readonly client: EventStoreDBClient) {}

  /**
   * Connects with a connection string such as `esdb://localhost:2113?tls=false` and checks that
   * the server answers (EventStoreUnavailableError otherwise).
   */
  static async connect(connectionString: string): Promise<EsdbEventStore> {
    const client = EventStoreDBClient.connectionString(connectionString);
    try {
      const probe = client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
      for await (const _ of probe) {
        // one event at most: reaching the server is all that is checked
      }
    } catch (error) {
      await client.dispose().catch(() => undefined);
      throw mapEsdbError(error);
    }
    return new EsdbEventStore(client);
  }

  async appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    this.assertOpen();
    const expected = options?.expectedRevision;
    const batch = validateAppend(streamName, events, expected);
    const esdbEvents = batch.map((e) =>
      jsonEvent({
        id: e.id,
        type: e.type,
        // Parsed from the validated JSON text: exactly what will be read back.
        data: JSON.parse(e.data) as JSONType,
        metadata: toEsdbMetadata(JSON.parse(e.metadata) as EventMetadata),
      }),
    );
    try {
      const result = await this.client.appendToStream(streamName, esdbEvents, {
        expectedRevision: toEsdbExpectedRevision(expected),
      });
      const revision = result.nextExpectedRevision;
      // A one-event append's commit position is that event's position. For a batch (or an
      // idempotent retry answered without a position) read the last event back: exact, whatever
      // the server reports for multi-event writes.
      const position =
        batch.length === 1 && result.position !== undefined
          ? result.position.commit
          : await this.positionOfRevision(streamName, revision);
      return { nextExpectedRevision: revision, position };
    } catch (error) {
      throw mapEsdbError(error, { streamName, expectedRevision: expected });
    }
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const direction = options.direction ?? 'forwards';
    const max = options.maxCount === undefined ? undefined : Math.max(0, options.maxCount);
    const read = this.client.readStream(streamName, {
      direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
      fromRevision: toEsdbReadRevision(options.fromRevision, direction),
      // maxCount 0 still reads one event so that a missing stream is reported as missing.
      ...(max === undefined ? {} : { maxCount: Math.max(1, max) }),
      resolveLinkTos: false,
    });
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of read) {
        if (resolved.event) events.push(toRecordedEvent(resolved.event));
      }
    } catch (error) {
      throw mapEsdbError(error, { streamName });
    }
    return max === undefined ? events : events.slice(0, max);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncGenerator<RecordedEvent, void, undefined> {
    this.assertOpen();
    const from = options.fromPosition ?? 'start';
    const max = options.maxCount ?? Number.POSITIVE_INFINITY;
    if (max <= 0) return;
    const read = this.client.readAll({
      direction: FORWARDS,
      fromPosition: toEsdbReadPosition(from),
      resolveLinkTos: false,
    });
    let delivered = 0;
    try {
      for await (const resolved of read as AsyncIterable<AllStreamResolvedEvent>) {
        const event = resolved.event;
        if (!event || isSystemEvent(event.streamId, event.type)) continue;
        const position = toGlobalPosition(event.position, event.id);
        // EventStoreDB reads $all from a position inclusively; the port's fromPosition is exclusive.
        if (from !== 'start' && position <= from) continue;
        if (!matchesFilter(options.filter, event.streamId, event.type)) continue;
        yield toRecordedEvent(event);
        delivered += 1;
        if (delivered >= max) return;
      }
    } catch (error) {
      throw mapEsdbError(error);
    } finally {
      await read.cancel().catch(() => undefined);
    }
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    this.assertOpen();
    const subscription = new EsdbSubscription(this.client, options, (ended) => this.subscriptions.delete(ended));
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<GlobalPosition | null> {
    this.assertOpen();
    try {
      return await readHeadPosition(this.client);
    } catch (error) {
      throw mapEsdbError(error);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.unsubscribe()));
    await this.client.dispose();
  }

  private async positionOfRevision(streamName: string, revision: StreamRevision): Promise<GlobalPosition> {
    const read = this.client.readStream(streamName, {
      direction: FORWARDS,
      fromRevision: revision,
      maxCount: 1,
      resolveLinkTos: false,
    });
    for await (const resolved of read) {
      if (resolved.event) return toGlobalPosition(resolved.event.position, resolved.event.id);
    }
    throw new Error(`EventStoreDB reported revision ${revision} of "${streamName}" as written, but it cannot be read`);
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('the EventStoreDB event store is closed');
  }
}

/** Commit position of the last non-system event in $all, null when there is none. */
async function readHeadPosition(client: EventStoreDBClient): Promise<GlobalPosition | null> {
  const read = client.readAll({ direction: BACKWARDS, fromPosition: END, resolveLinkTos: false });
  try {
    for await (const resolved of read as AsyncIterable<AllStreamResolvedEvent>) {
      const event = resolved.event;
      if (event && !isSystemEvent(event.streamId, event.type)) return toGlobalPosition(event.position, event.id);
    }
    return null;
  } finally {
    await read.cancel().catch(() => undefined);
  }
}

/** Above this many undelivered messages the gRPC subscription is paused (backpressure). */
export const SUBSCRIPTION_HIGH_WATER = 256;
const LOW_WATER = 64;

/**
 * Catch-up then live subscription to $all. Messages are queued in order; `caught-up` is emitted
 * once, on the first of:
 *  - the server's caughtUp signal (EventStoreDB 23.10+; the v6 client emits a `caughtUp` event),
 *  - the fallback for older servers: every event up to the head position read when the
 *    subscription started has been delivered (seen directly, or through a filtered
 *    subscription's checkpoint beyond it), or there was nothing after `fromPosition`.
 * The client emits `caughtUp` and checkpoints as side events while earlier events may still sit
 * in its readable buffer, so that buffer is drained into the queue first: order is preserved.
 */
class EsdbSubscription implements Subscription {
  private readonly queue: SubscriptionMessage[] = [];
  private readonly from: GlobalPosition | 'start';
  private source: AllStreamSubscription | null = null;
  private head: GlobalPosition | null = null;
  /** Highest non-system position seen (delivered or filtered out). */
  private scanned: GlobalPosition | null = null;
  private caughtUp = false;
  private paused = false;
  private stopped = false;
  private failure: { readonly error: unknown } | null = null;
  private wake: (() => void) | null = null;
  private iterator: AsyncGenerator<SubscriptionMessage, void, undefined> | null = null;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: SubscribeToAllOptions,
    private readonly onEnd: (subscription: EsdbSubscription) => void,
  ) {
    this.from = options.fromPosition ?? 'start';
    void this.start();
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    this.iterator ??= this.run();
    return this.iterator;
  }

  async unsubscribe(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.queue.length = 0;
    this.signal();
    this.onEnd(this);
    await this.source?.unsubscribe().catch(() => undefined);
  }

  private async start(): Promise<void> {
    try {
      const head = await readHeadPosition(this.client);
      if (this.stopped) return;
      this.head = head;
      if (head === null || (this.from !== 'start' && head <= this.from)) this.markCaughtUp();
      const source = this.client.subscribeToAll({
        fromPosition: toEsdbReadPosition(this.from),
        resolveLinkTos: false,
        filter: {
          ...serverFilterFor(this.options.filter),
          checkpointReached: (_subscription: AllStreamSubscription, position: Position) =>
            this.onCheckpoint(position),
        },
      });
      this.source = source;
      source.on('data', (resolved: AllStreamResolvedEvent) => this.onEvent(resolved));
      source.on('caughtUp', () => {
        this.drainSourceBuffer();
        this.markCaughtUp();
      });
      source.on('error', (error: Error) => this.fail(mapEsdbError(error)));
      source.on('end', () => this.fail(new EventStoreUnavailableError('EventStoreDB ended the $all subscription')));
    } catch (error) {
      this.fail(mapEsdbError(error));
    }
  }

  private onEvent(resolved: AllStreamResolvedEvent): void {
    if (this.stopped || this.failure) return;
    const event = resolved.event;
    if (!event || isSystemEvent(event.streamId, event.type)) return;
    try {
      const position = toGlobalPosition(event.position, event.id);
      if (this.from !== 'start' && position <= this.from) return;
      if (this.scanned === null || position > this.scanned) this.scanned = position;
      if (matchesFilter(this.options.filter, event.streamId, event.type)) {
        this.push({ kind: 'event', event: toRecordedEvent(event) });
      }
      if (this.head !== null && position >= this.head) this.markCaughtUp();
    } catch (error) {
      this.fail(error);
    }
  }

  private onCheckpoint(position: Position): void {
    this.drainSourceBuffer();
    if (this.head !== null && position.commit > this.head) this.markCaughtUp();
  }

  /** Hands every event the client has already buffered to `onEvent` (read() emits 'data'). */
  private drainSourceBuffer(): void {
    const source = this.source;
    if (!source) return;
    while (!this.stopped && source.readableLength > 0 && source.read() !== null) {
      // each read() re-emits the chunk as 'data', handled by onEvent
    }
  }

  private markCaughtUp(): void {
    if (this.caughtUp) return;
    this.caughtUp = true;
    const candidates = [this.scanned, this.head, this.from === 'start' ? null : this.from].filter(
      (p): p is GlobalPosition => p !== null,
    );
    const position = candidates.length === 0 ? null : candidates.reduce((a, b) => (a > b ? a : b));
    this.push({ kind: 'caught-up', position });
  }

  private push(message: SubscriptionMessage): void {
    if (this.stopped) return;
    this.queue.push(message);
    if (!this.paused && this.queue.length >= SUBSCRIPTION_HIGH_WATER && this.source) {
      this.paused = true;
      this.source.pause();
    }
    this.signal();
  }

  private fail(error: unknown): void {
    if (this.stopped || this.failure) return;
    this.failure = { error };
    this.signal();
    void this.source?.unsubscribe().catch(() => undefined);
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private async *run(): AsyncGenerator<SubscriptionMessage, void, undefined> {
    try {
      while (true) {
        const message = this.queue.shift();
        if (message !== undefined) {
          if (this.paused && this.queue.length <= LOW_WATER) {
            this.paused = false;
            this.source?.resume();
          }
          yield message;
          continue;
        }
        if (this.stopped) return;
        if (this.failure) throw this.failure.error;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
      }
    } finally {
      await this.unsubscribe();
    }
  }
}
