/**
 * Chooses the event store adapter by configuration (ADR 0001): `embedded` (default, a SQLite
 * file `<dataDir>/events.sqlite`), `esdb` (EventStoreDB, production) or `memory` (tests).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SqliteEventStore } from './adapters/embedded/sqlite-event-store';
import { MemoryEventStore } from './adapters/memory/memory-event-store';
import type { EventStore } from './event-store.port';

export const EVENT_STORE_KINDS = ['embedded', 'esdb', 'memory'] as const;
export type EventStoreKind = (typeof EVENT_STORE_KINDS)[number];

export interface EventStoreConfig {
  readonly kind: EventStoreKind;
  /** Directory of the embedded store's file (created when missing). */
  readonly dataDir: string;
  /** Required for `esdb`, e.g. `esdb://localhost:2113?tls=false`. */
  readonly esdbConnectionString?: string;
}

export const EMBEDDED_EVENT_STORE_FILE = 'events.sqlite';

/** The file the embedded store uses for a data directory. */
export function embeddedEventStoreFile(dataDir: string): string {
  return path.join(dataDir, EMBEDDED_EVENT_STORE_FILE);
}

export async function createEventStore(config: EventStoreConfig): Promise<EventStore> {
  const kind: string = config.kind;
  if (kind === 'memory') return new MemoryEventStore();
  if (kind === 'embedded') {
    if (!config.dataDir) throw new Error('createEventStore: dataDir is required for the embedded event store');
    fs.mkdirSync(config.dataDir, { recursive: true });
    return SqliteEventStore.open({ file: embeddedEventStoreFile(config.dataDir) });
  }
  if (kind === 'esdb') {
    if (!config.esdbConnectionString) {
      throw new Error(
        'createEventStore: EventStoreDB needs a connection string (EVENTSTORE_CONNECTION_STRING, e.g. esdb://localhost:2113?tls=false)',
      );
    }
    // Loaded lazily: the gRPC client is only needed when EventStoreDB is configured.
    const esdb = require('./adapters/esdb/esdb-event-store') as {
      EsdbEventStore: { connect(connectionString: string): Promise<EventStore> };
    };
    return esdb.EsdbEventStore.connect(config.esdbConnectionString);
  }
  throw new Error(`createEventStore: unknown event store kind "${kind}" (expected ${EVENT_STORE_KINDS.join(', ')})`);
}

/**
 * Reads EVENT_STORE (embedded | esdb | memory, default embedded), DATA_DIR (default ./data) and
 * EVENTSTORE_CONNECTION_STRING (required for esdb). Throws one error listing every problem.
 */
export function eventStoreConfigFromEnv(env: NodeJS.ProcessEnv = process.env): EventStoreConfig {
  const problems: string[] = [];
  const rawKind = env.EVENT_STORE?.trim() || 'embedded';
  const kind = EVENT_STORE_KINDS.find((k) => k === rawKind);
  if (kind === undefined) {
    problems.push(`EVENT_STORE must be one of ${EVENT_STORE_KINDS.join(', ')} (got "${env.EVENT_STORE}")`);
  }
  const connectionString = env.EVENTSTORE_CONNECTION_STRING?.trim() || undefined;
  if (kind === 'esdb') {
    if (connectionString === undefined) {
      problems.push('EVENTSTORE_CONNECTION_STRING is required when EVENT_STORE=esdb (e.g. esdb://localhost:2113?tls=false)');
    } else if (!/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kdb|kdb\+discover):\/\//.test(connectionString)) {
      problems.push(`EVENTSTORE_CONNECTION_STRING must start with esdb:// or esdb+discover:// (got "${connectionString}")`);
    }
  }
  const dataDir = env.DATA_DIR?.trim() || './data';
  if (problems.length > 0 || kind === undefined) {
    throw new Error(`Invalid event store configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return {
    kind,
    dataDir: path.resolve(dataDir),
    ...(connectionString !== undefined ? { esdbConnectionString: connectionString } : {}),
  };
}
