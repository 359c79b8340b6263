/**
 * Child process for the embedded store's cross-process test: appends `count` events, one append
 * each, to `stream` in the SQLite file, then prints their ids as one JSON line and exits.
 * Usage: node -r ./scripts/ts-register.js append-from-another-process.ts <file> <stream> <count>
 */
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../adapters/embedded/sqlite-event-store';

async function main(): Promise<void> {
  const [file, stream, count] = process.argv.slice(2);
  if (!file || !stream || !count) throw new Error('usage: append-from-another-process.ts <file> <stream> <count>');
  const store = SqliteEventStore.open({ file });
  const ids: string[] = [];
  for (let i = 0; i < Number(count); i++) {
    const id = randomUUID();
    await store.appendToStream(
      stream,
      [
        {
          id,
          type: 'AppendedElsewhere',
          data: { i, pid: process.pid },
          metadata: {
            correlationId: id,
            causationId: id,
            actor: 'test:other-process',
            commandId: id,
            occurredAt: '2026-01-15T10:00:00Z',
            recordedAt: '2026-01-15T10:00:00Z',
            schemaVersion: 1,
          },
        },
      ],
      { expectedRevision: 'any' },
    );
    ids.push(id);
  }
  await store.close();
  process.stdout.write(`${JSON.stringify(ids)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
