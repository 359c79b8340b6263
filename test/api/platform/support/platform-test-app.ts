/**
 * Boots the real app (createApp: Fastify, hooks, OpenAPI) around PlatformModule and the probe
 * controller, on a temporary DATA_DIR with an in-memory event store.
 */
import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  CLOCK,
  CommandRunner,
  EVENT_STORE,
  FixedClock,
  LEDGER_CONFIG,
  loadLedgerConfig,
  PROJECTION_RUNNER,
  type LedgerConfig,
} from '@ledger/application';
import { MemoryEventStore, type SubscribeToAllOptions, type Subscription } from '@ledger/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createApp } from '../../../../apps/api/src/bootstrap';
import { ApiKeyService } from '../../../../apps/api/src/platform/auth/api-key.service';
import type { Role } from '../../../../apps/api/src/platform/auth/role';
import { FEED_OPTIONS } from '../../../../apps/api/src/platform/feed/feed.options';
import type { ProjectionStatusSource } from '../../../../apps/api/src/platform/metrics/projection-status-source';
import { PlatformModule } from '../../../../apps/api/src/platform/platform.module';
import { ProbeController, ProbeCounter, ProbeDefaultController } from './probe.http.controller';

/** A MemoryEventStore that counts open subscriptions (to prove the feed unsubscribes). */
export class ObservedMemoryStore extends MemoryEventStore {
  openSubscriptions = 0;

  override subscribeToAll(options?: SubscribeToAllOptions): Subscription {
    const inner = super.subscribeToAll(options);
    this.openSubscriptions++;
    let ended = false;
    return {
      [Symbol.asyncIterator]: () => inner[Symbol.asyncIterator](),
      unsubscribe: async () => {
        if (!ended) {
          ended = true;
          this.openSubscriptions--;
        }
        await inner.unsubscribe();
      },
    };
  }
}

export interface PlatformTestApp {
  readonly app: NestFastifyApplication;
  readonly store: ObservedMemoryStore;
  readonly config: LedgerConfig;
  readonly counter: ProbeCounter;
  readonly keys: ApiKeyService;
  readonly adminToken: string;
  tokenFor(role: Role, partnerId?: string): string;
  close(): Promise<void>;
}

export interface PlatformTestOptions {
  readonly env?: Record<string, string>;
  readonly heartbeatMs?: number;
  readonly runner?: ProjectionStatusSource;
  /** Reuse a data dir (restart tests); the caller removes it. */
  readonly dataDir?: string;
}

export async function startPlatformApp(options: PlatformTestOptions = {}): Promise<PlatformTestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'ledger-platform-'));
  const config = loadLedgerConfig({
    EVENT_STORE: 'memory',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    PORT: '0',
    ...options.env,
  });
  const store = new ObservedMemoryStore();
  const counter = new ProbeCounter();
  const providers: Provider[] = [
    { provide: LEDGER_CONFIG, useValue: config },
    { provide: EVENT_STORE, useValue: store },
    { provide: CLOCK, useValue: new FixedClock('2026-03-31T12:00:00Z') },
    CommandRunner,
    { provide: FEED_OPTIONS, useValue: { heartbeatMs: options.heartbeatMs ?? 15_000 } },
    ...(options.runner ? [{ provide: PROJECTION_RUNNER, useValue: options.runner }] : []),
  ];
  const core: DynamicModule = { module: TestCoreModule, global: true, providers, exports: providers.map(tokenOf) };
  const root: DynamicModule = {
    module: TestRootModule,
    imports: [core, PlatformModule],
    controllers: [ProbeController, ProbeDefaultController],
    providers: [{ provide: ProbeCounter, useValue: counter }],
  };

  const app = await createApp(root, config);
  const keys = app.get(ApiKeyService);
  // A fresh data dir gets its initial admin key; a reused one (restart tests) gets another.
  const admin = keys.ensureAdminKey() ?? keys.issue({ role: 'admin', label: 'test admin' });
  return {
    app,
    store,
    config,
    counter,
    keys,
    adminToken: admin.token,
    tokenFor: (role, partnerId) => keys.issue({ role, partnerId, label: `test ${role}` }).token,
    close: async () => {
      await app.close();
      await store.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

function tokenOf(provider: Provider): string | symbol | Function {
  return typeof provider === 'function' ? provider : (provider.provide as string | symbol | Function);
}

@Global()
@Module({})
class TestCoreModule {}

@Module({})
class TestRootModule {}
