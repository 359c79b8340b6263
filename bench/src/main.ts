/**
 * The benchmark suite of issue 8 (ADR 0007): `npm run bench [-- options]`.
 *
 *   --quick              small sizes (B1 20,000 events; B2 50k/100k)
 *   --sections b1,b2,durability  which sections to run (default: all); others are kept from
 *                        latest.json. `durability` counts fsync calls per transaction under strace.
 *   --reps N             repetitions per contender (default 3)
 *   --data-dir DIR       where the SQLite files go (default bench/.data — a real disk, never tmpfs)
 *   --profile            also take CPU profiles (node --cpu-prof) of ours and summarise them
 *   --report-only        regenerate docs/benchmarks.md from bench/results/latest.json
 *
 * Each comparison runs side by side in one invocation: the contenders alternate (rotated order
 * per repetition), each measurement in a fresh process, and the report gives median and min–max.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { B1Args, B1Contender, B1Result } from './b1/b1-worker';
import type { B2GenerateArgs, B2GenerateResult } from './b2/b2-generate';
import type { B2Args, B2Result } from './b2/b2-worker';
import { downsample, REPO_ROOT, runChild } from './harness/child';
import { summarizeProfile, type ProfileSummary } from './harness/cpu-profile';
import { probe, strAvailable, type ProbeResult } from './harness/durability-probe';
import { loadAverage, machineFacts, type LoadAverage, type MachineFacts } from './harness/machine';
import { parseB2Variant, renderReport } from './harness/report';
import { ratio, rotation, summarize, type Summary } from './harness/stats';

const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');
const REPORT_FILE = join(REPO_ROOT, 'docs', 'benchmarks.md');
const B1_WORKER = join(REPO_ROOT, 'bench', 'src', 'b1', 'b1-worker.ts');
const B2_GENERATE = join(REPO_ROOT, 'bench', 'src', 'b2', 'b2-generate.ts');
const B2_WORKER = join(REPO_ROOT, 'bench', 'src', 'b2', 'b2-worker.ts');

export const TARGETS = {
  b1SequentialOverEmmett: 10,
  b1SequentialOverFloor: 0.7,
  b1ConcurrentOverFloor: 0.5,
  b2EventsPerSecond: 200_000,
  b2OverFloor: 0.6,
  b2PeakRssMb: 256,
  /** "Flat": peak RSS at the largest size at most this many times the peak at the smallest. */
  b2RssGrowth: 1.25,
} as const;

interface Options {
  readonly quick: boolean;
  readonly sections: ReadonlySet<string>;
  readonly reps: number;
  readonly dataDir: string;
  readonly profile: boolean;
  readonly reportOnly: boolean;
}

export interface Section {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly loadStart: LoadAverage;
  readonly loadEnd: LoadAverage;
}

export interface ContenderRuns<R> {
  readonly eventsPerSecond: Summary;
  readonly runs: readonly R[];
}

export interface B1SequentialSection extends Section {
  readonly settings: { readonly events: number; readonly streams: number; readonly seed: number; readonly reps: number };
  readonly contenders: Readonly<Record<'ours' | 'emmett' | 'floor', ContenderRuns<B1Result>>>;
  readonly ratios: { readonly oursOverEmmett: number; readonly oursOverFloor: number };
}

export interface B1ConcurrentSection extends Section {
  readonly settings: { readonly events: number; readonly streams: number; readonly seed: number; readonly reps: number; readonly writers: number };
  readonly contenders: Readonly<Record<'ours-64' | 'floor-64', ContenderRuns<B1Result>>>;
  readonly ratios: { readonly oursOverFloor: number };
}

export interface B2Run extends B2Result {
  readonly peakSampledRssMb: number;
  readonly rssSeries: readonly { t: number; rssMb: number }[];
}

export interface B2Size {
  readonly events: number;
  readonly storeBytes: number;
  readonly rebuild: Readonly<Record<string, ContenderRuns<B2Run> & { readonly peakRssMb: Summary }>>;
  readonly floor: ContenderRuns<B2Run> & { readonly peakRssMb: Summary };
}

export interface B2Section extends Section {
  readonly settings: { readonly sizes: readonly number[]; readonly batchSizes: readonly number[]; readonly seed: number; readonly reps: number };
  readonly generation: B2GenerateResult;
  readonly projections: readonly string[];
  readonly sizes: readonly B2Size[];
}

export interface DurabilitySection extends Section {
  readonly events: number;
  readonly probes: readonly ProbeResult[];
}

export interface ProfileSection extends Section {
  readonly profiles: readonly { readonly label: string; readonly file: string; readonly summary: ProfileSummary }[];
}

export interface BenchResults {
  readonly schema: 1;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly mode: 'full' | 'quick';
  readonly command: string;
  readonly loadedFrom: string;
  readonly machine: MachineFacts;
  readonly sections: {
    readonly b1Sequential?: B1SequentialSection;
    readonly b1Concurrent?: B1ConcurrentSection;
    readonly b2?: B2Section;
    readonly durability?: DurabilitySection;
    readonly profile?: ProfileSection;
  };
}

function parseOptions(argv: readonly string[]): Options {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const known = new Set(['--quick', '--sections', '--reps', '--data-dir', '--profile', '--report-only']);
  for (const arg of argv) {
    if (arg.startsWith('--') && !known.has(arg)) throw new Error(`unknown option ${arg} (see bench/src/main.ts)`);
  }
  const reps = Number(value('--reps') ?? 3);
  if (!Number.isInteger(reps) || reps < 1) throw new Error(`--reps must be a positive integer`);
  return {
    quick: argv.includes('--quick'),
    sections: new Set((value('--sections') ?? 'b1,durability,b2').split(',').map((s) => s.trim())),
    reps,
    dataDir: value('--data-dir') ?? join(REPO_ROOT, 'bench', '.data'),
    profile: argv.includes('--profile'),
    reportOnly: argv.includes('--report-only'),
  };
}

function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function b1Section(
  label: string,
  contenders: readonly B1Contender[],
  options: Options,
  settings: { events: number; streams: number; seed: number; writers: number },
): Promise<{ start: LoadAverage; end: LoadAverage; startedAt: string; runs: Map<B1Contender, B1Result[]> }> {
  const startedAt = new Date().toISOString();
  const start = loadAverage();
  progress(`${label}: ${fmt(settings.events)} events, ${fmt(settings.streams)} streams, ${options.reps} reps; load ${start.load.join(' ')}`);
  const runs = new Map<B1Contender, B1Result[]>(contenders.map((c) => [c, []]));
  for (let rep = 0; rep < options.reps; rep++) {
    for (const contender of rotation(contenders, rep)) {
      const file = join(options.dataDir, `b1-${contender}.sqlite`);
      removeDb(file);
      const args: B1Args = { contender, file, ...settings };
      const { result } = await runChild<B1Result>(B1_WORKER, args);
      removeDb(file);
      runs.get(contender)?.push(result);
      progress(
        `${label} rep ${rep + 1}/${options.reps} ${contender.padEnd(8)} ${fmt(result.eventsPerSecond).padStart(8)} events/s ` +
          `(${result.seconds.toFixed(1)} s, ${fmt(result.transactions)} tx, journal ${result.pragmas.journalMode}, synchronous ${result.pragmas.synchronous}) load ${loadAverage().load[0]}`,
      );
    }
  }
  return { start, end: loadAverage(), startedAt, runs };
}

function contenderRuns<R extends { eventsPerSecond: number }>(runs: readonly R[]): ContenderRuns<R> {
  return { eventsPerSecond: summarize(runs.map((r) => r.eventsPerSecond)), runs };
}

async function runB1(options: Options): Promise<{ sequential: B1SequentialSection; concurrent: B1ConcurrentSection }> {
  const base = { events: options.quick ? 20_000 : 200_000, streams: 20_000, seed: 8, writers: 64 };
  const seq = await b1Section('B1 sequential', ['ours', 'emmett', 'floor'], options, base);
  const get = (m: Map<B1Contender, B1Result[]>, c: B1Contender): B1Result[] => m.get(c) ?? [];
  const ours = contenderRuns(get(seq.runs, 'ours'));
  const emmett = contenderRuns(get(seq.runs, 'emmett'));
  const floor = contenderRuns(get(seq.runs, 'floor'));
  const sequential: B1SequentialSection = {
    startedAt: seq.startedAt,
    finishedAt: new Date().toISOString(),
    loadStart: seq.start,
    loadEnd: seq.end,
    settings: { events: base.events, streams: base.streams, seed: base.seed, reps: options.reps },
    contenders: { ours, emmett, floor },
    ratios: { oursOverEmmett: ratio(ours.eventsPerSecond, emmett.eventsPerSecond), oursOverFloor: ratio(ours.eventsPerSecond, floor.eventsPerSecond) },
  };
  const conc = await b1Section('B1 concurrent', ['ours-64', 'floor-64'], options, base);
  const ours64 = contenderRuns(get(conc.runs, 'ours-64'));
  const floor64 = contenderRuns(get(conc.runs, 'floor-64'));
  const concurrent: B1ConcurrentSection = {
    startedAt: conc.startedAt,
    finishedAt: new Date().toISOString(),
    loadStart: conc.start,
    loadEnd: conc.end,
    settings: { ...base, reps: options.reps },
    contenders: { 'ours-64': ours64, 'floor-64': floor64 },
    ratios: { oursOverFloor: ratio(ours64.eventsPerSecond, floor64.eventsPerSecond) },
  };
  return { sequential, concurrent };
}

/** The heap-capped rebuild variant (key format: `parseB2Variant`). */
export const B2_CAPPED_VARIANT = '1000+heap160';

async function runB2(options: Options, onSize: (partial: B2Section) => void): Promise<B2Section> {
  const startedAt = new Date().toISOString();
  const loadStart = loadAverage();
  const sizes = options.quick ? [50_000, 100_000] : [250_000, 500_000, 1_000_000];
  const batchSizes = [2_000, 10_000];
  // Rebuild variants: the two batch sizes with V8's default heap limit (~4 GB here), and batch 1,000
  // with the old space capped (a setting a deployment would give its projector process): RSS then
  // follows the live set instead of the garbage V8 has no reason to collect yet (ADR 0009).
  const variants = [...batchSizes.map(String), B2_CAPPED_VARIANT];
  const seed = 2026;
  progress(`B2: generating ${sizes.map(fmt).join(' / ')} events (cached in ${options.dataDir}); load ${loadStart.load.join(' ')}`);
  const genArgs: B2GenerateArgs = { dir: options.dataDir, sizes, seed };
  const { result: generation } = await runChild<B2GenerateResult>(B2_GENERATE, genArgs);
  progress(`B2: event files ready (${generation.cached ? 'cached' : `generated in ${generation.seconds.toFixed(0)} s`})`);
  const out: B2Size[] = [];
  let projections: readonly string[] = [];
  for (const size of sizes) {
    const file = generation.files.find((f) => f.events === size);
    if (!file) throw new Error(`no generated file for ${size} events`);
    const contenders = [...variants.map((v) => `rebuild-${v}`), 'floor'];
    const runs = new Map<string, B2Run[]>(contenders.map((c) => [c, []]));
    for (let rep = 0; rep < options.reps; rep++) {
      for (const contender of rotation(contenders, rep)) {
        const readModelFile = join(options.dataDir, `b2-read-models.sqlite`);
        removeDb(readModelFile);
        const variant = contender === 'floor' ? null : parseB2Variant(contender.slice('rebuild-'.length));
        if (contender !== 'floor' && !variant) throw new Error(`unknown B2 contender ${contender}`);
        const args: B2Args = variant
          ? { mode: 'rebuild', storeFile: file.file, readModelFile, batchSize: variant.batchSize }
          : { mode: 'floor', storeFile: file.file };
        const execArgv = variant?.heapMb ? [`--max-old-space-size=${variant.heapMb}`] : [];
        const { result, rss } = await runChild<B2Result>(B2_WORKER, args, { execArgv });
        removeDb(readModelFile);
        if (result.events !== size) throw new Error(`${contender} processed ${result.events} events, expected ${size}`);
        if (result.projections.length > 0) projections = result.projections.map((p) => p.name);
        runs.get(contender)?.push({ ...result, peakSampledRssMb: rss.peakSampledMb, rssSeries: downsample(rss.samples, 40) });
        progress(
          `B2 ${fmt(size)} rep ${rep + 1}/${options.reps} ${contender.padEnd(13)} ${fmt(result.eventsPerSecond).padStart(8)} events/s ` +
            `(${result.seconds.toFixed(1)} s, peak RSS ${Math.max(result.maxRssMb, rss.peakSampledMb).toFixed(0)} MB) load ${loadAverage().load[0]}`,
        );
      }
    }
    const withRss = (list: readonly B2Run[]) => ({
      ...contenderRuns(list),
      peakRssMb: summarize(list.map((r) => Math.max(r.maxRssMb, r.peakSampledRssMb))),
    });
    out.push({
      events: size,
      storeBytes: file.bytes,
      rebuild: Object.fromEntries(variants.map((v) => [v, withRss(runs.get(`rebuild-${v}`) ?? [])])),
      floor: withRss(runs.get('floor') ?? []),
    });
    onSize(section());
  }
  return section();

  function section(): B2Section {
    return {
      startedAt,
      finishedAt: new Date().toISOString(),
      loadStart,
      loadEnd: loadAverage(),
      settings: { sizes, batchSizes, seed, reps: options.reps },
      generation,
      projections,
      sizes: [...out],
    };
  }
}

async function runProfiles(options: Options, b2Files: B2GenerateResult | undefined): Promise<ProfileSection> {
  const startedAt = new Date().toISOString();
  const loadStart = loadAverage();
  const dir = join(options.dataDir, 'profiles');
  mkdirSync(dir, { recursive: true });
  const profiles: ProfileSection['profiles'][number][] = [];
  const profiled = async (label: string, worker: string, args: unknown): Promise<void> => {
    const before = new Set(listProfiles(dir));
    progress(`profile: ${label}`);
    await runChild(worker, args, { execArgv: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
    const file = listProfiles(dir).find((f) => !before.has(f));
    if (!file) throw new Error(`no .cpuprofile written for ${label}`);
    profiles.push({ label, file: join(dir, file), summary: summarizeProfile(join(dir, file), 25) });
  };
  const b1File = join(options.dataDir, 'profile-b1.sqlite');
  for (const contender of ['ours', 'ours-64'] as const) {
    removeDb(b1File);
    await profiled(`B1 ${contender}, 20,000 events`, B1_WORKER, { contender, file: b1File, events: 20_000, streams: 20_000, seed: 8, writers: 64 } satisfies B1Args);
    removeDb(b1File);
  }
  const smallest = b2Files?.files[0];
  if (smallest) {
    const readModelFile = join(options.dataDir, 'profile-read-models.sqlite');
    removeDb(readModelFile);
    await profiled(`B2 rebuild ${fmt(smallest.events)} events, batch 2,000`, B2_WORKER, {
      mode: 'rebuild',
      storeFile: smallest.file,
      readModelFile,
      batchSize: 2_000,
    } satisfies B2Args);
    removeDb(readModelFile);
  }
  return { startedAt, finishedAt: new Date().toISOString(), loadStart, loadEnd: loadAverage(), profiles };
}

function listProfiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : [];
}

function removeDb(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
}

function readLatest(): BenchResults | null {
  const file = join(RESULTS_DIR, 'latest.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as BenchResults) : null;
}

function writeReport(results: BenchResults): void {
  writeFileSync(REPORT_FILE, renderReport(results, TARGETS));
  progress(`report written to ${REPORT_FILE}`);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.reportOnly) {
    const latest = readLatest();
    if (!latest) throw new Error('no bench/results/latest.json yet: run the suite first');
    writeReport(latest);
    return;
  }
  mkdirSync(options.dataDir, { recursive: true });
  mkdirSync(RESULTS_DIR, { recursive: true });
  const startedAt = new Date().toISOString();
  const machine = machineFacts(options.dataDir);
  progress(`${machine.cpuModel}, ${machine.cores} cores, ${machine.ramGb} GB, node ${machine.node}, data dir on ${machine.dataDirFilesystem}`);
  const previous = readLatest();
  const sections: { -readonly [K in keyof BenchResults['sections']]: BenchResults['sections'][K] } = {};
  const stamp = startedAt.replace(/[:.]/g, '-');
  // Written after every section (and every B2 size), so a long run that is stopped keeps what it measured.
  const persist = (final: boolean): void => {
    const results: BenchResults = {
      schema: 1,
      startedAt,
      finishedAt: new Date().toISOString(),
      mode: options.quick ? 'quick' : 'full',
      command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
      loadedFrom: 'source: scripts/ts-register.js (SWC require hook), not dist/',
      machine,
      // Sections not run this time are kept from the previous latest.json, each with its own dates.
      sections: { ...(previous?.mode === (options.quick ? 'quick' : 'full') ? previous.sections : {}), ...sections },
    };
    writeFileSync(join(RESULTS_DIR, `${stamp}.json`), `${JSON.stringify({ ...results, sections }, null, 2)}\n`);
    writeFileSync(join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
    if (final) progress(`results: bench/results/${stamp}.json (and latest.json)`);
    writeReport(results);
  };
  if (options.sections.has('b1')) {
    const { sequential, concurrent } = await runB1(options);
    sections.b1Sequential = sequential;
    sections.b1Concurrent = concurrent;
    persist(false);
  }
  if (options.sections.has('durability')) {
    if (strAvailable()) {
      const startedAt = new Date().toISOString();
      const loadStart = loadAverage();
      const events = 2_000;
      const probes: ProbeResult[] = [];
      for (const contender of ['ours', 'emmett', 'floor', 'ours-64', 'floor-64'] as const) {
        progress(`durability probe under strace: ${contender}, ${fmt(events)} events`);
        probes.push(probe(contender, options.dataDir, events));
      }
      sections.durability = { startedAt, finishedAt: new Date().toISOString(), loadStart, loadEnd: loadAverage(), events, probes };
      persist(false);
    } else {
      progress('durability probe skipped: strace is not installed (apt-get install strace)');
    }
  }
  let generation: B2GenerateResult | undefined;
  if (options.sections.has('b2')) {
    sections.b2 = await runB2(options, (partial) => {
      sections.b2 = partial;
      persist(false);
    });
    generation = sections.b2.generation;
    persist(false);
  }
  if (options.profile) sections.profile = await runProfiles(options, generation ?? previous?.sections.b2?.generation);
  persist(true);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
