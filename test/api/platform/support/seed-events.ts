/** Appends recorded facts straight to the store (the feed only reads; no domain needed). */
import type { EventStore, Json } from '@ledger/event-store';
import { randomUUID } from 'node:crypto';

export async function appendFact(store: EventStore, streamName: string, type: string, data: Json): Promise<bigint> {
  const now = '2026-03-31T12:00:00Z';
  const result = await store.appendToStream(
    streamName,
    [
      {
        id: randomUUID(),
        type,
        data,
        metadata: {
          correlationId: 'test',
          causationId: 'test',
          actor: 'test',
          commandId: randomUUID(),
          occurredAt: now,
          recordedAt: now,
          schemaVersion: 1,
        },
      },
    ],
    { expectedRevision: 'any' },
  );
  return result.position;
}
