/**
 * The HTTP platform of the API (ADR 0005): API keys and roles (global guard), RFC 9457 problems
 * (global filter), the global ValidationPipe, Idempotency-Key (global interceptor), health,
 * metrics and the downstream event feed. Needs EVENT_STORE and LEDGER_CONFIG from a global module
 * (LedgerCoreModule); uses PROJECTION_RUNNER and FEED_OPTIONS when provided.
 */
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ApiKeyGuard } from './auth/api-key.guard';
import { ApiKeyService } from './auth/api-key.service';
import { ApiKeysController } from './auth/api-keys.http.controller';
import { ProblemExceptionFilter } from './errors/problem-exception.filter';
import { createValidationPipe } from './errors/request-validation';
import { EventFeedController } from './feed/event-feed.http.controller';
import { SseFeedService } from './feed/sse-feed.service';
import { HealthController } from './health/health.http.controller';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyStore } from './idempotency/idempotency.store';
import { MetricsModule } from './metrics/metrics.module';
import { MetricsController } from './metrics/metrics.http.controller';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), MetricsModule],
  controllers: [ApiKeysController, HealthController, MetricsController, EventFeedController],
  providers: [
    ApiKeyService,
    IdempotencyStore,
    SseFeedService,
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_FILTER, useClass: ProblemExceptionFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
  exports: [ApiKeyService, MetricsModule],
})
export class PlatformModule {}
