import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { correlationIdOf } from '../http/correlation-id';
import { idempotencyKeyOf } from './idempotency-key';

/**
 * The command id of a request: `idem:<keyId>:<Idempotency-Key>` when the header is present, so the
 * command path's own idempotence (by command id, deterministic event ids) also covers retries
 * whose stored response has expired or was never stored; else a random UUID.
 */
export function commandIdFrom(request: FastifyRequest): string {
  const key = idempotencyKeyOf(request);
  return key !== undefined && request.principal ? `idem:${request.principal.keyId}:${key}` : randomUUID();
}

/** A-1 metadata of a command issued over HTTP: command id, actor (`api-key:<keyId>`), correlation id. */
export function commandMetaFrom(request: FastifyRequest): { commandId: string; actor: string; correlationId: string } {
  return {
    commandId: commandIdFrom(request),
    actor: request.principal ? `api-key:${request.principal.keyId}` : 'anonymous',
    correlationId: correlationIdOf(request),
  };
}
