/**
 * EsdbEventStore's $all reading and subscription logic without a server: a fake client whose
 * streams are the REAL client's ReadStream / Subscription transforms (from @eventstore/db-client
 * 6), fed with gRPC-like responses. This pins what the contract suite cannot show where no
 * container runtime exists: system events never leak, fromPosition is exclusive although
 * EventStoreDB reads $all inclusively, and `caught-up` comes after every event the client had
 * already buffered, from the server's caughtUp signal or the head-position fallback.
 */
import { PassThrough } from 'node:stream';
import type {
  AllStreamResolvedEvent,
  EventStoreDBClient,
  ReadAllOptions as EsdbReadAllOptions,
  SubscribeToAllOptions as EsdbSubscribeToAllOptions,
} from '@eventstore/db-client';
import { ReadStream } from '@eventstore/db-client/dist/streams/utils/ReadStream';
import { Subscription as EsdbClientSubscription } from '@eventstore/db-client/dist/streams/utils/Subscription';
import { EventStoreUnavailableError } from '../../event-store.errors';
import type { EventMetadata, RecordedEvent, Subscription, SubscriptionMessage } from '../../event-store.port';
import { EsdbEventStore, SUBSCRIPTION_HIGH_WATER } from './esdb-event-store';
import { toEsdbMetadata } from './esdb-mapping';

const metadata: EventMetadata = {
  correlationId: 'c',
  causationId: 'c',
  actor: 'test:esdb-unit',
  commandId: 'cmd',
  occurredAt: '2026-01-01T00:00:00Z',
  recordedAt: '2026-01-01T00:00:00Z',
  schemaVersion: 1,
};

let nextId = 1;
function stored(streamId: string, type: string, position: bigint, revision = 0n): AllStreamResolvedEvent {
  const id = `00000000-0000-4000-8000-${String(nextId++).padStart(12, '0')}`;
  return {
    event: {
      streamId,
      id,
      isJson: true,
      revision,
      type,
      created: new Date(0),
      data: { at: position.toString() },
      metadata: streamId.startsWith('$') ? {} : toEsdbMetadata(metadata),
      position: { commit: position, prepare: position },
    },
    commitPosition: position,
  } as AllStreamResolvedEvent;
}

/** A gRPC call stand-in: an object stream the client's transforms pipe from. */
class FakeCall extends PassThrough {
  cancelled = false;
  constructor() {
    super({ objectMode: true });
  }
  cancel(): void {
    this.cancelled = true;
    this.end();
  }
  sendEvent(resolved: AllStreamResolvedEvent): void {
    this.write({ hasEvent: () => true, getEvent: () => resolved });
  }
  sendCaughtUp(): void {
    this.write({ hasCaughtUp: () => true });
  }
  sendCheckpoint(commit: bigint): void {
    this.write({
      hasCheckpoint: () => true,
      getCheckpoint: () => ({ getCommitPosition: () => commit.toString(), getPreparePosition: () => '0' }),
    });
  }
}

const identity = <T>(x: T): T => x;

/** The parts of the client EsdbEventStore uses for $all, over an in-memory log (system events included). */
class FakeClient {
  readonly reads: FakeCall[] = [];
  readonly subscriptions: { options: EsdbSubscribeToAllOptions; call: FakeCall }[] = [];
  constructor(readonly log: AllStreamResolvedEvent[]) {}

  readAll(options: EsdbReadAllOptions = {}): unknown {
    const call = new FakeCall();
    this.reads.push(call);
    const backwards = options.direction === 'backwards';
    const from = options.fromPosition ?? (backwards ? 'end' : 'start');
    const pos = (e: AllStreamResolvedEvent): bigint => e.event?.position.commit ?? 0n;
    let rows = backwards ? [...this.log].reverse() : [...this.log];
    // Like EventStoreDB: reading $all from a position includes the event at that position.
    if (typeof from === 'object') rows = rows.filter((e) => (backwards ? pos(e) <= from.commit : pos(e) >= from.commit));
    rows = rows.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER));
    for (const row of rows) call.sendEvent(row);
    call.end();
    return new ReadStream(async () => call as never, identity as never, {});
  }

  subscribeToAll(options: EsdbSubscribeToAllOptions = {}): unknown {
    const call = new FakeCall();
    this.subscriptions.push({ options, call });
    return new EsdbClientSubscription(async () => call as never, identity as never, {}, options.filter?.checkpointReached);
  }

  async dispose(): Promise<void> {}

  /** The gRPC call of the n-th subscription, once EsdbEventStore has opened it. */
  async subscriptionCall(n = 0): Promise<FakeCall> {
    for (let i = 0; i < 100 && this.subscriptions[n] === undefined; i++) await new Promise((r) => setImmediate(r));
    const opened = this.subscriptions[n];
    if (!opened) throw new Error(`subscription ${n} was never opened`);
    return opened.call;
  }
}

function storeOn(client: FakeClient): EsdbEventStore {
  return new EsdbEventStore(client as unknown as EventStoreDBClient);
}

async function toArray<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Reads `count` messages from a subscription. */
async function take(subscription: Subscription, count: number): Promise<SubscriptionMessage[]> {
  const out: SubscriptionMessage[] = [];
  const iterator = subscription[Symbol.asyncIterator]();
  while (out.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

const describeMessage = (m: SubscriptionMessage): string =>
  m.kind === 'event' ? `${m.event.streamName}@${m.event.position}` : `caught-up@${m.position}`;

// $all: user events at 100, 200, 300, 500 and EventStoreDB's own events around them.
const log = (): AllStreamResolvedEvent[] => [
  stored('$ce-a', '$>', 50n),
  stored('a-1', 'Opened', 100n),
  stored('$et-Opened', '$>', 150n),
  stored('b-1', 'Paid', 200n),
  stored('a-1', 'Closed', 300n, 1n),
  stored('$$a-1', '$metadata', 400n),
  stored('c-1', 'Paid', 500n),
  stored('$projections-$all', '$ProjectionUpdated', 600n),
  stored('$ce-c', '$>', 700n),
];

describe('EsdbEventStore $all over the client (fake server)', () => {
  it('readAll skips EventStoreDB system events and maps commit positions', async () => {
    const events = await toArray(storeOn(new FakeClient(log())).readAll());
    expect(events.map((e) => `${e.streamName}@${e.position}`)).toEqual(['a-1@100', 'b-1@200', 'a-1@300', 'c-1@500']);
    expect(events[0]?.metadata).toEqual(metadata);
  });

  it('readAll from a position is exclusive although EventStoreDB reads $all inclusively', async () => {
    const store = storeOn(new FakeClient(log()));
    expect((await toArray(store.readAll({ fromPosition: 200n }))).map((e) => e.position)).toEqual([300n, 500n]);
    expect((await toArray(store.readAll({ fromPosition: 500n })))).toEqual([]);
  });

  it('readAll applies maxCount and the filter to ledger events only, and cancels the read', async () => {
    const client = new FakeClient(log());
    const store = storeOn(client);
    const paid = await toArray(store.readAll({ filter: { eventTypes: ['Paid'] }, maxCount: 1 }));
    expect(paid.map((e) => e.position)).toEqual([200n]);
    const aStreams = await toArray(store.readAll({ filter: { streamNamePrefixes: ['a-'] } }));
    expect(aStreams.map((e) => e.position)).toEqual([100n, 300n]);
    expect(client.reads.every((call) => call.cancelled)).toBe(true);
  });

  it('headPosition is the last ledger event, past trailing system events; null when there is none', async () => {
    expect(await storeOn(new FakeClient(log())).headPosition()).toBe(500n);
    const onlySystem = [stored('$ce-a', '$>', 10n), stored('$stats-0', '$statsCollected', 20n)];
    expect(await storeOn(new FakeClient(onlySystem)).headPosition()).toBeNull();
  });
});

describe('EsdbEventStore.subscribeToAll over the client (fake server)', () => {
  it("caught-up follows every event the client had buffered when the server's caughtUp arrived", async () => {
    // The head (c-9 at 10^9) does not match the filter and is never delivered: only the server's
    // signal can say caught-up here.
    const head = 1_000_000_000n;
    const client = new FakeClient([...log(), stored('c-9', 'Paid', head)]);
    const subscription = storeOn(client).subscribeToAll({ filter: { streamNamePrefixes: ['a-'] } });
    const call = await client.subscriptionCall();
    expect(client.subscriptions[0]?.options.filter).toMatchObject({ filterOn: 'streamName', prefixes: ['a-'] });
    // Everything is sent before anything is read: the adapter pauses the client once it holds
    // SUBSCRIPTION_HIGH_WATER messages, so the last 5 events wait in the client's own buffer
    // when caughtUp arrives.
    const count = SUBSCRIPTION_HIGH_WATER + 5;
    for (let i = 1; i <= count; i++) call.sendEvent(stored(`a-${i}`, 'Opened', BigInt(i) * 1_000n));
    call.sendCaughtUp();
    call.sendEvent(stored('a-live', 'Opened', head + 1n));

    const messages = await take(subscription, count + 2);
    expect(messages.slice(count - 2).map(describeMessage)).toEqual([
      `a-${count - 1}@${BigInt(count - 1) * 1_000n}`,
      `a-${count}@${BigInt(count) * 1_000n}`,
      `caught-up@${head}`,
      `a-live@${head + 1n}`,
    ]);
    expect(messages.filter((m) => m.kind === 'caught-up')).toHaveLength(1);
    await subscription.unsubscribe();
    expect(call.cancelled).toBe(true);
  });

  it('fallback without a caughtUp signal: caught-up once the event at the head position is delivered', async () => {
    const client = new FakeClient(log());
    const subscription = storeOn(client).subscribeToAll();
    const call = await client.subscriptionCall();
    for (const row of log()) call.sendEvent(row);
    call.sendEvent(stored('d-1', 'Opened', 900n));

    const messages = await take(subscription, 6);
    expect(messages.map(describeMessage)).toEqual([
      'a-1@100',
      'b-1@200',
      'a-1@300',
      'c-1@500',
      'caught-up@500',
      'd-1@900',
    ]);
    await subscription.unsubscribe();
  });

  it('fallback for a filtered subscription: a checkpoint past the head position means caught-up', async () => {
    const client = new FakeClient(log());
    const subscription = storeOn(client).subscribeToAll({ filter: { eventTypes: ['Opened'] } });
    const call = await client.subscriptionCall();
    expect(client.subscriptions[0]?.options.filter).toMatchObject({ filterOn: 'eventType', regex: '^(?:Opened)$' });
    call.sendEvent(log()[1] as AllStreamResolvedEvent);
    call.sendCheckpoint(450n); // not past the head (500): not caught up yet
    call.sendCheckpoint(601n);

    const messages = await take(subscription, 2);
    expect(messages.map(describeMessage)).toEqual(['a-1@100', 'caught-up@500']);
    await subscription.unsubscribe();
  });

  it('from a position: nothing at or before it is delivered, and caught-up is immediate when nothing follows', async () => {
    const client = new FakeClient(log());
    const subscription = storeOn(client).subscribeToAll({ fromPosition: 500n });
    const call = await client.subscriptionCall();
    expect(client.subscriptions[0]?.options.fromPosition).toEqual({ commit: 500n, prepare: 500n });
    call.sendEvent(log()[6] as AllStreamResolvedEvent); // the event at 500 itself, if a server sent it
    call.sendEvent(stored('$ce-d', '$>', 850n));
    call.sendEvent(stored('d-1', 'Opened', 900n));

    const messages = await take(subscription, 2);
    expect(messages.map(describeMessage)).toEqual(['caught-up@500', 'd-1@900']);
    await subscription.unsubscribe();
  });

  it('on an empty log, caught-up carries no position', async () => {
    const client = new FakeClient([stored('$ce-x', '$>', 10n)]);
    const subscription = storeOn(client).subscribeToAll();
    await client.subscriptionCall();
    expect((await take(subscription, 1)).map(describeMessage)).toEqual(['caught-up@null']);
    await subscription.unsubscribe();
  });

  it('a dropped connection ends the iterator with EventStoreUnavailableError after the delivered events', async () => {
    const client = new FakeClient(log());
    const subscription = storeOn(client).subscribeToAll({ filter: { streamNamePrefixes: ['a-'] } });
    const call = await client.subscriptionCall();
    call.sendEvent(log()[1] as AllStreamResolvedEvent);
    const received: RecordedEvent[] = [];
    const failure = (async () => {
      for await (const message of subscription) if (message.kind === 'event') received.push(message.event);
    })().then(
      () => null,
      (error: unknown) => error,
    );
    await new Promise((r) => setImmediate(r));
    call.destroy(Object.assign(new Error('14 UNAVAILABLE: Connection dropped'), { code: 14 }));

    expect(await failure).toBeInstanceOf(EventStoreUnavailableError);
    expect(received.map((e) => e.position)).toEqual([100n]);
  });

  it('unsubscribe ends an iterator waiting for live events, and close ends every subscription', async () => {
    const client = new FakeClient(log());
    const store = storeOn(client);
    const first = store.subscribeToAll();
    const second = store.subscribeToAll();
    await client.subscriptionCall(1);
    const firstDone = toArray(first);
    const secondDone = toArray(second);
    await first.unsubscribe();
    expect(await firstDone).toEqual([]);
    await store.close();
    expect(await secondDone).toEqual([]);
    expect(client.subscriptions.every((s) => s.call.cancelled)).toBe(true);
    expect(() => store.subscribeToAll()).toThrow(EventStoreUnavailableError);
  });

  it('a paused subscription (slow consumer) resumes and loses nothing', async () => {
    const client = new FakeClient([]);
    const subscription = storeOn(client).subscribeToAll();
    const call = await client.subscriptionCall();
    const total = 1_000;
    for (let i = 1; i <= total; i++) call.sendEvent(stored(`s-${i}`, 'Tick', BigInt(i * 10)));
    const messages = await take(subscription, total + 1);
    const positions = messages.flatMap((m) => (m.kind === 'event' ? [m.event.position] : []));
    expect(messages[0]?.kind).toBe('caught-up');
    expect(positions).toEqual(Array.from({ length: total }, (_, i) => BigInt((i + 1) * 10)));
    await subscription.unsubscribe();
  });
});

