/**
 * Runs a CLI action inside a Nest application context (no HTTP): the same core and application
 * modules as the API, so every CLI command goes through the same @nestjs/cqrs handlers.
 */
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ConfigError,
  EVENT_STORE,
  LedgerApplicationModule,
  LedgerCoreModule,
  loadLedgerConfig,
  PROJECTION_RUNNER,
  type Clock,
  type CommandMeta,
  type LedgerConfig,
} from '@ledger/application';
import type { EventStore } from '@ledger/event-store';
import { createProgressReporter, type ProjectionRunner } from '@ledger/projections';
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { ApiKeyService } from '../../api/src/platform/auth/api-key.service';

export interface CliContext {
  readonly app: INestApplicationContext;
  readonly config: LedgerConfig;
  readonly store: EventStore;
  readonly runner: ProjectionRunner;
  /** A-1 metadata for a command issued from the CLI. */
  meta(commandId?: string): CommandMeta;
  /** Brings every read model up to the current head, with a progress bar on stderr. */
  catchUp(): Promise<void>;
}

export interface WithLedgerOptions {
  /** Record time for every command (the demo's FixedClock); default the system clock. */
  readonly clock?: Clock;
}

export async function withLedger<T>(action: (ctx: CliContext) => Promise<T>, options: WithLedgerOptions = {}): Promise<T> {
  let config: LedgerConfig;
  try {
    // The CLI drives the projector itself (catch-up before queries), never a live subscription.
    config = loadLedgerConfig({ ...process.env, PROJECTOR: 'external' });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }

  @Module({
    imports: [LedgerCoreModule.forRoot({ config, clock: options.clock }), LedgerApplicationModule],
    providers: [ApiKeyService],
    exports: [ApiKeyService],
  })
  class CliModule {}

  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  const store = app.get<EventStore>(EVENT_STORE);
  const runner = app.get<ProjectionRunner>(PROJECTION_RUNNER);
  const actor = `cli:${safeUser()}`;
  const correlationId = randomUUID();
  const ctx: CliContext = {
    app,
    config,
    store,
    runner,
    meta: (commandId) => ({ commandId: commandId ?? randomUUID(), actor, correlationId }),
    catchUp: async () => {
      const progress = createProgressReporter('projections');
      try {
        await runner.runUntilCaughtUp({ onProgress: progress.onProgress });
      } finally {
        progress.stop();
      }
    },
  };
  try {
    return await action(ctx);
  } finally {
    await app.close();
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
