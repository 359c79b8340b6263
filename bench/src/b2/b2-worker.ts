/**
 * B2: one measurement in its own process.
 * - `rebuild`: ProjectionRunner.rebuild('all') with ALL_PROJECTIONS (whatever the application
 *   runs at the time) from an embedded store file into a fresh read-model file; afterwards every
 *   projection must be at the head with no failure.
 * - `floor`: better-sqlite3 iterate() over the same file in position order, JSON.parse of data and
 *   metadata, folding a sum of amounts per partner: the least work that reads every event.
 */
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@ledger/event-store';
import { ProjectionRunner, ReadModelDatabase } from '@ledger/projections';
import { ALL_PROJECTIONS } from '../../../libs/application/src/projections/all-projections';
import { maxRssMb, workerMain } from '../harness/child';

export type B2Args =
  | {
      readonly mode: 'rebuild';
      readonly storeFile: string;
      readonly readModelFile: string;
      readonly batchSize: number;
      /** Runner option (default DEFAULT_DOC_CACHE_SIZE); set only by experiments. */
      readonly docCacheSize?: number;
    }
  | { readonly mode: 'floor'; readonly storeFile: string };

export interface B2Result {
  readonly mode: 'rebuild' | 'floor';
  readonly batchSize: number | null;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  /** ru_maxrss of the worker at the end (its peak). */
  readonly maxRssMb: number;
  /** RSS once the code is loaded and the files open, just before the measured work. */
  readonly rssBeforeMb: number;
  /** V8 heap in use at the end (live data plus garbage not yet collected). */
  readonly heapUsedEndMb: number;
  readonly projections: readonly { readonly name: string; readonly eventsApplied: number; readonly docs: number }[];
  readonly readModelBytes: number;
  /** Floor only: partners folded and the grand total (a check that it really read the data). */
  readonly fold: { readonly partners: number; readonly totalMinor: string } | null;
}

async function run(args: B2Args): Promise<B2Result> {
  return args.mode === 'rebuild' ? rebuild(args) : floor(args.storeFile);
}

async function rebuild(args: Extract<B2Args, { mode: 'rebuild' }>): Promise<B2Result> {
  const store = SqliteEventStore.open({ file: args.storeFile });
  const db = ReadModelDatabase.open({ file: args.readModelFile });
  const runner = new ProjectionRunner({ store, db, projections: ALL_PROJECTIONS, batchSize: args.batchSize, docCacheSize: args.docCacheSize });
  const head = await store.headPosition();
  const rssBeforeMb = mb(process.memoryUsage().rss);
  const started = process.hrtime.bigint();
  await runner.rebuild('all');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const status = await runner.status();
  for (const s of status) {
    if (s.state === 'failed' || s.position !== head) {
      throw new Error(`projection ${s.name} ended ${s.state} at ${s.position} (head ${head}): ${s.lastError?.message ?? ''}`);
    }
  }
  db.close();
  await store.close();
  const check = new Database(args.readModelFile, { readonly: true });
  const projections = status.map((s) => ({
    name: s.name,
    eventsApplied: s.eventsApplied,
    docs: Number(check.prepare(`SELECT COUNT(*) FROM "rm_${s.name}"`).pluck().get()),
  }));
  check.close();
  const events = Number(head ?? 0n);
  return {
    mode: 'rebuild',
    batchSize: args.batchSize,
    events,
    seconds,
    eventsPerSecond: events / seconds,
    maxRssMb: maxRssMb(),
    rssBeforeMb,
    heapUsedEndMb: mb(process.memoryUsage().heapUsed),
    projections,
    readModelBytes: statSync(args.readModelFile).size,
    fold: null,
  };
}

async function floor(storeFile: string): Promise<B2Result> {
  const db = new Database(storeFile, { readonly: true });
  const rssBeforeMb = mb(process.memoryUsage().rss);
  const started = process.hrtime.bigint();
  const sums = new Map<string, bigint>();
  let events = 0;
  const rows = db.prepare('SELECT position, stream_name, type, data, metadata FROM events ORDER BY position').iterate() as IterableIterator<{
    data: string;
    metadata: string;
  }>;
  for (const row of rows) {
    events++;
    const data = JSON.parse(row.data) as { partnerId?: unknown; amount?: { amountMinor?: unknown } };
    JSON.parse(row.metadata);
    if (typeof data.partnerId === 'string' && typeof data.amount?.amountMinor === 'string') {
      sums.set(data.partnerId, (sums.get(data.partnerId) ?? 0n) + BigInt(data.amount.amountMinor));
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  let total = 0n;
  for (const v of sums.values()) total += v;
  return {
    mode: 'floor',
    batchSize: null,
    events,
    seconds,
    eventsPerSecond: events / seconds,
    maxRssMb: maxRssMb(),
    rssBeforeMb,
    heapUsedEndMb: mb(process.memoryUsage().heapUsed),
    projections: [],
    readModelBytes: 0,
    fold: { partners: sums.size, totalMinor: total.toString() },
  };
}

workerMain(run);

function mb(bytes: number): number {
  return Math.round(bytes / 1e5) / 10;
}
