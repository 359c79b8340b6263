import { randomUUID } from 'node:crypto';
import { EventStoreUnavailableError } from '../../event-store.errors';
import type { EventToAppend } from '../../event-store.port';
import { describeEventStoreContract } from '../../testing/event-store.contract';
import { MemoryEventStore } from './memory-event-store';

describeEventStoreContract('memory', async () => new MemoryEventStore());

const event = (type: string): EventToAppend => ({
  id: randomUUID(),
  type,
  data: { amountMinor: '1000', lines: [{ sku: 'A' }] },
  metadata: {
    correlationId: 'c',
    causationId: 'c',
    actor: 'test',
    commandId: 'cmd',
    occurredAt: '2026-01-15T10:00:00Z',
    recordedAt: '2026-01-15T10:00:00Z',
    schemaVersion: 1,
  },
});

describe('MemoryEventStore specifics', () => {
  it('numbers $all 1, 2, 3… and reports a null head when empty', async () => {
    const store = new MemoryEventStore();
    expect(await store.headPosition()).toBeNull();
    await store.appendToStream('s-1', [event('A'), event('B')], { expectedRevision: 'no_stream' });
    const result = await store.appendToStream('s-2', [event('C')], { expectedRevision: 'no_stream' });
    expect(result).toEqual({ nextExpectedRevision: 0n, position: 3n });
    expect(await store.headPosition()).toBe(3n);
  });

  it('stores events immutably (A-3): a reader cannot change what others read', async () => {
    const store = new MemoryEventStore();
    const appended = event('A');
    await store.appendToStream('s-1', [appended], { expectedRevision: 'no_stream' });
    const [read] = await store.readStream('s-1');
    expect(() => {
      (read?.data as { amountMinor: string }).amountMinor = '9999';
    }).toThrow(TypeError);
    (appended.data as { amountMinor: string }).amountMinor = 'changed by the caller';
    expect((await store.readStream('s-1'))[0]?.data).toEqual({ amountMinor: '1000', lines: [{ sku: 'A' }] });
  });

  it('refuses every call after close', async () => {
    const store = new MemoryEventStore();
    await store.close();
    await expect(store.appendToStream('s', [event('A')], { expectedRevision: 'any' })).rejects.toBeInstanceOf(
      EventStoreUnavailableError,
    );
    await expect(store.readStream('s')).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });
});
