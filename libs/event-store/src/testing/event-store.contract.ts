/**
 * The event store contract (ADR 0001): ONE suite every adapter runs —
 * `describeEventStoreContract('embedded', () => open a fresh store)` in the adapter's spec.
 *
 * Written to hold for EventStoreDB as well as for the embedded and in-memory stores: every test
 * uses its own stream-name prefix and event-type tag and reads $all through a filter on them
 * (EventStoreDB's $all also holds system events and other tests' events); positions are compared
 * by order, never by absolute value (EventStoreDB's are commit positions, not 1..N).
 */
import { randomUUID } from 'node:crypto';
import { InvalidAppendError, StreamNotFoundError, WrongExpectedRevisionError } from '../event-store.errors';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  GlobalPosition,
  Json,
  RecordedEvent,
  StreamRevision,
  Subscription,
  SubscriptionMessage,
} from '../event-store.port';

export interface EventStoreContractOptions {
  /** When set, the suite is registered as skipped (never passed) and says why, once. */
  readonly skipReason?: string;
}

const LIVE_TIMEOUT_MS = 15_000;

export function describeEventStoreContract(
  adapterName: string,
  factory: () => Promise<EventStore>,
  options: EventStoreContractOptions = {},
): void {
  const skipReason = options.skipReason;
  if (skipReason !== undefined) {
    // Written straight to stderr: jest does not show console output of a suite whose tests are all skipped.
    process.stderr.write(`\n[contract] ${adapterName} contract suite SKIPPED: ${skipReason}\n`);
  }
  const test = skipReason === undefined ? it : it.skip;

  describe(`EventStore contract: ${adapterName}`, () => {
    let store: EventStore;
    let tag: string;
    const subscriptions: Subscription[] = [];

    /** A stream name unique to this test. */
    const stream = (name: string): string => `${tag}-${name}`;
    /** Subscribe, remembering the subscription so that afterEach stops it. */
    const subscribe = (...args: Parameters<EventStore['subscribeToAll']>): Collected => {
      const subscription = store.subscribeToAll(...args);
      subscriptions.push(subscription);
      return collect(subscription);
    };
    /** $all restricted to this test's streams. */
    const readOwnAll = (fromPosition: GlobalPosition | 'start' = 'start', maxCount?: number) =>
      toArray(store.readAll({ fromPosition, maxCount, filter: { streamNamePrefixes: [`${tag}-`] } }));
    const append = (name: string, events: readonly EventToAppend[], expectedRevision: ExpectedRevision) =>
      store.appendToStream(name, events, { expectedRevision });

    beforeEach(async () => {
      tag = `ct${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      store = await factory();
    });

    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((s) => s.unsubscribe()));
      await store.close();
    });

    describe('appendToStream: expected revision', () => {
      test("'no_stream' creates a stream at revision 0 and refuses an existing one", async () => {
        const s = stream('order');
        const events = [event('Opened', { n: 1 }), event('Noted', { n: 2 })];
        const result = await append(s, events, 'no_stream');
        const read = await store.readStream(s);
        expect(read.map((e) => e.revision)).toEqual([0n, 1n]);
        expect(result).toEqual({ nextExpectedRevision: 1n, position: read[1]?.position });

        await expectConflict(append(s, [event('Again')], 'no_stream'), s, 'no_stream', 1n);
        expect(await ids(store, s)).toEqual(events.map((e) => e.id));
      });

      test('an exact revision appends when it matches and conflicts (stream, expected, actual) when not', async () => {
        const s = stream('order');
        await append(s, [event('Opened'), event('Noted')], 'no_stream');
        const result = await append(s, [event('Closed')], 1n);
        expect(result.nextExpectedRevision).toBe(2n);

        await expectConflict(append(s, [event('Stale')], 1n), s, 1n, 2n);
        await expectConflict(append(s, [event('Ahead')], 5n), s, 5n, 2n);
        await expectConflict(append(s, [event('Early')], 0n), s, 0n, 2n);
        await expectConflict(append(stream('missing'), [event('X')], 0n), stream('missing'), 0n, 'no_stream');
        expect((await store.readStream(s)).map((e) => e.type)).toEqual(['Opened', 'Noted', 'Closed']);
      });

      test("'stream_exists' conflicts on a missing stream and appends to an existing one", async () => {
        const s = stream('order');
        await expectConflict(append(s, [event('X')], 'stream_exists'), s, 'stream_exists', 'no_stream');
        await expect(store.readStream(s)).rejects.toBeInstanceOf(StreamNotFoundError);

        await append(s, [event('Opened')], 'no_stream');
        const result = await append(s, [event('Noted')], 'stream_exists');
        expect(result.nextExpectedRevision).toBe(1n);
      });

      test("'any' appends to a missing stream and to an existing one", async () => {
        const s = stream('order');
        expect((await append(s, [event('A')], 'any')).nextExpectedRevision).toBe(0n);
        expect((await append(s, [event('B'), event('C')], 'any')).nextExpectedRevision).toBe(2n);
        expect((await store.readStream(s)).map((e) => [e.type, e.revision])).toEqual([
          ['A', 0n],
          ['B', 1n],
          ['C', 2n],
        ]);
      });

      test(
        '100 concurrent writers, each appending with the revision it read: one winner per revision, dense revisions',
        async () => {
          const s = stream('race');
          const seed = event('Seeded');
          await append(s, [seed], 'no_stream');
          const wins: { writer: number; id: string; expected: StreamRevision; result: AppendResult }[] = [];
          const conflicts: { expected: StreamRevision; actual: StreamRevision | 'no_stream' }[] = [];

          const writer = async (writerNo: number): Promise<void> => {
            const e = event('Raced', { writer: writerNo });
            for (let attempt = 0; attempt < 200; attempt++) {
              const [last] = await store.readStream(s, { direction: 'backwards', maxCount: 1 });
              const expected = (last as RecordedEvent).revision;
              try {
                const result = await append(s, [e], expected);
                wins.push({ writer: writerNo, id: e.id, expected, result });
                return;
              } catch (error) {
                if (!(error instanceof WrongExpectedRevisionError)) throw error;
                conflicts.push({ expected, actual: error.actualRevision });
              }
            }
            throw new Error(`writer ${writerNo} never won`);
          };
          await Promise.all(Array.from({ length: 100 }, (_, i) => writer(i)));

          expect(wins).toHaveLength(100);
          expect(new Set(wins.map((w) => w.writer)).size).toBe(100);
          // Exactly one winner per expected revision 0..99, each landing right after it.
          expect(wins.map((w) => w.expected).sort(compareBigint)).toEqual(range(0, 100).map(BigInt));
          for (const w of wins) expect(w.result.nextExpectedRevision).toBe(w.expected + 1n);
          for (const c of conflicts) {
            expect(typeof c.actual).toBe('bigint');
            expect(c.actual as bigint).toBeGreaterThan(c.expected);
          }
          const events = await store.readStream(s);
          expect(events.map((e) => e.revision)).toEqual(range(0, 101).map(BigInt));
          const byRevision = new Map(wins.map((w) => [w.expected + 1n, w.id]));
          expect(events.map((e) => e.id)).toEqual([seed.id, ...range(1, 101).map((r) => byRevision.get(BigInt(r)))]);
          expectIncreasing(events.map((e) => e.position));
        },
        120_000,
      );
    });

    describe('appendToStream: idempotence, atomicity, validation', () => {
      test('a retried append (same event ids, same expected revision) writes nothing and returns the original result', async () => {
        const s = stream('payment');
        const batch = [event('PaymentReceived', { paymentId: 'p-1' }), event('PaymentAllocated')];
        const first = await append(s, batch, 'no_stream');
        expect(await append(s, batch, 'no_stream')).toEqual(first);

        const third = event('PaymentNoted');
        const second = await append(s, [third], 1n);
        expect(await append(s, [third], 1n)).toEqual(second);
        // A late retry of the first append, after the stream moved on, is still the same append.
        expect(await append(s, batch, 'no_stream')).toEqual(first);

        const fourth = event('PaymentClosed');
        const viaAny = await append(s, [fourth], 'any');
        expect(await append(s, [fourth], 'any')).toEqual(viaAny);

        const expectedIds = [...batch, third, fourth].map((e) => e.id);
        expect(await ids(store, s)).toEqual(expectedIds);
        expect((await readOwnAll()).map((e) => e.id)).toEqual(expectedIds);
      });

      test('a retry that only partly overlaps an earlier append is refused and writes nothing', async () => {
        const s = stream('payment');
        const [a, b, c] = [event('A'), event('B'), event('C')];
        await append(s, [a, b], 'no_stream');
        await expectRefused(append(s, [a, c], 'no_stream'));
        await expectRefused(append(s, [b, c], 0n));
        expect(await ids(store, s)).toEqual([a.id, b.id]);
      });

      test('a batch is atomic: a conflicting batch and an invalid batch leave nothing behind', async () => {
        const s = stream('batch');
        const opened = event('Opened');
        await append(s, [opened], 'no_stream');
        await expectConflict(append(s, [event('B1'), event('B2'), event('B3')], 'no_stream'), s, 'no_stream', 0n);
        expect(await ids(store, s)).toEqual([opened.id]);

        const fresh = stream('fresh');
        const invalid = { ...event('Bad'), id: 'not-a-uuid' };
        await expect(append(fresh, [event('Ok1'), event('Ok2'), invalid], 'no_stream')).rejects.toBeInstanceOf(
          InvalidAppendError,
        );
        await expect(store.readStream(fresh)).rejects.toBeInstanceOf(StreamNotFoundError);
        expect((await readOwnAll()).map((e) => e.id)).toEqual([opened.id]);
      });

      test('malformed appends are refused with InvalidAppendError', async () => {
        const s = stream('invalid');
        await expect(append(s, [], 'any')).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(append(s, [{ ...event('X'), id: '12345' }], 'any')).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(append(s, [{ ...event('X'), id: 42 as unknown as string }], 'any')).rejects.toBeInstanceOf(
          InvalidAppendError,
        );
        const bigintData = { amount: 1000n } as unknown as Json;
        await expect(append(s, [event('X', bigintData)], 'any')).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(append(s, [event('X', { amount: Number.NaN })], 'any')).rejects.toBeInstanceOf(InvalidAppendError);
        const twice = event('X');
        await expect(append(s, [twice, twice], 'any')).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(store.readStream(s)).rejects.toBeInstanceOf(StreamNotFoundError);
      });
    });

    describe('readStream', () => {
      test('reads forwards, backwards, from a revision and up to maxCount, with data and metadata as appended', async () => {
        const s = stream('deal');
        const appended = range(0, 5).map((i) =>
          event(`E${i}`, { i, amountMinor: `${i}00`, nested: { list: [1, 'two', null, true] }, text: 'Zürich €' }),
        );
        await append(s, appended, 'no_stream');

        const all = await store.readStream(s);
        expect(all.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
        all.forEach((e, i) => {
          const source = appended[i] as EventToAppend;
          expect(e).toMatchObject({ id: source.id, type: source.type, streamName: s, revision: BigInt(i) });
          expect(e.data).toEqual(source.data);
          expect(e.metadata).toEqual(source.metadata);
          expect(typeof e.position).toBe('bigint');
        });
        expectIncreasing(all.map((e) => e.position));

        const revisions = async (options: Parameters<EventStore['readStream']>[1]) =>
          (await store.readStream(s, options)).map((e) => e.revision);
        expect(await revisions({ fromRevision: 2n })).toEqual([2n, 3n, 4n]);
        expect(await revisions({ fromRevision: 1n, maxCount: 2 })).toEqual([1n, 2n]);
        expect(await revisions({ direction: 'backwards' })).toEqual([4n, 3n, 2n, 1n, 0n]);
        expect(await revisions({ direction: 'backwards', fromRevision: 3n, maxCount: 2 })).toEqual([3n, 2n]);
        expect(await revisions({ direction: 'backwards', maxCount: 1 })).toEqual([4n]);
        expect(await revisions({ direction: 'backwards', fromRevision: 'end', maxCount: 2 })).toEqual([4n, 3n]);
      });

      test('a stream without events is StreamNotFoundError', async () => {
        const s = stream('nothing');
        const error = await store.readStream(s).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(StreamNotFoundError);
        expect((error as StreamNotFoundError).streamName).toBe(s);
        await expect(store.readStream(s, { direction: 'backwards', maxCount: 1 })).rejects.toBeInstanceOf(
          StreamNotFoundError,
        );
      });
    });

    describe('$all', () => {
      test('readAll returns every stream in one global order, with the positions readStream and appends report', async () => {
        const [a, b] = [stream('a'), stream('b')];
        const a1 = event('A1');
        const b1 = event('B1');
        const [a2, a3] = [event('A2'), event('A3')];
        const b2 = event('B2');
        await append(a, [a1], 'no_stream');
        await append(b, [b1], 'no_stream');
        const a23 = await append(a, [a2, a3], 0n);
        await append(b, [b2], 0n);

        const all = await readOwnAll();
        expect(all.map((e) => e.id)).toEqual([a1, b1, a2, a3, b2].map((e) => e.id));
        expect(all.map((e) => e.streamName)).toEqual([a, b, a, a, b]);
        expectIncreasing(all.map((e) => e.position));
        const fromStreams = new Map([...(await store.readStream(a)), ...(await store.readStream(b))].map((e) => [e.id, e]));
        for (const e of all) expect(e.position).toBe(fromStreams.get(e.id)?.position);
        expect(a23.position).toBe(all[3]?.position);

        const head = await store.headPosition();
        expect(head).not.toBeNull();
        expect(head as bigint).toBeGreaterThanOrEqual(all[4]?.position as bigint);
      });

      test('readAll from a position is exclusive and honours maxCount', async () => {
        const s = [stream('x'), stream('y')];
        const appended = range(0, 6).map((i) => event(`E${i}`));
        for (const [i, e] of appended.entries()) await append(s[i % 2] as string, [e], 'any');
        const all = await readOwnAll();
        const third = all[2] as RecordedEvent;

        const after = await readOwnAll(third.position);
        expect(after.map((e) => e.id)).toEqual(appended.slice(3).map((e) => e.id));
        expect((await readOwnAll(third.position, 2)).map((e) => e.id)).toEqual(appended.slice(3, 5).map((e) => e.id));
        expect((await readOwnAll('start', 1)).map((e) => e.id)).toEqual([appended[0]?.id]);
        expect(await readOwnAll((all[5] as RecordedEvent).position)).toEqual([]);
      });

      test('readAll filters by event type', async () => {
        const paid = `${tag}Paid`;
        const refunded = `${tag}Refunded`;
        const p1 = event(paid);
        const r1 = event(refunded);
        const p2 = event(paid);
        await append(stream('p'), [p1, r1], 'no_stream');
        await append(stream('q'), [p2], 'no_stream');
        const got = await toArray(store.readAll({ filter: { eventTypes: [paid] } }));
        expect(got.map((e) => e.id)).toEqual([p1.id, p2.id]);
      });
    });

    describe('subscribeToAll', () => {
      test('catches up, says caught-up once, then delivers live appends in order', async () => {
        const before = [event('B0'), event('B1'), event('B2')];
        await append(stream('a'), before.slice(0, 2), 'no_stream');
        await append(stream('b'), before.slice(2), 'no_stream');

        const sub = subscribe({ filter: { streamNamePrefixes: [`${tag}-`] } });
        await sub.until(() => sub.caughtUpCount() > 0, 'caught-up');
        expect(sub.events().map((e) => e.id)).toEqual(before.map((e) => e.id));
        expect(sub.messages[3]?.kind).toBe('caught-up');

        const live = [event('L0'), event('L1')];
        await append(stream('a'), [live[0] as EventToAppend], 1n);
        await append(stream('c'), [live[1] as EventToAppend], 'no_stream');
        await sub.until(() => sub.events().length === 5, 'two live events');
        expect(sub.events().map((e) => e.id)).toEqual([...before, ...live].map((e) => e.id));
        expect(sub.caughtUpCount()).toBe(1);
        expectIncreasing(sub.events().map((e) => e.position));
      });

      test('filters by stream-name prefix and by event type, in catch-up and live', async () => {
        const refunded = `${tag}Refunded`;
        const o1 = event('OrderPlaced');
        const p1 = event('PaymentReceived');
        const r1 = event(refunded);
        await append(stream('orders-1'), [o1], 'no_stream');
        await append(stream('payments-1'), [p1, r1], 'no_stream');

        const payments = subscribe({ filter: { streamNamePrefixes: [stream('payments-')] } });
        const refunds = subscribe({ filter: { eventTypes: [refunded] } });
        await payments.until(() => payments.caughtUpCount() > 0, 'payments caught-up');
        await refunds.until(() => refunds.caughtUpCount() > 0, 'refunds caught-up');

        const o2 = event('OrderPlaced');
        const r2 = event(refunded);
        const p2 = event('PaymentReceived');
        await append(stream('orders-1'), [o2, r2], 0n);
        await append(stream('payments-2'), [p2], 'no_stream');

        await payments.until(() => payments.events().length === 3, 'three payment events');
        await refunds.until(() => refunds.events().length === 2, 'two refunds');
        expect(payments.events().map((e) => e.id)).toEqual([p1.id, r1.id, p2.id]);
        expect(refunds.events().map((e) => e.id)).toEqual([r1.id, r2.id]);
      });

      test('resumes from a recorded position without gaps or duplicates', async () => {
        const s = stream('resume');
        const appended = range(0, 6).map((i) => event(`E${i}`));
        await append(s, appended.slice(0, 3), 'no_stream');

        const first = subscribe({ filter: { streamNamePrefixes: [`${tag}-`] } });
        await first.until(() => first.events().length === 3, 'three events');
        const checkpoint = (first.events()[1] as RecordedEvent).position;
        await first.unsubscribe();

        await append(s, appended.slice(3, 5), 2n);
        const resumed = subscribe({ fromPosition: checkpoint, filter: { streamNamePrefixes: [`${tag}-`] } });
        await resumed.until(() => resumed.caughtUpCount() > 0, 'caught-up');
        await append(s, appended.slice(5), 4n);
        await resumed.until(() => resumed.events().length === 4, 'four events');
        expect(resumed.events().map((e) => e.id)).toEqual(appended.slice(2).map((e) => e.id));
      });

      test(
        'events appended while the subscription catches up arrive exactly once, in order',
        async () => {
          const streams = [stream('a'), stream('b'), stream('c')];
          const order: string[] = [];
          for (let batchNo = 0; batchNo < 12; batchNo++) {
            const batch = range(0, 100).map((i) => event('Bulk', { batchNo, i }));
            await append(streams[batchNo % 3] as string, batch, 'any');
            order.push(...batch.map((e) => e.id));
          }
          const sub = subscribe({ filter: { streamNamePrefixes: [`${tag}-`] } });
          for (let i = 0; i < 60; i++) {
            const e = event('During', { i });
            await append(streams[i % 3] as string, [e], 'any');
            order.push(e.id);
          }
          await sub.until(() => sub.events().length >= order.length, `${order.length} events`, 60_000);
          expect(sub.events().map((e) => e.id)).toEqual(order);
          expectIncreasing(sub.events().map((e) => e.position));
          await sub.until(() => sub.caughtUpCount() > 0, 'caught-up');
          expect(sub.caughtUpCount()).toBe(1);
        },
        120_000,
      );

      test('unsubscribe ends the iterator, also while it waits for live events', async () => {
        await append(stream('a'), [event('A')], 'no_stream');
        const sub = subscribe({ filter: { streamNamePrefixes: [`${tag}-`] } });
        await sub.until(() => sub.caughtUpCount() > 0, 'caught-up');
        await sub.unsubscribe();
        await sub.untilEnded();
        expect(sub.events()).toHaveLength(1);

        const never = subscribe({ filter: { streamNamePrefixes: [`${tag}-`] } });
        await never.unsubscribe();
        await never.untilEnded();
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------

function event(type: string, data: Json = {}): EventToAppend {
  const id = randomUUID();
  return {
    id,
    type,
    data,
    metadata: {
      correlationId: id,
      causationId: id,
      actor: 'test:event-store-contract',
      commandId: randomUUID(),
      occurredAt: '2026-01-15T10:00:00Z',
      recordedAt: '2026-01-15T10:00:01Z',
      schemaVersion: 1,
    },
  };
}

async function ids(store: EventStore, streamName: string): Promise<string[]> {
  return (await store.readStream(streamName)).map((e) => e.id);
}

async function expectConflict(
  append: Promise<unknown>,
  streamName: string,
  expectedRevision: ExpectedRevision,
  actualRevision: StreamRevision | 'no_stream',
): Promise<void> {
  const error = await append.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  expect(error).toMatchObject({ streamName, expectedRevision, actualRevision });
}

/** A partial overlap is refused; adapters may report it as a conflict or as an invalid append. */
async function expectRefused(append: Promise<unknown>): Promise<void> {
  const error = await append.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error instanceof WrongExpectedRevisionError || error instanceof InvalidAppendError).toBe(true);
}

async function toArray<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

function compareBigint(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function expectIncreasing(positions: readonly bigint[]): void {
  for (let i = 1; i < positions.length; i++) {
    expect(positions[i] as bigint).toBeGreaterThan(positions[i - 1] as bigint);
  }
}

interface Collected {
  readonly messages: SubscriptionMessage[];
  events(): RecordedEvent[];
  caughtUpCount(): number;
  /** Resolves when `predicate` holds; waits on deliveries, never sleeps. */
  until(predicate: () => boolean, description: string, timeoutMs?: number): Promise<void>;
  untilEnded(): Promise<void>;
  unsubscribe(): Promise<void>;
}

/** Consumes a subscription in the background, recording every message. */
function collect(subscription: Subscription): Collected {
  const messages: SubscriptionMessage[] = [];
  const listeners = new Set<() => void>();
  let ended = false;
  let failure: unknown = null;
  void (async () => {
    try {
      for await (const message of subscription) {
        messages.push(message);
        for (const listener of listeners) listener();
      }
    } catch (error) {
      failure = error ?? new Error('subscription failed');
    } finally {
      ended = true;
      for (const listener of listeners) listener();
    }
  })();

  const until = (predicate: () => boolean, description: string, timeoutMs = LIVE_TIMEOUT_MS): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const done = (error?: unknown): void => {
        clearTimeout(timer);
        listeners.delete(check);
        if (error === undefined) resolve();
        else reject(error);
      };
      const check = (): void => {
        if (predicate()) done();
        else if (failure !== null) done(failure);
        else if (ended) done(new Error(`subscription ended before ${description} (${messages.length} messages)`));
      };
      const timer = setTimeout(
        () => done(new Error(`timed out after ${timeoutMs} ms waiting for ${description} (${messages.length} messages)`)),
        timeoutMs,
      );
      listeners.add(check);
      check();
    });

  return {
    messages,
    events: () => messages.flatMap((m) => (m.kind === 'event' ? [m.event] : [])),
    caughtUpCount: () => messages.filter((m) => m.kind === 'caught-up').length,
    until,
    untilEnded: () => until(() => ended && failure === null, 'the iterator to end'),
    unsubscribe: () => subscription.unsubscribe(),
  };
}
