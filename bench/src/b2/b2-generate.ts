/**
 * B2: writes the generated event log into embedded store files of the requested sizes (each a
 * prefix of the next), through SqliteEventStore itself (expected revisions, group commit with 256
 * appends in flight). Files are reused when a manifest for the same generator version, seed and
 * sizes exists.
 */
import { copyFileSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { workerMain } from '../harness/child';
import { DomainGenerator, GENERATOR_VERSION } from './domain-generator';

export interface B2GenerateArgs {
  readonly dir: string;
  readonly sizes: readonly number[];
  readonly seed: number;
}

export interface B2GenerateResult {
  readonly generatorVersion: number;
  readonly seed: number;
  readonly files: readonly { readonly events: number; readonly file: string; readonly bytes: number }[];
  /** Event types of the largest file. */
  readonly typeCounts: Readonly<Record<string, number>>;
  readonly seconds: number;
  readonly cached: boolean;
}

const IN_FLIGHT = 256;

async function run(args: B2GenerateArgs): Promise<B2GenerateResult> {
  const sizes = [...args.sizes].sort((a, b) => a - b);
  const name = (n: number): string => join(args.dir, `b2-events-v${GENERATOR_VERSION}-seed${args.seed}-${n}.sqlite`);
  const manifestFile = join(args.dir, `b2-manifest-v${GENERATOR_VERSION}-seed${args.seed}-${sizes.join('-')}.json`);
  if (existsSync(manifestFile) && sizes.every((n) => existsSync(name(n)))) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as B2GenerateResult;
    return { ...manifest, cached: true };
  }
  const started = process.hrtime.bigint();
  const work = join(args.dir, 'b2-generating.sqlite');
  removeDb(work);
  const generator = new DomainGenerator(args.seed);
  let store = SqliteEventStore.open({ file: work });
  let written = 0;
  const files: { events: number; file: string; bytes: number }[] = [];
  for (const size of sizes) {
    while (written < size) {
      const batch: Promise<unknown>[] = [];
      for (let i = 0; i < IN_FLIGHT && written < size; i++, written++) {
        const next = generator.next();
        batch.push(
          store.appendToStream(next.streamName, [next.event], { expectedRevision: next.expectedRevision }).then((result) => {
            if (result.position !== next.position) throw new Error(`position ${result.position}, generator predicted ${next.position}`);
          }),
        );
      }
      await Promise.all(batch);
      if (written % 100_000 < IN_FLIGHT) process.stderr.write(`  generated ${written.toLocaleString('en-US')} events\n`);
    }
    await store.close(); // checkpoints the WAL into the file
    removeDb(name(size));
    copyFileSync(work, name(size));
    files.push({ events: size, file: name(size), bytes: statSync(name(size)).size });
    store = SqliteEventStore.open({ file: work });
  }
  await store.close();
  removeDb(work);
  const result: B2GenerateResult = {
    generatorVersion: GENERATOR_VERSION,
    seed: args.seed,
    files,
    typeCounts: generator.typeCounts,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    cached: false,
  };
  writeFileSync(manifestFile, JSON.stringify(result, null, 2));
  return result;
}

function removeDb(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

workerMain(run);
