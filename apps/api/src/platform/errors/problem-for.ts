/**
 * Maps anything thrown while serving a request to a problem (ADR 0005). Bad input is always a 4xx;
 * only unexpected failures are a 500, and those never reveal internals (`log: true`: the filter
 * logs them with the correlation id).
 */
import { HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { assertNever, DomainError } from '@ledger/domain';
import { EventStoreUnavailableError, StreamNotFoundError, WrongExpectedRevisionError } from '@ledger/event-store';
import type { ProblemBody } from './problem';
import { ProblemException } from './problem.exception';

export interface ProblemResponse {
  readonly problem: ProblemBody;
  readonly headers: Readonly<Record<string, string>>;
  /** True for unexpected failures: log the error, show nothing of it. */
  readonly log: boolean;
}

export function problemFor(exception: unknown): ProblemResponse {
  if (exception instanceof ProblemException) return { problem: exception.problem, headers: exception.headers, log: false };
  if (exception instanceof DomainError) return { problem: domainProblem(exception), headers: {}, log: false };
  if (exception instanceof WrongExpectedRevisionError) {
    return {
      problem: {
        type: '/problems/concurrency-conflict',
        title: 'Concurrent modification',
        status: 409,
        detail: 'The data changed while the request was processed; retry the request',
      },
      headers: {},
      log: false,
    };
  }
  if (exception instanceof EventStoreUnavailableError) {
    return {
      problem: {
        type: '/problems/store-unavailable',
        title: 'Event store unavailable',
        status: 503,
        detail: 'The event store is not reachable; retry later',
      },
      headers: { 'retry-after': '5' },
      log: true,
    };
  }
  if (exception instanceof StreamNotFoundError) return plain(404, 'Not found');
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status >= 500) return { ...plain(status, STATUS_CODES[status] ?? 'Server error'), log: status === 500 };
    const headers: Record<string, string> = status === 401 ? { 'www-authenticate': 'Bearer realm="ledger"' } : {};
    return { problem: plain(status, messageOf(exception)).problem, headers, log: false };
  }
  // Fastify errors that reach us unwrapped carry their 4xx status (body too large, bad JSON …).
  const status = statusCodeOf(exception);
  if (status !== null) return plain(status, exception instanceof Error ? exception.message : 'Bad request');
  return { ...plain(500, 'An unexpected error occurred; quote the correlation id when reporting it'), log: true };
}

function domainProblem(error: DomainError): ProblemBody {
  const extras = {
    detail: error.message,
    ...(error.violations.length > 0 ? { errors: error.violations } : {}),
    ...(error.ruleId ? { ruleId: error.ruleId } : {}),
  };
  switch (error.code) {
    case 'validation':
      return { type: '/problems/validation', title: 'Invalid request', status: 400, ...extras };
    case 'not-found':
      return { type: '/problems/not-found', title: 'Not found', status: 404, ...extras };
    case 'conflict':
      return { type: '/problems/conflict', title: 'Conflict', status: 409, ...extras };
    case 'rule-violation':
      return { type: '/problems/rule-violation', title: 'Refused by a program rule', status: 422, ...extras };
    default:
      return assertNever(error.code, 'DomainError code');
  }
}

function plain(status: number, detail: string): ProblemResponse {
  return { problem: { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail }, headers: {}, log: false };
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return typeof message === 'string' ? message : exception.message;
}

function statusCodeOf(exception: unknown): number | null {
  const status = (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}
