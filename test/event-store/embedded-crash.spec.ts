/**
 * kill -9 durability of the embedded store (ADR 0002): a child process appends in a loop and
 * prints every acknowledged append; the test kills it with SIGKILL at a random moment and checks
 * the file: every acknowledged event is there exactly once, at its revision and position;
 * positions run 1..N with no gap; each stream's revisions are dense and match the streams table;
 * SQLite's integrity check passes; the store opens and appends again.
 *
 * (A process kill leaves the OS page cache intact; surviving power loss also needs the fsync of
 * synchronous=FULL, which the embedded spec checks is configured.)
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore, type RecordedEvent } from '@ledger/event-store';

const ROOT = path.resolve(__dirname, '../..');
const RUNS = 10;

interface Ack {
  readonly stream: string;
  readonly revision: string;
  readonly position: string;
  readonly ids: readonly string[];
}

interface CrashRun {
  readonly acks: Ack[];
  readonly killedAfterMs: number;
}

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-crash-'));
afterAll(() => fs.rmSync(tempDir, { recursive: true, force: true }));

/** Runs the crash writer on `file` and SIGKILLs it 200–800 ms after it is ready. */
function runAndKill(file: string): Promise<CrashRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', './scripts/ts-register.js', 'test/event-store/support/crash-writer.ts', file],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    let killedAfterMs = -1;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const wasReady = stdout.startsWith('ready\n');
      stdout += chunk;
      if (!wasReady && stdout.startsWith('ready\n')) {
        killedAfterMs = 200 + Math.floor(Math.random() * 601);
        setTimeout(() => child.kill('SIGKILL'), killedAfterMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') {
        reject(new Error(`crash writer ended by itself (code ${code}, signal ${signal}):\n${stderr}`));
        return;
      }
      // Only complete lines count: a line cut by the kill was never fully acknowledged.
      const lines = stdout.split('\n').slice(1, -1);
      resolve({ acks: lines.map((line) => JSON.parse(line) as Ack), killedAfterMs });
    });
  });
}

describe('embedded store survives kill -9 (ADR 0002)', () => {
  it.each(Array.from({ length: RUNS }, (_, i) => i + 1))(
    'run %i: every acknowledged append is present exactly once, positions 1..N without gap, dense revisions',
    async () => {
      const file = path.join(tempDir, `${randomUUID()}.sqlite`);
      const { acks } = await runAndKill(file);
      expect(acks.length).toBeGreaterThan(0);

      const db = new Database(file);
      db.defaultSafeIntegers(true);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const rows = db.prepare('SELECT position, id, stream_name, revision FROM events ORDER BY position').all() as {
          position: bigint;
          id: string;
          stream_name: string;
          revision: bigint;
        }[];
        // Contiguous 1..N.
        rows.forEach((row, i) => expect(row.position).toBe(BigInt(i + 1)));

        // Dense revisions per stream, matching the streams table.
        const byStream = new Map<string, bigint[]>();
        for (const row of rows) byStream.set(row.stream_name, [...(byStream.get(row.stream_name) ?? []), row.revision]);
        const streams = db.prepare('SELECT stream_name, revision FROM streams ORDER BY stream_name').all() as {
          stream_name: string;
          revision: bigint;
        }[];
        expect(streams.map((s) => s.stream_name)).toEqual([...byStream.keys()].sort());
        for (const s of streams) {
          const revisions = byStream.get(s.stream_name) as bigint[];
          expect(revisions).toEqual(revisions.map((_, i) => BigInt(i)));
          expect(s.revision).toBe(BigInt(revisions.length - 1));
        }

        // Every acknowledged event exactly once, at the revision and position acknowledged.
        const byId = new Map(rows.map((row) => [row.id, row]));
        expect(byId.size).toBe(rows.length);
        let acknowledged = 0;
        for (const ack of acks) {
          const n = ack.ids.length;
          ack.ids.forEach((id, j) => {
            const offset = BigInt(n - 1 - j);
            expect(byId.get(id)).toEqual({
              id,
              stream_name: ack.stream,
              revision: BigInt(ack.revision) - offset,
              position: BigInt(ack.position) - offset,
            });
            acknowledged++;
          });
        }
        expect(rows.length).toBeGreaterThanOrEqual(acknowledged);
      } finally {
        db.close();
      }

      // The store itself opens the file, reads it whole and appends after the crash.
      const store = SqliteEventStore.open({ file });
      try {
        const all: RecordedEvent[] = [];
        for await (const e of store.readAll()) all.push(e);
        all.forEach((e, i) => expect(e.position).toBe(BigInt(i + 1)));
        const after = await store.appendToStream(`after-crash-${randomUUID()}`, [crashEvent()], {
          expectedRevision: 'no_stream',
        });
        expect(after.position).toBe(BigInt(all.length + 1));
      } finally {
        await store.close();
      }
    },
    30_000,
  );
});

function crashEvent() {
  const id = randomUUID();
  return {
    id,
    type: 'AfterCrash',
    data: {},
    metadata: {
      correlationId: id,
      causationId: id,
      actor: 'test:crash',
      commandId: id,
      occurredAt: '2026-01-15T10:00:00Z',
      recordedAt: '2026-01-15T10:00:00Z',
      schemaVersion: 1,
    },
  };
}
