/**
 * The read-model database (ADR 0004): one SQLite file, `<DATA_DIR>/read-models.sqlite`, whatever
 * the event-store adapter. One documents table per projection (`rm_<name>`: key → canonical JSON)
 * and one `projection_checkpoints` table. The runner writes a batch of documents and the new
 * checkpoint in ONE transaction (`commit`), which gives the exactly-once effect; query services
 * read with `getDoc` / `listDocs`.
 *
 * One projection runner per file: the file is not meant to be fed by two processes at once.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { GlobalPosition } from '@ledger/event-store';

export const READ_MODEL_FILE_NAME = 'read-models.sqlite';

/**
 * Bumped when the layout of this file changes; an older runner refuses a newer file, a newer one
 * drops an older file's documents and checkpoints (read models are derived: they rebuild).
 * 2: documents tables with a rowid and a unique key index instead of WITHOUT ROWID — documents are
 * kilobytes, and WITHOUT ROWID B-trees with rows that large were 3–10× slower to write and to probe
 * (ADR 0009).
 */
const SCHEMA_VERSION = 2;

/** Projection names become table names: keep them to a safe alphabet. */
const PROJECTION_NAME = /^[a-z][a-z0-9_-]{0,62}$/;

/** Stored checkpoint of one projection. Positions are bigint in code, decimal TEXT in SQLite. */
export interface ProjectionCheckpoint {
  readonly name: string;
  /** Projection version the documents were built with. */
  readonly version: number;
  /** Last $all position processed (matching its filter or not); null = nothing processed. */
  readonly position: GlobalPosition | null;
  /** Events that matched the filter and were applied since the last rebuild. */
  readonly eventsApplied: number;
  /** Position of the last event that changed at least one document (ETag-like); null = none. */
  readonly updatedPosition: GlobalPosition | null;
}

/** One projection's share of a runner batch, committed together with the others. */
export interface ProjectionBatchWrite {
  readonly checkpoint: ProjectionCheckpoint;
  /** [key, canonical JSON text] to insert or replace. */
  readonly upserts: readonly (readonly [string, string])[];
  readonly deletes: readonly string[];
}

export interface ReadModelDoc<Doc> {
  readonly key: string;
  readonly doc: Doc;
}

export interface ListDocsOptions {
  /** Default 100. */
  readonly limit?: number;
  /** Exclusive: keys strictly greater than this (keyset pagination). */
  readonly after?: string;
}

export type ReadModelDatabaseOptions = { readonly file: string } | { readonly dataDir: string };

interface CheckpointRow {
  name: string;
  version: number;
  position: string | null;
  events_applied: number;
  updated_position: string | null;
}

interface ListParams {
  from: string;
  to: string;
  after: string;
  limit: number;
}

interface ProjectionStatements {
  readonly get: Database.Statement<[string], string>;
  readonly upsert: Database.Statement<[string, string]>;
  readonly delete: Database.Statement<[string]>;
  readonly clear: Database.Statement<[]>;
  readonly list: Database.Statement<[ListParams], { key: string; doc: string }>;
  readonly listAll: Database.Statement<[{ from: string; to: string }], { key: string; doc: string }>;
}

export class ReadModelDatabase {
  private readonly statements = new Map<string, ProjectionStatements>();
  private readonly getCheckpoint: Database.Statement<[string], CheckpointRow>;
  private readonly putCheckpoint: Database.Statement<[CheckpointRow]>;
  private readonly deleteCheckpoint: Database.Statement<[string]>;
  private readonly commitTransaction: (writes: readonly ProjectionBatchWrite[]) => void;
  private readonly resetTransaction: (names: readonly string[]) => void;

  private constructor(
    private readonly sqlite: Database.Database,
    /** Path of the SQLite file (':memory:' in some unit tests). */
    readonly file: string,
  ) {
    const userVersion = sqlite.pragma('user_version', { simple: true }) as number;
    if (userVersion > SCHEMA_VERSION) {
      throw new Error(`${file} has read-model schema ${userVersion}, this build knows up to ${SCHEMA_VERSION}`);
    }
    if (userVersion < SCHEMA_VERSION) dropOlderLayout(sqlite);
    sqlite.exec(`
      CREATE TABLE IF NOT EXISTS projection_checkpoints (
        name TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        position TEXT,
        events_applied INTEGER NOT NULL,
        updated_position TEXT
      ) WITHOUT ROWID;
    `);
    sqlite.pragma(`user_version = ${SCHEMA_VERSION}`);
    this.getCheckpoint = sqlite.prepare('SELECT * FROM projection_checkpoints WHERE name = ?');
    this.putCheckpoint = sqlite.prepare(
      `INSERT INTO projection_checkpoints (name, version, position, events_applied, updated_position)
       VALUES (@name, @version, @position, @events_applied, @updated_position)
       ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position,
         events_applied = excluded.events_applied, updated_position = excluded.updated_position`,
    );
    this.deleteCheckpoint = sqlite.prepare('DELETE FROM projection_checkpoints WHERE name = ?');
    this.commitTransaction = sqlite.transaction((writes: readonly ProjectionBatchWrite[]) => {
      for (const write of writes) {
        const s = this.statementsFor(write.checkpoint.name);
        for (const key of write.deletes) s.delete.run(key);
        for (const [key, text] of write.upserts) s.upsert.run(key, text);
        this.putCheckpoint.run(toRow(write.checkpoint));
      }
    });
    this.resetTransaction = sqlite.transaction((names: readonly string[]) => {
      for (const name of names) {
        this.statementsFor(name).clear.run();
        this.deleteCheckpoint.run(name);
      }
    });
  }

  /** Opens (creating if needed) `<dataDir>/read-models.sqlite`, or the given file. */
  static open(options: ReadModelDatabaseOptions): ReadModelDatabase {
    const file = 'file' in options ? options.file : join(options.dataDir, READ_MODEL_FILE_NAME);
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const sqlite = new Database(file);
    try {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = FULL');
      sqlite.pragma('busy_timeout = 5000');
      return new ReadModelDatabase(sqlite, file);
    } catch (error) {
      sqlite.close();
      throw error;
    }
  }

  /** Creates the documents table of a projection if it does not exist yet. */
  ensureProjection(name: string): void {
    this.statementsFor(name);
  }

  checkpoint(name: string): ProjectionCheckpoint | undefined {
    const row = this.getCheckpoint.get(name);
    return row === undefined ? undefined : fromRow(row);
  }

  /** Stored canonical JSON text of a document, or undefined when absent (used by the runner). */
  getDocText(projection: string, key: string): string | undefined {
    return this.statementsFor(projection).get.get(key);
  }

  getDoc<Doc>(projection: string, key: string): Doc | undefined {
    const text = this.getDocText(projection, key);
    return text === undefined ? undefined : (JSON.parse(text) as Doc);
  }

  /**
   * Documents whose key starts with `keyPrefix` ('' = all), ordered by key (SQLite binary order,
   * i.e. UTF-8 byte order), `limit` at a time after the key `after`. The prefix range's upper
   * bound is `keyPrefix + U+10FFFF`, so keys must not contain U+10FFFF (a noncharacter).
   */
  listDocs<Doc>(projection: string, keyPrefix: string, options: ListDocsOptions = {}): ReadModelDoc<Doc>[] {
    const limit = options.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`listDocs limit must be a positive integer, got ${limit}`);
    const s = this.statementsFor(projection);
    const rows = s.list.all({ from: keyPrefix, to: `${keyPrefix}\u{10FFFF}`, after: options.after ?? '', limit });
    return rows.map((row) => ({ key: row.key, doc: JSON.parse(row.doc) as Doc }));
  }

  /** Every [key, stored text] under `keyPrefix`, in key order, in one query (the runner's `prefixes()`, statement readers). */
  listDocTexts(projection: string, keyPrefix: string): [string, string][] {
    if (keyPrefix === '') throw new RangeError('listDocTexts needs a non-empty key prefix');
    const rows = this.statementsFor(projection).listAll.all({ from: keyPrefix, to: `${keyPrefix}\u{10FFFF}` });
    return rows.map((row) => [row.key, row.doc]);
  }

  /**
   * Runs `read` (synchronous) in one read transaction: every query inside sees the same committed
   * state, even if another process's runner commits meanwhile (a WAL snapshot, taken at the first
   * read). For queries that read several documents that must agree, e.g. a statement's summary and
   * its line documents (ADR 0009). Inside a transaction already, it just runs `read`.
   */
  snapshot<T>(read: () => T): T {
    if (this.sqlite.inTransaction) return read();
    return this.sqlite.transaction(read)();
  }

  /** Writes every projection's documents and checkpoint in ONE transaction (exactly-once, ADR 0004). */
  commit(writes: readonly ProjectionBatchWrite[]): void {
    if (writes.length > 0) this.commitTransaction(writes);
  }

  /** Deletes the documents and the checkpoint of these projections in ONE transaction. */
  reset(names: readonly string[]): void {
    this.resetTransaction(names);
  }

  close(): void {
    if (this.sqlite.open) this.sqlite.close();
  }

  private statementsFor(name: string): ProjectionStatements {
    const existing = this.statements.get(name);
    if (existing) return existing;
    if (!PROJECTION_NAME.test(name)) {
      throw new Error(`Projection name "${name}" must match ${PROJECTION_NAME} (it names a table)`);
    }
    const table = `"rm_${name}"`;
    this.sqlite.exec(`CREATE TABLE IF NOT EXISTS ${table} (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, doc TEXT NOT NULL)`);
    const created: ProjectionStatements = {
      get: this.sqlite.prepare<[string], string>(`SELECT doc FROM ${table} WHERE key = ?`).pluck(),
      upsert: this.sqlite.prepare(
        `INSERT INTO ${table} (key, doc) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET doc = excluded.doc`,
      ),
      delete: this.sqlite.prepare(`DELETE FROM ${table} WHERE key = ?`),
      clear: this.sqlite.prepare(`DELETE FROM ${table}`),
      list: this.sqlite.prepare(
        `SELECT key, doc FROM ${table} WHERE key >= @from AND key < @to AND key > @after ORDER BY key LIMIT @limit`,
      ),
      listAll: this.sqlite.prepare(`SELECT key, doc FROM ${table} WHERE key >= @from AND key < @to ORDER BY key`),
    };
    this.statements.set(name, created);
    return created;
  }
}

/** An older layout: drop its documents tables and checkpoints in one transaction; every projection rebuilds. */
function dropOlderLayout(sqlite: Database.Database): void {
  const tables = sqlite
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE 'rm\\_%' ESCAPE '\\' OR name = 'projection_checkpoints')`)
    .pluck()
    .all() as string[];
  sqlite.transaction(() => {
    for (const name of tables) sqlite.exec(`DROP TABLE "${name}"`);
  })();
}

function toRow(c: ProjectionCheckpoint): CheckpointRow {
  return {
    name: c.name,
    version: c.version,
    position: c.position === null ? null : c.position.toString(),
    events_applied: c.eventsApplied,
    updated_position: c.updatedPosition === null ? null : c.updatedPosition.toString(),
  };
}

function fromRow(row: CheckpointRow): ProjectionCheckpoint {
  return {
    name: row.name,
    version: row.version,
    position: row.position === null ? null : BigInt(row.position),
    eventsApplied: row.events_applied,
    updatedPosition: row.updated_position === null ? null : BigInt(row.updated_position),
  };
}
