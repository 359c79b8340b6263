/**
 * One autocannon run (bench/node_modules/autocannon, programmatic) with a request built per
 * request by `next()`. Besides autocannon's own figures (whole-millisecond histogram of 2xx
 * latencies, coordinated-omission corrected when rate-limited) it keeps every response's latency
 * as measured by autocannon (process.hrtime, sub-millisecond) and computes exact percentiles from
 * them, counts status codes and errors, and the CPU time of the load generator itself (it shares
 * the machine with the server).
 */
import { join } from 'node:path';
import { REPO_ROOT } from '../harness/child';

export interface BuiltRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  /** Identity of the command (registration or payment id) for the append check; null for queries. */
  readonly id?: string | null;
}

export interface LoadOptions {
  readonly base: string;
  readonly connections: number;
  readonly durationSeconds: number;
  /** Requests per second over all connections (autocannon overallRate); absent = as fast as possible. */
  readonly overallRate?: number;
  readonly next: () => BuiltRequest;
}

export interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly mean: number;
}

export interface LoadResult {
  readonly connections: number;
  readonly overallRate: number | null;
  readonly seconds: number;
  readonly requests: number;
  readonly ok2xx: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly statusCodes: Readonly<Record<string, number>>;
  /** 2xx responses per second of the run. */
  readonly rps: number;
  /** Exact percentiles (ms) of the latencies of 2xx responses. */
  readonly latencyMs: Percentiles;
  /** autocannon's own 2xx latency figures (whole ms; CO-corrected when rate-limited). */
  readonly autocannonLatencyMs: { readonly p50: number; readonly p99: number; readonly p99_9: number; readonly max: number };
  /** CPU seconds the load generator (this process) used during the run. */
  readonly clientCpuSeconds: number;
}

/** Which command ids were answered how (kept out of the JSON results: large). */
export interface LoadIds {
  readonly ok: readonly string[];
  readonly failed: readonly string[];
  /** Sent but never answered: in flight when autocannon stopped (at most one per connection). */
  readonly unanswered: readonly string[];
}

interface AutocannonResult {
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly latency: { readonly p50: number; readonly p99: number; readonly p99_9: number; readonly max: number };
}

type AutocannonInstance = NodeJS.EventEmitter;
type Autocannon = (opts: Record<string, unknown>, cb: (error: Error | null, result: AutocannonResult) => void) => AutocannonInstance;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require(join(REPO_ROOT, 'bench', 'node_modules', 'autocannon')) as Autocannon;

export function autocannonVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(join(REPO_ROOT, 'bench', 'node_modules', 'autocannon', 'package.json')) as { version: string }).version;
}

export function runLoad(options: LoadOptions): Promise<{ result: LoadResult; ids: LoadIds }> {
  const latencies: number[] = [];
  const sent = new Set<string>();
  const okIds: string[] = [];
  const failedIds: string[] = [];
  const statusCodes: Record<string, number> = {};
  let ok2xx = 0;
  let requests = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  interface Context {
    id?: string | null;
  }
  return new Promise<{ result: LoadResult; ids: LoadIds }>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.base,
        connections: options.connections,
        duration: options.durationSeconds,
        ...(options.overallRate ? { overallRate: options.overallRate } : {}),
        pipelining: 1,
        timeout: 10,
        requests: [
          {
            setupRequest: (defaults: Record<string, unknown>, context: Context) => {
              const built = options.next();
              context.id = built.id ?? null;
              if (built.id) sent.add(built.id);
              const headers = { ...(defaults.headers as Record<string, string>), ...built.headers };
              return { ...defaults, method: built.method, path: built.path, headers, body: built.body ?? '' };
            },
            onResponse: (status: number, _body: string, context: Context) => {
              if (!context.id) return;
              sent.delete(context.id);
              (status >= 200 && status < 300 ? okIds : failedIds).push(context.id);
            },
          },
        ],
      },
      (error, raw) => {
        if (error) return reject(error);
        const seconds = (performance.now() - started) / 1000;
        const cpu = process.cpuUsage(cpuBefore);
        const result: LoadResult = {
          connections: options.connections,
          overallRate: options.overallRate ?? null,
          seconds,
          requests,
          ok2xx,
          non2xx: raw.non2xx,
          errors: raw.errors,
          timeouts: raw.timeouts,
          statusCodes,
          rps: ok2xx / seconds,
          latencyMs: percentiles(latencies),
          autocannonLatencyMs: { p50: raw.latency.p50, p99: raw.latency.p99, p99_9: raw.latency.p99_9, max: raw.latency.max },
          clientCpuSeconds: (cpu.user + cpu.system) / 1e6,
        };
        resolve({ result, ids: { ok: okIds, failed: failedIds, unanswered: [...sent] } });
      },
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      requests++;
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) {
        ok2xx++;
        latencies.push(responseTime);
      }
    });
  });
}

/** Exact percentiles (nearest rank) of a list of milliseconds; zeros when empty. */
export function percentiles(values: readonly number[]): Percentiles {
  if (values.length === 0) return { p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0 };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
  let sum = 0;
  for (const v of sorted) sum += v;
  const round = (n: number): number => Math.round(n * 1000) / 1000;
  return {
    p50: round(at(0.5)),
    p90: round(at(0.9)),
    p99: round(at(0.99)),
    p999: round(at(0.999)),
    max: round(sorted[sorted.length - 1] as number),
    mean: round(sum / sorted.length),
  };
}
