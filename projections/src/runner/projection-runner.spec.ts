import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryEventStore, type EventStore, type Json } from '@ledger/event-store';
import type { Projection } from './projection';
import { ProjectionFailedError, ProjectionRunner, ProjectionRunnerStoppedError } from './projection-runner';
import { ReadModelDatabase } from './read-model-database';
import { dumpReadModels } from './testing/read-model-dump';
import {
  accountBalanceProjection,
  eventCountProjection,
  testEvent,
  type AccountBalanceDoc,
  type EventCountDoc,
} from './testing/test-projections';

type Spec = readonly [stream: string, type: string, data: Json];

let dir: string;
let files = 0;
const opened: ReadModelDatabase[] = [];
const stores: EventStore[] = [];
let nextEventNumber = 1;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'projection-runner-'));
});
afterEach(async () => {
  for (const db of opened.splice(0)) db.close();
  for (const store of stores.splice(0)) await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function newFile(): string {
  return join(dir, `read-models-${++files}.sqlite`);
}

function openDb(file: string): ReadModelDatabase {
  const db = ReadModelDatabase.open({ file });
  opened.push(db);
  return db;
}

function newStore(): MemoryEventStore {
  const store = new MemoryEventStore();
  stores.push(store);
  return store;
}

async function append(store: EventStore, specs: readonly Spec[]): Promise<bigint> {
  let position = 0n;
  for (const [stream, type, data] of specs) {
    ({ position } = await store.appendToStream(stream, [testEvent(nextEventNumber++, type, data)], {
      expectedRevision: 'any',
    }));
  }
  return position;
}

/** A deterministic mix: account events over 7 accounts, one closure, and events the keyed sum ignores. */
function scenario(count: number, offset = 0): Spec[] {
  const specs: Spec[] = [];
  for (let j = 0; j < count; j++) {
    const i = j + offset;
    const account = `a${i % 7}`;
    if (i % 11 === 10) specs.push([`partner-p${i % 3}`, 'PartnerEnrolled', { partnerId: `p${i % 3}` }]);
    else if (i % 13 === 12) specs.push([`other-${account}`, 'Deposited', { account, amount: '999' }]);
    else if (i === 40) specs.push([`account-${account}`, 'AccountClosed', { account }]);
    else if (i % 5 === 4) specs.push([`account-${account}`, 'Withdrawn', { account, amount: String((i * 7) % 300) }]);
    else specs.push([`account-${account}`, 'Deposited', { account, amount: String((i * 37) % 1000) }]);
  }
  return specs;
}

/** The keyed sum computed independently of the runner: the expected read model. */
function expectedBalances(specs: readonly Spec[]): Map<string, { balance: bigint; entries: number }> {
  const balances = new Map<string, { balance: bigint; entries: number }>();
  for (const [stream, type, data] of specs) {
    if (!stream.startsWith('account-')) continue;
    const { account, amount } = data as { account: string; amount?: string };
    const key = `account:${account}`;
    if (type === 'AccountClosed') {
      balances.delete(key);
      continue;
    }
    const current = balances.get(key) ?? { balance: 0n, entries: 0 };
    const signed = type === 'Withdrawn' ? -BigInt(amount ?? '0') : BigInt(amount ?? '0');
    balances.set(key, { balance: current.balance + signed, entries: current.entries + 1 });
  }
  return balances;
}

function runner(store: EventStore, db: ReadModelDatabase, projections: Projection[], batchSize?: number): ProjectionRunner {
  return new ProjectionRunner({ store, db, projections, batchSize });
}

describe('ProjectionRunner', () => {
  it('projects a keyed sum and a counter up to the head, one document per key', async () => {
    const store = newStore();
    const specs = scenario(120);
    const head = await append(store, specs);
    const db = openDb(newFile());

    await runner(store, db, [accountBalanceProjection(), eventCountProjection()], 16).runUntilCaughtUp();

    const expected = expectedBalances(specs);
    const docs = db.listDocs<AccountBalanceDoc>('account-balances', 'account:', { limit: 100 });
    expect(docs.map((d) => [d.key, d.doc.balance, d.doc.entries])).toEqual(
      [...expected].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, v]) => [key, v.balance.toString(), v.entries]),
    );
    expect(db.getDoc<EventCountDoc>('event-count', 'total')).toEqual({ count: 120, lastPosition: head.toString() });
    expect(db.getDoc<EventCountDoc>('event-count', 'type:PartnerEnrolled')?.count).toBe(
      specs.filter(([, type]) => type === 'PartnerEnrolled').length,
    );
    expect(db.checkpoint('account-balances')?.position).toBe(head);
    expect(db.checkpoint('event-count')?.position).toBe(head);
  });

  it('deletes a document when apply returns null (AccountClosed)', async () => {
    const store = newStore();
    await append(store, [
      ['account-x', 'Deposited', { account: 'x', amount: '10' }],
      ['account-y', 'Deposited', { account: 'y', amount: '5' }],
    ]);
    const db = openDb(newFile());
    const r = runner(store, db, [accountBalanceProjection()]);
    await r.runUntilCaughtUp();
    expect(db.getDoc('account-balances', 'account:x')).toBeDefined();

    await append(store, [['account-x', 'AccountClosed', { account: 'x' }]]);
    await r.runUntilCaughtUp();

    expect(db.getDoc('account-balances', 'account:x')).toBeUndefined();
    expect(db.listDocs('account-balances', '').map((d) => d.key)).toEqual(['account:y']);
  });

  it('advances the checkpoint over events outside the filter, counting only applied events', async () => {
    const store = newStore();
    await append(store, [['account-a', 'Deposited', { account: 'a', amount: '100' }]]);
    const head = await append(store, [
      ['partner-p1', 'PartnerEnrolled', { partnerId: 'p1' }],
      ['other-a', 'Deposited', { account: 'a', amount: '999' }],
    ]);
    const db = openDb(newFile());

    await runner(store, db, [accountBalanceProjection()]).runUntilCaughtUp();

    expect(db.checkpoint('account-balances')).toEqual({
      name: 'account-balances',
      version: 1,
      position: head,
      eventsApplied: 1,
      updatedPosition: 1n,
    });
    expect(db.getDoc<AccountBalanceDoc>('account-balances', 'account:a')?.balance).toBe('100');
  });

  it('resumes from its checkpoint: stopped mid-way and restarted gives the same bytes as one run', async () => {
    const store = newStore();
    const specs = scenario(300);
    await append(store, specs.slice(0, 150));
    const resumedFile = newFile();
    const first = runner(store, openDb(resumedFile), [accountBalanceProjection(), eventCountProjection()], 7);
    await first.start();
    await first.waitForPosition(60n);
    await first.stop();
    const stoppedAt = openDb(resumedFile).checkpoint('event-count')?.position ?? 0n;
    expect(stoppedAt).toBeGreaterThanOrEqual(60n);
    expect(stoppedAt).toBeLessThan(150n);
    await append(store, specs.slice(150));

    await runner(store, openDb(resumedFile), [accountBalanceProjection(), eventCountProjection()], 7).runUntilCaughtUp();
    const oneRunFile = newFile();
    await runner(store, openDb(oneRunFile), [accountBalanceProjection(), eventCountProjection()]).runUntilCaughtUp();

    expect(dumpReadModels(resumedFile)).toEqual(dumpReadModels(oneRunFile));
    expect(dumpReadModels(resumedFile).checkpoints.map((c) => c['position'])).toEqual(['300', '300']);
  });

  it('follows live appends and offers read-your-writes through waitForPosition (no sleeping)', async () => {
    const store = newStore();
    const db = openDb(newFile());
    const r = runner(store, db, [accountBalanceProjection()]);
    await r.start();
    try {
      const p1 = await append(store, [['account-l', 'Deposited', { account: 'l', amount: '250' }]]);
      await r.waitForPosition(p1);
      expect(db.getDoc<AccountBalanceDoc>('account-balances', 'account:l')?.balance).toBe('250');

      const p2 = await append(store, [['account-l', 'Withdrawn', { account: 'l', amount: '75' }]]);
      await r.waitForPosition(p2);
      expect(db.getDoc<AccountBalanceDoc>('account-balances', 'account:l')?.balance).toBe('175');
      expect((await r.status())[0]).toMatchObject({ state: 'running', position: p2, lag: 0 });
    } finally {
      await r.stop();
    }
  });

  it('rejects pending waits when stopped', async () => {
    const store = newStore();
    const r = runner(store, openDb(newFile()), [eventCountProjection()]);
    await r.start();
    const wait = r.waitForPosition(5n);
    await r.stop();
    await expect(wait).rejects.toBeInstanceOf(ProjectionRunnerStoppedError);
  });

  it.each([
    { docCacheSize: 0, reads: 3 },
    { docCacheSize: undefined, reads: 1 },
  ])(
    'reads a document from SQLite at most once per batch, and keeps it between batches unless the cache is off ($docCacheSize)',
    async ({ docCacheSize, reads }) => {
      const store = newStore();
      await append(
        store,
        Array.from({ length: 50 }, (): Spec => ['account-hot', 'Deposited', { account: 'hot', amount: '1' }]),
      );
      const db = openDb(newFile());
      const getDocText = jest.spyOn(db, 'getDocText');

      // 50 events in batches of 20 → 3 batches (20, 20, 10).
      await new ProjectionRunner({ store, db, projections: [accountBalanceProjection()], batchSize: 20, docCacheSize }).runUntilCaughtUp();

      expect(getDocText.mock.calls).toEqual(Array.from({ length: reads }, () => ['account-balances', 'account:hot']));
      expect(db.getDoc<AccountBalanceDoc>('account-balances', 'account:hot')).toMatchObject({ balance: '50', entries: 50 });
    },
  );

  it('evicts the least recently used documents beyond docCacheSize, and re-reads them correctly', async () => {
    const store = newStore();
    const specs = Array.from({ length: 60 }, (_, i): Spec => {
      const account = `c${i % 6}`;
      return [`account-${account}`, 'Deposited', { account, amount: String(i) }];
    });
    await append(store, specs);
    const db = openDb(newFile());
    const getDocText = jest.spyOn(db, 'getDocText');

    await new ProjectionRunner({ store, db, projections: [accountBalanceProjection()], batchSize: 6, docCacheSize: 3 }).runUntilCaughtUp();

    // Batches of 6 events touch c0…c5 in order. The first batch reads all six; each commit then
    // keeps the 3 most recently used (c3, c4, c5), so each of the 9 next batches re-reads c0, c1, c2.
    expect(getDocText).toHaveBeenCalledTimes(6 + 9 * 3);
    expect(getDocText.mock.calls.slice(6, 9).map(([, key]) => key)).toEqual(['account:c0', 'account:c1', 'account:c2']);
    for (const [key, v] of expectedBalances(specs)) {
      expect(db.getDoc<AccountBalanceDoc>('account-balances', key)).toMatchObject({ balance: v.balance.toString(), entries: 10 });
    }
  });

  it('also bounds the cache by the text it holds (docCacheBytes), whichever bound is hit first', async () => {
    const specs = Array.from({ length: 60 }, (_, i): Spec => {
      const account = `d${i % 6}`;
      return [`account-${account}`, 'Deposited', { account, amount: String(i) }];
    });
    const reads = async (docCacheBytes: number, docCacheSize = 1_000): Promise<string[]> => {
      const store = newStore();
      await append(store, specs);
      const db = openDb(newFile());
      const getDocText = jest.spyOn(db, 'getDocText');
      await new ProjectionRunner({ store, db, projections: [accountBalanceProjection()], batchSize: 6, docCacheSize, docCacheBytes }).runUntilCaughtUp();
      const calls = getDocText.mock.calls.map(([, key]) => key);
      for (const [key, v] of expectedBalances(specs)) {
        expect(db.getDoc<AccountBalanceDoc>('account-balances', key)).toMatchObject({ balance: v.balance.toString(), entries: 10 });
      }
      return calls;
    };
    const text = (balance: number, entries: number) => `{"balance":"${balance}","entries":${entries}}`.length;
    // 1 character: nothing stays cached between batches — the same reads as a cache of 0 documents.
    const uncached = await reads(1);
    expect(uncached.length).toBeGreaterThanOrEqual(6 * 10);
    expect(uncached).toEqual(await reads(1_000_000, 0));
    // Room for everything: each document is read once.
    expect(await reads(1_000_000)).toHaveLength(6);
    // Room for about three documents' text after the first batch: the three most recently used stay (d3, d4, d5).
    const firstBatch = [0, 1, 2, 3, 4, 5].map((i) => text(i, 1));
    const calls = await reads(firstBatch[3]! + firstBatch[4]! + firstBatch[5]!);
    expect(calls.slice(6, 9)).toEqual(['account:d0', 'account:d1', 'account:d2']);
  });

  it('rebuilds from zero when the projection version changes, dropping documents of the old version', async () => {
    const store = newStore();
    await append(store, [
      ['account-a', 'Deposited', { account: 'a', amount: '10' }],
      ['account-b', 'Deposited', { account: 'b', amount: '20' }],
    ]);
    const file = newFile();
    await runner(store, openDb(file), [accountBalanceProjection(1)]).runUntilCaughtUp();
    expect(openDb(file).getDoc('account-balances', 'account:a')).toBeDefined();

    // Version 2 only keeps account "b": a document for "a" can only survive if nothing was dropped.
    const v1 = accountBalanceProjection(2);
    const v2: Projection<AccountBalanceDoc> = {
      ...v1,
      keys: (event) => ((event.data as { account: string }).account === 'b' ? v1.keys(event) : []),
      apply: (docs, event) => (docs.size === 0 ? new Map() : v1.apply(docs, event)),
    };
    const db = openDb(file);
    await runner(store, db, [v2]).runUntilCaughtUp();

    expect(db.listDocs('account-balances', '').map((d) => d.key)).toEqual(['account:b']);
    expect(db.checkpoint('account-balances')).toMatchObject({ version: 2, position: 2n, eventsApplied: 2 });
  });

  it('stops a projection whose apply throws, without skipping the event or advancing its checkpoint; the others go on', async () => {
    const store = newStore();
    await append(store, scenario(30));
    const poison = await append(store, [['account-a1', 'Deposited', { account: 'a1', amount: 'not-a-number' }]]);
    const head = await append(store, scenario(10, 30));
    const file = newFile();
    const db = openDb(file);
    const r = runner(store, db, [accountBalanceProjection(), eventCountProjection()], 4);

    const outcome = r.runUntilCaughtUp();

    await expect(outcome).rejects.toBeInstanceOf(ProjectionFailedError);
    await expect(outcome).rejects.toThrow(/account-balances/);
    const [balances, counter] = await r.status();
    expect(balances).toMatchObject({
      name: 'account-balances',
      state: 'failed',
      position: poison - 1n,
      lag: Number(head - poison + 1n),
      lastError: { position: poison, eventType: 'Deposited', message: expect.stringMatching(/BigInt/) },
    });
    expect(counter).toMatchObject({ name: 'event-count', state: 'stopped', position: head, lastError: null });
    const before = db.getDoc<AccountBalanceDoc>('account-balances', 'account:a1');
    expect(before?.lastPosition).not.toBe(poison.toString());

    // Restarting retries the same event: still stopped at the same place.
    await expect(r.runUntilCaughtUp()).rejects.toBeInstanceOf(ProjectionFailedError);
    expect(db.checkpoint('account-balances')?.position).toBe(poison - 1n);
  });

  it('stops a projection whose document is not canonical JSON (bigint), keeping its last committed batch', async () => {
    const store = newStore();
    await append(store, [['account-a', 'Deposited', { account: 'a', amount: '1' }]]);
    const db = openDb(newFile());
    const bigintDoc: Projection = {
      name: 'bigint-docs',
      version: 1,
      keys: () => ['k'],
      apply: (_docs, event) => new Map([['k', event.position > 1n ? { total: event.position } : { total: '1' }]]),
    };
    const r = runner(store, db, [bigintDoc]);
    await r.runUntilCaughtUp();
    expect(db.getDoc('bigint-docs', 'k')).toEqual({ total: '1' });

    await append(store, [['account-a', 'Deposited', { account: 'a', amount: '1' }]]);
    await expect(r.runUntilCaughtUp()).rejects.toThrow(/bigint is not allowed.*S-7/);

    expect(db.checkpoint('bigint-docs')?.position).toBe(1n);
    expect(db.getDoc('bigint-docs', 'k')).toEqual({ total: '1' });
  });

  it('stops a projection whose apply mutates a document it was given (documents are frozen)', async () => {
    const store = newStore();
    await append(store, [
      ['account-a', 'Deposited', { account: 'a', amount: '1' }],
      ['account-a', 'Deposited', { account: 'a', amount: '2' }],
    ]);
    const db = openDb(newFile());
    const impure: Projection<{ n: number }> = {
      name: 'impure',
      version: 1,
      keys: () => ['k'],
      apply: (docs) => {
        const doc = docs.get('k');
        if (doc === undefined) return new Map([['k', { n: 1 }]]);
        (doc as { n: number }).n += 1;
        return new Map([['k', doc]]);
      },
    };

    await expect(new ProjectionRunner({ store, db, projections: [impure] }).runUntilCaughtUp()).rejects.toThrow(
      /impure.*read[- ]only|impure.*Cannot assign/i,
    );
    expect(db.checkpoint('impure')?.position).toBe(1n);
    expect(db.getDoc('impure', 'k')).toEqual({ n: 1 });
  });

  it('stops a projection whose apply writes a key it did not declare in keys()', async () => {
    const store = newStore();
    await append(store, [['account-a', 'Deposited', { account: 'a', amount: '1' }]]);
    const db = openDb(newFile());
    const sneaky: Projection = { name: 'sneaky', version: 1, keys: () => ['a'], apply: () => new Map([['b', {}]]) };
    const r = runner(store, db, [sneaky]);

    await expect(r.runUntilCaughtUp()).rejects.toThrow(/sneaky\.apply\(\) returned key "b" not listed by keys\(\)/);
    expect(db.checkpoint('sneaky')).toBeUndefined();
    expect(db.listDocs('sneaky', '')).toEqual([]);
  });

  describe('prefixes(): documents an event cannot name', () => {
    /**
     * `Posted` writes `entry:<account>:<position>` (a key known from the event); `Snapshot` declares
     * the prefix `entry:<account>:` and records, in `seen:<account>:<position>`, the keys it was
     * handed (in order) and their sum, and writes a new key under the prefix. With small batches
     * and no cache, prefix documents come from SQLite, from the batch, or both.
     */
    const ledger: Projection<{ amount?: string; keys?: string[]; sum?: string }> = {
      name: 'prefix-ledger',
      version: 1,
      keys: (e) => {
        const { account } = e.data as { account: string };
        return e.type === 'Posted' ? [`entry:${account}:${e.position.toString().padStart(6, '0')}`] : [`seen:${account}:${e.position}`];
      },
      prefixes: (e) => (e.type === 'Snapshot' ? [`entry:${(e.data as { account: string }).account}:`] : []),
      apply: (docs, e) => {
        const { account, amount } = e.data as { account: string; amount?: string };
        if (e.type === 'Posted') return new Map([[`entry:${account}:${e.position.toString().padStart(6, '0')}`, { amount: amount ?? '0' }]]);
        const entries = [...docs].filter(([key, doc]) => key.startsWith(`entry:${account}:`) && doc !== undefined);
        const sum = entries.reduce((total, [, doc]) => total + BigInt(doc?.amount ?? '0'), 0n);
        return new Map([
          [`seen:${account}:${e.position}`, { keys: entries.map(([key]) => key), sum: sum.toString() }],
          [`entry:${account}:~snapshot-${e.position}`, { amount: '0' }],
        ]);
      },
    };

    function ledgerSpecs(count: number): Spec[] {
      const specs: Spec[] = [];
      for (let i = 0; i < count; i++) {
        const account = `x${i % 3}`;
        specs.push(i % 4 === 3 ? [`ledger-${account}`, 'Snapshot', { account }] : [`ledger-${account}`, 'Posted', { account, amount: String(i * 3) }]);
      }
      return specs;
    }

    /** What every Snapshot must have seen, computed without the runner (keys in key order: ASCII here). */
    function expectedSeen(specs: readonly Spec[], firstPosition: bigint): Map<string, { keys: string[]; sum: string }> {
      const entries = new Map<string, { key: string; amount: bigint }[]>();
      const seen = new Map<string, { keys: string[]; sum: string }>();
      specs.forEach(([, type, data], i) => {
        const position = firstPosition + BigInt(i);
        const { account, amount } = data as { account: string; amount?: string };
        const list = entries.get(account) ?? [];
        if (type === 'Posted') list.push({ key: `entry:${account}:${position.toString().padStart(6, '0')}`, amount: BigInt(amount ?? '0') });
        else {
          seen.set(`seen:${account}:${position}`, { keys: list.map((e) => e.key).sort(), sum: list.reduce((t, e) => t + e.amount, 0n).toString() });
          list.push({ key: `entry:${account}:~snapshot-${position}`, amount: 0n });
        }
        entries.set(account, list);
      });
      return seen;
    }

    it.each([
      ['batch 1, no cache', 1, 0],
      ['batch 5, no cache', 5, 0],
      ['batch 5, cache', 5, 10_000],
      ['one batch', 10_000, 10_000],
    ])('hands every committed and in-batch document under the prefix, in key order (%s)', async (_label, batchSize, docCacheSize) => {
      const store = newStore();
      const specs = ledgerSpecs(60);
      const head = await append(store, specs);
      const first = head - BigInt(specs.length) + 1n;
      const db = openDb(newFile());
      await new ProjectionRunner({ store, db, projections: [ledger], batchSize, docCacheSize }).runUntilCaughtUp();

      const expected = expectedSeen(specs, first);
      const stored = db.listDocs<{ keys: string[]; sum: string }>('prefix-ledger', 'seen:', { limit: 1_000 });
      expect(stored).toHaveLength(expected.size);
      for (const { key, doc } of stored) expect(doc).toEqual(expected.get(key));
      // The new keys written under the prefix were stored too.
      expect(db.listDocs('prefix-ledger', 'entry:x0:~snapshot-', { limit: 100 }).length).toBe(specs.filter(([s, t]) => s === 'ledger-x0' && t === 'Snapshot').length);
    });

    it('stops a projection that writes outside both its keys and its prefixes', async () => {
      const store = newStore();
      await append(store, [['ledger-x0', 'Snapshot', { account: 'x0' }]]);
      const db = openDb(newFile());
      const stray: Projection = { name: 'stray', version: 1, keys: () => ['a'], prefixes: () => ['p:'], apply: () => new Map([['q:1', {}]]) };
      await expect(runner(store, db, [stray]).runUntilCaughtUp()).rejects.toThrow(/returned key "q:1" not listed by keys\(\) nor under prefixes\(\)/);
      expect(db.checkpoint('stray')).toBeUndefined();
    });
  });

  it('stops every projection when a commit fails, loses nothing, and resumes on the next start', async () => {
    const store = newStore();
    await append(store, scenario(50));
    const file = newFile();
    const db = openDb(file);
    const realCommit = db.commit.bind(db);
    const commit = jest.spyOn(db, 'commit');
    commit.mockImplementationOnce(realCommit).mockImplementationOnce(() => {
      throw new Error('SQLITE_FULL: database or disk is full');
    });
    const r = runner(store, db, [accountBalanceProjection(), eventCountProjection()], 10);

    await expect(r.runUntilCaughtUp()).rejects.toThrow(/Read-model commit failed: SQLITE_FULL/);
    // The first batch (10 events) was committed; the failed one left no trace.
    expect((await r.status()).map((s) => [s.state, s.position])).toEqual([
      ['failed', 10n],
      ['failed', 10n],
    ]);
    expect(openDb(file).getDoc<EventCountDoc>('event-count', 'total')?.count).toBe(10);
    expect(r.running).toBe(false);

    commit.mockRestore();
    await r.runUntilCaughtUp();
    const clean = newFile();
    await runner(store, openDb(clean), [accountBalanceProjection(), eventCountProjection()]).runUntilCaughtUp();
    expect(dumpReadModels(file)).toEqual(dumpReadModels(clean));
  });

  it('stops when the subscription fails, keeping what was committed, and resumes on the next start', async () => {
    const inner = newStore();
    await append(inner, scenario(40));
    let failuresLeft = 1;
    const flaky: EventStore = Object.assign(Object.create(inner) as EventStore, {
      subscribeToAll: (options?: Parameters<EventStore['subscribeToAll']>[0]) => {
        const subscription = inner.subscribeToAll(options);
        const fail = failuresLeft-- > 0;
        return {
          unsubscribe: () => subscription.unsubscribe(),
          async *[Symbol.asyncIterator]() {
            let delivered = 0;
            for await (const message of subscription) {
              if (fail && ++delivered > 25) throw new Error('connection reset');
              yield message;
            }
          },
        };
      },
    });
    const file = newFile();
    const r = runner(flaky, openDb(file), [eventCountProjection()], 10);

    await expect(r.runUntilCaughtUp()).rejects.toThrow(/Subscription to \$all failed: connection reset/);
    const [failed] = await r.status();
    expect(failed).toMatchObject({ state: 'failed', position: 25n });

    await r.runUntilCaughtUp();
    expect((await r.status())[0]).toMatchObject({ state: 'stopped', position: 40n, eventsApplied: 40, lastError: null });
    expect(openDb(file).getDoc<EventCountDoc>('event-count', 'total')?.count).toBe(40);
  });

  it('rebuild equals the incremental run byte for byte, and reports progress up to the head', async () => {
    const store = newStore();
    const specs = scenario(400);
    const file = newFile();
    const db = openDb(file);
    const r = runner(store, db, [accountBalanceProjection(), eventCountProjection()], 9);
    await r.start();
    for (let i = 0; i < specs.length; i += 50) {
      await r.waitForPosition(await append(store, specs.slice(i, i + 50)));
    }
    await r.stop();
    const incremental = dumpReadModels(file);

    const progress: [number, number][] = [];
    await r.rebuild('all', { onProgress: (processed, total) => progress.push([processed, total]) });

    expect(dumpReadModels(file)).toEqual(incremental);
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toEqual([400, 400]);
    expect(progress.every(([, total]) => total === 400)).toBe(true);
    expect(progress.map(([processed]) => processed)).toEqual([...progress.map(([p]) => p)].sort((a, b) => a - b));
    expect(r.running).toBe(false);
  });

  it('rebuilds one projection while the runner is live, leaving the other untouched and keeping it running', async () => {
    const store = newStore();
    await append(store, scenario(100));
    const file = newFile();
    const db = openDb(file);
    const counter = eventCountProjection();
    const r = runner(store, db, [accountBalanceProjection(), counter]);
    await r.start();
    try {
      await r.waitForPosition(100n);
      const before = dumpReadModels(file);
      const counts = jest.spyOn(counter, 'apply');

      await r.rebuild('account-balances');

      expect(dumpReadModels(file)).toEqual(before);
      expect(counts).not.toHaveBeenCalled();
      expect(r.running).toBe(true);
      const p = await append(store, [['account-z', 'Deposited', { account: 'z', amount: '3' }]]);
      await r.waitForPosition(p);
      expect(db.getDoc<AccountBalanceDoc>('account-balances', 'account:z')?.balance).toBe('3');
    } finally {
      await r.stop();
    }
  });

  it('refuses to rebuild an unknown projection', async () => {
    const r = runner(newStore(), openDb(newFile()), [eventCountProjection()]);
    await expect(r.rebuild('nope')).rejects.toThrow(/Unknown projection "nope"/);
  });

  it('reports status with lag for a store whose positions count events', async () => {
    const store = newStore();
    const head = await append(store, scenario(20));
    const db = openDb(newFile());
    const r = runner(store, db, [eventCountProjection()]);

    expect(await r.status()).toEqual([
      {
        name: 'event-count',
        version: 1,
        state: 'stopped',
        position: null,
        headPosition: head,
        lag: 20,
        eventsApplied: 0,
        lastError: null,
      },
    ]);
    await r.runUntilCaughtUp();
    expect((await r.status())[0]).toMatchObject({ position: head, lag: 0, eventsApplied: 20 });
  });

  it('works with sparse positions (EventStoreDB-like): no lag figure, proportional progress estimate', async () => {
    const inner = newStore();
    await append(inner, scenario(300));
    // Positions ×1000, like commit positions: increasing but not event counts.
    const scale = 1000n;
    const sparse: EventStore = Object.assign(Object.create(inner) as EventStore, {
      kind: 'esdb',
      headPosition: async () => ((await inner.headPosition()) ?? 0n) * scale,
      subscribeToAll: (options: Parameters<EventStore['subscribeToAll']>[0] = {}) => {
        const from = options.fromPosition;
        const subscription = inner.subscribeToAll({ fromPosition: typeof from === 'bigint' ? from / scale : from });
        return {
          unsubscribe: () => subscription.unsubscribe(),
          async *[Symbol.asyncIterator]() {
            for await (const m of subscription) {
              if (m.kind === 'event') yield { kind: 'event' as const, event: { ...m.event, position: m.event.position * scale } };
              else yield { kind: 'caught-up' as const, position: m.position === null ? null : m.position * scale };
            }
          },
        };
      },
    });
    const file = newFile();
    const r = runner(sparse, openDb(file), [accountBalanceProjection(), eventCountProjection()], 25);
    const progress: [number, number][] = [];

    await r.runUntilCaughtUp({ onProgress: (processed, total) => progress.push([processed, total]) });

    expect((await r.status()).map((s) => [s.position, s.headPosition, s.lag])).toEqual([
      [300_000n, 300_000n, null],
      [300_000n, 300_000n, null],
    ]);
    expect(progress.at(-1)).toEqual([300, 300]);
    expect(progress.every(([processed, total]) => total >= processed && total === 300)).toBe(true);
    const direct = newFile();
    await runner(inner, openDb(direct), [accountBalanceProjection(), eventCountProjection()]).runUntilCaughtUp();
    // Same documents, except that the positions they quote are scaled.
    const docs = (f: string, factor: bigint) =>
      Object.entries(dumpReadModels(f).tables).map(([table, rows]) => [
        table,
        rows.map(([key, text]) => {
          const doc = JSON.parse(text) as { lastPosition: string };
          return [key, { ...doc, lastPosition: (BigInt(doc.lastPosition) * factor).toString() }];
        }),
      ]);
    expect(docs(file, 1n)).toEqual(docs(direct, scale));
    expect(docs(file, 1n).map(([table]) => table)).toEqual(['rm_account-balances', 'rm_event-count']);
  });

  it('returns at once on an empty log', async () => {
    const db = openDb(newFile());
    await runner(newStore(), db, [eventCountProjection()]).runUntilCaughtUp();
    expect(db.checkpoint('event-count')).toBeUndefined();
  });

  it('refuses two projections with the same name', () => {
    expect(() => runner(newStore(), openDb(newFile()), [eventCountProjection(), eventCountProjection(2)])).toThrow(
      /Duplicate projection name "event-count"/,
    );
  });
});
