/**
 * Local experiment (not part of the suite; libs/ and projections/ are not edited): what would a
 * byte budget on the projection runner's document cache do to B2's RSS and speed?
 *
 * ProjectionRunner bounds its write-back cache by a document COUNT (docCacheSize, default 10,000
 * per projection), whatever the documents weigh; a statements `lines:` document can reach
 * hundreds of KB. This patches the runner's private `evict` at run time to also drop the least
 * recently used committed documents until the cached text of the projection is within a byte
 * budget, then rebuilds once.
 *
 *   node -r ./scripts/ts-register.js bench/src/experiments/cache-by-bytes.ts <store file> <read-model file> <budget MB per projection | off> [batch]
 */
import { rmSync } from 'node:fs';
import { SqliteEventStore } from '@ledger/event-store';
import { ProjectionRunner, ReadModelDatabase } from '@ledger/projections';
import { ALL_PROJECTIONS } from '../../../libs/application/src/projections/all-projections';
import { maxRssMb } from '../harness/child';

interface CachedDoc {
  stored: string | undefined;
  dirty: boolean;
}
interface SlotLike {
  readonly cache: Map<string, CachedDoc>;
}

async function main(): Promise<void> {
  const [storeFile, readModelFile, budget = 'off', batch = '2000'] = process.argv.slice(2);
  if (!storeFile || !readModelFile) throw new Error('usage: cache-by-bytes.ts <store file> <read-model file> <budget MB|off> [batch]');
  if (budget !== 'off') {
    const limit = Number(budget) * 1e6;
    const proto = ProjectionRunner.prototype as unknown as { evict(slot: SlotLike): void };
    const countOnly = proto.evict;
    proto.evict = function evict(this: unknown, slot: SlotLike): void {
      countOnly.call(this, slot);
      let bytes = 0;
      for (const entry of slot.cache.values()) bytes += (entry.stored?.length ?? 0) * 2; // UTF-16
      for (const [key, entry] of slot.cache) {
        if (bytes <= limit) break;
        bytes -= (entry.stored?.length ?? 0) * 2;
        slot.cache.delete(key); // least recently used first; nothing is dirty right after a commit
      }
    };
  }
  for (const s of ['', '-wal', '-shm']) rmSync(`${readModelFile}${s}`, { force: true });
  const store = SqliteEventStore.open({ file: storeFile });
  const db = ReadModelDatabase.open({ file: readModelFile });
  const runner = new ProjectionRunner({ store, db, projections: ALL_PROJECTIONS, batchSize: Number(batch) });
  const head = Number((await store.headPosition()) ?? 0n);
  const started = process.hrtime.bigint();
  await runner.rebuild('all');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const failed = (await runner.status()).filter((s) => s.state === 'failed' || s.position !== BigInt(head));
  if (failed.length > 0) throw new Error(`projections not at the head: ${failed.map((s) => s.name).join(', ')}`);
  db.close();
  await store.close();
  console.log(JSON.stringify({ budgetMbPerProjection: budget, batch: Number(batch), events: head, seconds, eventsPerSecond: head / seconds, maxRssMb: maxRssMb() }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
