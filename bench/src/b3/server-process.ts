/**
 * Parent side of b3-server.ts: starts the API in a child process (through scripts/ts-register.js),
 * waits for its port and tokens, reads its CPU time and RSS from /proc (never through the busy
 * server's own event loop) and stops it.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../harness/child';
import type { ServerArgs, ServerReady } from './b3-server';

const SERVER_FILE = join(REPO_ROOT, 'bench', 'src', 'b3', 'b3-server.ts');
const TS_REGISTER = join(REPO_ROOT, 'scripts', 'ts-register.js');
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface ServerHandle {
  readonly ready: ServerReady;
  readonly base: string;
  /** User + system CPU seconds the server process has used so far. */
  cpuSeconds(): number;
  rssMb(): number | null;
  stop(): Promise<void>;
}

export async function startServer(args: ServerArgs, execArgv: readonly string[] = []): Promise<ServerHandle> {
  const child: ChildProcess = fork(SERVER_FILE, [JSON.stringify(args)], {
    execArgv: ['-r', TS_REGISTER, ...execArgv],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    cwd: REPO_ROOT,
  });
  const ready = await new Promise<ServerReady>((resolve, reject) => {
    const onExit = (code: number | null, signal: string | null): void => reject(new Error(`b3-server exited before it was ready (code ${code}, signal ${signal})`));
    child.once('exit', onExit);
    child.once('error', reject);
    child.once('message', (message: ServerReady) => {
      child.off('exit', onExit);
      if (message.kind === 'ready') resolve(message);
      else reject(new Error(`unexpected message from b3-server: ${JSON.stringify(message)}`));
    });
  });
  const pid = ready.pid;
  return {
    ready,
    base: `http://127.0.0.1:${ready.port}`,
    cpuSeconds: () => {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may contain spaces) start at ") ".
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime
    },
    rssMb: () => {
      try {
        const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        return match ? Math.round(Number(match[1]) / 102.4) / 10 : null;
      } catch {
        return null;
      }
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error('b3-server did not stop within 60 s'));
        }, 60_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.send({ kind: 'stop' });
      }),
  };
}
