/**
 * Child process of the kill -9 test (test/event-store/embedded-crash.spec.ts): appends to the
 * embedded store in an endless loop — rounds of sequential appends and bursts of concurrent
 * appends that group-commit — and prints one JSON line per ACKNOWLEDGED append:
 *   {"stream":"crash-a","revision":"7","position":"42","ids":["…","…"]}
 * (`revision` and `position` are those of the append's last event). stdout is a pipe, which Node
 * writes synchronously on Linux: once the line is printed it reaches the parent even if this
 * process is killed the next instant. The parent kills it with SIGKILL.
 * Usage: node -r ./scripts/ts-register.js test/event-store/support/crash-writer.ts <file>
 */
import { randomUUID } from 'node:crypto';
import {
  SqliteEventStore,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventToAppend,
  type ExpectedRevision,
} from '@ledger/event-store';

const STREAMS = ['crash-a', 'crash-b', 'crash-c', 'crash-d', 'crash-e'];
const BURST = 24;

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: crash-writer.ts <file>');
  const store = SqliteEventStore.open({ file });
  const revisions = new Map<string, bigint>();

  const append = (stream: string, count: number, expected: ExpectedRevision): Promise<AppendResult> => {
    const events = Array.from({ length: count }, (_, i) => newEvent(stream, i));
    return store.appendToStream(stream, events, { expectedRevision: expected }).then((result) => {
      process.stdout.write(
        `${JSON.stringify({
          stream,
          revision: result.nextExpectedRevision.toString(),
          position: result.position.toString(),
          ids: events.map((e) => e.id),
        })}\n`,
      );
      const known = revisions.get(stream);
      if (known === undefined || result.nextExpectedRevision > known) revisions.set(stream, result.nextExpectedRevision);
      return result;
    });
  };
  const expectedFor = (stream: string): ExpectedRevision => revisions.get(stream) ?? 'no_stream';
  const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
  const size = (): number => 1 + Math.floor(Math.random() * 3);

  process.stdout.write('ready\n');
  for (let round = 0; ; round++) {
    if (round % 2 === 0) {
      for (let i = 0; i < 5; i++) {
        const stream = pick(STREAMS);
        await append(stream, size(), expectedFor(stream));
      }
    } else {
      // Concurrent appends, grouped into one transaction; some conflict on purpose.
      const settled = await Promise.allSettled(
        Array.from({ length: BURST }, () => {
          const stream = pick(STREAMS);
          return append(stream, size(), Math.random() < 0.5 ? 'any' : expectedFor(stream));
        }),
      );
      for (const s of settled) {
        if (s.status === 'rejected' && !(s.reason instanceof WrongExpectedRevisionError)) throw s.reason;
      }
    }
  }
}

function newEvent(stream: string, index: number): EventToAppend {
  const id = randomUUID();
  return {
    id,
    type: 'CrashTestRecorded',
    data: { stream, index, note: 'kill -9 durability test' },
    metadata: {
      correlationId: id,
      causationId: id,
      actor: 'test:crash-writer',
      commandId: id,
      occurredAt: '2026-01-15T10:00:00Z',
      recordedAt: '2026-01-15T10:00:00Z',
      schemaVersion: 1,
    },
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
