import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { EventStoreUnavailableError, InvalidAppendError, WrongExpectedRevisionError } from '../../event-store.errors';
import type { AppendResult, EventToAppend, RecordedEvent, SubscriptionMessage } from '../../event-store.port';
import { describeEventStoreContract } from '../../testing/event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

const ROOT = path.resolve(__dirname, '../../../../..');
const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-event-store-'));
const tempFile = (): string => path.join(tempDir, `${randomUUID()}.sqlite`);

afterAll(() => fs.rmSync(tempDir, { recursive: true, force: true }));

describeEventStoreContract('embedded (SQLite)', async () => SqliteEventStore.open({ file: tempFile() }));

const event = (type: string, data: Record<string, string | number> = {}): EventToAppend => {
  const id = randomUUID();
  return {
    id,
    type,
    data,
    metadata: {
      correlationId: id,
      causationId: id,
      actor: 'test:sqlite',
      commandId: id,
      occurredAt: '2026-01-15T10:00:00Z',
      recordedAt: '2026-01-15T10:00:00Z',
      schemaVersion: 1,
    },
  };
};

async function readAll(store: SqliteEventStore): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for await (const e of store.readAll()) out.push(e);
  return out;
}

describe('SqliteEventStore specifics', () => {
  let store: SqliteEventStore;
  let file: string;

  beforeEach(() => {
    file = tempFile();
    store = SqliteEventStore.open({ file, pollIntervalMs: 50 });
  });
  afterEach(() => store.close());

  it('is durable by configuration: WAL journal and synchronous=FULL (ADR 0002)', () => {
    const other = new Database(file, { readonly: true });
    expect(other.pragma('journal_mode', { simple: true })).toBe('wal');
    other.close();
    // synchronous is per connection: read it on the store's own connection.
    const own = (store as unknown as { db: Database.Database }).db;
    expect(own.pragma('synchronous', { simple: true })).toBe(2n); // 2 = FULL
  });

  it('numbers $all 1..N with no gap, even after refused appends, and reports a null head when empty', async () => {
    expect(await store.headPosition()).toBeNull();
    await store.appendToStream('a', [event('A1'), event('A2')], { expectedRevision: 'no_stream' });
    await expect(store.appendToStream('a', [event('X')], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
      WrongExpectedRevisionError,
    );
    const taken = event('B1');
    await store.appendToStream('b', [taken], { expectedRevision: 'no_stream' });
    // Fails on its second event after inserting the first: the rollback leaves no gap.
    await expect(
      store.appendToStream('c', [event('C1'), { ...event('C2'), id: taken.id }], { expectedRevision: 'no_stream' }),
    ).rejects.toBeInstanceOf(InvalidAppendError);
    const result = await store.appendToStream('c', [event('C1')], { expectedRevision: 'no_stream' });
    expect(result).toEqual({ nextExpectedRevision: 0n, position: 4n });
    expect((await readAll(store)).map((e) => e.position)).toEqual([1n, 2n, 3n, 4n]);
    expect(await store.headPosition()).toBe(4n);
  });

  it('refuses an event id that is already stored in another stream (ids are unique)', async () => {
    const e = event('A');
    await store.appendToStream('a', [e], { expectedRevision: 'no_stream' });
    const error = await store.appendToStream('b', [e], { expectedRevision: 'any' }).catch((x: unknown) => x);
    expect(error).toBeInstanceOf(InvalidAppendError);
    expect((error as Error).message).toContain('already stored in stream "a"');
  });

  it('group commit: 64 concurrent appends share one transaction and each gets its own result', async () => {
    const before = store.stats.transactions;
    const appends = Array.from({ length: 64 }, (_, i) =>
      store.appendToStream(`group-${i}`, [event('G', { i }), event('H', { i })], { expectedRevision: 'no_stream' }),
    );
    const results = await Promise.all(appends);
    expect(store.stats.transactions - before).toBe(1);
    results.forEach((r) => expect(r.nextExpectedRevision).toBe(1n));
    expect(results.map((r) => r.position)).toEqual(Array.from({ length: 64 }, (_, i) => BigInt(2 * i + 2)));
    const all = await readAll(store);
    expect(all).toHaveLength(128);
    expect(all.map((e) => e.streamName)).toEqual(Array.from({ length: 128 }, (_, i) => `group-${Math.floor(i / 2)}`));
  });

  it('group commit: 64 async writers in loops are batched into far fewer transactions than appends', async () => {
    const before = store.stats.transactions;
    const writer = async (w: number): Promise<void> => {
      let expected: bigint | 'no_stream' = 'no_stream';
      for (let i = 0; i < 10; i++) {
        const r: AppendResult = await store.appendToStream(`writer-${w}`, [event('W', { i })], {
          expectedRevision: expected,
        });
        expected = r.nextExpectedRevision;
      }
    };
    await Promise.all(Array.from({ length: 64 }, (_, w) => writer(w)));
    const transactions = store.stats.transactions - before;
    expect(transactions).toBeLessThanOrEqual(20);
    expect((await readAll(store)).map((e) => e.position)).toEqual(Array.from({ length: 640 }, (_, i) => BigInt(i + 1)));
  });

  it('group commit: a conflict or a partial overlap fails only that append, the others commit', async () => {
    const [a0, a1] = [event('A0'), event('A1')];
    await store.appendToStream('a', [a0, a1], { expectedRevision: 'no_stream' });
    const before = store.stats.transactions;
    const settled = await Promise.allSettled([
      store.appendToStream('b', [event('B0')], { expectedRevision: 'no_stream' }),
      store.appendToStream('a', [event('Stale')], { expectedRevision: 0n }),
      store.appendToStream('c', [event('C0')], { expectedRevision: 'no_stream' }),
      store.appendToStream('c', [event('C0-again')], { expectedRevision: 'no_stream' }),
      store.appendToStream('a', [a0, event('New')], { expectedRevision: 'no_stream' }),
      store.appendToStream('a', [a0, a1], { expectedRevision: 'no_stream' }),
      store.appendToStream('a', [event('A2')], { expectedRevision: 1n }),
    ]);
    expect(store.stats.transactions - before).toBe(1);
    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    const reason = (i: number): unknown => (settled[i] as PromiseRejectedResult).reason;
    expect(reason(1)).toMatchObject({ streamName: 'a', expectedRevision: 0n, actualRevision: 1n });
    expect(reason(3)).toMatchObject({ streamName: 'c', expectedRevision: 'no_stream', actualRevision: 0n });
    expect(reason(4)).toBeInstanceOf(InvalidAppendError);
    expect((settled[5] as PromiseFulfilledResult<AppendResult>).value).toEqual({ nextExpectedRevision: 1n, position: 2n });
    expect((settled[6] as PromiseFulfilledResult<AppendResult>).value.nextExpectedRevision).toBe(2n);
    expect((await readAll(store)).map((e) => [e.streamName, e.type, e.position])).toEqual([
      ['a', 'A0', 1n],
      ['a', 'A1', 2n],
      ['b', 'B0', 3n],
      ['c', 'C0', 4n],
      ['a', 'A2', 5n],
    ]);
  });

  it('a lone append is committed in its own transaction', async () => {
    const before = store.stats.transactions;
    await store.appendToStream('solo', [event('S')], { expectedRevision: 'no_stream' });
    expect(store.stats.transactions - before).toBe(1);
  });

  it('keeps events across close and reopen, and close acknowledges appends already accepted', async () => {
    const pending = store.appendToStream('s', [event('Accepted')], { expectedRevision: 'no_stream' });
    await store.close();
    expect(await pending).toEqual({ nextExpectedRevision: 0n, position: 1n });
    await expect(store.appendToStream('s', [event('Late')], { expectedRevision: 'any' })).rejects.toBeInstanceOf(
      EventStoreUnavailableError,
    );
    store = SqliteEventStore.open({ file });
    expect((await store.readStream('s')).map((e) => e.type)).toEqual(['Accepted']);
  });

  it('the log is append-only (A-3): UPDATE and DELETE are refused by the file itself', async () => {
    await store.appendToStream('s', [event('A')], { expectedRevision: 'no_stream' });
    const raw = new Database(file);
    try {
      expect(() => raw.prepare("UPDATE events SET type = 'B'").run()).toThrow(/A-3/);
      expect(() => raw.prepare('DELETE FROM events').run()).toThrow(/A-3/);
    } finally {
      raw.close();
    }
  });

  it('caught-up carries the head position', async () => {
    await store.appendToStream('s', [event('A'), event('B')], { expectedRevision: 'no_stream' });
    const sub = store.subscribeToAll({ filter: { eventTypes: ['A'] } });
    const messages: SubscriptionMessage[] = [];
    for await (const m of sub) {
      messages.push(m);
      if (m.kind === 'caught-up') break;
    }
    expect(messages.map((m) => (m.kind === 'event' ? m.event.type : m))).toEqual(['A', { kind: 'caught-up', position: 2n }]);
    const empty = SqliteEventStore.open({ file: tempFile() });
    const first = await empty.subscribeToAll()[Symbol.asyncIterator]().next();
    expect(first.value).toEqual({ kind: 'caught-up', position: null });
    await empty.close();
  });

  it(
    'a live subscription sees appends made by another process on the same file (polling)',
    async () => {
      await store.appendToStream('local', [event('Local')], { expectedRevision: 'no_stream' });
      const sub = store.subscribeToAll({ filter: { streamNamePrefixes: ['remote-'] } });
      const iterator = sub[Symbol.asyncIterator]();
      expect((await iterator.next()).value).toMatchObject({ kind: 'caught-up' });

      const child = promisify(execFile)(
        process.execPath,
        ['-r', './scripts/ts-register.js', 'libs/event-store/src/testing/append-from-another-process.ts', file, 'remote-1', '3'],
        { cwd: ROOT },
      );
      const received: RecordedEvent[] = [];
      while (received.length < 3) {
        const next = await iterator.next();
        if (next.done) throw new Error('subscription ended early');
        if (next.value.kind === 'event') received.push(next.value.event);
      }
      const { stdout } = await child;
      expect(received.map((e) => e.id)).toEqual(JSON.parse(stdout.trim()) as string[]);
      expect(received.map((e) => e.position)).toEqual([2n, 3n, 4n]);
      await sub.unsubscribe();
      expect((await iterator.next()).done).toBe(true);
    },
    30_000,
  );
});
