/**
 * B4 in-process (no HTTP), one repetition in its own process: the application's query services
 * from a Nest application context over the prepared data dir — the same LedgerCoreModule and
 * LedgerApplicationModule as the CLI (apps/cli/src/cli-context.ts), PROJECTOR=external so nothing
 * runs in the background — timed one call at a time with performance.now():
 * - statement: StatementQueryService.statement(partnerId, quarter) of an issued statement;
 * - audit: StatementAuditService.explain(partnerId, quarter, lineId) of one line;
 * - timeline: DealQueryService.timeline(opportunityKey);
 * each over `samples` random targets after `warmup` calls on other random targets, plus the
 * largest issued statement asked `largestSamples` times; then the same targets once more (their
 * pages now in the OS page cache). Every answer must be non-null.
 */
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { REPO_ROOT, maxRssMb, workerMain } from '../harness/child';
import { percentiles, type Percentiles } from '../b3/load';
import { pickTargets, type QueryKind, type Targets } from './b4-targets';

export interface B4WorkerArgs {
  readonly dataDir: string;
  readonly samples: number;
  readonly warmup: number;
  readonly largestSamples: number;
  readonly seed: number;
  readonly order: readonly QueryKind[];
  readonly impl: 'source' | 'dist';
  readonly distRoot?: string;
}

export interface QueryTiming {
  readonly samples: number;
  readonly latencyMs: Percentiles;
  readonly nulls: number;
  /** Mean size of the JSON answer (first 200 samples), bytes. */
  readonly meanJsonBytes: number;
}

export interface B4WorkerResult {
  readonly bootMs: number;
  /** First pass: targets not asked before in this process (SQLite and OS page caches as they are). */
  readonly timings: Readonly<Record<QueryKind | 'largestStatement', QueryTiming>>;
  /** Second pass over the same targets: their pages are now in the OS page cache. */
  readonly warmTimings: Readonly<Record<QueryKind, QueryTiming>>;
  readonly population: Targets['population'];
  readonly largestStatement: Targets['largestStatement'];
  readonly meanSourcesPerAuditedLine: number;
  readonly maxRssMb: number;
  /** process.hrtime (ns) around the query loops of the first pass, for trimming a CPU profile. */
  readonly queryWindowNs: readonly [string, string];
}

interface Services {
  statement(partnerId: string, quarter: string): Promise<unknown>;
  explain(partnerId: string, quarter: string, lineId: string): Promise<unknown>;
  timeline(opportunityKey: string): unknown;
}

async function run(args: B4WorkerArgs): Promise<B4WorkerResult> {
  const started = performance.now();
  const { app, services } = await openServices(args);
  const bootMs = Math.round(performance.now() - started);
  try {
    const targets = pickTargets(join(args.dataDir, 'events.sqlite'), args.seed, args.samples + args.warmup);
    const calls: Record<QueryKind, (i: number) => Promise<unknown>> = {
      statement: (i) => services.statement(targets.statement[i]!.partnerId, targets.statement[i]!.quarter),
      audit: (i) => services.explain(targets.audit[i]!.partnerId, targets.audit[i]!.quarter, targets.audit[i]!.lineId),
      timeline: async (i) => services.timeline(targets.timeline[i]!),
    };
    const timings: Partial<Record<QueryKind | 'largestStatement', QueryTiming>> = {};
    const windowFrom = process.hrtime.bigint();
    for (const kind of args.order) {
      const call = calls[kind];
      for (let i = args.samples; i < args.samples + args.warmup; i++) await call(i); // warm-up on other targets
      timings[kind] = await time(args.samples, call);
    }
    const windowTo = process.hrtime.bigint();
    const largest = targets.largestStatement;
    timings.largestStatement = await time(args.largestSamples, () => services.statement(largest.partnerId, largest.quarter));
    const warmTimings: Partial<Record<QueryKind, QueryTiming>> = {};
    for (const kind of args.order) warmTimings[kind] = await time(args.samples, calls[kind]);
    const sources = targets.audit.slice(0, args.samples).reduce((sum, l) => sum + l.sources, 0) / args.samples;
    return {
      bootMs,
      timings: timings as B4WorkerResult['timings'],
      warmTimings: warmTimings as B4WorkerResult['warmTimings'],
      population: targets.population,
      largestStatement: largest,
      meanSourcesPerAuditedLine: Math.round(sources * 100) / 100,
      maxRssMb: maxRssMb(),
      queryWindowNs: [windowFrom.toString(), windowTo.toString()],
    };
  } finally {
    await app.close();
  }
}

async function time(samples: number, call: (i: number) => Promise<unknown>): Promise<QueryTiming> {
  const latencies = new Array<number>(samples);
  let nulls = 0;
  let bytes = 0;
  let sized = 0;
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    const answer = await call(i);
    latencies[i] = performance.now() - t;
    if (answer === null || answer === undefined) nulls++;
    else if (sized < 200) {
      bytes += JSON.stringify(answer, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)).length;
      sized++;
    }
  }
  return { samples, latencyMs: percentiles(latencies), nulls, meanJsonBytes: sized ? Math.round(bytes / sized) : 0 };
}

async function openServices(args: B4WorkerArgs): Promise<{ app: INestApplicationContext; services: Services }> {
  const root = args.impl === 'dist' ? (args.distRoot ?? join(REPO_ROOT, 'dist')) : REPO_ROOT;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { Module } = require('@nestjs/common') as typeof import('@nestjs/common');
  const { NestFactory } = require('@nestjs/core') as typeof import('@nestjs/core');
  const application = require(join(root, 'libs', 'application', 'src', 'index')) as typeof import('@ledger/application');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const config = application.loadLedgerConfig({ DATA_DIR: args.dataDir, EVENT_STORE: 'embedded', PROJECTOR: 'external', LOG_LEVEL: 'silent' });
  class B4Module {}
  Module({ imports: [application.LedgerCoreModule.forRoot({ config }), application.LedgerApplicationModule] })(B4Module);
  const app = await NestFactory.createApplicationContext(B4Module, { logger: false });
  const statements = app.get(application.StatementQueryService);
  const audit = app.get(application.StatementAuditService);
  const deals = app.get(application.DealQueryService);
  return {
    app,
    services: {
      statement: (p, q) => statements.statement(p, q),
      explain: (p, q, l) => audit.explain(p, q, l),
      timeline: (k) => deals.timeline(k),
    },
  };
}

workerMain(run);
