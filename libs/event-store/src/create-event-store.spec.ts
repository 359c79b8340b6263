import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEventStore, eventStoreConfigFromEnv } from './create-event-store';

describe('eventStoreConfigFromEnv', () => {
  it('defaults to the embedded store in ./data', () => {
    expect(eventStoreConfigFromEnv({})).toEqual({ kind: 'embedded', dataDir: path.resolve('./data') });
  });

  it('reads EVENT_STORE, DATA_DIR and EVENTSTORE_CONNECTION_STRING', () => {
    expect(eventStoreConfigFromEnv({ EVENT_STORE: 'memory', DATA_DIR: '/var/ledger' })).toEqual({
      kind: 'memory',
      dataDir: '/var/ledger',
    });
    expect(
      eventStoreConfigFromEnv({ EVENT_STORE: 'esdb', EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false' }),
    ).toEqual({ kind: 'esdb', dataDir: path.resolve('./data'), esdbConnectionString: 'esdb://localhost:2113?tls=false' });
  });

  it('refuses an unknown EVENT_STORE, naming the variable and the allowed values', () => {
    expect(() => eventStoreConfigFromEnv({ EVENT_STORE: 'postgres' })).toThrow(
      'EVENT_STORE must be one of embedded, esdb, memory (got "postgres")',
    );
  });

  it('requires a well-formed EVENTSTORE_CONNECTION_STRING for esdb', () => {
    expect(() => eventStoreConfigFromEnv({ EVENT_STORE: 'esdb' })).toThrow(
      'EVENTSTORE_CONNECTION_STRING is required when EVENT_STORE=esdb',
    );
    expect(() =>
      eventStoreConfigFromEnv({ EVENT_STORE: 'esdb', EVENTSTORE_CONNECTION_STRING: 'http://localhost:2113' }),
    ).toThrow('EVENTSTORE_CONNECTION_STRING must start with esdb://');
  });
});

describe('createEventStore', () => {
  it('opens the embedded store at <dataDir>/events.sqlite, creating the directory', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'create-event-store-'));
    const dataDir = path.join(root, 'nested', 'data');
    try {
      const store = await createEventStore({ kind: 'embedded', dataDir });
      expect(store.kind).toBe('embedded');
      expect(fs.existsSync(path.join(dataDir, 'events.sqlite'))).toBe(true);
      await store.close();
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('creates the in-memory store', async () => {
    const store = await createEventStore({ kind: 'memory', dataDir: 'unused' });
    expect(store.kind).toBe('memory');
    await store.close();
  });

  it('refuses esdb without a connection string and an unknown kind', async () => {
    await expect(createEventStore({ kind: 'esdb', dataDir: 'unused' })).rejects.toThrow(/connection string/);
    await expect(createEventStore({ kind: 'other' as 'memory', dataDir: 'unused' })).rejects.toThrow(
      'unknown event store kind "other"',
    );
  });
});
