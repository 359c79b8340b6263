import { HttpException } from '@nestjs/common';
import type { ProblemBody } from './problem';

/** An HTTP failure with a specific problem type (idempotency, validation …), rendered as is. */
export class ProblemException extends HttpException {
  constructor(
    readonly problem: ProblemBody,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(problem.detail, problem.status);
    this.name = 'ProblemException';
  }
}
