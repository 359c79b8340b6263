/**
 * Runs one measurement in a fresh Node process (so contenders never share a heap, a GC history
 * or a SQLite page cache inside the process), loaded through scripts/ts-register.js. The child
 * sends its result with `process.send`; the parent samples the child's RSS from /proc every
 * 100 ms (a child busy in synchronous SQLite or in microtasks could not sample itself).
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const TS_REGISTER = join(REPO_ROOT, 'scripts', 'ts-register.js');

export interface RssSample {
  /** Milliseconds since the child started. */
  readonly t: number;
  readonly rssMb: number;
}

export interface ChildRun<R> {
  readonly result: R;
  readonly rss: { readonly peakSampledMb: number; readonly samples: readonly RssSample[] };
}

export interface ChildOptions {
  /** Extra node flags, e.g. --cpu-prof. */
  readonly execArgv?: readonly string[];
  readonly sampleEveryMs?: number;
}

export function runChild<R>(workerFile: string, args: unknown, options: ChildOptions = {}): Promise<ChildRun<R>> {
  const started = Date.now();
  const child = fork(workerFile, [JSON.stringify(args)], {
    execArgv: ['-r', TS_REGISTER, ...(options.execArgv ?? [])],
    // stdout ignored: emmett-sqlite console.logs every error it sees; results come over IPC.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    cwd: REPO_ROOT,
  });
  const samples: RssSample[] = [];
  const sample = (): void => {
    const rss = readRssMb(child.pid);
    if (rss !== null) samples.push({ t: Date.now() - started, rssMb: rss });
  };
  const timer = setInterval(sample, options.sampleEveryMs ?? 100);
  return new Promise<ChildRun<R>>((resolvePromise, reject) => {
    let result: R | undefined;
    let failure: string | undefined;
    child.on('message', (message: { ok: boolean; result?: R; error?: string }) => {
      if (message.ok) result = message.result;
      else failure = message.error;
    });
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      if (failure !== undefined) return reject(new Error(`${workerFile} failed: ${failure}`));
      if (result === undefined) return reject(new Error(`${workerFile} exited (code ${code}, signal ${signal}) without a result`));
      const peak = samples.reduce((max, s) => Math.max(max, s.rssMb), 0);
      resolvePromise({ result, rss: { peakSampledMb: peak, samples } });
    });
  });
}

function readRssMb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Math.round(Number(match[1]) / 102.4) / 10 : null;
  } catch {
    return null; // exited between two samples
  }
}

/** Worker side: parse the arguments, run, send the result (or the error) to the parent. */
export function workerMain<A, R>(run: (args: A) => Promise<R>): void {
  const args = JSON.parse(process.argv[2] ?? '{}') as A;
  run(args).then(
    (result) => {
      if (process.send) process.send({ ok: true, result }, () => process.exit(0));
      else console.log(JSON.stringify(result, null, 2)); // run by hand
    },
    (error: unknown) => {
      const message = error instanceof Error ? `${error.stack ?? error.message}` : String(error);
      if (process.send) process.send({ ok: false, error: message }, () => process.exit(1));
      else {
        console.error(message);
        process.exitCode = 1;
      }
    },
  );
}

/** Peak RSS of this process so far (getrusage ru_maxrss), in MB. */
export function maxRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 102.4) / 10;
}

/** Downsamples an RSS series to at most `points` samples (keeping the max of each bucket). */
export function downsample(samples: readonly RssSample[], points: number): RssSample[] {
  if (samples.length <= points) return [...samples];
  const size = samples.length / points;
  const out: RssSample[] = [];
  for (let i = 0; i < points; i++) {
    const bucket = samples.slice(Math.floor(i * size), Math.floor((i + 1) * size));
    const top = bucket.reduce((best, s) => (s.rssMb > best.rssMb ? s : best), bucket[0] as RssSample);
    out.push(top);
  }
  return out;
}
