/**
 * B3 (issue 8): HTTP under load. For each workload and repetition: a fresh server process on a
 * fresh DATA_DIR, seeding through the API, a warm-up, then a closed-loop ramp of autocannon
 * connections (1 → 64) to find saturation, then half of the saturated rate twice — with
 * autocannon's `overallRate` and with an evenly paced open-loop client (see paced.ts). After every
 * step the projector is allowed to catch up (its lag right after the step is recorded) and every
 * acknowledged command is checked against the log.
 */
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadAverage, type LoadAverage } from '../harness/machine';
import { rotation, summarize, type Summary } from '../harness/stats';
import { runLoad, type LoadIds, type LoadResult, type BuiltRequest } from './load';
import { runPaced, type PacedResult } from './paced';
import { startServer, type ServerHandle } from './server-process';
import { StoreProbe, type Appended } from './store-probe';
import { APPENDS, benchPartnerIds, prepareWorkload, usesDemoProgram, WORKLOADS, type StatementTarget, type WorkloadName } from './workloads';

export interface B3Settings {
  readonly reps: number;
  readonly rampConnections: readonly number[];
  readonly stepSeconds: number;
  readonly warmupSeconds: number;
  readonly warmupConnections: number;
  readonly halfSeconds: number;
  /** Connections of the paced client at half rate (an upper bound; it opens what it needs). */
  readonly pacedMaxConnections: number;
  /** Saturation: the smallest connection count reaching this share of the best req/s is the knee. */
  readonly kneeShare: number;
  readonly customers: number;
  readonly impl: 'source' | 'dist';
  readonly seed: number;
}

export interface Verification {
  readonly ok2xx: number;
  /** Events of the workload's type appended during the step. */
  readonly appended: number;
  /** 2xx responses whose command is not in the log: must be 0. */
  readonly missing: number;
  /** Commands appended twice: must be 0. */
  readonly duplicates: number;
  /** Appended but never answered: sent while autocannon stopped (≤ connections), allowed. */
  readonly inFlightAtStop: number;
  /** Appended although answered non-2xx, or never sent: must be 0. */
  readonly unexplained: number;
  /** Events of other types appended: must be none. */
  readonly otherEvents: Readonly<Record<string, number>>;
  readonly non2xx: number;
  readonly errors: number;
  readonly ok: boolean;
}

interface StepCommon {
  readonly phase: 'warmup' | 'ramp' | 'half-autocannon' | 'half-paced';
  /** Server CPU seconds per 1,000 2xx responses, including the projector's catch-up after the step. */
  readonly serverCpuMsPerRequest: number;
  readonly serverCpuSeconds: number;
  /** Most events any projection was behind right after the step, and how long it took to catch up. */
  readonly projectorLagAfter: number;
  readonly projectorCatchUpMs: number;
  readonly load1: number;
  readonly verification: Verification;
}

export type LoadStep = StepCommon & { readonly kind: 'autocannon'; readonly result: LoadResult };
export type PacedStep = StepCommon & { readonly kind: 'paced'; readonly result: PacedResult };

export interface WorkloadRep {
  readonly workload: WorkloadName;
  readonly rep: number;
  readonly startedAt: string;
  readonly loadStart: LoadAverage;
  readonly loadEnd: LoadAverage;
  readonly bootMs: number;
  readonly seed: Readonly<Record<string, number | string>>;
  readonly warmup: LoadStep;
  readonly ramp: readonly LoadStep[];
  readonly saturation: { readonly rps: number; readonly connections: number; readonly kneeConnections: number };
  readonly halfAutocannon: LoadStep;
  readonly halfPaced: PacedStep;
  readonly serverRssMbEnd: number | null;
  readonly verified: boolean;
}

export interface WorkloadSummary {
  readonly saturationRps: Summary;
  readonly saturationConnections: readonly number[];
  readonly kneeConnections: readonly number[];
  /** Latency (ms) at the knee step of each rep (the fewest connections reaching saturation). */
  readonly kneeP50: Summary;
  readonly kneeP99: Summary;
  readonly kneeP999: Summary;
  readonly halfRate: Summary;
  readonly halfAutocannonRps: Summary;
  readonly halfAutocannonP50: Summary;
  readonly halfAutocannonP99: Summary;
  readonly halfPacedRps: Summary;
  readonly halfPacedP50: Summary;
  readonly halfPacedP99: Summary;
  readonly halfPacedP999: Summary;
  readonly serverCpuMsPerRequest: Summary;
  readonly verified: boolean;
}

export interface B3Section {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly loadStart: LoadAverage;
  readonly loadEnd: LoadAverage;
  readonly settings: B3Settings;
  readonly runs: readonly WorkloadRep[];
  readonly summary: Partial<Record<WorkloadName, WorkloadSummary>>;
}

export interface B3Context {
  /** Where the per-run data dirs go (a real disk). */
  readonly workDir: string;
  /** A data dir holding the demo program (`ledger demo --scale small --seed 1`), copied per run. */
  readonly demoDir: string;
  readonly demoStatements: readonly StatementTarget[];
  readonly distRoot?: string;
  readonly progress: (message: string) => void;
}

/**
 * A B3 section re-run for some workloads only, merged into the previous one: the runs of the
 * re-run workloads are replaced, the others kept (each run keeps its own dates and load averages).
 */
export function mergeB3(previous: B3Section | undefined, next: B3Section): B3Section {
  if (!previous) return next;
  const rerun = new Set(next.runs.map((r) => r.workload));
  const kept = previous.runs.filter((r) => !rerun.has(r.workload));
  if (kept.length === 0) return next;
  const runs = [...kept, ...next.runs];
  const summary: Partial<Record<WorkloadName, WorkloadSummary>> = {};
  for (const workload of WORKLOADS) {
    const mine = runs.filter((r) => r.workload === workload);
    if (mine.length > 0) summary[workload] = summarizeWorkload(mine);
  }
  const first = previous.startedAt < next.startedAt ? previous : next;
  return { ...next, startedAt: first.startedAt, loadStart: first.loadStart, runs, summary };
}

export async function runB3(settings: B3Settings, ctx: B3Context, workloads: readonly WorkloadName[] = WORKLOADS): Promise<B3Section> {
  const startedAt = new Date().toISOString();
  const loadStart = loadAverage();
  const runs: WorkloadRep[] = [];
  for (let rep = 0; rep < settings.reps; rep++) {
    for (const workload of rotation(workloads, rep)) {
      runs.push(await runWorkloadRep(workload, rep, settings, ctx));
    }
  }
  const summary: Partial<Record<WorkloadName, WorkloadSummary>> = {};
  for (const workload of workloads) {
    const mine = runs.filter((r) => r.workload === workload);
    if (mine.length > 0) summary[workload] = summarizeWorkload(mine);
  }
  return { startedAt, finishedAt: new Date().toISOString(), loadStart, loadEnd: loadAverage(), settings, runs, summary };
}

async function runWorkloadRep(workload: WorkloadName, rep: number, settings: B3Settings, ctx: B3Context): Promise<WorkloadRep> {
  const startedAt = new Date().toISOString();
  const loadStart = loadAverage();
  const tag = `r${rep + 1}${workload.slice(0, 1)}${Date.now().toString(36)}`;
  const dataDir = join(ctx.workDir, `b3-${workload}-${tag}`);
  rmSync(dataDir, { recursive: true, force: true });
  if (usesDemoProgram(workload)) cpSync(ctx.demoDir, dataDir, { recursive: true });
  else mkdirSync(dataDir, { recursive: true });
  const server = await startServer({ dataDir, impl: settings.impl, distRoot: ctx.distRoot, partnerKeys: benchPartnerIds() });
  const probe = new StoreProbe(join(dataDir, 'events.sqlite'));
  try {
    const prepared = await prepareWorkload(workload, server, {
      customers: settings.customers,
      statements: ctx.demoStatements,
      tag,
      seed: settings.seed + rep,
    });
    await waitCaughtUp(server);
    const label = `B3 ${workload} rep ${rep + 1}/${settings.reps}`;
    ctx.progress(`${label}: server up in ${server.ready.bootMs} ms, seeded ${JSON.stringify(prepared.seed)}; load ${loadStart.load.join(' ')}`);

    const closedLoop = async (phase: LoadStep['phase'], connections: number, seconds: number, overallRate?: number): Promise<LoadStep> =>
      (await measure(server, probe, workload, phase, async () => {
        const { result, ids } = await runLoad({ base: server.base, connections, durationSeconds: seconds, overallRate, next: prepared.next });
        return { kind: 'autocannon' as const, result, ids, connections };
      })) as LoadStep;

    const warmup = await closedLoop('warmup', settings.warmupConnections, settings.warmupSeconds);
    const ramp: LoadStep[] = [];
    for (const connections of settings.rampConnections) {
      const step = await closedLoop('ramp', connections, settings.stepSeconds);
      ramp.push(step);
      ctx.progress(`${label} ${String(connections).padStart(2)} conn: ${describe(step)}`);
    }
    const best = ramp.reduce((a, b) => (b.result.rps > a.result.rps ? b : a));
    const knee = ramp.find((s) => s.result.rps >= settings.kneeShare * best.result.rps) ?? best;
    const saturation = { rps: best.result.rps, connections: best.result.connections, kneeConnections: knee.result.connections };
    const halfRate = Math.max(1, Math.floor(saturation.rps / 2));

    const halfAutocannon = await closedLoop('half-autocannon', knee.result.connections, settings.halfSeconds, halfRate);
    ctx.progress(`${label} half ${halfRate}/s autocannon overallRate, ${knee.result.connections} conn: ${describe(halfAutocannon)}`);
    const halfPaced = (await measure(server, probe, workload, 'half-paced', async () => {
      const { result, ids } = await runPaced({
        base: server.base,
        rate: halfRate,
        durationSeconds: settings.halfSeconds,
        maxConnections: settings.pacedMaxConnections,
        next: prepared.next,
      });
      return { kind: 'paced' as const, result, ids, connections: settings.pacedMaxConnections };
    })) as PacedStep;
    ctx.progress(`${label} half ${halfRate}/s paced open loop: ${describe(halfPaced)}`);

    const steps = [warmup, ...ramp, halfAutocannon, halfPaced];
    return {
      workload,
      rep: rep + 1,
      startedAt,
      loadStart,
      loadEnd: loadAverage(),
      bootMs: server.ready.bootMs,
      seed: prepared.seed,
      warmup,
      ramp,
      saturation,
      halfAutocannon,
      halfPaced,
      serverRssMbEnd: server.rssMb(),
      verified: steps.every((s) => s.verification.ok),
    };
  } finally {
    probe.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

type Measured =
  | { kind: 'autocannon'; result: LoadResult; ids: LoadIds; connections: number }
  | { kind: 'paced'; result: PacedResult; ids: LoadIds; connections: number };

async function measure(
  server: ServerHandle,
  probe: StoreProbe,
  workload: WorkloadName,
  phase: StepCommon['phase'],
  run: () => Promise<Measured>,
): Promise<LoadStep | PacedStep> {
  const headBefore = probe.head();
  const cpuBefore = server.cpuSeconds();
  const load1 = loadAverage().load[0];
  const measured = await run();
  const lagAfter = await projectorLag(server);
  const catchUpStarted = performance.now();
  await waitCaughtUp(server);
  const projectorCatchUpMs = Math.round(performance.now() - catchUpStarted);
  await sleep(150); // requests abandoned by autocannon's stop may still be committing
  await waitCaughtUp(server);
  const serverCpuSeconds = server.cpuSeconds() - cpuBefore;
  const headAfter = probe.head();
  const appends = APPENDS[workload];
  const appended = probe.appended(headBefore, headAfter, appends?.type ?? null, appends?.idField ?? null);
  const r = measured.result;
  const verification = verify(workload, measured.ids, appended, r.ok2xx, r.non2xx, r.errors + ('timeouts' in r ? r.timeouts : 0));
  const common = {
    phase,
    serverCpuSeconds: Math.round(serverCpuSeconds * 100) / 100,
    serverCpuMsPerRequest: r.ok2xx > 0 ? Math.round((serverCpuSeconds * 1e6) / r.ok2xx) / 1000 : 0,
    projectorLagAfter: lagAfter,
    projectorCatchUpMs,
    load1,
    verification,
  };
  return measured.kind === 'autocannon' ? { ...common, kind: 'autocannon', result: measured.result } : { ...common, kind: 'paced', result: measured.result };
}

export function verify(workload: WorkloadName, ids: LoadIds, appended: Appended, ok2xx: number, non2xx: number, errors: number): Verification {
  const appends = APPENDS[workload];
  const otherEvents = Object.fromEntries(Object.entries(appended.byType).filter(([type]) => type !== appends?.type));
  if (!appends) {
    return { ok2xx, appended: 0, missing: 0, duplicates: 0, inFlightAtStop: 0, unexplained: 0, otherEvents, non2xx, errors, ok: Object.keys(otherEvents).length === 0 && non2xx === 0 && errors === 0 };
  }
  const inLog = new Map<string, number>();
  for (const id of appended.ids) inLog.set(id, (inLog.get(id) ?? 0) + 1);
  const okSet = new Set(ids.ok);
  const unanswered = new Set(ids.unanswered);
  let duplicates = 0;
  let inFlightAtStop = 0;
  let unexplained = 0;
  for (const [id, count] of inLog) {
    if (count > 1) duplicates += count - 1;
    if (okSet.has(id)) continue;
    if (unanswered.has(id)) inFlightAtStop++;
    else unexplained++;
  }
  const missing = ids.ok.filter((id) => !inLog.has(id)).length;
  const ok =
    missing === 0 && duplicates === 0 && unexplained === 0 && ids.ok.length === ok2xx && Object.keys(otherEvents).length === 0 && non2xx === 0 && errors === 0;
  return { ok2xx, appended: appended.ids.length, missing, duplicates, inFlightAtStop, unexplained, otherEvents, non2xx, errors, ok };
}

function describe(step: LoadStep | PacedStep): string {
  const r = step.result;
  const l = r.latencyMs;
  const v = step.verification;
  const check = v.ok ? `ok (${v.ok2xx} 2xx${v.appended ? `, ${v.appended} appended, ${v.inFlightAtStop} in flight at stop` : ''})` : `FAILED ${JSON.stringify(v)}`;
  return (
    `${Math.round(r.rps)} req/s, p50 ${l.p50.toFixed(2)} p99 ${l.p99.toFixed(2)} p99.9 ${l.p999.toFixed(2)} ms, ` +
    `server ${step.serverCpuMsPerRequest.toFixed(3)} CPU-ms/req, lag ${step.projectorLagAfter} (caught up in ${step.projectorCatchUpMs} ms), check ${check}; load ${step.load1}`
  );
}

interface HealthBody {
  details?: { projections?: { projections?: { lag: number | null; position: string | null; headPosition: string | null }[] } };
}

/** Largest lag of the in-process projections (events behind the head), from GET /health. */
export async function projectorLag(server: ServerHandle): Promise<number> {
  const res = await fetch(`${server.base}/health`);
  const body = (await res.json()) as HealthBody;
  const list = body.details?.projections?.projections;
  if (!list) throw new Error(`GET /health answered ${res.status} without projections: ${JSON.stringify(body).slice(0, 300)}`);
  return list.reduce((max, p) => Math.max(max, p.lag ?? 0), 0);
}

export async function waitCaughtUp(server: ServerHandle, timeoutMs = 600_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while ((await projectorLag(server)) > 0) {
    if (performance.now() > deadline) throw new Error('the projector did not catch up in time');
    await sleep(20);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function summarizeWorkload(runs: readonly WorkloadRep[]): WorkloadSummary {
  const s = (f: (r: WorkloadRep) => number): Summary => summarize(runs.map(f));
  const kneeStep = (r: WorkloadRep): LoadStep => r.ramp.find((x) => x.result.connections === r.saturation.kneeConnections) as LoadStep;
  const steps = (r: WorkloadRep): (LoadStep | PacedStep)[] => [r.warmup, ...r.ramp, r.halfAutocannon, r.halfPaced];
  return {
    saturationRps: s((r) => r.saturation.rps),
    saturationConnections: runs.map((r) => r.saturation.connections),
    kneeConnections: runs.map((r) => r.saturation.kneeConnections),
    kneeP50: s((r) => kneeStep(r).result.latencyMs.p50),
    kneeP99: s((r) => kneeStep(r).result.latencyMs.p99),
    kneeP999: s((r) => kneeStep(r).result.latencyMs.p999),
    halfRate: s((r) => r.halfPaced.result.targetRate),
    halfAutocannonRps: s((r) => r.halfAutocannon.result.rps),
    halfAutocannonP50: s((r) => r.halfAutocannon.result.latencyMs.p50),
    halfAutocannonP99: s((r) => r.halfAutocannon.result.latencyMs.p99),
    halfPacedRps: s((r) => r.halfPaced.result.rps),
    halfPacedP50: s((r) => r.halfPaced.result.latencyMs.p50),
    halfPacedP99: s((r) => r.halfPaced.result.latencyMs.p99),
    halfPacedP999: s((r) => r.halfPaced.result.latencyMs.p999),
    serverCpuMsPerRequest: s((r) => kneeStep(r).serverCpuMsPerRequest),
    verified: runs.every((r) => r.verified && steps(r).every((x) => x.verification.ok)),
  };
}

export type { BuiltRequest };
