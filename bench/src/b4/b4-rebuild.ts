/**
 * B4 preparation, in its own process: builds the read models of a data dir from its event log —
 * ProjectionRunner with ALL_PROJECTIONS (what the application runs), rebuild('all'), the default
 * batch size — into `<dataDir>/read-models.sqlite`, exactly the file the API and the CLI open.
 * Afterwards every projection must be at the head with no failure.
 */
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { ProjectionRunner, ReadModelDatabase } from '@ledger/projections';
import { ALL_PROJECTIONS } from '../../../libs/application/src/projections/all-projections';
import { maxRssMb, workerMain } from '../harness/child';

export interface B4RebuildArgs {
  readonly dataDir: string;
}

export interface B4RebuildResult {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly maxRssMb: number;
  readonly projections: readonly { readonly name: string; readonly version: number; readonly eventsApplied: number }[];
}

async function run(args: B4RebuildArgs): Promise<B4RebuildResult> {
  const store = SqliteEventStore.open({ file: join(args.dataDir, 'events.sqlite') });
  const db = ReadModelDatabase.open({ dataDir: args.dataDir });
  const runner = new ProjectionRunner({ store, db, projections: ALL_PROJECTIONS });
  const head = await store.headPosition();
  const started = performance.now();
  let lastReport = 0;
  await runner.rebuild('all', {
    onProgress: (processed, total) => {
      const now = performance.now();
      if (now - lastReport < 15_000 && processed < total) return;
      lastReport = now;
      const seconds = (now - started) / 1000;
      process.stderr.write(`  read models: ${processed.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} events (${Math.round(processed / seconds).toLocaleString('en-US')} events/s)\n`);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const status = await runner.status();
  for (const s of status) {
    if (s.state === 'failed' || s.position !== head) {
      throw new Error(`projection ${s.name} ended ${s.state} at ${s.position} (head ${head}): ${s.lastError?.message ?? ''}`);
    }
  }
  db.close();
  await store.close();
  const events = Number(head ?? 0n);
  return {
    events,
    seconds,
    eventsPerSecond: events / seconds,
    maxRssMb: maxRssMb(),
    projections: status.map((s) => ({ name: s.name, version: s.version, eventsApplied: s.eventsApplied })),
  };
}

workerMain(run);
