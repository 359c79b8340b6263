/**
 * API keys in `<DATA_DIR>/api-keys.sqlite` (ADR 0005). Tokens are shown once, at issue; only the
 * SHA-256 of the secret is stored. Keys are revoked, never deleted (the audit trail names key ids).
 */
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DomainError } from '@ledger/domain';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/application';
import type Database from 'better-sqlite3';
import { openSqlite } from '../storage/open-sqlite';
import { bearerToken, newToken, parseToken, secretMatches } from './api-key-token';
import type { Principal } from './principal';
import { isRole, type Role } from './role';

export const API_KEYS_FILE = 'api-keys.sqlite';

export interface ApiKeyRecord {
  readonly keyId: string;
  readonly role: Role;
  readonly partnerId: string | null;
  readonly label: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export interface IssuedApiKey extends ApiKeyRecord {
  /** The only time the token is ever returned. */
  readonly token: string;
}

export interface IssueApiKeyInput {
  readonly role: Role;
  readonly partnerId?: string | null;
  readonly label: string;
}

interface Row {
  key_id: string;
  secret_hash: Buffer;
  role: string;
  partner_id: string | null;
  label: string;
  created_at: string;
  revoked_at: string | null;
}

@Injectable()
export class ApiKeyService implements OnApplicationShutdown {
  private readonly db: Database.Database;
  /** Prepared once: every authenticated request looks its key up (re-preparing cost ~5% of a command). */
  private readonly selectKey: Database.Statement<[string], Row>;

  constructor(@Inject(LEDGER_CONFIG) config: LedgerConfig) {
    this.db = openSqlite(config.dataDir, API_KEYS_FILE);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS api_keys (
        key_id      TEXT PRIMARY KEY,
        secret_hash BLOB NOT NULL,
        role        TEXT NOT NULL,
        partner_id  TEXT,
        label       TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        revoked_at  TEXT
      )`);
    this.selectKey = this.db.prepare<[string], Row>(`SELECT * FROM api_keys WHERE key_id = ?`);
  }

  issue(input: IssueApiKeyInput): IssuedApiKey {
    const partnerId = input.partnerId ?? null;
    if (input.role === 'partner' && !partnerId) {
      throw DomainError.validation([{ field: 'partnerId', message: 'is required for a partner key' }]);
    }
    if (input.role !== 'partner' && partnerId) {
      throw DomainError.validation([{ field: 'partnerId', message: `must be absent for a ${input.role} key` }]);
    }
    const { keyId, token, secretHash } = newToken();
    const createdAt = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO api_keys (key_id, secret_hash, role, partner_id, label, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(keyId, secretHash, input.role, partnerId, input.label, createdAt);
    return { keyId, role: input.role, partnerId, label: input.label, createdAt, revokedAt: null, token };
  }

  /**
   * Revokes a key (idempotent). Refuses to revoke the last active admin key, so the ledger can
   * never lock its administrators out.
   */
  revoke(keyId: string): ApiKeyRecord {
    const revoke = this.db.transaction((): ApiKeyRecord => {
      const row = this.row(keyId);
      if (!row) throw DomainError.notFound(`API key "${keyId}"`, 'keyId');
      if (row.revoked_at) return toRecord(row);
      if (row.role === 'admin' && this.activeAdminCount() === 1) {
        throw DomainError.conflict('Refusing to revoke the last active admin key; issue another admin key first');
      }
      const revokedAt = new Date().toISOString();
      this.db.prepare(`UPDATE api_keys SET revoked_at = ? WHERE key_id = ?`).run(revokedAt, keyId);
      return toRecord({ ...row, revoked_at: revokedAt });
    });
    return revoke.immediate();
  }

  list(): ApiKeyRecord[] {
    const rows = this.db.prepare(`SELECT * FROM api_keys ORDER BY created_at, key_id`).all() as Row[];
    return rows.map(toRecord);
  }

  /** Creates an admin key when no active one exists (first start); returns its token once, else null. */
  ensureAdminKey(): IssuedApiKey | null {
    const ensure = this.db.transaction((): IssuedApiKey | null =>
      this.activeAdminCount() > 0 ? null : this.issue({ role: 'admin', label: 'initial admin key' }),
    );
    return ensure.immediate();
  }

  /** The principal of a valid, unrevoked `Authorization: Bearer` token, or null. */
  authenticate(authorization: string | undefined): Principal | null {
    const token = bearerToken(authorization);
    const parsed = token ? parseToken(token) : null;
    if (!parsed) return null;
    const row = this.row(parsed.keyId);
    if (!row || row.revoked_at || !secretMatches(parsed.secret, row.secret_hash) || !isRole(row.role)) return null;
    return { keyId: row.key_id, role: row.role, partnerId: row.partner_id };
  }

  onApplicationShutdown(): void {
    this.db.close();
  }

  private row(keyId: string): Row | undefined {
    return this.selectKey.get(keyId);
  }

  private activeAdminCount(): number {
    const { n } = this.db
      .prepare(`SELECT COUNT(*) AS n FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL`)
      .get() as { n: number };
    return n;
  }
}

function toRecord(row: Row): ApiKeyRecord {
  return {
    keyId: row.key_id,
    role: row.role as Role,
    partnerId: row.partner_id,
    label: row.label,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}
