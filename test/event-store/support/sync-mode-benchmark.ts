/**
 * Quick measurement behind ADR 0002: appends/s in WAL mode with synchronous=FULL vs NORMAL, raw
 * better-sqlite3 and through SqliteEventStore (sequential, and 64 concurrent writers that group-
 * commit). Not a test; run: node -r ./scripts/ts-register.js test/event-store/support/sync-mode-benchmark.ts
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore, type EventToAppend } from '@ledger/event-store';

const N = Number(process.env.N ?? 3000);
const dir = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'sync-bench-'));
const file = (): string => path.join(dir, `${randomUUID()}.sqlite`);

function event(): EventToAppend {
  const id = randomUUID();
  return {
    id,
    type: 'RevenueCollected',
    data: { paymentId: id, amountMinor: '125000', currency: 'EUR' },
    metadata: {
      correlationId: id,
      causationId: id,
      actor: 'bench',
      commandId: id,
      occurredAt: '2026-01-15T10:00:00Z',
      recordedAt: '2026-01-15T10:00:00Z',
      schemaVersion: 1,
    },
  };
}

function raw(synchronous: 'FULL' | 'NORMAL'): number {
  const db = new Database(file());
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec('CREATE TABLE events (position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, data TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO events (id, data) VALUES (?, ?)');
  const tx = db.transaction((e: EventToAppend) => insert.run(e.id, JSON.stringify(e.data)));
  const events = Array.from({ length: N }, event);
  const start = process.hrtime.bigint();
  for (const e of events) tx.immediate(e);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  db.close();
  return N / seconds;
}

async function store(synchronous: 'FULL' | 'NORMAL', writers: number): Promise<number> {
  const s = SqliteEventStore.open({ file: file() });
  // Experiment only: the store always runs FULL (ADR 0002); NORMAL is set here to measure the cost.
  (s as unknown as { db: Database.Database }).db.pragma(`synchronous = ${synchronous}`);
  const perWriter = Math.ceil(N / writers);
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; i < perWriter; i++) {
        await s.appendToStream(`bench-${w}`, [event()], { expectedRevision: i === 0 ? 'no_stream' : BigInt(i - 1) });
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const { transactions } = s.stats;
  await s.close();
  if (writers > 1) console.log(`    (${writers * perWriter} appends in ${transactions} transactions)`);
  return (writers * perWriter) / seconds;
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${os.cpus().length} cores, dir ${dir}, N=${N}`);
  const row = (label: string, perSecond: number): void => console.log(`${label.padEnd(58)} ${Math.round(perSecond)} appends/s`);
  row('raw better-sqlite3, WAL, synchronous=NORMAL, 1 tx/append', raw('NORMAL'));
  row('raw better-sqlite3, WAL, synchronous=FULL,   1 tx/append', raw('FULL'));
  row('SqliteEventStore, NORMAL, sequential', await store('NORMAL', 1));
  row('SqliteEventStore, FULL,   sequential', await store('FULL', 1));
  row('SqliteEventStore, NORMAL, 64 concurrent writers', await store('NORMAL', 64));
  row('SqliteEventStore, FULL,   64 concurrent writers', await store('FULL', 64));
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
