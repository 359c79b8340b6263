/**
 * Creates the Nest Fastify application for a LedgerConfig: used by main.ts and by e2e tests (with
 * a temporary DATA_DIR). The caller passes the root module (the AppModule, built for the same
 * config), which must import PlatformModule.
 */
import { ConsoleLogger, type DynamicModule, type LogLevel, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LedgerConfig } from '@ledger/application';
import { sendProblem } from './platform/errors/problem-exception.filter';
import { CORRELATION_HEADER, correlationIdFor } from './platform/http/correlation-id';
import { limitJsonNesting } from './platform/http/json-nesting-limit';
import { LedgerMetrics } from './platform/metrics/ledger-metrics';
import { setupOpenApi } from './platform/openapi/setup-openapi';

export async function createApp(rootModule: Type<unknown> | DynamicModule, config: LedgerConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    logger: { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    // The request id IS the correlation id: every request log line carries it as `reqId`.
    genReqId: correlationIdFor,
    // Errors Fastify answers before routing (over-long path parameter, malformed %-escape) leave as
    // problems too (ADR 0005).
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => sendProblem(error, request, reply),
  });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, {
    logger: nestLogger(config.logLevel),
    abortOnError: false,
    // Fastify parses JSON itself, behind limitJsonNesting; no other body type is accepted (415).
    bodyParser: false,
  });

  const metrics = app.get(LedgerMetrics);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header(CORRELATION_HEADER, String(request.id));
  });
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.httpRequests.inc({
      route: request.routeOptions.url ?? 'unmatched',
      method: request.method,
      status: String(reply.statusCode),
    });
  });

  limitJsonNesting(fastify);
  setupOpenApi(app);
  await app.init();
  return app;
}

/** Nest's own logs as JSON lines at the configured level (requests are logged by Fastify's pino). */
function nestLogger(level: LedgerConfig['logLevel']): ConsoleLogger | false {
  const order: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
  const cut: Record<Exclude<LedgerConfig['logLevel'], 'silent'>, number> = {
    fatal: 1,
    error: 2,
    warn: 3,
    info: 4,
    debug: 5,
    trace: 6,
  };
  if (level === 'silent') return false;
  return new ConsoleLogger({ json: true, logLevels: order.slice(0, cut[level]) });
}
