/**
 * Configuration by environment variables, validated at start with clear errors.
 */
import * as path from 'node:path';

export type EventStoreKind = 'embedded' | 'esdb' | 'memory';

export interface LedgerConfig {
  readonly eventStore: EventStoreKind;
  readonly esdbConnectionString: string | null;
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest accepted request body in bytes. */
  readonly bodyLimitBytes: number;
  /** Run the projector in-process (embedded mode default). */
  readonly projectorInProcess: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadLedgerConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const problems: string[] = [];
  const eventStore = (env.EVENT_STORE ?? 'embedded') as EventStoreKind;
  if (!['embedded', 'esdb', 'memory'].includes(eventStore)) {
    problems.push(`EVENT_STORE must be one of embedded, esdb, memory (got "${env.EVENT_STORE}")`);
  }
  const esdb = env.EVENTSTORE_CONNECTION_STRING?.trim() || null;
  if (eventStore === 'esdb' && !esdb) {
    problems.push('EVENTSTORE_CONNECTION_STRING is required when EVENT_STORE=esdb (e.g. esdb://localhost:2113?tls=false)');
  }
  if (esdb && !/^(esdb|esdb\+discover|kurrentdb|kdb):\/\//.test(esdb)) {
    problems.push(`EVENTSTORE_CONNECTION_STRING must start with esdb:// or esdb+discover:// (got "${esdb}")`);
  }
  const port = integer(env.PORT ?? '3000', 'PORT', 0, 65535, problems);
  const bodyLimitBytes = integer(env.BODY_LIMIT_BYTES ?? '262144', 'BODY_LIMIT_BYTES', 1024, 64 * 1024 * 1024, problems);
  const logLevel = (env.LOG_LEVEL ?? 'info') as LedgerConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}")`);
  const projector = env.PROJECTOR ?? 'in-process';
  if (!['in-process', 'external'].includes(projector)) {
    problems.push(`PROJECTOR must be in-process or external (got "${projector}")`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    eventStore,
    esdbConnectionString: esdb,
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    host: env.HOST ?? '127.0.0.1',
    port,
    logLevel,
    bodyLimitBytes,
    projectorInProcess: projector === 'in-process',
  };
}

function integer(raw: string, name: string, min: number, max: number, problems: string[]): number {
  if (!/^\d+$/.test(raw)) {
    problems.push(`${name} must be an integer (got "${raw}")`);
    return min;
  }
  const n = Number(raw);
  if (n < min || n > max) problems.push(`${name} must be between ${min} and ${max} (got ${n})`);
  return n;
}
