/**
 * Stored first responses of requests sent with an Idempotency-Key, in
 * `<DATA_DIR>/idempotency.sqlite`, keyed by (API key id, Idempotency-Key). A claim is one atomic
 * INSERT, so of two concurrent duplicates exactly one executes (ADR 0005).
 */
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/application';
import type Database from 'better-sqlite3';
import { openSqlite } from '../storage/open-sqlite';

export const IDEMPOTENCY_FILE = 'idempotency.sqlite';

/** Stored responses are kept this long; later retries re-execute, and the command id keeps them idempotent. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;

export type Claim =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'replay'; readonly status: number; readonly body: unknown }
  | { readonly kind: 'in-progress' }
  | { readonly kind: 'mismatch' };

interface Row {
  fingerprint: string;
  state: 'in-progress' | 'completed';
  status: number | null;
  body: string | null;
}

@Injectable()
export class IdempotencyStore implements OnApplicationShutdown {
  private readonly db: Database.Database;

  constructor(@Inject(LEDGER_CONFIG) config: LedgerConfig) {
    this.db = openSqlite(config.dataDir, IDEMPOTENCY_FILE);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS idempotent_requests (
        key_id          TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        fingerprint     TEXT NOT NULL,
        state           TEXT NOT NULL CHECK (state IN ('in-progress', 'completed')),
        status          INTEGER,
        body            TEXT,
        created_at      INTEGER NOT NULL,
        PRIMARY KEY (key_id, idempotency_key)
      )`);
    // Claims still in progress belong to a process that died mid-request: release them. Drop
    // responses past retention.
    this.db.prepare(`DELETE FROM idempotent_requests WHERE state = 'in-progress' OR created_at < ?`).run(
      Date.now() - IDEMPOTENCY_RETENTION_MS,
    );
  }

  claim(keyId: string, idempotencyKey: string, fingerprint: string): Claim {
    const inserted = this.db
      .prepare(
        `INSERT INTO idempotent_requests (key_id, idempotency_key, fingerprint, state, created_at)
         VALUES (?, ?, ?, 'in-progress', ?) ON CONFLICT DO NOTHING`,
      )
      .run(keyId, idempotencyKey, fingerprint, Date.now());
    if (inserted.changes === 1) return { kind: 'claimed' };
    const row = this.db
      .prepare(`SELECT fingerprint, state, status, body FROM idempotent_requests WHERE key_id = ? AND idempotency_key = ?`)
      .get(keyId, idempotencyKey) as Row | undefined;
    if (!row) return this.claim(keyId, idempotencyKey, fingerprint); // released meanwhile
    if (row.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (row.state === 'in-progress') return { kind: 'in-progress' };
    return { kind: 'replay', status: row.status ?? 200, body: row.body === null ? undefined : JSON.parse(row.body) };
  }

  complete(keyId: string, idempotencyKey: string, status: number, body: unknown): void {
    this.db
      .prepare(
        `UPDATE idempotent_requests SET state = 'completed', status = ?, body = ? WHERE key_id = ? AND idempotency_key = ?`,
      )
      .run(status, body === undefined ? null : JSON.stringify(body), keyId, idempotencyKey);
  }

  /** Forgets a claim whose request failed, so a retry executes again. */
  release(keyId: string, idempotencyKey: string): void {
    this.db
      .prepare(`DELETE FROM idempotent_requests WHERE key_id = ? AND idempotency_key = ? AND state = 'in-progress'`)
      .run(keyId, idempotencyKey);
  }

  onApplicationShutdown(): void {
    this.db.close();
  }
}
