/** Facts about the machine and the software versions, recorded with every result. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { REPO_ROOT } from './child';

export interface MachineFacts {
  readonly cpuModel: string;
  readonly cores: number;
  readonly ramGb: number;
  readonly kernel: string;
  readonly node: string;
  readonly betterSqlite3: string;
  /** SQLite bundled with better-sqlite3 (ours and the floor). */
  readonly sqlite: string;
  readonly emmett: string | null;
  readonly emmettSqlite: string | null;
  /** node-sqlite3, the driver emmett-sqlite uses (its own bundled SQLite is recorded by B1). */
  readonly nodeSqlite3: string | null;
  readonly dataDir: string;
  readonly dataDirFilesystem: string;
  readonly gitCommit: string | null;
  readonly gitDirty: boolean | null;
}

export function machineFacts(dataDir: string): MachineFacts {
  const cpuinfo = safeRead('/proc/cpuinfo');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  const memory = new Database(':memory:');
  const sqlite = String(memory.prepare('SELECT sqlite_version()').pluck().get());
  memory.close();
  return {
    cpuModel: model,
    cores: os.cpus().length,
    ramGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    betterSqlite3: versionOf(join(REPO_ROOT, 'node_modules', 'better-sqlite3')) ?? 'unknown',
    sqlite,
    emmett: versionOf(join(REPO_ROOT, 'bench', 'node_modules', '@event-driven-io', 'emmett')),
    emmettSqlite: versionOf(join(REPO_ROOT, 'bench', 'node_modules', '@event-driven-io', 'emmett-sqlite')),
    nodeSqlite3: versionOf(join(REPO_ROOT, 'bench', 'node_modules', 'sqlite3')),
    dataDir,
    dataDirFilesystem: filesystemOf(dataDir),
    gitCommit: command('git', ['-C', REPO_ROOT, 'rev-parse', '--short', 'HEAD']),
    gitDirty: (() => {
      const status = command('git', ['-C', REPO_ROOT, 'status', '--porcelain']);
      return status === null ? null : status.length > 0;
    })(),
  };
}

export interface LoadAverage {
  readonly at: string;
  /** 1, 5 and 15 minute load averages. */
  readonly load: readonly [number, number, number];
}

export function loadAverage(): LoadAverage {
  const [one = 0, five = 0, fifteen = 0] = os.loadavg();
  const round = (n: number): number => Math.round(n * 100) / 100;
  return { at: new Date().toISOString(), load: [round(one), round(five), round(fifteen)] };
}

function versionOf(dir: string): string | null {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return null;
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

function filesystemOf(dir: string): string {
  const found = command('findmnt', ['-n', '-o', 'FSTYPE,SOURCE', '--target', dir]);
  return found ? found.replace(/\s+/g, ' on ') : 'unknown';
}

function command(cmd: string, args: string[]): string | null {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
