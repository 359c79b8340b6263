/**
 * GET /health (public): the event store answers `headPosition()`, and no projection of the
 * in-process runner is stopped on an error. Lag is reported, not judged: a rebuilding projection
 * is behind but healthy. 503 with the same JSON body when unhealthy.
 */
import { Controller, Get, HttpStatus, Inject, Optional, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { EVENT_STORE, PROJECTION_RUNNER } from '@ledger/application';
import type { EventStore } from '@ledger/event-store';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator';
import type { ProjectionStatusSource } from '../metrics/projection-status-source';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(PROJECTION_RUNNER) private readonly runner?: ProjectionStatusSource,
  ) {}

  @Get()
  @HealthCheck()
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.eventStore(), () => this.projections()]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
      return error.getResponse() as HealthCheckResult;
    }
  }

  private async eventStore() {
    const session = this.indicator.check('eventStore');
    try {
      const head = await this.store.headPosition();
      return session.up({ kind: this.store.kind, headPosition: head === null ? null : head.toString() });
    } catch (error) {
      return session.down({ kind: this.store.kind, message: error instanceof Error ? error.message : 'unreachable' });
    }
  }

  private async projections() {
    const session = this.indicator.check('projections');
    if (!this.runner) return session.up({ message: 'no in-process projection runner' });
    let statuses;
    try {
      statuses = await this.runner.status();
    } catch (error) {
      return session.down({ message: error instanceof Error ? error.message : 'projection status unavailable' });
    }
    const projections = statuses.map((s) => ({
      name: s.name,
      state: s.state,
      position: s.position === null ? null : s.position.toString(),
      headPosition: s.headPosition === null ? null : s.headPosition.toString(),
      lag: s.lag,
      lastError: s.lastError?.message ?? null,
    }));
    return statuses.some((s) => s.lastError !== null) ? session.down({ projections }) : session.up({ projections });
  }
}
