/**
 * Correlation ids: taken from `X-Correlation-Id` when it is a safe token, else generated.
 * It is Fastify's request id, so every pino log line of the request carries it (as `reqId`),
 * it is echoed in the response header, and commands use it as their correlationId.
 */
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';

export const CORRELATION_HEADER = 'x-correlation-id';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Fastify `genReqId`: the caller's correlation id when well-formed, else a new UUID. */
export function correlationIdFor(raw: IncomingMessage): string {
  const header = raw.headers[CORRELATION_HEADER];
  return typeof header === 'string' && SAFE_ID.test(header) ? header : randomUUID();
}

export function correlationIdOf(request: FastifyRequest): string {
  return String(request.id);
}

/** Injects the request's correlation id. */
export const CorrelationId = createParamDecorator((_data: unknown, ctx: ExecutionContext): string =>
  correlationIdOf(ctx.switchToHttp().getRequest<FastifyRequest>()),
);
