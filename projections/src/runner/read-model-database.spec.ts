import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { READ_MODEL_FILE_NAME, ReadModelDatabase, type ProjectionCheckpoint } from './read-model-database';

let dir: string;
let db: ReadModelDatabase;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'read-model-db-'));
  db = ReadModelDatabase.open({ dataDir: join(dir, 'data') });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function checkpoint(name: string, position: bigint | null, eventsApplied = 0): ProjectionCheckpoint {
  return { name, version: 1, position, eventsApplied, updatedPosition: position };
}

describe('ReadModelDatabase', () => {
  it('creates <dataDir>/read-models.sqlite in WAL mode with synchronous=FULL', () => {
    expect(db.file).toBe(join(dir, 'data', READ_MODEL_FILE_NAME));
    const raw = new Database(db.file, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
    // synchronous is per connection: read it through the runner's own connection.
    expect((db as unknown as { sqlite: Database.Database }).sqlite.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('commits documents and checkpoints of several projections together, and reads them back', () => {
    db.ensureProjection('alpha');
    db.ensureProjection('beta');
    db.commit([
      { checkpoint: checkpoint('alpha', 7n, 3), upserts: [['k1', '{"v":1}'], ['k2', '{"v":2}']], deletes: [] },
      { checkpoint: checkpoint('beta', 7n, 1), upserts: [['only', '"x"']], deletes: [] },
    ]);
    db.commit([{ checkpoint: checkpoint('alpha', 9n, 4), upserts: [['k2', '{"v":20}']], deletes: ['k1'] }]);

    expect(db.getDoc('alpha', 'k1')).toBeUndefined();
    expect(db.getDoc('alpha', 'k2')).toEqual({ v: 20 });
    expect(db.getDocText('beta', 'only')).toBe('"x"');
    expect(db.checkpoint('alpha')).toEqual({ name: 'alpha', version: 1, position: 9n, eventsApplied: 4, updatedPosition: 9n });
    expect(db.checkpoint('beta')?.position).toBe(7n);
    expect(db.checkpoint('gamma')).toBeUndefined();
  });

  it('is all or nothing: a failing write rolls back the whole batch, checkpoints included', () => {
    db.ensureProjection('alpha');
    expect(() =>
      db.commit([
        { checkpoint: checkpoint('alpha', 5n), upserts: [['k', '1']], deletes: [] },
        { checkpoint: checkpoint('Bad Name', 5n), upserts: [], deletes: [] },
      ]),
    ).toThrow(/Projection name "Bad Name" must match/);
    expect(db.getDoc('alpha', 'k')).toBeUndefined();
    expect(db.checkpoint('alpha')).toBeUndefined();
  });

  it('lists documents by key prefix in key order, with keyset pagination', () => {
    db.ensureProjection('stmt');
    const keys = ['p2:2026-Q1', 'p1:2026-Q2', 'p1:2026-Q1', 'p10:2026-Q1', 'p1:2025-Q4', 'q:1'];
    db.commit([{ checkpoint: checkpoint('stmt', 1n), upserts: keys.map((k) => [k, JSON.stringify({ k })]), deletes: [] }]);

    expect(db.listDocs('stmt', 'p1:').map((d) => d.key)).toEqual(['p1:2025-Q4', 'p1:2026-Q1', 'p1:2026-Q2']);
    // Binary key order: "p10:…" sorts before "p1:…" ('0' < ':').
    const page1 = db.listDocs<{ k: string }>('stmt', 'p1', { limit: 2 });
    expect(page1.map((d) => d.doc.k)).toEqual(['p10:2026-Q1', 'p1:2025-Q4']);
    const page2 = db.listDocs('stmt', 'p1', { limit: 2, after: page1[1]?.key });
    expect(page2.map((d) => d.key)).toEqual(['p1:2026-Q1', 'p1:2026-Q2']);
    expect(db.listDocs('stmt', 'p1', { limit: 2, after: 'p1:2026-Q2' })).toEqual([]);
    expect(db.listDocs('stmt', '').map((d) => d.key)).toEqual([...keys].sort());
    expect(() => db.listDocs('stmt', '', { limit: 0 })).toThrow(RangeError);
  });

  it('reset drops the documents and the checkpoint of the named projections only', () => {
    db.ensureProjection('alpha');
    db.ensureProjection('beta');
    db.commit([
      { checkpoint: checkpoint('alpha', 3n), upserts: [['a', '1']], deletes: [] },
      { checkpoint: checkpoint('beta', 3n), upserts: [['b', '2']], deletes: [] },
    ]);
    db.reset(['alpha']);
    expect(db.listDocs('alpha', '')).toEqual([]);
    expect(db.checkpoint('alpha')).toBeUndefined();
    expect(db.getDoc('beta', 'b')).toBe(2);
    expect(db.checkpoint('beta')?.position).toBe(3n);
  });

  it('refuses projection names that cannot be table names', () => {
    expect(() => db.ensureProjection('x"; DROP TABLE projection_checkpoints; --')).toThrow(/must match/);
  });

  it('drops the documents and checkpoints of a schema-1 file (WITHOUT ROWID tables): every projection rebuilds', () => {
    const file = join(dir, 'old.sqlite');
    const old = new Database(file);
    old.exec(`
      CREATE TABLE projection_checkpoints (name TEXT PRIMARY KEY, version INTEGER NOT NULL, position TEXT, events_applied INTEGER NOT NULL, updated_position TEXT) WITHOUT ROWID;
      CREATE TABLE "rm_alpha" (key TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID;
      INSERT INTO projection_checkpoints VALUES ('alpha', 1, '42', 2, '42');
      INSERT INTO "rm_alpha" VALUES ('a', '{"z":1}');
      PRAGMA user_version = 1;
    `);
    old.close();

    const upgraded = ReadModelDatabase.open({ file });
    try {
      expect(upgraded.checkpoint('alpha')).toBeUndefined();
      upgraded.ensureProjection('alpha');
      expect(upgraded.listDocs('alpha', '')).toEqual([]);
      upgraded.commit([{ checkpoint: checkpoint('alpha', 1n), upserts: [['b', '{"v":1}']], deletes: [] }]);
      expect(upgraded.getDoc('alpha', 'b')).toEqual({ v: 1 });
    } finally {
      upgraded.close();
    }
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('user_version', { simple: true })).toBe(2);
      expect(raw.prepare(`SELECT sql FROM sqlite_master WHERE name = 'rm_alpha'`).pluck().get()).toMatch(/id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE/);
    } finally {
      raw.close();
    }
  });

  it('lists every document under a prefix for the runner (listDocTexts), in key order, and refuses an empty prefix', () => {
    db.ensureProjection('stmt');
    db.commit([{ checkpoint: checkpoint('stmt', 1n), upserts: [['line:p:2:b', '1'], ['line:p:1:a', '2'], ['line:q:1:a', '3'], ['lines:p', '4']], deletes: [] }]);
    expect(db.listDocTexts('stmt', 'line:p:')).toEqual([['line:p:1:a', '2'], ['line:p:2:b', '1']]);
    expect(() => db.listDocTexts('stmt', '')).toThrow(/non-empty/);
  });

  it('snapshot: the reads inside see one committed state while another connection commits', () => {
    db.ensureProjection('alpha');
    db.commit([{ checkpoint: checkpoint('alpha', 1n), upserts: [['lines:p', '{"count":1}'], ['line:p:1', '{"n":1}']], deletes: [] }]);
    const writer = ReadModelDatabase.open({ file: db.file });
    try {
      const seen = db.snapshot(() => {
        const summary = db.getDoc<{ count: number }>('alpha', 'lines:p');
        // Another connection (another process's runner) commits a second line and the new count.
        writer.commit([{ checkpoint: checkpoint('alpha', 2n), upserts: [['lines:p', '{"count":2}'], ['line:p:2', '{"n":2}']], deletes: [] }]);
        return { summary, lines: db.listDocs('alpha', 'line:p:').length };
      });
      expect(seen).toEqual({ summary: { count: 1 }, lines: 1 });
      // Outside the snapshot the new state is visible.
      expect(db.getDoc('alpha', 'lines:p')).toEqual({ count: 2 });
      expect(db.listDocs('alpha', 'line:p:')).toHaveLength(2);
      // Nested: runs inside the enclosing snapshot.
      expect(db.snapshot(() => db.snapshot(() => db.getDoc('alpha', 'line:p:2')))).toEqual({ n: 2 });
    } finally {
      writer.close();
    }
  });

  it('keeps committed data across reopening the file', () => {
    db.ensureProjection('alpha');
    db.commit([{ checkpoint: checkpoint('alpha', 42n, 2), upserts: [['a', '{"z":1}']], deletes: [] }]);
    db.close();
    db = ReadModelDatabase.open({ file: join(dir, 'data', READ_MODEL_FILE_NAME) });
    expect(db.checkpoint('alpha')?.position).toBe(42n);
    expect(db.getDocText('alpha', 'a')).toBe('{"z":1}');
  });
});
