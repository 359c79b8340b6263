/**
 * `--sections exp`: before/after figures for fixes the B3 profiles point at, each written as an
 * exact source patch applied in memory to the measured server only (source-patch.ts) — nothing
 * under apps/, libs/ or projections/ is edited. Variants alternate in rotated order within each
 * repetition, each in a fresh server on a fresh DATA_DIR with the same seeding, warm-up and a
 * closed-loop run at a fixed connection count; every acknowledged command is checked against the
 * log as in B3.
 *
 * The patches were written against commit 86f1b51 (the run of 11:05 UTC in the report). Since ADR
 * 0009 the API key statement is prepared once in the code itself and the runner's sources moved:
 * a patch whose text is no longer found makes its variant fail loudly (source-patch.ts) rather than
 * measure something else — re-write a patch against the current sources before re-running it.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadAverage, type LoadAverage } from '../harness/machine';
import { rotation, summarize, type Summary } from '../harness/stats';
import { projectorLag, verify, waitCaughtUp, type Verification } from './b3-run';
import { runLoad, type LoadResult } from './load';
import { runPaced, type PacedResult } from './paced';
import { startServer } from './server-process';
import type { SourcePatch } from './source-patch';
import { StoreProbe } from './store-probe';
import { APPENDS, benchPartnerIds, prepareWorkload, type WorkloadName } from './workloads';

export interface Experiment {
  readonly description: string;
  readonly patches: readonly SourcePatch[];
  /** Default in-process. */
  readonly projector?: 'in-process' | 'external';
  /** Default the sources through the SWC hook; `dist` = the tsc build (`--build-dist` / `--dist-root`). */
  readonly impl?: 'source' | 'dist';
}

const READ_MODELS_NORMAL: SourcePatch = {
  file: 'projections/src/runner/read-model-database.ts',
  find: "sqlite.pragma('synchronous = FULL');",
  replace: "sqlite.pragma('synchronous = NORMAL');",
};

const COALESCE_FLUSH: readonly SourcePatch[] = [
  {
    file: 'projections/src/runner/projection-runner.ts',
    find: `          if (message.position !== null) this.advanceTo(message.position);
          this.flush();`,
    replace: `          if (message.position !== null) this.advanceTo(message.position);
          if (this.waiters.length > 0 || this.progress) this.flush();
          else this.scheduleIdleFlush();`,
  },
  {
    file: 'projections/src/runner/projection-runner.ts',
    find: `    this.idleFlush ??= setImmediate(() => {
      this.idleFlush = null;
      this.flush();
    });`,
    replace: `    // Nobody waits for this batch (no waitForPosition, no catch-up): let it grow for up to
    // IDLE_FLUSH_MS so a burst of commands costs one read-model transaction, not one each.
    this.idleFlush ??= setTimeout(() => {
      this.idleFlush = null;
      this.flush();
    }, this.waiters.length > 0 || this.progress ? 0 : 25);`,
  },
  {
    file: 'projections/src/runner/projection-runner.ts',
    find: `      clearImmediate(this.idleFlush);`,
    replace: `      clearTimeout(this.idleFlush);`,
  },
  {
    file: 'projections/src/runner/projection-runner.ts',
    find: `  private idleFlush: NodeJS.Immediate | null = null;`,
    replace: `  private idleFlush: NodeJS.Timeout | null = null;`,
  },
  {
    file: 'projections/src/runner/projection-runner.ts',
    find: `  waitForPosition(position: GlobalPosition): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ position, resolve, reject });
      this.settleWaiters();
    });`,
    replace: `  waitForPosition(position: GlobalPosition): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ position, resolve, reject });
      this.settleWaiters();
      if (this.idleFlush && this.waiters.length > 0) this.flush(); // a reader waits: commit now
    });`,
  },
];

const MEMO_CANONICAL: readonly SourcePatch[] = [
  {
    file: 'projections/src/runner/projection-runner.ts',
    find: '      const text = canonicalJson(entry.doc);',
    replace: '      const text = canonicalText(entry.doc);',
  },
  {
    file: 'projections/src/runner/projection-runner.ts',
    find: 'function reached(position: GlobalPosition | null, target: GlobalPosition): boolean {',
    replace: `/**
 * canonicalJson with the text of every frozen object or array remembered (a document handed to
 * the runner is deep-frozen, so its text can never change): serialising a document again after a
 * small change re-serialises only what the change rebuilt, not e.g. every line of a
 * partner-quarter's lines document. Same bytes as canonicalJson; values it refuses are handed to
 * canonicalJson, which throws.
 */
const canonicalTexts = new WeakMap<object, string>();

function canonicalText(value: unknown): string {
  if (typeof value !== 'object' || value === null || !Object.isFrozen(value)) return canonicalJson(value);
  const known = canonicalTexts.get(value);
  if (known !== undefined) return known;
  let text: string;
  if (Array.isArray(value)) {
    text = '[' + value.map((item) => (item === undefined ? canonicalJson(item) : canonicalText(item))).join(',') + ']';
  } else {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return canonicalJson(value);
    const record = value as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const item = record[key];
      if (item !== undefined) parts.push(JSON.stringify(key) + ':' + canonicalText(item));
    }
    text = '{' + parts.join(',') + '}';
  }
  canonicalTexts.set(value, text);
  return text;
}

function reached(position: GlobalPosition | null, target: GlobalPosition): boolean {`,
  },
];

const API_KEY_STATEMENT: readonly SourcePatch[] = [
  {
    file: 'apps/api/src/platform/auth/api-key.service.ts',
    find: `  private readonly db: Database.Database;
`,
    replace: `  private readonly db: Database.Database;
  private rowStatement: Database.Statement<[string], Row> | undefined;
`,
  },
  {
    file: 'apps/api/src/platform/auth/api-key.service.ts',
    find: 'return this.db.prepare(`SELECT * FROM api_keys WHERE key_id = ?`).get(keyId) as Row | undefined;',
    replace: 'this.rowStatement ??= this.db.prepare<[string], Row>(`SELECT * FROM api_keys WHERE key_id = ?`);\n    return this.rowStatement.get(keyId);',
  },
];

export const EXPERIMENTS: Readonly<Record<string, Experiment>> = {
  baseline: { description: 'the code as it is', patches: [] },
  'read-models-normal': {
    description:
      'read-models.sqlite with synchronous=NORMAL instead of FULL (WAL): a commit no longer waits for fsync; a power loss may drop the last read-model batches, and their checkpoint with them (same transaction), so they are replayed from the log',
    patches: [READ_MODELS_NORMAL],
  },
  'coalesced-flush': {
    description:
      'the projection runner commits a batch nobody waits for at most every 25 ms (setTimeout instead of setImmediate, and no immediate flush on each caught-up signal), flushing at once when a waitForPosition caller or a catch-up is waiting',
    patches: COALESCE_FLUSH,
  },
  both: { description: 'read-models-normal + coalesced-flush', patches: [READ_MODELS_NORMAL, ...COALESCE_FLUSH] },
  'memo-canonical': {
    description:
      'the projection runner remembers the canonical JSON text of each frozen (immutable) sub-object of a document (WeakMap), so re-serialising a grown document after a batch costs only the parts the batch rebuilt — same bytes as canonicalJson',
    patches: MEMO_CANONICAL,
  },
  'all-small': {
    description: 'read-models-normal + coalesced-flush + memo-canonical + api-key-statement together',
    patches: [READ_MODELS_NORMAL, ...COALESCE_FLUSH, ...MEMO_CANONICAL, ...API_KEY_STATEMENT],
  },
  'api-key-statement': {
    description: 'ApiKeyService.authenticate prepares its SELECT once instead of on every request (better-sqlite3 `prepare` showed in the profile)',
    patches: API_KEY_STATEMENT,
  },
  'tsc-build': {
    description: 'not a fix: the same code compiled by tsc (tsconfig.build.json + tsc-alias) instead of loaded through the SWC require hook — does the way we load TypeScript matter?',
    patches: [],
    impl: 'dist',
  },
  'no-projector': {
    description:
      'not a fix: PROJECTOR=external and no projector anywhere — the command path alone, i.e. the most that moving the projector to its own process (its own core) could give the API process',
    patches: [],
    projector: 'external',
  },
};

export interface ExperimentRun {
  readonly variant: string;
  readonly workload: WorkloadName;
  readonly rep: number;
  readonly closedLoop: LoadResult;
  readonly paced: PacedResult;
  readonly serverCpuMsPerRequest: number;
  readonly projectorLagAfter: number;
  readonly verification: Verification;
  readonly load1: number;
}

export interface ExperimentSection {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly loadStart: LoadAverage;
  readonly loadEnd: LoadAverage;
  readonly settings: { readonly connections: number; readonly seconds: number; readonly pacedRate: Readonly<Record<string, number>>; readonly reps: number; readonly customers: number };
  readonly variants: Readonly<Record<string, Experiment>>;
  readonly runs: readonly ExperimentRun[];
  readonly summary: Readonly<Record<string, { readonly rps: Summary; readonly p99: Summary; readonly cpuMsPerRequest: Summary; readonly pacedP99: Summary; readonly verified: boolean }>>;
}

export interface ExperimentOptions {
  readonly workDir: string;
  readonly reps: number;
  readonly quick: boolean;
  readonly workloads: readonly WorkloadName[];
  readonly variants: readonly string[];
  /** The tsc build for the `tsc-build` variant. */
  readonly distRoot: string;
  readonly progress: (message: string) => void;
}

/** Re-running some variants keeps the other variants' runs (each run keeps its own load average). */
export function mergeExperiments(previous: ExperimentSection | undefined, next: ExperimentSection): ExperimentSection {
  if (!previous) return next;
  const rerun = new Set(next.runs.map((r) => `${r.workload}/${r.variant}`));
  const kept = previous.runs.filter((r) => !rerun.has(`${r.workload}/${r.variant}`));
  if (kept.length === 0) return next;
  const runs = [...kept, ...next.runs];
  const variants = { ...previous.variants, ...next.variants };
  const first = previous.startedAt < next.startedAt ? previous : next;
  return { ...next, startedAt: first.startedAt, loadStart: first.loadStart, variants, runs, summary: summarizeRuns(runs) };
}

function summarizeRuns(runs: readonly ExperimentRun[]): ExperimentSection['summary'] {
  const summary: Record<string, ExperimentSection['summary'][string]> = {};
  const keys = [...new Set(runs.map((r) => `${r.workload}/${r.variant}`))];
  for (const key of keys) {
    const mine = runs.filter((r) => `${r.workload}/${r.variant}` === key);
    summary[key] = {
      rps: summarize(mine.map((r) => r.closedLoop.rps)),
      p99: summarize(mine.map((r) => r.closedLoop.latencyMs.p99)),
      cpuMsPerRequest: summarize(mine.map((r) => r.serverCpuMsPerRequest)),
      pacedP99: summarize(mine.map((r) => r.paced.latencyMs.p99)),
      verified: mine.every((r) => r.verification.ok && r.paced.non2xx === 0 && r.paced.errors === 0),
    };
  }
  return summary;
}

export async function runExperiments(options: ExperimentOptions): Promise<ExperimentSection> {
  const startedAt = new Date().toISOString();
  const loadStart = loadAverage();
  const settings = {
    connections: 16,
    seconds: options.quick ? 3 : 8,
    // Below every variant's saturation, the same for all: latency at equal load.
    pacedRate: { register: 150, collect: 50 } as Record<string, number>,
    reps: options.reps,
    customers: options.quick ? 40 : 200,
  };
  const runs: ExperimentRun[] = [];
  for (let rep = 0; rep < options.reps; rep++) {
    for (const workload of options.workloads) {
      for (const variant of rotation(options.variants, rep)) {
        const experiment = EXPERIMENTS[variant];
        if (!experiment) throw new Error(`unknown experiment ${variant} (${Object.keys(EXPERIMENTS).join(', ')})`);
        const tag = `x${rep}${variant.slice(0, 2)}${Date.now().toString(36)}`;
        const dataDir = join(options.workDir, `exp-${tag}`);
        rmSync(dataDir, { recursive: true, force: true });
        mkdirSync(dataDir, { recursive: true });
        const impl = experiment.impl ?? 'source';
        const server = await startServer({
          dataDir,
          impl,
          distRoot: impl === 'dist' ? options.distRoot : undefined,
          partnerKeys: benchPartnerIds(),
          patches: experiment.patches.length ? experiment.patches : undefined,
          projector: experiment.projector,
        });
        const inProcess = experiment.projector !== 'external';
        const settle = async (): Promise<void> => {
          if (inProcess) await waitCaughtUp(server);
        };
        const probe = new StoreProbe(join(dataDir, 'events.sqlite'));
        try {
          const prepared = await prepareWorkload(workload, server, { customers: settings.customers, statements: [], tag, seed: 500 + rep });
          await settle();
          await runLoad({ base: server.base, connections: 8, durationSeconds: options.quick ? 1 : 3, next: prepared.next }); // warm-up
          await settle();
          await sleep(150);
          const headBefore = probe.head();
          const cpuBefore = server.cpuSeconds();
          const load1 = loadAverage().load[0];
          const { result, ids } = await runLoad({ base: server.base, connections: settings.connections, durationSeconds: settings.seconds, next: prepared.next });
          const lag = inProcess ? await projectorLag(server) : 0;
          await settle();
          await sleep(150);
          await settle();
          const cpu = server.cpuSeconds() - cpuBefore;
          const appends = APPENDS[workload];
          const headAfter = probe.head();
          const verification = verify(workload, ids, probe.appended(headBefore, headAfter, appends?.type ?? null, appends?.idField ?? null), result.ok2xx, result.non2xx, result.errors + result.timeouts);
          const paced = await runPaced({ base: server.base, rate: settings.pacedRate[workload] ?? 100, durationSeconds: options.quick ? 2 : 5, maxConnections: 64, next: prepared.next });
          await settle();
          const run: ExperimentRun = {
            variant,
            workload,
            rep: rep + 1,
            closedLoop: result,
            paced: paced.result,
            serverCpuMsPerRequest: Math.round((cpu * 1e6) / Math.max(1, result.ok2xx)) / 1000,
            projectorLagAfter: lag,
            verification,
            load1,
          };
          runs.push(run);
          options.progress(
            `exp ${workload} rep ${rep + 1}/${options.reps} ${variant.padEnd(18)} ${Math.round(result.rps)} req/s, p99 ${result.latencyMs.p99.toFixed(1)} ms, ` +
              `${run.serverCpuMsPerRequest.toFixed(3)} CPU-ms/req, lag ${lag}; paced ${paced.result.targetRate}/s p99 ${paced.result.latencyMs.p99.toFixed(1)} ms; check ${verification.ok ? 'ok' : 'FAILED'}; load ${load1}`,
          );
        } finally {
          probe.close();
          await server.stop();
          rmSync(dataDir, { recursive: true, force: true });
        }
      }
    }
  }
  const summary = summarizeRuns(runs);
  const variants = Object.fromEntries(options.variants.map((v) => [v, EXPERIMENTS[v] as Experiment]));
  return { startedAt, finishedAt: new Date().toISOString(), loadStart, loadEnd: loadAverage(), settings, variants, runs, summary };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
