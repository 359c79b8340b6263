/**
 * Child process of the kill -9 test (projector-crash.spec.ts): runs the projection runner over an
 * embedded event-store file into a read-model file, printing "progress <processed> <total>" after
 * every committed batch and "done" at the end. The parent SIGKILLs it at a random moment.
 *
 * Usage: node -r ./scripts/ts-register.js test/projections/support/projector-child.ts \
 *          <events file> <read-model file> [run|rebuild] [batch size]
 */
import { SqliteEventStore } from '@ledger/event-store';
import { ProjectionRunner, ReadModelDatabase } from '@ledger/projections';
import {
  accountBalanceProjection,
  eventCountProjection,
} from '../../../projections/src/runner/testing/test-projections';

async function main(): Promise<void> {
  const [eventsFile, readModelFile, mode = 'run', batchSize = '250'] = process.argv.slice(2);
  if (!eventsFile || !readModelFile || (mode !== 'run' && mode !== 'rebuild')) {
    throw new Error('usage: projector-child.ts <events file> <read-model file> [run|rebuild] [batch size]');
  }
  const store = SqliteEventStore.open({ file: eventsFile });
  const db = ReadModelDatabase.open({ file: readModelFile });
  const runner = new ProjectionRunner({
    store,
    db,
    projections: [accountBalanceProjection(), eventCountProjection()],
    batchSize: Number(batchSize),
  });
  const onProgress = (processed: number, total: number): void => {
    process.stdout.write(`progress ${processed} ${total}\n`);
  };
  if (mode === 'rebuild') await runner.rebuild('all', { onProgress });
  else await runner.runUntilCaughtUp({ onProgress });
  await store.close();
  db.close();
  process.stdout.write('done\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
