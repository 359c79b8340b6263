/**
 * `--profile`: V8 CPU profiles (node --cpu-prof) of the server under each B3 workload (closed loop
 * at 16 connections after a warm-up) and of the B4 in-process queries, summarised by self time
 * (bench/src/harness/cpu-profile.ts). Profiled runs are slower than measured ones; they only say
 * where the time goes.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { summarizeCpuProfile, type ProfileSummary } from '../harness/cpu-profile';
import { REPO_ROOT, runChild } from '../harness/child';
import { loadAverage, type LoadAverage } from '../harness/machine';
import type { B4WorkerArgs, B4WorkerResult } from '../b4/b4-worker';
import { QUERY_KINDS } from '../b4/b4-targets';
import type { B3Settings } from './b3-run';
import { waitCaughtUp } from './b3-run';
import type { B34Options } from './b34-main';
import { runLoad } from './load';
import { startServer } from './server-process';
import { benchPartnerIds, prepareWorkload, usesDemoProgram, type StatementTarget } from './workloads';

export interface ProfileEntry {
  readonly label: string;
  readonly file: string;
  readonly requests: number | null;
  /** Only the samples taken while the load ran (boot, seeding and shutdown left out), when known. */
  readonly window: 'load only' | 'whole process';
  /** The load window, process.hrtime nanoseconds (the profile's clock), when known. */
  readonly windowNs: readonly [string, string] | null;
  readonly summary: ProfileSummary;
  /** Wall time (V8 samples the thread, so blocking calls such as fsync count) by inclusive frame. */
  readonly inclusive: readonly { readonly frame: string; readonly percent: number }[];
}

export interface ProfileSection {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly loadStart: LoadAverage;
  readonly loadEnd: LoadAverage;
  readonly profiles: readonly ProfileEntry[];
}

export interface ProfileContext {
  readonly options: B34Options;
  readonly demoDir: string;
  readonly demoStatements: readonly StatementTarget[];
  readonly settings: B3Settings;
  readonly distRoot?: string;
  readonly progress: (message: string) => void;
}

const B4_WORKER = join(REPO_ROOT, 'bench', 'src', 'b4', 'b4-worker.ts');

export async function runProfiles(ctx: ProfileContext): Promise<ProfileSection> {
  const startedAt = new Date().toISOString();
  const loadStart = loadAverage();
  const root = join(ctx.options.dataDir, 'profiles');
  rmSync(root, { recursive: true, force: true });
  const profiles: ProfileEntry[] = [];
  for (const workload of ctx.options.workloads) {
    const dir = join(root, `b3-${workload}`);
    const dataDir = join(ctx.options.dataDir, `profile-${workload}`);
    rmSync(dataDir, { recursive: true, force: true });
    if (usesDemoProgram(workload)) cpSync(ctx.demoDir, dataDir, { recursive: true });
    else mkdirSync(dataDir, { recursive: true });
    mkdirSync(dir, { recursive: true });
    const server = await startServer(
      { dataDir, impl: ctx.options.impl, distRoot: ctx.distRoot, partnerKeys: benchPartnerIds() },
      ['--cpu-prof', '--cpu-prof-dir', dir],
    );
    let requests = 0;
    let window: [bigint, bigint] | undefined;
    try {
      const prepared = await prepareWorkload(workload, server, { customers: ctx.settings.customers, statements: ctx.demoStatements, tag: `prof${Date.now().toString(36)}`, seed: 99 });
      await waitCaughtUp(server);
      const from = process.hrtime.bigint();
      const { result } = await runLoad({ base: server.base, connections: 16, durationSeconds: ctx.settings.stepSeconds * 2, next: prepared.next });
      window = [from, process.hrtime.bigint()];
      requests = result.ok2xx;
      await waitCaughtUp(server);
      ctx.progress(`profile B3 ${workload}: ${Math.round(result.rps)} req/s under the profiler`);
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
    profiles.push(...collect(dir, `B3 ${workload} server (16 connections)`, requests, window));
  }
  {
    // The B4 queries when their data is prepared (b4-manifest.json), whatever sections ran.
    const dataDir = join(ctx.options.dataDir, `b4-${ctx.options.b4Events}-seed2026`);
    if (existsSync(join(dataDir, 'b4-manifest.json'))) {
      for (const kind of QUERY_KINDS) {
        const dir = join(root, `b4-${kind}`);
        mkdirSync(dir, { recursive: true });
        const args: B4WorkerArgs = { dataDir, samples: 3_000, warmup: 200, largestSamples: 1, seed: 77, order: [kind], impl: ctx.options.impl, distRoot: ctx.distRoot };
        const { result } = await runChild<B4WorkerResult>(B4_WORKER, args, { execArgv: ['--cpu-prof', '--cpu-prof-dir', dir] });
        const window: [bigint, bigint] = [BigInt(result.queryWindowNs[0]), BigInt(result.queryWindowNs[1])];
        profiles.push(...collect(dir, `B4 ${kind} in-process (${args.warmup + args.samples} queries, first pass)`, args.warmup + args.samples, window));
        ctx.progress(`profile B4 ${kind} written`);
      }
    }
  }
  return { startedAt, finishedAt: new Date().toISOString(), loadStart, loadEnd: loadAverage(), profiles };
}

export interface CpuProfile {
  readonly nodes: readonly { readonly id: number; readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }; readonly children?: readonly number[] }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

function collect(dir: string, label: string, requests: number | null, window?: [bigint, bigint]): ProfileEntry[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => {
      const profile = trim(JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile, window);
      return {
        label,
        file: relative(REPO_ROOT, join(dir, f)),
        requests,
        window: window ? ('load only' as const) : ('whole process' as const),
        windowNs: window ? ([window[0].toString(), window[1].toString()] as const) : null,
        summary: summarizeCpuProfile(profile, 30),
        inclusive: inclusiveTop(profile, 40),
      };
    });
}

/**
 * Keeps the samples taken inside [from, to] (process.hrtime of the bench process, ns). V8 profile
 * timestamps are microseconds of the same monotonic clock (CLOCK_MONOTONIC on Linux).
 */
export function trim(profile: CpuProfile, window?: [bigint, bigint]): CpuProfile {
  if (!window) return profile;
  const from = Number(window[0] / 1000n);
  const to = Number(window[1] / 1000n);
  const samples: number[] = [];
  const deltas: number[] = [];
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (t >= from && t <= to) {
      samples.push(id);
      deltas.push(delta);
    }
  });
  if (samples.length === 0) return profile; // clocks did not line up: keep everything
  return { ...profile, samples, timeDeltas: deltas, startTime: from, endTime: to };
}

/** Share of the samples in which each frame (function at file:line) is on the stack. */
function inclusiveTop(profile: CpuProfile, top: number): { frame: string; percent: number }[] {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const name = (id: number): string => {
    const { functionName, url, lineNumber } = (byId.get(id) as CpuProfile['nodes'][number]).callFrame;
    const file = url.startsWith('file://') ? relative(REPO_ROOT, url.slice(7)) : url;
    return `${functionName || '(anonymous)'} (${file ? `${file}:${lineNumber + 1}` : 'native'})`;
  };
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    all += delta;
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const frame = name(n);
      if (seen.has(frame)) continue;
      seen.add(frame);
      totals.set(frame, (totals.get(frame) ?? 0) + delta);
    }
  });
  return [...totals]
    .filter(([frame]) => !frame.startsWith('(root)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([frame, us]) => ({ frame, percent: Math.round((us / all) * 1000) / 10 }));
}
