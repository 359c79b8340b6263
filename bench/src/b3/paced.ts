/**
 * An open-loop, evenly paced load: request i is due at t0 + i / rate, whatever happened to the
 * earlier ones, over keep-alive connections (node:http Agent, at most `maxConnections`; a request
 * due while all are busy waits in the agent's queue). Latency is measured from the request's DUE
 * time (so a slow server is not hidden by the client waiting — no coordinated omission) and also
 * from the moment it was handed to the socket.
 *
 * Why besides autocannon's `overallRate`: autocannon limits each connection to rate/connections
 * requests per wall-clock second and sends them back to back at the start of each second, then
 * idles (lib/httpClient.js, `reqsMadeThisSecond`), so "half the saturated rate" arrives as bursts
 * at full speed for about half of every second. Both are reported.
 */
import * as http from 'node:http';
import type { BuiltRequest, LoadIds, Percentiles } from './load';
import { percentiles } from './load';

export interface PacedOptions {
  readonly base: string;
  readonly rate: number;
  readonly durationSeconds: number;
  readonly maxConnections: number;
  readonly next: () => BuiltRequest;
}

export interface PacedResult {
  readonly targetRate: number;
  readonly maxConnections: number;
  readonly scheduled: number;
  readonly ok2xx: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly statusCodes: Readonly<Record<string, number>>;
  /** Seconds from the first due time to the last response. */
  readonly seconds: number;
  /** 2xx per second over `seconds`. */
  readonly rps: number;
  /** From the due time (ms), 2xx only. */
  readonly latencyMs: Percentiles;
  /** From the hand-over to the agent (ms), 2xx only. */
  readonly serviceLatencyMs: Percentiles;
  /** Most requests outstanding at once. */
  readonly peakInFlight: number;
  readonly clientCpuSeconds: number;
}

export function runPaced(options: PacedOptions): Promise<{ result: PacedResult; ids: LoadIds }> {
  const url = new URL(options.base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.maxConnections });
  const total = Math.max(1, Math.round(options.rate * options.durationSeconds));
  const intervalMs = 1000 / options.rate;
  const fromDue: number[] = [];
  const fromSend: number[] = [];
  const statusCodes: Record<string, number> = {};
  const okIds: string[] = [];
  const failedIds: string[] = [];
  let ok2xx = 0;
  let errors = 0;
  let sent = 0;
  let done = 0;
  let inFlight = 0;
  let peakInFlight = 0;
  let lastEnd = 0;
  const cpuBefore = process.cpuUsage();
  const t0 = performance.now() + 20;

  return new Promise((resolve) => {
    const finish = (): void => {
      agent.destroy();
      const seconds = (lastEnd - t0) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      resolve({
        result: {
          targetRate: options.rate,
          maxConnections: options.maxConnections,
          scheduled: total,
          ok2xx,
          non2xx: done - ok2xx - errors,
          errors,
          statusCodes,
          seconds,
          rps: ok2xx / seconds,
          latencyMs: percentiles(fromDue),
          serviceLatencyMs: percentiles(fromSend),
          peakInFlight,
          clientCpuSeconds: (cpu.user + cpu.system) / 1e6,
        },
        ids: { ok: okIds, failed: failedIds, unanswered: [] },
      });
    };

    const fire = (due: number): void => {
      const built = options.next();
      const body = built.body === undefined ? undefined : Buffer.from(built.body);
      const handedOver = performance.now();
      inFlight++;
      peakInFlight = Math.max(peakInFlight, inFlight);
      const settle = (status: number | null): void => {
        const end = performance.now();
        lastEnd = Math.max(lastEnd, end);
        inFlight--;
        done++;
        if (status === null) {
          errors++;
          if (built.id) failedIds.push(built.id);
        } else {
          statusCodes[status] = (statusCodes[status] ?? 0) + 1;
          if (status >= 200 && status < 300) {
            ok2xx++;
            fromDue.push(end - due);
            fromSend.push(end - handedOver);
            if (built.id) okIds.push(built.id);
          } else if (built.id) failedIds.push(built.id);
        }
        if (done === total) finish();
      };
      const request = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method: built.method,
          path: built.path,
          headers: { ...built.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        },
        (response) => {
          response.resume();
          response.on('end', () => settle(response.statusCode ?? 0));
          response.on('error', () => settle(null));
        },
      );
      request.on('error', () => settle(null));
      request.end(body);
    };

    const tick = (): void => {
      const now = performance.now();
      while (sent < total && t0 + sent * intervalMs <= now) {
        fire(t0 + sent * intervalMs);
        sent++;
      }
      if (sent < total) setTimeout(tick, Math.max(0, t0 + sent * intervalMs - performance.now()));
    };
    setTimeout(tick, 20);
  });
}
