/**
 * The global ValidationPipe (ADR 0005): unknown fields are rejected, payloads are transformed to
 * their DTO classes, and every class-validator failure becomes ONE 400 problem listing each field
 * by its path (`primaryContact.email`, `lines[0].amount`).
 */
import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
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

/**
 * Body keys named like members of Object.prototype (`toString`, `constructor`, `__proto__` …):
 * class-transformer skips them, so forbidNonWhitelisted would never see them. Refused up front.
 */
const PROTOTYPE_MEMBER_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

export function prototypeMemberKeys(value: unknown, path = ''): FieldViolation[] {
  if (typeof value !== 'object' || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((item, i) => prototypeMemberKeys(item, `${path}[${i}]`));
  return Object.keys(value).flatMap((key) => {
    const field = path ? `${path}.${key}` : key;
    const own = PROTOTYPE_MEMBER_NAMES.has(key) ? [{ field, message: `property ${key} should not exist` }] : [];
    return [...own, ...prototypeMemberKeys((value as Record<string, unknown>)[key], field)];
  });
}

class LedgerValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') {
      const violations = prototypeMemberKeys(value);
      if (violations.length > 0) throw validationProblem(violations, violations.map((v) => `${v.field}: ${v.message}`).join('; '));
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new LedgerValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const violations = flattenValidationErrors(errors);
      return validationProblem(violations, violations.map((v) => `${v.field}: ${v.message}`).join('; '));
    },
  });
}
