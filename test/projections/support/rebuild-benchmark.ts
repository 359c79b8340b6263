/**
 * Rebuild throughput of the projection runner (ADR 0004 figures). Not a test.
 *
 * Usage: node -r ./scripts/ts-register.js test/projections/support/rebuild-benchmark.ts \
 *          [memory|embedded] [events=300000] [keys=5000] [batch=2000]
 * Prints the time to read the log alone, then the rebuild time, events/s and RSS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryEventStore, SqliteEventStore, type EventStore } from '@ledger/event-store';
import { ProjectionRunner, ReadModelDatabase } from '@ledger/projections';
import { accountBalanceProjection, testEvent } from '../../../projections/src/runner/testing/test-projections';

async function main(): Promise<void> {
  const [kind = 'memory', events = '300000', keys = '5000', batch = '2000'] = process.argv.slice(2);
  const total = Number(events);
  const dir = mkdtempSync(join(tmpdir(), 'rebuild-benchmark-'));
  const store: EventStore =
    kind === 'embedded' ? SqliteEventStore.open({ file: join(dir, 'events.sqlite') }) : new MemoryEventStore();
  try {
    for (let n = 1; n <= total; ) {
      const appends: Promise<unknown>[] = [];
      for (let a = 0; a < 100 && n <= total; a++) {
        const batchOfEvents = [];
        for (let i = 0; i < 100 && n <= total; i++, n++) {
          batchOfEvents.push(testEvent(n, 'Deposited', { account: `k${n % Number(keys)}`, amount: String(n % 1000) }));
        }
        appends.push(store.appendToStream(`account-s${a}`, batchOfEvents, { expectedRevision: 'any' }));
      }
      await Promise.all(appends);
    }

    let started = process.hrtime.bigint();
    for await (const message of store.subscribeToAll()) if (message.kind === 'caught-up') break;
    console.log(`read the log alone: ${ms(started)} ms`);

    const db = ReadModelDatabase.open({ file: join(dir, 'read-models.sqlite') });
    const runner = new ProjectionRunner({ store, db, projections: [accountBalanceProjection()], batchSize: Number(batch) });
    const rssBefore = process.memoryUsage().rss;
    started = process.hrtime.bigint();
    await runner.rebuild('all');
    const elapsed = ms(started);
    console.log(
      `${kind} store, ${total} events, ${keys} keys, batches of ${batch}: rebuild ${elapsed} ms, ` +
        `${Math.round(total / (elapsed / 1000))} events/s, RSS ${mb(rssBefore)} → ${mb(process.memoryUsage().rss)} MB`,
    );
    db.close();
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function ms(since: bigint): number {
  return Math.round(Number(process.hrtime.bigint() - since) / 1e6);
}

function mb(bytes: number): number {
  return Math.round(bytes / 1e6);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
