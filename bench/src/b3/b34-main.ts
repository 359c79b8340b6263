/**
 * B3 + B4 of issue 8: `node bench/b34.js [options]`.
 *
 *   --quick               smoke run: 1 repetition, ramp 1/4/16/64 × 2 s, B4 on 50,000 events; results in
 *                         b34-latest-quick.json, the report is left alone
 *   --sections b3,b4      which sections to run (default both; `none` with --profile); the others are
 *                         kept from b34-latest.json
 *   --workloads a,b       B3 workloads (register, collect, statement, lookup; default all)
 *   --reps N              repetitions (default 3, quick 1)
 *   --impl source|dist    run the app from the TypeScript sources (SWC hook, default) or from a tsc
 *                         build (`--dist-root DIR`, default dist/)
 *   --build-dist          first build apps/libs/projections with tsc (+ tsc-alias) into
 *                         <data-dir>/dist and use it as the dist root (the shared dist/ is left alone)
 *   --b4-events N         size of the B4 event log (default 1,000,000; quick 50,000)
 *   --data-dir DIR        work directory (default bench/.data/b34 — a real disk, never tmpfs)
 *   --sections exp        (not in the default) before/after figures of the proposed fixes, as source
 *                         patches applied in memory to the measured server (b3-experiments.ts);
 *                         `--variants a,b` picks them (default all), workloads register,collect
 *   --profile             also CPU-profile (node --cpu-prof) the server under each B3 workload (16
 *                         connections) and the B4 queries (when their data is prepared), and
 *                         summarise the profiles (only the samples taken under load)
 *   --report-only         re-render docs/benchmarks-http-queries.md from b34-latest.json (with
 *                         --quick: print the report of b34-latest-quick.json instead)
 *
 * Results: bench/results/b34-<timestamp>.json and b34-latest.json (written after every section).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { REPO_ROOT } from '../harness/child';
import { loadAverage, machineFacts, type LoadAverage, type MachineFacts } from '../harness/machine';
import { runB4, type B4Section, type B4HttpSection } from '../b4/b4-run';
import { mergeB3, runB3, type B3Section, type B3Settings } from './b3-run';
import { renderB34Report } from './b34-report';
import { autocannonVersion } from './load';
import { runProfiles, type ProfileSection } from './b34-profile';
import { EXPERIMENTS, mergeExperiments, runExperiments, type ExperimentSection } from './b3-experiments';
import { WORKLOADS, type StatementTarget, type WorkloadName } from './workloads';

const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');
/** Full runs: b34-latest.json, rendered into the report. `--quick` (a smoke run) keeps its own file and leaves the report alone. */
const latestFile = (quick: boolean): string => join(RESULTS_DIR, quick ? 'b34-latest-quick.json' : 'b34-latest.json');
export const REPORT_FILE = join(REPO_ROOT, 'docs', 'benchmarks-http-queries.md');

export const B34_TARGETS = {
  b3CommandsPerSecond: 3_000,
  b3HalfSaturationP99Ms: 20,
  b4P99Ms: 5,
} as const;

export interface B34Options {
  readonly quick: boolean;
  readonly sections: ReadonlySet<string>;
  readonly workloads: readonly WorkloadName[];
  readonly reps: number;
  readonly impl: 'source' | 'dist';
  readonly distRoot: string;
  readonly b4Events: number;
  readonly dataDir: string;
  readonly profile: boolean;
  readonly reportOnly: boolean;
  readonly variants: readonly string[];
  readonly buildDist: boolean;
}

export interface DemoFacts {
  readonly command: string;
  readonly events: number;
  readonly issuedStatements: number;
  readonly closedQuarters: number;
  readonly seconds: number;
}

export interface Ran {
  readonly command?: string;
}

export interface B34Results {
  readonly schema: 1;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly mode: 'full' | 'quick';
  readonly command: string;
  readonly loadedFrom: string;
  readonly machine: MachineFacts;
  readonly versions: Readonly<Record<string, string>>;
  /** Each section carries the command line that produced it (sections are kept across runs). */
  readonly sections: {
    readonly b3?: B3Section & { readonly demo: DemoFacts } & Ran;
    readonly b4?: B4Section & Ran;
    readonly b4Http?: B4HttpSection & Ran;
    readonly profile?: ProfileSection & Ran;
    readonly experiments?: ExperimentSection & Ran;
  };
}

function parseOptions(argv: readonly string[]): B34Options {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const known = new Set(['--quick', '--sections', '--workloads', '--reps', '--impl', '--dist-root', '--b4-events', '--data-dir', '--profile', '--report-only', '--variants', '--build-dist']);
  for (const arg of argv) if (arg.startsWith('--') && !known.has(arg)) throw new Error(`unknown option ${arg} (see bench/src/b3/b34-main.ts)`);
  const quick = argv.includes('--quick');
  const reps = Number(value('--reps') ?? (quick ? 1 : 3));
  if (!Number.isInteger(reps) || reps < 1) throw new Error('--reps must be a positive integer');
  const impl = value('--impl') ?? 'source';
  if (impl !== 'source' && impl !== 'dist') throw new Error('--impl must be source or dist');
  const workloads = (value('--workloads') ?? WORKLOADS.join(',')).split(',').map((w) => w.trim()) as WorkloadName[];
  for (const w of workloads) if (!WORKLOADS.includes(w)) throw new Error(`unknown workload ${w} (${WORKLOADS.join(', ')})`);
  const b4Events = Number(value('--b4-events') ?? (quick ? 50_000 : 1_000_000));
  if (!Number.isInteger(b4Events) || b4Events < 1_000) throw new Error('--b4-events must be an integer ≥ 1,000');
  return {
    quick,
    sections: new Set((value('--sections') ?? 'b3,b4').split(',').map((s) => s.trim())),
    workloads,
    reps,
    impl,
    distRoot: resolve(argv.includes('--build-dist') ? join(value('--data-dir') ?? join(REPO_ROOT, 'bench', '.data', 'b34'), 'dist') : (value('--dist-root') ?? join(REPO_ROOT, 'dist'))),
    buildDist: argv.includes('--build-dist'),
    b4Events,
    dataDir: resolve(value('--data-dir') ?? join(REPO_ROOT, 'bench', '.data', 'b34')),
    profile: argv.includes('--profile'),
    reportOnly: argv.includes('--report-only'),
    variants: (value('--variants') ?? Object.keys(EXPERIMENTS).join(',')).split(',').map((v) => v.trim()),
  };
}

export function progress(message: string): void {
  process.stderr.write(`[b34 ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

export function b3Settings(options: B34Options): B3Settings {
  return {
    reps: options.reps,
    rampConnections: options.quick ? [1, 4, 16, 64] : [1, 2, 4, 8, 16, 32, 64],
    stepSeconds: options.quick ? 2 : 3,
    warmupSeconds: options.quick ? 1 : 3,
    warmupConnections: 8,
    halfSeconds: options.quick ? 3 : 10,
    pacedMaxConnections: 64,
    kneeShare: 0.95,
    customers: options.quick ? 40 : 200,
    impl: options.impl,
    seed: 34,
  };
}

/** The demo program (`ledger demo --scale small --seed 1`) in a data dir, and its issued statements. */
export function prepareDemo(dataDir: string): { dir: string; statements: StatementTarget[]; facts: DemoFacts } {
  const dir = join(dataDir, 'demo-small-seed1');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const args = ['bin/ledger.js', 'demo', '--scale', 'small', '--seed', '1', '--json'];
  const started = performance.now();
  execFileSync(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, DATA_DIR: dir }, stdio: ['ignore', 'ignore', 'inherit'] });
  const seconds = (performance.now() - started) / 1000;
  const db = new Database(join(dir, 'events.sqlite'), { readonly: true });
  const statements = db
    .prepare(`SELECT json_extract(data, '$.partnerId') AS partnerId, json_extract(data, '$.quarter') AS quarter FROM events WHERE type = 'StatementIssued' ORDER BY position`)
    .all() as StatementTarget[];
  const events = Number(db.prepare('SELECT COUNT(*) FROM events').pluck().get());
  const closedQuarters = Number(db.prepare(`SELECT COUNT(*) FROM events WHERE type = 'QuarterClosed'`).pluck().get());
  db.close();
  return { dir, statements, facts: { command: `DATA_DIR=… node ${args.join(' ')}`, events, issuedStatements: statements.length, closedQuarters, seconds } };
}

/** One line per target, for the end of a quick run. */
function targetLines(results: B34Results): string[] {
  const lines: string[] = [];
  const { b3, b4 } = results.sections;
  for (const [w, s] of Object.entries(b3?.summary ?? {})) {
    if (!s) continue;
    lines.push(`B3 ${w}: saturation ${Math.round(s.saturationRps.median)} req/s; half-rate p99 ${s.halfPacedP99.median.toFixed(1)} ms paced, ${s.halfAutocannonP99.median.toFixed(1)} ms autocannon; checked ${s.verified ? 'ok' : 'FAILED'}`);
  }
  for (const [k, s] of Object.entries(b4?.summary ?? {})) lines.push(`B4 ${k}: p50 ${s.p50.median.toFixed(3)} ms, p99 ${s.p99.median.toFixed(3)} ms`);
  return lines;
}

/**
 * tsc (tsconfig.build.json, as `npm run build`) into `dir`, then tsc-alias to turn the @ledger/*
 * aliases into relative paths. tsc may report type errors in files other engineers are editing;
 * it still emits, and the build is used if the API entry points exist.
 */
function buildDist(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  progress(`building apps/libs/projections with tsc into ${relative(REPO_ROOT, dir)}`);
  const started = performance.now();
  const run = (args: string[]): number => {
    try {
      execFileSync('npx', args, { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
      return 0;
    } catch (error) {
      return (error as { status?: number }).status ?? 1;
    }
  };
  const tsc = run(['tsc', '-p', 'tsconfig.build.json', '--outDir', dir, '--tsBuildInfoFile', join(dir, 'build.tsbuildinfo')]);
  const alias = run(['tsc-alias', '-p', 'tsconfig.build.json', '--outDir', dir]);
  if (alias !== 0 || !existsSync(join(dir, 'apps', 'api', 'src', 'app.module.js'))) throw new Error(`build failed (tsc exit ${tsc}, tsc-alias exit ${alias})`);
  progress(`build done in ${((performance.now() - started) / 1000).toFixed(0)} s (tsc exit ${tsc}${tsc ? ': type errors elsewhere, output emitted' : ''})`);
}

function readLatest(quick: boolean): B34Results | null {
  const file = latestFile(quick);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as B34Results) : null;
}

function versions(): Record<string, string> {
  const of = (dir: string): string => {
    const file = join(dir, 'package.json');
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : 'not installed';
  };
  const nm = join(REPO_ROOT, 'node_modules');
  return {
    autocannon: autocannonVersion(),
    '@nestjs/core': of(join(nm, '@nestjs', 'core')),
    '@nestjs/platform-fastify': of(join(nm, '@nestjs', 'platform-fastify')),
    fastify: of(join(nm, 'fastify')),
    '@nestjs/cqrs': of(join(nm, '@nestjs', 'cqrs')),
    'class-validator': of(join(nm, 'class-validator')),
    'better-sqlite3': of(join(nm, 'better-sqlite3')),
    '@swc/core': of(join(nm, '@swc', 'core')),
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.reportOnly) {
    const latest = readLatest(options.quick);
    if (!latest) throw new Error(`no ${relative(REPO_ROOT, latestFile(options.quick))} yet: run node bench/b34.js${options.quick ? ' --quick' : ''} first`);
    if (options.quick) process.stdout.write(renderB34Report(latest, B34_TARGETS));
    else {
      writeFileSync(REPORT_FILE, renderB34Report(latest, B34_TARGETS));
      progress(`report written to ${relative(REPO_ROOT, REPORT_FILE)}`);
    }
    return;
  }
  mkdirSync(options.dataDir, { recursive: true });
  mkdirSync(RESULTS_DIR, { recursive: true });
  const startedAt = new Date().toISOString();
  const machine = machineFacts(options.dataDir);
  const load: LoadAverage = loadAverage();
  progress(`${machine.cpuModel}, ${machine.cores} cores, node ${machine.node}, data dir on ${machine.dataDirFilesystem}; load ${load.load.join(' ')}`);
  const previous = readLatest(options.quick);
  const mode = options.quick ? 'quick' : 'full';
  const sections: { -readonly [K in keyof B34Results['sections']]: B34Results['sections'][K] } = {};
  const stamp = startedAt.replace(/[:.]/g, '-');
  const command = `node bench/b34.js ${process.argv.slice(2).join(' ')}`.trim();
  const loadedFrom =
    options.impl === 'dist'
      ? `compiled: a tsc build in ${relative(REPO_ROOT, options.distRoot) || options.distRoot} (the bench harness itself through scripts/ts-register.js)`
      : 'source: scripts/ts-register.js (SWC require hook), not dist/';
  const persist = (final: boolean): void => {
    const results: B34Results = {
      schema: 1,
      startedAt,
      finishedAt: new Date().toISOString(),
      mode,
      command,
      loadedFrom,
      machine,
      versions: versions(),
      sections: { ...(previous?.mode === mode ? previous.sections : {}), ...sections },
    };
    writeFileSync(join(RESULTS_DIR, `b34-${stamp}.json`), `${JSON.stringify({ ...results, sections }, null, 2)}\n`);
    writeFileSync(latestFile(options.quick), `${JSON.stringify(results, null, 2)}\n`);
    if (!options.quick) writeFileSync(REPORT_FILE, renderB34Report(results, B34_TARGETS));
    if (final) {
      progress(
        `results: bench/results/b34-${stamp}.json (and ${relative(RESULTS_DIR, latestFile(options.quick))})` +
          (options.quick ? '; quick run: the report is left alone (node bench/b34.js --quick --report-only prints it)' : `; report ${relative(REPO_ROOT, REPORT_FILE)}`),
      );
      if (options.quick) for (const line of targetLines(results)) progress(line);
    }
  };

  if (options.buildDist) buildDist(options.distRoot);
  const distRoot = options.impl === 'dist' ? options.distRoot : undefined;
  if (options.impl === 'dist' && !existsSync(join(options.distRoot, 'apps', 'api', 'src', 'app.module.js'))) {
    throw new Error(`--impl dist: no build in ${options.distRoot} (npm run build, or tsc -p tsconfig.build.json --outDir DIR && tsc-alias -p tsconfig.build.json --outDir DIR)`);
  }
  let demo: ReturnType<typeof prepareDemo> | undefined;
  if (options.sections.has('b3') || options.profile) {
    progress('B3: building the demo program (ledger demo --scale small --seed 1) for the statement workload');
    demo = prepareDemo(options.dataDir);
    progress(`B3: demo ready: ${demo.facts.events} events, ${demo.facts.issuedStatements} issued statements, ${demo.facts.closedQuarters} closed quarters (${demo.facts.seconds.toFixed(1)} s)`);
  }
  if (options.sections.has('b3') && demo) {
    const b3 = await runB3(
      b3Settings(options),
      { workDir: options.dataDir, demoDir: demo.dir, demoStatements: demo.statements, distRoot, progress },
      options.workloads,
    );
    // Re-running some workloads keeps the others' runs from b34-latest.json (same mode).
    const before = previous?.mode === mode ? previous.sections.b3 : undefined;
    sections.b3 = { ...mergeB3(before, b3), demo: demo.facts, command };
    persist(false);
  }
  if (options.sections.has('b4')) {
    const { b4, b4Http } = await runB4({ quick: options.quick, reps: options.reps, events: options.b4Events, dataDir: options.dataDir, impl: options.impl, distRoot, progress });
    sections.b4 = { ...b4, command };
    sections.b4Http = { ...b4Http, command };
    persist(false);
  }
  if (options.sections.has('exp')) {
    const workloads = options.workloads.filter((w) => w === 'register' || w === 'collect');
    if (options.variants.includes('tsc-build') && !existsSync(join(options.distRoot, 'apps', 'api', 'src', 'app.module.js'))) {
      throw new Error(`the tsc-build variant needs a build in ${options.distRoot}: add --build-dist`);
    }
    const fresh = await runExperiments({ workDir: options.dataDir, reps: options.reps, quick: options.quick, workloads, variants: options.variants, distRoot: options.distRoot, progress });
    sections.experiments = { ...mergeExperiments(previous?.mode === mode ? previous.sections.experiments : undefined, fresh), command };
    persist(false);
  }
  if (options.profile && demo) {
    sections.profile = { ...(await runProfiles({ options, demoDir: demo.dir, demoStatements: demo.statements, settings: b3Settings(options), distRoot, progress })), command };
  }
  if (demo) rmSync(demo.dir, { recursive: true, force: true });
  persist(true);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
