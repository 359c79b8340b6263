/** A field-level problem with a command's input. */
export interface FieldViolation {
  readonly field: string;
  readonly message: string;
}

export type DomainErrorCode =
  | 'validation'
  | 'not-found'
  | 'conflict'
  | 'rule-violation';

/**
 * A refusal by the domain. Carries the rule ID (PROGRAM_RULES.md) that refused it and,
 * for bad input, field-level violations. Only controllers map these to HTTP problems.
 */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly ruleId: string | null = null,
    readonly violations: readonly FieldViolation[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static validation(violations: readonly FieldViolation[], ruleId: string | null = null): DomainError {
    const summary = violations.map((v) => `${v.field}: ${v.message}`).join('; ');
    return new DomainError('validation', `Invalid input: ${summary}`, ruleId, violations);
  }

  static rule(ruleId: string, message: string, field?: string): DomainError {
    return new DomainError('rule-violation', message, ruleId, field ? [{ field, message }] : []);
  }

  static notFound(what: string, field?: string): DomainError {
    const message = `${what} not found`;
    return new DomainError('not-found', message, null, field ? [{ field, message }] : []);
  }

  static conflict(message: string, ruleId: string | null = null): DomainError {
    return new DomainError('conflict', message, ruleId);
  }
}

/** Collects field violations and throws one DomainError with all of them. */
export class Violations {
  private readonly list: FieldViolation[] = [];
  add(field: string, message: string): this {
    this.list.push({ field, message });
    return this;
  }
  check(condition: boolean, field: string, message: string): this {
    if (!condition) this.add(field, message);
    return this;
  }
  get isEmpty(): boolean {
    return this.list.length === 0;
  }
  throwIfAny(ruleId: string | null = null): void {
    if (this.list.length > 0) throw DomainError.validation(this.list, ruleId);
  }
}
