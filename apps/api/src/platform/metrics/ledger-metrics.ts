/**
 * Prometheus metrics of one app instance, in their own registry (never the global default one, so
 * several apps in one process — tests — do not collide).
 */
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { PROJECTION_RUNNER } from '@ledger/application';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ProjectionStatusSource } from './projection-status-source';

export type { AppendOutcome } from '@ledger/event-store';
import type { AppendOutcome } from '@ledger/event-store';

@Injectable()
export class LedgerMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'ledger_http_requests_total',
    help: 'HTTP requests served, by route pattern, method and status code',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });

  readonly commands = new Counter({
    name: 'ledger_commands_total',
    help: 'Commands handled, by command type and outcome (appended, no-op, replayed, rejected, failed)',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly appendDuration = new Histogram({
    name: 'ledger_append_duration_seconds',
    help: 'Duration of event store appends, by outcome (ok, conflict, error)',
    labelNames: ['outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly projectionLag = new Gauge({
    name: 'ledger_projection_lag_events',
    help: 'Events between the head of the log and each projection checkpoint (read at scrape time)',
    labelNames: ['projection'] as const,
    registers: [this.registry],
    collect: async () => {
      const runner = this.projectionRunner();
      if (!runner) return;
      this.projectionLag.reset();
      for (const s of await runner.status()) {
        if (s.lag !== null) this.projectionLag.set({ projection: s.name }, s.lag);
      }
    },
  });

  constructor(private readonly moduleRef: ModuleRef) {
    collectDefaultMetrics({ register: this.registry });
  }

  observeAppend(seconds: number, outcome: AppendOutcome): void {
    this.appendDuration.observe({ outcome }, seconds);
  }

  /**
   * The runner is looked up at scrape time, not injected: the EVENT_STORE provider may depend on
   * these metrics (append timing) while the runner depends on the store — injecting it here
   * would be a cycle.
   */
  private projectionRunner(): ProjectionStatusSource | undefined {
    try {
      return this.moduleRef.get<ProjectionStatusSource>(PROJECTION_RUNNER, { strict: false });
    } catch {
      return undefined; // no in-process runner (external projector)
    }
  }
}
