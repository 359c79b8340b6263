/**
 * The global ValidationPipe (ADR 0005): unknown fields are rejected, payloads are transformed to
 * their DTO classes, and every class-validator failure becomes ONE 400 problem listing each field
 * by its path (`primaryContact.email`, `lines[0].amount`).
 */
import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldViolation } from '@ledger/domain';
import { ProblemException } from './problem.exception';

export function validationProblem(errors: readonly FieldViolation[], detail = 'The request is invalid'): ProblemException {
  return new ProblemException({ type: '/problems/validation', title: 'Invalid request', status: 400, detail, errors });
}

export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): FieldViolation[] {
  const out: FieldViolation[] = [];
  for (const error of errors) {
    const field = joinPath(parent, error.property);
    for (const message of Object.values(error.constraints ?? {})) out.push({ field: field || '(body)', message });
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

function joinPath(parent: string, property: string | undefined): string {
  if (property === undefined || property === '') return parent;
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const violations = flattenValidationErrors(errors);
      return validationProblem(violations, violations.map((v) => `${v.field}: ${v.message}`).join('; '));
    },
  });
}
