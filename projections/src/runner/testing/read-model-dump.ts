/**
 * Byte-level dump of a read-model file for tests (S-7: compare a rebuild with an incremental
 * run). Reads through its own read-only connection, so it sees exactly what was committed.
 */
import Database from 'better-sqlite3';

export interface ReadModelDump {
  /** Table name → rows [key, doc text] ordered by key. */
  readonly tables: Record<string, [string, string][]>;
  /** Checkpoint rows ordered by name, positions as stored (TEXT). */
  readonly checkpoints: Record<string, unknown>[];
}

export function dumpReadModels(file: string): ReadModelDump {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const names = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rm\\_%' ESCAPE '\\' ORDER BY name`)
      .pluck()
      .all() as string[];
    const tables: Record<string, [string, string][]> = {};
    for (const name of names) {
      tables[name] = db.prepare(`SELECT key, doc FROM "${name}" ORDER BY key`).raw().all() as [string, string][];
    }
    const checkpoints = db.prepare('SELECT * FROM projection_checkpoints ORDER BY name').all() as Record<string, unknown>[];
    return { tables, checkpoints };
  } finally {
    db.close();
  }
}
