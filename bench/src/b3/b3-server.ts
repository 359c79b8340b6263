/**
 * B3/B4 (issue 8): the HTTP API in its own process, as `npm start` runs it — the same
 * `createApp(AppModule.forRoot(config), config)` as apps/api/src/main.ts, the embedded store on
 * the given DATA_DIR, the projector in-process (PROJECTOR=in-process, the default), logs silent —
 * listening on 127.0.0.1 on a free port. Instead of printing an initial admin key it issues the API
 * keys the load needs through ApiKeyService (as test/support/ledger-test-app.ts does) and sends
 * the port and tokens to the parent over IPC. It stops (app.close(), then exit) on a 'stop'
 * message, so a `--cpu-prof` profile is written on the way out.
 *
 * `impl` selects the code: `source` = the TypeScript sources through scripts/ts-register.js (this
 * process is started with it), `dist` = a tsc build of apps/libs/projections in `distRoot`.
 */
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { REPO_ROOT } from '../harness/child';
import { installSourcePatches, type SourcePatch } from './source-patch';

export interface ServerArgs {
  readonly dataDir: string;
  readonly impl: 'source' | 'dist';
  /** Root of the compiled tree (the directory holding apps/, libs/, projections/) for impl=dist. */
  readonly distRoot?: string;
  /** Partner ids to issue a partner key for (the partner need not be enrolled yet). */
  readonly partnerKeys?: readonly string[];
  /** Default in-process, as `npm start`; `external` only in experiments (then nothing projects). */
  readonly projector?: 'in-process' | 'external';
  /** Experiments only (impl=source): text patches applied in memory to our sources as they load. */
  readonly patches?: readonly SourcePatch[];
}

export interface ServerReady {
  readonly kind: 'ready';
  readonly port: number;
  readonly pid: number;
  readonly bootMs: number;
  readonly tokens: { readonly admin: string; readonly finance: string; readonly ingest: string; readonly partnerManager: string };
  readonly partnerTokens: Readonly<Record<string, string>>;
  readonly rssMb: number;
}

type ApiKeyServiceLike = { issue(input: { role: string; partnerId?: string | null; label: string }): { token: string } };

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as ServerArgs;
  const started = performance.now();
  const root = args.impl === 'dist' ? (args.distRoot ?? join(REPO_ROOT, 'dist')) : REPO_ROOT;
  if (args.patches?.length) {
    if (args.impl !== 'source') throw new Error('source patches need impl=source');
    installSourcePatches(args.patches);
  }
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { loadLedgerConfig } = require(join(root, 'libs', 'application', 'src', 'index')) as typeof import('@ledger/application');
  const { AppModule } = require(join(root, 'apps', 'api', 'src', 'app.module')) as typeof import('../../../apps/api/src/app.module');
  const { createApp } = require(join(root, 'apps', 'api', 'src', 'bootstrap')) as typeof import('../../../apps/api/src/bootstrap');
  const { ApiKeyService } = require(join(root, 'apps', 'api', 'src', 'platform', 'auth', 'api-key.service')) as {
    ApiKeyService: new (...a: never[]) => ApiKeyServiceLike;
  };
  /* eslint-enable @typescript-eslint/no-require-imports */

  const config = loadLedgerConfig({
    DATA_DIR: args.dataDir,
    EVENT_STORE: 'embedded',
    LOG_LEVEL: 'silent',
    PROJECTOR: args.projector ?? 'in-process',
    HOST: '127.0.0.1',
    PORT: '0',
  });
  const app: NestFastifyApplication = await createApp(AppModule.forRoot(config), config);
  const keys = app.get(ApiKeyService) as ApiKeyServiceLike;
  const issue = (role: string, partnerId?: string): string => keys.issue({ role, partnerId, label: `bench ${role}${partnerId ? ` ${partnerId}` : ''}` }).token;
  const tokens = { admin: issue('admin'), finance: issue('finance'), ingest: issue('ingest'), partnerManager: issue('partner-manager') };
  const partnerTokens = Object.fromEntries((args.partnerKeys ?? []).map((id) => [id, issue('partner', id)]));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;

  let stopping = false;
  process.on('message', (message: { kind?: string }) => {
    if (message?.kind !== 'stop' || stopping) return;
    stopping = true;
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`b3-server: close failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
  process.on('disconnect', () => {
    if (!stopping) process.exit(0); // the parent died: never linger
  });
  const ready: ServerReady = {
    kind: 'ready',
    port,
    pid: process.pid,
    bootMs: Math.round(performance.now() - started),
    tokens,
    partnerTokens,
    rssMb: Math.round(process.memoryUsage().rss / 1e5) / 10,
  };
  process.send?.(ready);
}

main().catch((error: unknown) => {
  process.stderr.write(`b3-server failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
