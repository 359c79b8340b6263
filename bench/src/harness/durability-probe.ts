/**
 * Durability probe: runs a small B1 measurement under `strace -f -c` and counts the fsync and
 * fdatasync calls the process made, so the report can say how many times each contender forced
 * its data to disk per transaction — the honest check behind "acknowledged means durable".
 * Timings from this probe are meaningless (strace slows every system call) and are not kept.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { B1Args, B1Contender } from '../b1/b1-worker';
import { REPO_ROOT } from './child';

export interface ProbeResult {
  readonly contender: B1Contender;
  readonly events: number;
  readonly appends: number;
  /** Write transactions as counted by the worker (store stats for ours). */
  readonly transactions: number;
  readonly fsync: number;
  readonly fdatasync: number;
  /** (fsync + fdatasync) / transactions. */
  readonly syncsPerTransaction: number;
}

export function strAvailable(): boolean {
  try {
    execFileSync('strace', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function probe(contender: B1Contender, dir: string, events: number): ProbeResult {
  const file = join(dir, `probe-${contender}.sqlite`);
  const trace = join(dir, `probe-${contender}.strace`);
  const clean = (): void => {
    for (const s of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${s}`, { force: true });
  };
  clean();
  const args: B1Args = { contender, file, events, streams: 20_000, seed: 8, writers: 64 };
  const stdout = execFileSync(
    'strace',
    ['-f', '-c', '-e', 'trace=fsync,fdatasync', '-o', trace, process.execPath, '-r', join(REPO_ROOT, 'scripts', 'ts-register.js'), join(REPO_ROOT, 'bench', 'src', 'b1', 'b1-worker.ts'), JSON.stringify(args)],
    { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  clean();
  // The worker prints its result as the last JSON object on stdout (emmett also logs there).
  const json = stdout.slice(stdout.lastIndexOf('\n{') + 1);
  const result = JSON.parse(json) as { appends: number; transactions: number };
  const table = readFileSync(trace, 'utf8');
  rmSync(trace, { force: true });
  const calls = (name: string): number => {
    const line = table.split('\n').find((l) => l.trim().endsWith(` ${name}`));
    if (!line) return 0;
    // % time, seconds, usecs/call, calls, [errors,] syscall
    const cols = line.trim().split(/\s+/);
    return Number(cols[3]);
  };
  const fsync = calls('fsync');
  const fdatasync = calls('fdatasync');
  return {
    contender,
    events,
    appends: result.appends,
    transactions: result.transactions,
    fsync,
    fdatasync,
    syncsPerTransaction: (fsync + fdatasync) / result.transactions,
  };
}
