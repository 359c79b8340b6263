/**
 * Idempotency-Key on POST/PUT/PATCH/DELETE (ADR 0005). The first successful response (status +
 * body) is stored; a retry with the same key and the same request replays it with
 * `Idempotent-Replayed: true` and executes nothing. The same key with a different request is a
 * 422; a duplicate arriving while the first is still running gets a 409 with Retry-After. A
 * failed request (any error) releases the key, so the retry runs again — safely, since the
 * command id derived from the key (commandIdFrom) makes the command path itself idempotent.
 */
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { finalize, of, tap, type Observable } from 'rxjs';
import { assertNever } from '@ledger/domain';
import { ProblemException } from '../errors/problem.exception';
import { idempotencyKeyOf } from './idempotency-key';
import { IdempotencyStore } from './idempotency.store';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const REPLAYED_HEADER = 'idempotent-replayed';

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    if (!MUTATING.has(request.method)) return next.handle();
    const key = idempotencyKeyOf(request);
    const keyId = request.principal?.keyId;
    if (key === undefined || keyId === undefined) return next.handle();

    const claim = this.store.claim(keyId, key, fingerprint(request));
    switch (claim.kind) {
      case 'replay':
        void reply.status(claim.status).header(REPLAYED_HEADER, 'true');
        return of(claim.body);
      case 'mismatch':
        throw new ProblemException({
          type: '/problems/idempotency-key-reused',
          title: 'Idempotency-Key reused',
          status: 422,
          detail: 'This Idempotency-Key was already used with a different request (method, path or body)',
        });
      case 'in-progress':
        throw new ProblemException(
          {
            type: '/problems/idempotency-key-in-progress',
            title: 'Request in progress',
            status: 409,
            detail: 'A request with this Idempotency-Key is still being processed; retry shortly',
          },
          { 'retry-after': '1' },
        );
      case 'claimed': {
        let completed = false;
        return next.handle().pipe(
          tap((body) => {
            if (reply.statusCode >= 300) return;
            this.store.complete(keyId, key, reply.statusCode, body);
            completed = true;
          }),
          // Errors, non-2xx results and cancelled requests release the key.
          finalize(() => {
            if (!completed) this.store.release(keyId, key);
          }),
        );
      }
      default:
        return assertNever(claim, 'idempotency claim');
    }
  }
}

function fingerprint(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method}\n${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
}
