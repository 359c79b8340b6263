/**
 * Starts the HTTP API: loads the configuration (exit 1 with the list of problems when invalid),
 * creates the app, prints where it listens and, on the first start on an empty data dir, the
 * initial admin API key — once; it is stored only as a hash.
 */
import { ConfigError, loadLedgerConfig, type LedgerConfig } from '@ledger/application';
import type { AddressInfo } from 'node:net';
import { AppModule } from './app.module';
import { createApp } from './bootstrap';
import { ApiKeyService } from './platform/auth/api-key.service';
import { DOCS_JSON_PATH, DOCS_PATH } from './platform/openapi/setup-openapi';

async function main(): Promise<void> {
  let config: LedgerConfig;
  try {
    config = loadLedgerConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }

  const app = await createApp(AppModule.forRoot(config), config);
  app.enableShutdownHooks();
  const initialAdmin = app.get(ApiKeyService).ensureAdminKey();
  await app.listen({ port: config.port, host: config.host });

  const { port } = app.getHttpServer().address() as AddressInfo;
  const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const lines = [
    `Ledger API listening on ${base} (event store: ${config.eventStore}, data dir: ${config.dataDir})`,
    `Swagger UI: ${base}${DOCS_PATH}   OpenAPI: ${base}${DOCS_JSON_PATH}`,
  ];
  if (initialAdmin) {
    lines.push(
      '',
      'Initial admin API key (shown ONCE, only its hash is stored; keep it safe):',
      `  ${initialAdmin.token}`,
      `Use it as: Authorization: Bearer ${initialAdmin.token.slice(0, 22)}…`,
      '',
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Failed to start the ledger API: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
