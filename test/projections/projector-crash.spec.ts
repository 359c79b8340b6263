/**
 * Kill -9 proof of the exactly-once effect (ADR 0004): documents and checkpoint are committed in
 * one SQLite transaction, so a projector killed at any moment leaves a read model that is exactly
 * the projection of the events up to its checkpoint, and a restart completes it to the same
 * bytes as a full rebuild (S-7).
 *
 * A 30,000-event embedded store is projected by a child process (batches of 25 events: ~1,200
 * commits per run) that is SIGKILLed at a random moment after it reported progress — during a first run on an
 * empty read model, or during a rebuild of a complete one — then restarted to completion.
 * Set CRASH_SEED to replay the kill timings of a failed run.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { SqliteEventStore, type RecordedEvent } from '@ledger/event-store';
import { canonicalJson } from '@ledger/domain';
import { ProjectionRunner, ReadModelDatabase, type Projection } from '@ledger/projections';
import { dumpReadModels, type ReadModelDump } from '../../projections/src/runner/testing/read-model-dump';
import {
  accountBalanceProjection,
  eventCountProjection,
  testEvent,
  type AccountBalanceDoc,
} from '../../projections/src/runner/testing/test-projections';

const ROOT = resolve(__dirname, '../..');
const EVENT_COUNT = 30_000;
/** Small batches: ~1,200 commits per full run, so a random kill often lands inside a commit. */
const CHILD_BATCH_SIZE = 25;
const ITERATIONS = 12;
const SEED = Number(process.env['CRASH_SEED'] ?? Date.now() % 2 ** 31);

/** mulberry32: a small seeded PRNG, so a failing sequence of kill timings can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let dir: string;
let eventsFile: string;
let referenceFile: string;
let reference: ReadModelDump;
let events: RecordedEvent[];
let head: bigint;

/** 30,000 events over 500 account streams (deposits, withdrawals, closures) and noise streams. */
async function populate(file: string): Promise<void> {
  const random = prng(20260115);
  const store = SqliteEventStore.open({ file });
  try {
    let n = 1;
    while (n <= EVENT_COUNT) {
      const appends: Promise<unknown>[] = [];
      for (let a = 0; a < 200 && n <= EVENT_COUNT; a++) {
        const account = `acc${Math.floor(random() * 500)}`;
        const size = Math.min(1 + Math.floor(random() * 10), EVENT_COUNT - n + 1);
        const batch = [];
        for (let i = 0; i < size; i++, n++) {
          const roll = random();
          const amount = String(Math.floor(random() * 100_000));
          if (roll < 0.1) batch.push(testEvent(n, 'Withdrawn', { account, amount }));
          else if (roll < 0.102) batch.push(testEvent(n, 'AccountClosed', { account }));
          else if (roll < 0.15) batch.push(testEvent(n, 'PartnerNoted', { account }));
          else batch.push(testEvent(n, 'Deposited', { account, amount }));
        }
        const stream = batch.some((e) => e.type === 'PartnerNoted') ? `partner-${account}` : `account-${account}`;
        appends.push(store.appendToStream(stream, batch, { expectedRevision: 'any' }));
      }
      await Promise.all(appends);
    }
  } finally {
    await store.close();
  }
}

async function readEvents(file: string): Promise<RecordedEvent[]> {
  const store = SqliteEventStore.open({ file });
  try {
    const all: RecordedEvent[] = [];
    for await (const event of store.readAll()) all.push(event);
    return all;
  } finally {
    await store.close();
  }
}

/** In-memory fold of a projection over events up to `upTo`: key → canonical doc text. */
function fold(projection: Projection, upTo: bigint): [string, string][] {
  const docs = new Map<string, unknown>();
  for (const event of events) {
    if (event.position > upTo) break;
    const filter = projection.filter;
    if (filter?.eventTypes && !filter.eventTypes.includes(event.type)) continue;
    if (filter?.streamNamePrefixes && !filter.streamNamePrefixes.some((p) => event.streamName.startsWith(p))) continue;
    const keys = projection.keys(event);
    const changes = projection.apply(new Map(keys.map((k) => [k, docs.get(k)])), event);
    for (const [key, doc] of changes) {
      if (doc === null) docs.delete(key);
      else docs.set(key, doc);
    }
  }
  return [...docs].map(([key, doc]): [string, string] => [key, canonicalJson(doc)]).sort(([a], [b]) => (a < b ? -1 : 1));
}

interface ChildOutcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly progressLines: number;
  readonly stderr: string;
}

/** Runs the projector child; when `killAfter` is given, SIGKILLs it after that many progress lines (+ delay). */
function runChild(readModelFile: string, mode: 'run' | 'rebuild', killAfter?: { lines: number; delayMs: number }): Promise<ChildOutcome> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      './scripts/ts-register.js',
      'test/projections/support/projector-child.ts',
      eventsFile,
      readModelFile,
      mode,
      String(CHILD_BATCH_SIZE),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let progressLines = 0;
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith('progress ')) return;
    progressLines++;
    if (killAfter && progressLines === killAfter.lines) setTimeout(() => child.kill('SIGKILL'), killAfter.delayMs);
  });
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, progressLines, stderr }));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'projector-crash-'));
  eventsFile = join(dir, 'events.sqlite');
  await populate(eventsFile);
  events = await readEvents(eventsFile);
  head = (events.at(-1) as RecordedEvent).position;

  // The reference: a full rebuild into a fresh file, in this process, with the default batch size.
  referenceFile = join(dir, 'reference.sqlite');
  const store = SqliteEventStore.open({ file: eventsFile });
  const db = ReadModelDatabase.open({ file: referenceFile });
  try {
    await new ProjectionRunner({ store, db, projections: [accountBalanceProjection(), eventCountProjection()] }).rebuild('all');
  } finally {
    db.close();
    await store.close();
  }
  reference = dumpReadModels(referenceFile);
}, 30_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('projector killed with SIGKILL at a random moment', () => {
  it('has a reference read model that matches an independent computation of the balances, at the head', () => {
    expect(events).toHaveLength(EVENT_COUNT);
    expect(head).toBe(BigInt(EVENT_COUNT));
    const balances = new Map<string, bigint>();
    for (const e of events) {
      if (!e.streamName.startsWith('account-')) continue;
      const { account, amount } = e.data as { account: string; amount?: string };
      if (e.type === 'AccountClosed') balances.delete(account);
      else balances.set(account, (balances.get(account) ?? 0n) + (e.type === 'Withdrawn' ? -1n : 1n) * BigInt(amount ?? '0'));
    }
    const rows = reference.tables['rm_account-balances'] ?? [];
    expect(rows.length).toBe(balances.size);
    expect(rows.length).toBeGreaterThan(400);
    for (const [key, text] of rows) {
      const doc = JSON.parse(text) as AccountBalanceDoc;
      expect(key).toBe(`account:${doc.account}`);
      expect(doc.balance).toBe(String(balances.get(doc.account)));
    }
    expect(reference.tables['rm_event-count']?.find(([key]) => key === 'total')?.[1]).toBe(
      canonicalJson({ count: EVENT_COUNT, lastPosition: String(EVENT_COUNT) }),
    );
    expect(reference.checkpoints.map((c) => [c['name'], c['position']])).toEqual([
      ['account-balances', String(EVENT_COUNT)],
      ['event-count', String(EVENT_COUNT)],
    ]);
  });

  const random = prng(SEED);
  const plans = Array.from({ length: ITERATIONS }, (_, i) => ({
    iteration: i + 1,
    mode: i % 2 === 0 ? ('run' as const) : ('rebuild' as const),
    lines: 1 + Math.floor(random() * 700),
    delayMs: Math.floor(random() * 4),
  }));

  it.each(plans)(
    '#$iteration: killed during a $mode, restarted: same bytes as a full rebuild, checkpoint at head',
    async ({ iteration, mode, lines, delayMs }) => {
      const plan = `seed ${SEED}: SIGKILL after ${lines} commits + ${delayMs} ms`;
      const file = join(dir, `read-models-${iteration}.sqlite`);
      if (mode === 'rebuild') copyFileSync(referenceFile, file);

      const killed = await runChild(file, mode, { lines, delayMs });
      expect({ plan, signal: killed.signal, stderr: killed.stderr }).toEqual({ plan, signal: 'SIGKILL', stderr: '' });
      expect(killed.progressLines).toBeGreaterThanOrEqual(lines);

      // What survived the kill is exactly the projection of the events up to its checkpoint.
      const crashed = dumpReadModels(file);
      const positions = new Set(crashed.checkpoints.map((c) => c['position']));
      expect(positions.size).toBe(1);
      const checkpoint = BigInt(crashed.checkpoints[0]?.['position'] as string);
      expect(checkpoint).toBeGreaterThan(0n);
      expect({ plan, checkpoint, docs: crashed.tables['rm_account-balances'] }).toEqual({
        plan,
        checkpoint,
        docs: fold(accountBalanceProjection(), checkpoint),
      });
      expect({ plan, checkpoint, docs: crashed.tables['rm_event-count'] }).toEqual({
        plan,
        checkpoint,
        docs: fold(eventCountProjection(), checkpoint),
      });

      const restarted = await runChild(file, 'run');
      expect({ code: restarted.code, stderr: restarted.stderr }).toEqual({ code: 0, stderr: '' });

      expect({ plan, dump: dumpReadModels(file) }).toEqual({ plan, dump: reference });
    },
    20_000,
  );
});
