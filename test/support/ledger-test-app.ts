/**
 * The whole ledger app (AppModule: core + application + platform + controllers) on a temporary
 * DATA_DIR with the embedded store, for integration and end-to-end tests through HTTP.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EVENT_STORE, FixedClock, loadLedgerConfig, PROJECTION_RUNNER, type LedgerConfig } from '@ledger/application';
import type { EventStore, GlobalPosition } from '@ledger/event-store';
import type { ProjectionRunner } from '@ledger/projections';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AppModule } from '../../apps/api/src/app.module';
import { createApp } from '../../apps/api/src/bootstrap';
import { ApiKeyService } from '../../apps/api/src/platform/auth/api-key.service';
import type { Role } from '../../apps/api/src/platform/auth/role';

export interface HttpResponse {
  readonly status: number;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly headers: Record<string, unknown>;
}

export interface LedgerTestApp {
  readonly app: NestFastifyApplication;
  readonly store: EventStore;
  readonly runner: ProjectionRunner;
  readonly config: LedgerConfig;
  readonly clock: FixedClock | undefined;
  readonly adminToken: string;
  tokenFor(role: Role, partnerId?: string): string;
  post(url: string, body: unknown, token?: string, headers?: Record<string, string>): Promise<HttpResponse>;
  get(url: string, token?: string): Promise<HttpResponse>;
  head(): Promise<GlobalPosition | null>;
  /** Resolves once every projection has processed every event appended so far. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface LedgerTestAppOptions {
  /** A fixed clock start; omit for the system clock. */
  readonly now?: string;
  readonly env?: Record<string, string>;
  readonly dataDir?: string;
}

export async function startLedgerApp(options: LedgerTestAppOptions = {}): Promise<LedgerTestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'ledger-e2e-'));
  const config = loadLedgerConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', EVENT_STORE: 'embedded', ...options.env });
  const clock = options.now ? new FixedClock(options.now) : undefined;
  const app = await createApp(AppModule.forRoot(config, clock ? { clock } : {}), config);
  const keys = app.get(ApiKeyService);
  const admin = keys.ensureAdminKey() ?? keys.issue({ role: 'admin', label: 'test admin' });
  const store = app.get<EventStore>(EVENT_STORE);
  const runner = app.get<ProjectionRunner>(PROJECTION_RUNNER);

  const request = async (method: 'GET' | 'POST', url: string, body: unknown, token: string | undefined, headers: Record<string, string> = {}) => {
    const res = await app.inject({
      method,
      url,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = res.body;
    let parsed: unknown = text;
    try {
      parsed = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.statusCode, body: parsed, headers: res.headers as Record<string, unknown> };
  };

  return {
    app,
    store,
    runner,
    config,
    clock,
    adminToken: admin.token,
    tokenFor: (role, partnerId) => keys.issue({ role, partnerId, label: `test ${role}` }).token,
    post: (url, body, token = admin.token, headers) => request('POST', url, body, token, headers),
    get: (url, token = admin.token) => request('GET', url, undefined, token),
    head: () => store.headPosition(),
    settle: async () => {
      const head = await store.headPosition();
      if (head !== null) await runner.waitForPosition(head);
    },
    close: async () => {
      await app.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
