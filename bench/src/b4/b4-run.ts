/**
 * B4 (issue 8): query latency on a 1,000,000-event log.
 *
 * Data: the B2 generator's log (bench/src/b2/domain-generator.ts, seed 2026: it closes a quarter
 * on day 5 of each quarter and issues every partner's statement, so QuarterClosed and
 * StatementIssued are in the log) in `<data-dir>/b4-<events>-seed2026/events.sqlite` — copied
 * from B2's file when `npm run bench` already generated it, else generated here through the same
 * generator — and its read models built by the ProjectionRunner with ALL_PROJECTIONS. Both are
 * kept (b4-manifest.json) and reused while the generator version and the projections' names and
 * versions are unchanged.
 *
 * Measurement: `reps` fresh processes (b4-worker.ts) timing the query services in-process, the
 * query kinds in rotated order; then, for reference, the same three queries through HTTP
 * (b3-server.ts on the same data dir, autocannon at 1 and 4 connections).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ALL_PROJECTIONS } from '../../../libs/application/src/projections/all-projections';
import type { B2GenerateArgs, B2GenerateResult } from '../b2/b2-generate';
import { GENERATOR_VERSION } from '../b2/domain-generator';
import { REPO_ROOT, runChild } from '../harness/child';
import { loadAverage, type LoadAverage } from '../harness/machine';
import { rotation, summarize, type Summary } from '../harness/stats';
import { runLoad, type BuiltRequest, type LoadResult, type Percentiles } from '../b3/load';
import { startServer } from '../b3/server-process';
import type { B4RebuildArgs, B4RebuildResult } from './b4-rebuild';
import { pickTargets, QUERY_KINDS, type QueryKind } from './b4-targets';
import type { B4WorkerArgs, B4WorkerResult } from './b4-worker';

const B2_GENERATE = join(REPO_ROOT, 'bench', 'src', 'b2', 'b2-generate.ts');
const B4_REBUILD = join(REPO_ROOT, 'bench', 'src', 'b4', 'b4-rebuild.ts');
const B4_WORKER = join(REPO_ROOT, 'bench', 'src', 'b4', 'b4-worker.ts');
const B2_DATA_DIR = join(REPO_ROOT, 'bench', '.data');
const SEED = 2026;

export interface B4Options {
  readonly quick: boolean;
  readonly reps: number;
  readonly events: number;
  readonly dataDir: string;
  readonly impl: 'source' | 'dist';
  readonly distRoot?: string;
  readonly progress: (message: string) => void;
}

interface Manifest {
  readonly generatorVersion: number;
  readonly seed: number;
  readonly events: number;
  readonly projections: readonly { readonly name: string; readonly version: number }[];
  readonly source: string;
  readonly generationSeconds: number | null;
  readonly rebuild: B4RebuildResult;
  readonly typeCounts: Readonly<Record<string, number>>;
  readonly preparedAt: string;
}

export interface B4Data extends Manifest {
  readonly dataDir: string;
  readonly storeBytes: number;
  readonly readModelBytes: number;
  readonly cached: boolean;
  readonly preparationSeconds: number;
}

export interface B4Section {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly loadStart: LoadAverage;
  readonly loadEnd: LoadAverage;
  readonly settings: { readonly events: number; readonly samples: number; readonly warmup: number; readonly largestSamples: number; readonly reps: number; readonly impl: string };
  readonly data: B4Data;
  readonly runs: readonly B4WorkerResult[];
  readonly summary: Readonly<Record<QueryKind | 'largestStatement', LatencySummary>>;
  /** The second pass over the same targets. */
  readonly warmSummary: Readonly<Record<QueryKind, LatencySummary>>;
}

export interface B4HttpRun {
  readonly rep: number;
  readonly kind: QueryKind;
  readonly connections: number;
  readonly result: LoadResult;
}

export interface B4HttpSection {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly loadStart: LoadAverage;
  readonly loadEnd: LoadAverage;
  readonly settings: { readonly connections: readonly number[]; readonly seconds: number; readonly reps: number; readonly impl: string };
  readonly runs: readonly B4HttpRun[];
  readonly summary: Readonly<Record<string, { readonly rps: Summary; readonly p50: Summary; readonly p99: Summary; readonly p999: Summary }>>;
  readonly verified: boolean;
}

export async function runB4(options: B4Options): Promise<{ b4: B4Section; b4Http: B4HttpSection }> {
  const data = await prepareData(options);
  const b4 = await inProcess(options, data);
  const b4Http = await overHttp(options, data);
  return { b4, b4Http };
}

async function prepareData(options: B4Options): Promise<B4Data> {
  const dir = join(options.dataDir, `b4-${options.events}-seed${SEED}`);
  const manifestFile = join(dir, 'b4-manifest.json');
  const eventsFile = join(dir, 'events.sqlite');
  const projections = ALL_PROJECTIONS.map((p) => ({ name: p.name, version: p.version }));
  const started = performance.now();
  const finish = (manifest: Manifest, cached: boolean): B4Data => ({
    ...manifest,
    dataDir: dir,
    storeBytes: statSync(eventsFile).size,
    readModelBytes: statSync(join(dir, 'read-models.sqlite')).size,
    cached,
    preparationSeconds: (performance.now() - started) / 1000,
  });
  if (existsSync(manifestFile) && existsSync(eventsFile)) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    if (manifest.generatorVersion === GENERATOR_VERSION && manifest.seed === SEED && manifest.events === options.events && JSON.stringify(manifest.projections) === JSON.stringify(projections)) {
      options.progress(`B4: reusing ${dir} (${options.events.toLocaleString('en-US')} events, read models built ${manifest.preparedAt})`);
      return finish(manifest, true);
    }
    options.progress('B4: the cached data was built by another generator or other projection versions: rebuilding it');
  }
  rmSync(dir, { recursive: true, force: true });
  const b2Name = `b2-events-v${GENERATOR_VERSION}-seed${SEED}-${options.events}.sqlite`;
  const b2File = join(B2_DATA_DIR, b2Name);
  let source: string;
  let generationSeconds: number | null = null;
  if (existsSync(b2File) && b2ManifestLists(b2File) && !existsSync(`${b2File}-wal`)) {
    options.progress(`B4: copying B2's event log ${b2Name}`);
    mkdirSync(dir, { recursive: true });
    copyFileSync(b2File, eventsFile);
    source = `copied from B2 (bench/.data/${b2Name})`;
  } else {
    options.progress(`B4: generating ${options.events.toLocaleString('en-US')} events with the B2 generator (seed ${SEED}); load ${loadAverage().load.join(' ')}`);
    mkdirSync(dir, { recursive: true });
    const args: B2GenerateArgs = { dir, sizes: [options.events], seed: SEED };
    const { result } = await runChild<B2GenerateResult>(B2_GENERATE, args);
    const file = result.files[0];
    if (!file || file.events !== options.events) throw new Error('B4: the generator did not produce the requested size');
    renameSync(file.file, eventsFile);
    for (const f of readdirSync(dir)) if (f.startsWith('b2-manifest-')) rmSync(join(dir, f));
    generationSeconds = result.seconds;
    source = `generated by bench/src/b2/b2-generate.ts (generator v${GENERATOR_VERSION}, seed ${SEED}) in ${result.seconds.toFixed(0)} s`;
  }
  options.progress(`B4: building the read models (ProjectionRunner, ALL_PROJECTIONS, rebuild); load ${loadAverage().load.join(' ')}`);
  const { result: rebuild } = await runChild<B4RebuildResult>(B4_REBUILD, { dataDir: dir } satisfies B4RebuildArgs);
  options.progress(`B4: read models built in ${rebuild.seconds.toFixed(0)} s (${Math.round(rebuild.eventsPerSecond).toLocaleString('en-US')} events/s)`);
  const db = new Database(eventsFile, { readonly: true });
  const typeCounts = Object.fromEntries(
    (db.prepare('SELECT type, COUNT(*) AS n FROM events GROUP BY type ORDER BY n DESC').all() as { type: string; n: number }[]).map((r) => [r.type, r.n]),
  );
  db.close();
  if (!typeCounts.StatementIssued || !typeCounts.QuarterClosed) throw new Error('B4: the log has no closed quarter with issued statements');
  const manifest: Manifest = {
    generatorVersion: GENERATOR_VERSION,
    seed: SEED,
    events: options.events,
    projections,
    source,
    generationSeconds,
    rebuild,
    typeCounts,
    preparedAt: new Date().toISOString(),
  };
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return finish(manifest, false);
}

function b2ManifestLists(file: string): boolean {
  return readdirSync(B2_DATA_DIR)
    .filter((f) => f.startsWith(`b2-manifest-v${GENERATOR_VERSION}-seed${SEED}-`))
    .some((f) => (JSON.parse(readFileSync(join(B2_DATA_DIR, f), 'utf8')) as B2GenerateResult).files.some((x) => join(REPO_ROOT, x.file) === file || x.file === file));
}

async function inProcess(options: B4Options, data: B4Data): Promise<B4Section> {
  const startedAt = new Date().toISOString();
  const loadStart = loadAverage();
  const settings = {
    events: options.events,
    samples: options.quick ? 500 : 2_000,
    warmup: options.quick ? 100 : 200,
    largestSamples: options.quick ? 50 : 200,
    reps: options.reps,
    impl: options.impl,
  };
  const runs: B4WorkerResult[] = [];
  for (let rep = 0; rep < options.reps; rep++) {
    const args: B4WorkerArgs = {
      dataDir: data.dataDir,
      samples: settings.samples,
      warmup: settings.warmup,
      largestSamples: settings.largestSamples,
      seed: 4_000 + rep,
      order: rotation(QUERY_KINDS, rep),
      impl: options.impl,
      distRoot: options.distRoot,
    };
    const { result } = await runChild<B4WorkerResult>(B4_WORKER, args);
    for (const [kind, t] of Object.entries(result.timings)) {
      if (t.nulls > 0) throw new Error(`B4 ${kind}: ${t.nulls} of ${t.samples} queries found nothing`);
    }
    runs.push(result);
    const line = (k: keyof B4WorkerResult['timings']): string => {
      const l = result.timings[k].latencyMs;
      return `${k} p50 ${l.p50.toFixed(3)} p99 ${l.p99.toFixed(3)} max ${l.max.toFixed(1)} ms`;
    };
    options.progress(`B4 in-process rep ${rep + 1}/${options.reps}: ${[...QUERY_KINDS, 'largestStatement' as const].map(line).join('; ')}; load ${loadAverage().load[0]}`);
  }
  const kinds = [...QUERY_KINDS, 'largestStatement'] as const;
  const summary = Object.fromEntries(kinds.map((k) => [k, latencySummary(runs.map((r) => r.timings[k].latencyMs))])) as B4Section['summary'];
  const warmSummary = Object.fromEntries(QUERY_KINDS.map((k) => [k, latencySummary(runs.map((r) => r.warmTimings[k].latencyMs))])) as B4Section['warmSummary'];
  return { startedAt, finishedAt: new Date().toISOString(), loadStart, loadEnd: loadAverage(), settings, data, runs, summary, warmSummary };
}

export interface LatencySummary {
  readonly p50: Summary;
  readonly p99: Summary;
  readonly p999: Summary;
  readonly max: Summary;
}

/** Median and spread of each percentile over the repetitions. */
function latencySummary(perRun: readonly Percentiles[]): LatencySummary {
  const of = (f: (l: Percentiles) => number): Summary => summarize(perRun.map(f));
  return { p50: of((l) => l.p50), p99: of((l) => l.p99), p999: of((l) => l.p999), max: of((l) => l.max) };
}

async function overHttp(options: B4Options, data: B4Data): Promise<B4HttpSection> {
  const startedAt = new Date().toISOString();
  const loadStart = loadAverage();
  const settings = { connections: [1, 4], seconds: options.quick ? 2 : 5, reps: options.reps, impl: options.impl };
  const targets = pickTargets(join(data.dataDir, 'events.sqlite'), 9_000, 5_000);
  const runs: B4HttpRun[] = [];
  for (let rep = 0; rep < options.reps; rep++) {
    const server = await startServer({ dataDir: data.dataDir, impl: options.impl, distRoot: options.distRoot });
    try {
      const auth = { authorization: `Bearer ${server.ready.tokens.finance}` };
      let n = 0;
      const next: Record<QueryKind, () => BuiltRequest> = {
        statement: () => {
          const t = targets.statement[n++ % targets.statement.length]!;
          return { method: 'GET', path: `/partners/${t.partnerId}/statements/${t.quarter}`, headers: auth };
        },
        audit: () => {
          const t = targets.audit[n++ % targets.audit.length]!;
          return { method: 'GET', path: `/partners/${t.partnerId}/statements/${t.quarter}/lines/${encodeURIComponent(t.lineId)}/audit`, headers: auth };
        },
        timeline: () => {
          const key = targets.timeline[n++ % targets.timeline.length]!;
          return { method: 'GET', path: `/opportunities/${encodeURIComponent(key)}/timeline`, headers: auth };
        },
      };
      for (const kind of rotation(QUERY_KINDS, rep)) {
        await runLoad({ base: server.base, connections: 4, durationSeconds: 1, next: next[kind] }); // warm-up
        for (const connections of settings.connections) {
          const { result } = await runLoad({ base: server.base, connections, durationSeconds: settings.seconds, next: next[kind] });
          runs.push({ rep: rep + 1, kind, connections, result });
          const l = result.latencyMs;
          options.progress(
            `B4 HTTP rep ${rep + 1}/${options.reps} ${kind} ${connections} conn: ${Math.round(result.rps)} req/s, p50 ${l.p50.toFixed(2)} p99 ${l.p99.toFixed(2)} ms, non-2xx ${result.non2xx}, errors ${result.errors}`,
          );
        }
      }
    } finally {
      await server.stop();
    }
  }
  const summary: Record<string, { rps: Summary; p50: Summary; p99: Summary; p999: Summary }> = {};
  for (const kind of QUERY_KINDS) {
    for (const connections of settings.connections) {
      const mine = runs.filter((r) => r.kind === kind && r.connections === connections);
      summary[`${kind}@${connections}`] = {
        rps: summarize(mine.map((r) => r.result.rps)),
        p50: summarize(mine.map((r) => r.result.latencyMs.p50)),
        p99: summarize(mine.map((r) => r.result.latencyMs.p99)),
        p999: summarize(mine.map((r) => r.result.latencyMs.p999)),
      };
    }
  }
  const verified = runs.every((r) => r.result.non2xx === 0 && r.result.errors === 0 && r.result.timeouts === 0 && r.result.ok2xx > 0);
  return { startedAt, finishedAt: new Date().toISOString(), loadStart, loadEnd: loadAverage(), settings, runs, summary, verified };
}
