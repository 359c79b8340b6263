/**
 * B1 (issue 8): one measurement of durable appends by one contender, in its own process.
 *
 * - `ours`:      SqliteEventStore (WAL, synchronous=FULL), one awaited append at a time.
 * - `emmett`:    @event-driven-io/emmett-sqlite 0.38.5 `getSQLiteEventStore`, one awaited append
 *                at a time. It exposes no pragma option; its connections run WAL (it sets it) and
 *                SQLite's compiled-in default synchronous, read back on its own connection.
 * - `floor`:     raw better-sqlite3 on the same schema as ours, one BEGIN IMMEDIATE … COMMIT per
 *                append: read the stream revision, check it, insert the events, upsert the revision.
 * - `ours-64`:   64 concurrent async writers on SqliteEventStore (group commit).
 * - `floor-64`:  raw better-sqlite3, 64 appends per durable transaction.
 *
 * Every contender writes the same plan (b1Plan) of the same events (b1Event) with expected
 * revisions, and the worker checks afterwards that every event is stored exactly once.
 */
import Database from 'better-sqlite3';
import { SqliteEventStore, type EventToAppend } from '@ledger/event-store';
import { workerMain } from '../harness/child';
import { b1Plan, planEvents, streamName, writerAppends, type AppendPlan } from '../harness/workload';

export type B1Contender = 'ours' | 'emmett' | 'floor' | 'ours-64' | 'floor-64';

export interface B1Args {
  readonly contender: B1Contender;
  readonly file: string;
  readonly events: number;
  readonly streams: number;
  readonly seed: number;
  readonly writers: number;
}

export interface B1Result {
  readonly contender: B1Contender;
  readonly events: number;
  readonly appends: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly appendsPerSecond: number;
  /** Read back on the connection that did the writes. */
  readonly pragmas: { readonly journalMode: string; readonly synchronous: number; readonly sqliteVersion: string };
  /** Write transactions (store stats for ours, counted for the floor, one per append for emmett). */
  readonly transactions: number;
  /** Rows found after the run (must equal `events`) and the sum of stream revisions + 1 (same). */
  readonly verified: { readonly rows: number; readonly streamEvents: number };
  /** emmett only: appends retried after its COMMIT failed with SQLITE_BUSY (see below). */
  readonly busyRetries?: number;
}

type Timed = Omit<B1Result, 'contender' | 'events' | 'appends' | 'eventsPerSecond' | 'appendsPerSecond' | 'verified'>;

async function run(args: B1Args): Promise<B1Result> {
  const plan = b1Plan({ events: args.events, streams: args.streams, seed: args.seed });
  let timed: Timed;
  switch (args.contender) {
    case 'ours':
      timed = await ours(plan, args.file, 1);
      break;
    case 'ours-64':
      timed = await ours(plan, args.file, args.writers);
      break;
    case 'emmett':
      timed = await emmett(plan, args.file);
      break;
    case 'floor':
      timed = floor(plan, args.file, 1);
      break;
    case 'floor-64':
      timed = floor(plan, args.file, args.writers);
      break;
    default:
      throw new Error(`unknown contender ${String(args.contender)}`);
  }
  const verified = verify(args.file, args.contender === 'emmett');
  if (verified.rows !== plan.events || verified.streamEvents !== plan.events) {
    throw new Error(`${args.contender}: expected ${plan.events} events, found ${verified.rows} rows / ${verified.streamEvents} in streams`);
  }
  return {
    contender: args.contender,
    events: plan.events,
    appends: plan.appends,
    eventsPerSecond: plan.events / timed.seconds,
    appendsPerSecond: plan.appends / timed.seconds,
    verified,
    ...timed,
  };
}

function expectedOf(revision: number): 'no_stream' | bigint {
  return revision < 0 ? 'no_stream' : BigInt(revision);
}

async function ours(plan: AppendPlan, file: string, writers: number): Promise<Timed> {
  const store = SqliteEventStore.open({ file });
  // Read back on the store's own connection (a private field: per-connection settings cannot be
  // seen from another connection).
  const db = (store as unknown as { db: Database.Database }).db;
  const pragmas = readPragmas(db);
  const revisions = new Int32Array(plan.streams).fill(-1);
  const perWriter = writers === 1 ? [] : Array.from({ length: writers }, (_, w) => writerAppends(plan, writers, w));
  const started = process.hrtime.bigint();
  if (writers === 1) {
    for (let a = 0; a < plan.appends; a++) {
      const s = plan.stream[a] as number;
      await store.appendToStream(streamName(s), planEvents(plan, a), { expectedRevision: expectedOf(revisions[s] as number) });
      revisions[s] += plan.count[a] as number;
    }
  } else {
    await Promise.all(
      perWriter.map(async (appends) => {
        for (const a of appends) {
          const s = plan.stream[a] as number;
          await store.appendToStream(streamName(s), planEvents(plan, a), { expectedRevision: expectedOf(revisions[s] as number) });
          revisions[s] += plan.count[a] as number;
        }
      }),
    );
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { transactions, appends } = store.stats;
  await store.close();
  if (appends !== plan.appends) throw new Error(`store acknowledged ${appends} appends, expected ${plan.appends}`);
  return { seconds, pragmas, transactions };
}

interface EmmettConnection {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

async function emmett(plan: AppendPlan, file: string): Promise<Timed> {
  // Loaded lazily: it lives in bench/node_modules, installed by bench/run.js.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { getSQLiteEventStore } = require('@event-driven-io/emmett-sqlite') as typeof import('@event-driven-io/emmett-sqlite');
  const seen: Timed['pragmas'][] = [];
  let checkNext = true;
  const eventStore = getSQLiteEventStore({
    fileName: file,
    hooks: {
      // Runs inside emmett's own transaction, on the connection that writes: the only place to
      // read its per-connection settings. Only on the first and the last append (cost excluded
      // from nothing: it is one extra query on two appends out of tens of thousands).
      onBeforeCommit: async (_messages: unknown, context: { connection: EmmettConnection }) => {
        if (!checkNext) return;
        checkNext = false;
        // `query` (db.all) steps each statement to its end; `querySingle` (db.get) would leave it
        // open and make emmett's COMMIT fail with SQLITE_BUSY.
        const [journal] = await context.connection.query<{ journal_mode: string }>('PRAGMA journal_mode');
        const [sync] = await context.connection.query<{ synchronous: number }>('PRAGMA synchronous');
        const [version] = await context.connection.query<{ v: string }>('SELECT sqlite_version() AS v');
        seen.push({ journalMode: journal?.journal_mode ?? '?', synchronous: sync?.synchronous ?? -1, sqliteVersion: version?.v ?? '?' });
      },
    },
  } as Parameters<typeof getSQLiteEventStore>[0]);
  const versions = new Float64Array(plan.streams); // emmett's stream version = number of events (0 = none)
  let busyRetries = 0;
  const started = process.hrtime.bigint();
  for (let a = 0; a < plan.appends; a++) {
    const s = plan.stream[a] as number;
    if (a === plan.appends - 1) checkNext = true;
    const events = planEvents(plan, a).map((e: EventToAppend) => ({ type: e.type, data: e.data, metadata: e.metadata }));
    for (let attempt = 1; ; attempt++) {
      try {
        await eventStore.appendToStream(streamName(s), events as never, { expectedStreamVersion: BigInt(versions[s] as number) });
        break;
      } catch (error) {
        // emmett-sqlite 0.38.5 reads `INSERT … RETURNING` with node-sqlite3's db.get, which can
        // leave the statement unfinished, so its COMMIT now and then fails with SQLITE_BUSY
        // ("cannot commit transaction - SQL statements in progress") and it rolls back. The
        // append did not happen: retry it (the row count is checked after the run).
        if ((error as { code?: string }).code !== 'SQLITE_BUSY' || attempt >= 5) throw error;
        busyRetries++;
      }
    }
    versions[s] += plan.count[a] as number;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const first = seen[0];
  if (!first || seen.some((p) => p.journalMode !== first.journalMode || p.synchronous !== first.synchronous)) {
    throw new Error(`emmett connections did not report consistent pragmas: ${JSON.stringify(seen)}`);
  }
  return { seconds, pragmas: first, transactions: plan.appends + busyRetries, busyRetries };
}

const FLOOR_SCHEMA = `
CREATE TABLE events (
  position    INTEGER PRIMARY KEY,
  id          TEXT    NOT NULL UNIQUE,
  stream_name TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  UNIQUE (stream_name, revision)
) STRICT;
CREATE TABLE streams (
  stream_name TEXT    PRIMARY KEY,
  revision    INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
`;

/** The floor: our schema, no adapter — the least work SQLite can do for the same durable appends. */
function floor(plan: AppendPlan, file: string, perTransaction: number): Timed {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(FLOOR_SCHEMA);
  const pragmas = readPragmas(db);
  const readRevision = db.prepare<[string], number>('SELECT revision FROM streams WHERE stream_name = ?').pluck();
  const insert = db.prepare('INSERT INTO events (id, stream_name, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
  const upsert = db.prepare(
    'INSERT INTO streams (stream_name, revision) VALUES (?, ?) ON CONFLICT (stream_name) DO UPDATE SET revision = excluded.revision',
  );
  const expected = new Int32Array(plan.streams).fill(-1);
  const appendOne = (a: number): void => {
    const s = plan.stream[a] as number;
    const name = streamName(s);
    const current = readRevision.get(name) ?? -1;
    if (current !== expected[s]) throw new Error(`floor: ${name} at ${current}, expected ${expected[s]}`);
    let revision = current;
    for (const e of planEvents(plan, a)) {
      revision++;
      insert.run(e.id, name, revision, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata));
    }
    upsert.run(name, revision);
    expected[s] = revision;
  };
  const group = db.transaction((from: number, to: number) => {
    for (let a = from; a < to; a++) appendOne(a);
  });
  let transactions = 0;
  const started = process.hrtime.bigint();
  for (let a = 0; a < plan.appends; a += perTransaction) {
    group.immediate(a, Math.min(a + perTransaction, plan.appends));
    transactions++;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  return { seconds, pragmas, transactions };
}

function readPragmas(db: Database.Database): Timed['pragmas'] {
  const journalMode = String(db.pragma('journal_mode', { simple: true }));
  const synchronous = Number(db.pragma('synchronous', { simple: true }));
  const sqliteVersion = String(db.prepare('SELECT sqlite_version()').pluck().get());
  return { journalMode, synchronous, sqliteVersion };
}

function verify(file: string, emmettSchema: boolean): B1Result['verified'] {
  const db = new Database(file, { readonly: true });
  try {
    const [events, streams, revisionSum] = emmettSchema
      ? ['emt_messages', 'emt_streams', 'SUM(stream_position)']
      : ['events', 'streams', 'SUM(revision + 1)'];
    const rows = Number(db.prepare(`SELECT COUNT(*) FROM ${events}`).pluck().get());
    const streamEvents = Number(db.prepare(`SELECT ${revisionSum} FROM ${streams}`).pluck().get());
    return { rows, streamEvents };
  } finally {
    db.close();
  }
}

workerMain(run);
