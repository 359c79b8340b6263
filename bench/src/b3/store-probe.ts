/**
 * Read-only look at a running server's embedded store file from the bench process (WAL: readers
 * never block the writer): the head position and what was appended between two positions, to
 * check every acknowledged command against the log.
 */
import Database from 'better-sqlite3';

export interface Appended {
  readonly byType: Readonly<Record<string, number>>;
  /** The id field of each appended event of `type`, in log order. */
  readonly ids: readonly string[];
}

export class StoreProbe {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
  }

  head(): number {
    return Number(this.db.prepare('SELECT COALESCE(MAX(position), 0) FROM events').pluck().get());
  }

  appended(after: number, upTo: number, type: string | null, idField: string | null): Appended {
    const rows = this.db
      .prepare('SELECT type, COUNT(*) AS n FROM events WHERE position > ? AND position <= ? GROUP BY type')
      .all(after, upTo) as { type: string; n: number }[];
    const ids =
      type && idField
        ? (this.db
            .prepare(`SELECT json_extract(data, '$.' || ?) FROM events WHERE position > ? AND position <= ? AND type = ? ORDER BY position`)
            .pluck()
            .all(idField, after, upTo, type) as string[])
        : [];
    return { byType: Object.fromEntries(rows.map((r) => [r.type, r.n])), ids };
  }

  close(): void {
    this.db.close();
  }
}
