/**
 * Embedded event store: one SQLite file through better-sqlite3 (ADR 0001, ADR 0002).
 *
 * Durability: WAL journal with synchronous=FULL, so an append is acknowledged only after its
 * COMMIT was fsynced — it survives kill -9 and power loss.
 *
 * Schema: `events.position` is the INTEGER PRIMARY KEY (rowid): SQLite gives max+1, and as
 * events are never deleted (A-3, enforced by triggers) positions are 1, 2, 3… with no gaps; a
 * rolled-back append leaves no row, so no gap either. `streams` holds each stream's current
 * revision; event ids are unique.
 *
 * Group commit: appends made while the event loop is busy are queued and flushed together on
 * `setImmediate` (a check-phase callback, not a timer: a lone append waits for no clock) in ONE
 * `BEGIN IMMEDIATE … COMMIT`, one SAVEPOINT per append so a conflict fails only that append. One
 * fsync then acknowledges the whole group; every promise resolves after COMMIT returned.
 *
 * Live subscriptions: appends through this instance wake subscribers directly. Appends by
 * another process (or another instance) on the same file are noticed by polling
 * `PRAGMA data_version` every `pollIntervalMs` (default 200 ms), only while at least one
 * subscription is live.
 *
 * better-sqlite3 is synchronous: a commit (and a wait for another process's write lock, up to
 * `busy_timeout`) blocks the event loop for its duration.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import {
  EventStoreUnavailableError,
  InvalidAppendError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../../event-store.errors';
import {
  matchesFilter,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type GlobalPosition,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamRevision,
  type SubscribeToAllOptions,
  type Subscription,
  type SubscriptionFilter,
} from '../../event-store.port';
import { validateAppend, type SerialisedEvent } from '../shared/append-validation';
import { catchUpSubscription, pagedReadAll, PAGE_SIZE, type EventPage } from '../shared/catch-up-subscription';
import { revisionMatches } from '../shared/expected-revision';
import { resolveRetry, type StoredEventRef } from '../shared/idempotent-retry';

export interface SqliteEventStoreOptions {
  /** Path of the SQLite file; its directory must exist. */
  readonly file: string;
  /** How often a live subscription looks for appends made by another process. Default 200. */
  readonly pollIntervalMs?: number;
}

/** Counters for tests and metrics. */
export interface SqliteEventStoreStats {
  /** Write transactions run (one per group commit, whatever its appends' outcomes). */
  readonly transactions: number;
  /** Appends acknowledged (written or idempotent retries). */
  readonly appends: number;
}

const SCHEMA_VERSION = 1;
const MAX_REVISION = 9223372036854775807n;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY,
  id          TEXT    NOT NULL UNIQUE,
  stream_name TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  UNIQUE (stream_name, revision)
) STRICT;
CREATE TABLE IF NOT EXISTS streams (
  stream_name TEXT    PRIMARY KEY,
  revision    INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS events_are_immutable_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'A-3: events are never updated'); END;
CREATE TRIGGER IF NOT EXISTS events_are_immutable_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'A-3: events are never deleted'); END;
`;

interface EventRow {
  position: bigint;
  id: string;
  stream_name: string;
  revision: bigint;
  type: string;
  data: string;
  metadata: string;
}

interface PendingAppend {
  readonly streamName: string;
  readonly events: readonly SerialisedEvent[];
  readonly expected: ExpectedRevision;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome =
  | { readonly ok: true; readonly result: AppendResult; readonly wrote: boolean }
  | { readonly ok: false; readonly error: unknown };

/** Thrown inside an append's savepoint so that it rolls back before the retry check. */
class DuplicateEventId extends Error {}

export class SqliteEventStore implements EventStore {
  readonly kind = 'embedded';

  private readonly statements: ReturnType<typeof prepare>;
  private readonly appendTx: Database.Transaction<(append: PendingAppend) => { result: AppendResult; wrote: boolean }>;
  private readonly groupTx: Database.Transaction<(appends: readonly PendingAppend[]) => Outcome[]>;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private readonly watchers = new Set<() => void>();
  private readonly subscriptions = new Set<Subscription>();
  private pollTimer: NodeJS.Timeout | null = null;
  private lastDataVersion: bigint | null = null;
  private closed = false;
  private transactions = 0;
  private appends = 0;

  private constructor(
    private readonly db: Database.Database,
    private readonly pollIntervalMs: number,
  ) {
    this.statements = prepare(db);
    this.appendTx = db.transaction((append: PendingAppend) => this.writeAppend(append));
    this.groupTx = db.transaction((appends: readonly PendingAppend[]) =>
      appends.map((append) => this.runAppend(append, () => this.appendTx(append))),
    );
  }

  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    const pollIntervalMs = options.pollIntervalMs ?? 200;
    if (!Number.isInteger(pollIntervalMs) || pollIntervalMs <= 0) {
      throw new Error(`pollIntervalMs must be a positive integer, got ${pollIntervalMs}`);
    }
    const dir = path.dirname(path.resolve(options.file));
    if (!fs.existsSync(dir)) throw new EventStoreUnavailableError(`directory ${dir} of the event store file does not exist`);
    let db: Database.Database;
    try {
      db = new Database(options.file);
    } catch (error) {
      throw new EventStoreUnavailableError(`cannot open the event store file ${options.file}`, error);
    }
    try {
      db.pragma('busy_timeout = 5000');
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`journal_mode is ${String(mode)}, WAL is required (ADR 0002)`);
      db.pragma('synchronous = FULL');
      db.defaultSafeIntegers(true);
      migrate(db);
      return new SqliteEventStore(db, pollIntervalMs);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  get stats(): SqliteEventStoreStats {
    return { transactions: this.transactions, appends: this.appends };
  }

  appendToStream(streamName: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    if (this.closed) return Promise.reject(closedError());
    const expected = options?.expectedRevision;
    let batch: SerialisedEvent[];
    try {
      batch = validateAppend(streamName, events, expected);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamName, events: batch, expected, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = options.maxCount ?? -1; // SQLite: a negative LIMIT means no limit
    let rows: EventRow[];
    if ((options.direction ?? 'forwards') === 'forwards') {
      const from = options.fromRevision ?? 'start';
      const start = from === 'start' ? 0n : from === 'end' ? MAX_REVISION : from;
      rows = this.statements.readStreamForwards.all(streamName, start, limit) as EventRow[];
    } else {
      const from = options.fromRevision ?? 'end';
      const start = from === 'end' ? MAX_REVISION : from === 'start' ? 0n : from;
      rows = this.statements.readStreamBackwards.all(streamName, start, limit) as EventRow[];
    }
    if (rows.length === 0 && this.currentRevision(streamName) === undefined) throw new StreamNotFoundError(streamName);
    return rows.map(toRecordedEvent);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncGenerator<RecordedEvent, void, undefined> {
    this.assertOpen();
    yield* pagedReadAll((after, limit, filter) => this.readPage(after, limit, filter), options, () => this.assertOpen());
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    this.assertOpen();
    const subscription = catchUpSubscription(
      {
        readPage: (after, limit, filter) => this.readPage(after, limit, filter),
        watch: (wake) => this.watch(wake),
      },
      options,
      (ended) => this.subscriptions.delete(ended),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<GlobalPosition | null> {
    this.assertOpen();
    return (this.statements.headPosition.get() as bigint | null) ?? null;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush(); // acknowledge what was already accepted
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.unsubscribe()));
    this.stopPolling();
    this.db.close();
  }

  /** Runs every queued append in one transaction (group commit), then settles their promises. */
  private flush(): void {
    this.flushScheduled = false;
    const group = this.queue;
    if (group.length === 0) return;
    this.queue = [];
    let outcomes: Outcome[];
    try {
      outcomes =
        group.length === 1
          ? [this.runAppend(group[0] as PendingAppend, () => this.appendTx.immediate(group[0] as PendingAppend))]
          : this.groupTx.immediate(group);
    } catch (error) {
      const failure = new EventStoreUnavailableError(`append transaction failed: ${errorMessage(error)}`, error);
      for (const append of group) append.reject(failure);
      return;
    }
    this.transactions++;
    let wrote = false;
    outcomes.forEach((outcome, i) => {
      const append = group[i] as PendingAppend;
      if (outcome.ok) {
        this.appends++;
        wrote ||= outcome.wrote;
        append.resolve(outcome.result);
      } else {
        append.reject(outcome.error);
      }
    });
    if (wrote) for (const wake of this.watchers) wake();
  }

  /**
   * Runs one append (in its own savepoint, or its own transaction when alone). Conflicts and
   * invalid appends become that append's outcome; any other error aborts the whole group.
   */
  private runAppend(append: PendingAppend, run: () => { result: AppendResult; wrote: boolean }): Outcome {
    try {
      return { ok: true, ...run() };
    } catch (error) {
      if (error instanceof DuplicateEventId) {
        // Rolled back already; now decide between an idempotent retry and a refusal.
        try {
          const retry = this.resolveRetry(append);
          if (retry) return { ok: true, result: retry, wrote: false };
          const error = new InvalidAppendError(`an event id of the append to "${append.streamName}" is already stored`);
          return { ok: false, error };
        } catch (refusal) {
          return { ok: false, error: refusal };
        }
      }
      if (error instanceof WrongExpectedRevisionError || error instanceof InvalidAppendError) return { ok: false, error };
      throw error;
    }
  }

  /** Body of an append's savepoint: check the expected revision, insert, move the stream on. */
  private writeAppend(append: PendingAppend): { result: AppendResult; wrote: boolean } {
    const { streamName, events, expected } = append;
    const current = this.currentRevision(streamName);
    if (!revisionMatches(expected, current)) {
      const retry = this.resolveRetry(append);
      if (retry) return { result: retry, wrote: false };
      throw new WrongExpectedRevisionError(streamName, expected, current ?? 'no_stream');
    }
    let revision = current === undefined ? -1n : current;
    let position = 0n;
    try {
      for (const e of events) {
        revision++;
        const info = this.statements.insertEvent.run(e.id, streamName, revision, e.type, e.data, e.metadata);
        position = info.lastInsertRowid as bigint;
      }
    } catch (error) {
      if (isDuplicateId(error)) throw new DuplicateEventId();
      throw error;
    }
    this.statements.upsertStream.run(streamName, revision);
    return { result: { nextExpectedRevision: revision, position }, wrote: true };
  }

  private resolveRetry(append: PendingAppend): AppendResult | null {
    const existing = append.events.map((e) => {
      const row = this.statements.eventById.get(e.id) as
        | { stream_name: string; revision: bigint; position: bigint }
        | undefined;
      return row === undefined
        ? undefined
        : ({ streamName: row.stream_name, revision: row.revision, position: row.position } satisfies StoredEventRef);
    });
    return resolveRetry(
      append.streamName,
      append.events.map((e) => e.id),
      append.expected,
      existing,
    );
  }

  private currentRevision(streamName: string): StreamRevision | undefined {
    return this.statements.streamRevision.get(streamName) as bigint | undefined;
  }

  private readPage(after: GlobalPosition, limit: number, filter: SubscriptionFilter | undefined): EventPage {
    this.assertOpen();
    const rows = this.statements.readAllPage.all(after, limit) as EventRow[];
    const events: RecordedEvent[] = [];
    for (const row of rows) {
      if (matchesFilter(filter, row.stream_name, row.type)) events.push(toRecordedEvent(row));
    }
    return {
      events,
      lastPosition: rows.length === 0 ? null : (rows[rows.length - 1] as EventRow).position,
      exhausted: rows.length < limit,
    };
  }

  /** Registers a live subscriber; polls for other writers while there is at least one. */
  private watch(wake: () => void): () => void {
    this.watchers.add(wake);
    // Force a wake on the next poll: a commit by another process may have landed between the
    // subscriber's last read and now.
    this.lastDataVersion = null;
    if (this.pollTimer === null) {
      this.pollTimer = setInterval(() => this.pollOtherWriters(), this.pollIntervalMs);
    }
    return () => {
      this.watchers.delete(wake);
      if (this.watchers.size === 0) this.stopPolling();
    };
  }

  /** `PRAGMA data_version` changes when another connection committed to the file. */
  private pollOtherWriters(): void {
    if (this.closed) return;
    const version = this.statements.dataVersion.get() as bigint;
    if (version === this.lastDataVersion) return;
    this.lastDataVersion = version;
    for (const wake of this.watchers) wake();
  }

  private stopPolling(): void {
    if (this.pollTimer !== null) clearInterval(this.pollTimer);
    this.pollTimer = null;
  }

  private assertOpen(): void {
    if (this.closed) throw closedError();
  }
}

function migrate(db: Database.Database): void {
  const version = Number(db.pragma('user_version', { simple: true }));
  if (version > SCHEMA_VERSION) {
    throw new Error(`event store file has schema version ${version}; this code knows up to ${SCHEMA_VERSION}`);
  }
  if (version === SCHEMA_VERSION) return;
  db.transaction(() => {
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

function prepare(db: Database.Database) {
  const columns = 'position, id, stream_name, revision, type, data, metadata';
  return {
    streamRevision: db.prepare('SELECT revision FROM streams WHERE stream_name = ?').pluck(),
    insertEvent: db.prepare(
      'INSERT INTO events (id, stream_name, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    upsertStream: db.prepare(
      'INSERT INTO streams (stream_name, revision) VALUES (?, ?) ON CONFLICT (stream_name) DO UPDATE SET revision = excluded.revision',
    ),
    eventById: db.prepare('SELECT stream_name, revision, position FROM events WHERE id = ?'),
    readStreamForwards: db.prepare(
      `SELECT ${columns} FROM events WHERE stream_name = ? AND revision >= ? ORDER BY revision LIMIT ?`,
    ),
    readStreamBackwards: db.prepare(
      `SELECT ${columns} FROM events WHERE stream_name = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
    ),
    readAllPage: db.prepare(`SELECT ${columns} FROM events WHERE position > ? ORDER BY position LIMIT ?`),
    headPosition: db.prepare('SELECT MAX(position) FROM events').pluck(),
    dataVersion: db.prepare('PRAGMA data_version').pluck(),
  };
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    type: row.type,
    data: JSON.parse(row.data) as RecordedEvent['data'],
    metadata: JSON.parse(row.metadata) as RecordedEvent['metadata'],
    streamName: row.stream_name,
    revision: row.revision,
    position: row.position,
  };
}

/**
 * Checked by shape, not `instanceof`: the native addon keeps the SqliteError class (and so the
 * `Error` realm) of the first better-sqlite3 module loaded in the process, and jest loads one per
 * test file, each in its own realm.
 */
function isDuplicateId(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof message === 'string' && message.includes('events.id');
}

function closedError(): EventStoreUnavailableError {
  return new EventStoreUnavailableError('the embedded event store is closed');
}

function errorMessage(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
