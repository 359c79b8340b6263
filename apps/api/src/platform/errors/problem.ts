/** RFC 9457 problem details, with the ledger's extension members (ADR 0005). */
import type { FieldViolation } from '@ledger/domain';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export interface Problem {
  /** A relative URI reference `/problems/<slug>`, or `about:blank` for a plain HTTP status. */
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** The request path of this occurrence. */
  readonly instance?: string;
  /** Field-level violations (`primaryContact.email`, `lines[0].amount` …). */
  readonly errors?: readonly FieldViolation[];
  /** The PROGRAM_RULES.md rule that refused the request. */
  readonly ruleId?: string;
  /** The request's correlation id (also in the X-Correlation-Id header): quote it to support. */
  readonly correlationId?: string;
}

export type ProblemBody = Omit<Problem, 'instance' | 'correlationId'>;
