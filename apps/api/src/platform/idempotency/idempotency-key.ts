import type { FastifyRequest } from 'fastify';
import { validationProblem } from '../errors/request-validation';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** 1–200 printable ASCII characters. */
const VALID_KEY = /^[\x20-\x7E]{1,200}$/;

/** The request's Idempotency-Key, undefined when absent; a malformed key is a 400 problem. */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers[IDEMPOTENCY_HEADER];
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !VALID_KEY.test(header)) {
    throw validationProblem(
      [{ field: 'Idempotency-Key', message: 'must be a single header of 1-200 printable ASCII characters' }],
      'The Idempotency-Key header is malformed',
    );
  }
  return header;
}
