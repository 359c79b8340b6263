/**
 * The fields of a request DTO as the global ValidationPipe sees them (class-validator and
 * @nestjs/swagger metadata), and a check that runs the same validation the pipe runs
 * (`whitelist`, `forbidNonWhitelisted`, class-transformer without implicit conversion). The
 * hostile-input fuzz uses it to keep only mutations the pipe must reject, and to build a
 * DTO-valid body for routes it has no hand-written example for.
 */
import type { Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import fc from 'fast-check';

const SWAGGER_PROPERTY = 'swagger/apiModelProperties';

export interface DtoField {
  readonly name: string;
  /** `@IsOptional()`: null and absent both skip validation. */
  readonly optional: boolean;
  /** `@ValidateIf(...)`: validation depends on the object (e.g. nullable fields). */
  readonly conditional: boolean;
  /** The nested DTO class of a `@ValidateNested()` field. */
  readonly nested: Type<object> | null;
  /** `enum` of the OpenAPI property: values outside it are refused (by the DTO or by the domain). */
  readonly enumValues: readonly string[] | null;
  readonly example: unknown;
  readonly patterns: readonly RegExp[];
  readonly validators: readonly string[];
  readonly length: { readonly min: number; readonly max: number } | null;
  readonly intRange: { readonly min: number; readonly max: number } | null;
}

interface RawMetadata {
  readonly propertyName: string;
  readonly type: string;
  readonly name?: string;
  readonly constraints?: unknown[];
}

export function dtoFields(dto: Type<object>): DtoField[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', false, false) as unknown as RawMetadata[];
  const names = [...new Set(metadata.map((m) => m.propertyName))];
  return names.map((name) => {
    const own = metadata.filter((m) => m.propertyName === name);
    const swagger = (Reflect.getMetadata(SWAGGER_PROPERTY, dto.prototype, name) ?? {}) as { enum?: unknown; example?: unknown };
    const designType = Reflect.getMetadata('design:type', dto.prototype, name) as unknown;
    const isNested = own.some((m) => m.type === 'nestedValidation');
    const constraint = (validator: string, i = 0): number | undefined => {
      const found = own.find((m) => m.name === validator);
      return found ? Number(found.constraints?.[i]) : undefined;
    };
    const lengthMin = constraint('isLength', 0);
    const isInt = own.some((m) => m.name === 'isInt');
    return {
      name,
      optional: own.some((m) => m.type === 'conditionalValidation' && m.name === 'isOptional'),
      conditional: own.some((m) => m.type === 'conditionalValidation' && m.name !== 'isOptional'),
      nested: isNested && typeof designType === 'function' && designType !== Object && designType !== Array ? (designType as Type<object>) : null,
      enumValues: Array.isArray(swagger.enum) ? swagger.enum.map(String) : null,
      example: swagger.example,
      patterns: own.filter((m) => m.name === 'matches').map((m) => m.constraints![0] as RegExp),
      validators: own.map((m) => m.name ?? m.type),
      length: lengthMin === undefined ? null : { min: lengthMin, max: constraint('isLength', 1) ?? Number.MAX_SAFE_INTEGER },
      intRange: isInt ? { min: constraint('min') ?? Number.MIN_SAFE_INTEGER, max: constraint('max') ?? Number.MAX_SAFE_INTEGER } : null,
    };
  });
}

/** Whether the global ValidationPipe accepts `body` for `dto` (same options, same libraries). */
export function dtoErrors(dto: Type<object>, body: unknown): ValidationError[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [{ property: '(body)', constraints: { isObject: 'object expected' }, children: [] } as ValidationError];
  }
  return validateSync(plainToInstance(dto, body), { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
}

export function isDtoValid(dto: Type<object>, body: unknown): boolean {
  return dtoErrors(dto, body).length === 0;
}

/** Whether the DTO refuses `value` in `field` of an otherwise valid `object`. */
export function dtoRefuses(dto: Type<object>, object: Record<string, unknown>, field: string, value: unknown): boolean {
  return !isDtoValid(dto, { ...object, [field]: value });
}

/**
 * A body the DTO accepts, built from its metadata: the OpenAPI example when valid, else a value
 * generated from the validators (regex → fast-check `stringMatching`, ranges → their minimum).
 * Required fields only. `overrides` (by field name, at any depth) win. Null when no valid body is
 * found — the caller then falls back to a hand-written example.
 */
export function dtoValidBody(dto: Type<object>, overrides: Readonly<Record<string, unknown>> = {}, seed = 1): Record<string, unknown> | null {
  const body: Record<string, unknown> = {};
  for (const field of dtoFields(dto)) {
    if (field.optional) continue;
    const candidates = Object.hasOwn(overrides, field.name) ? [overrides[field.name]] : candidateValues(field, overrides, seed);
    const valid = candidates.find((value) => value !== undefined && !fieldRefused(dto, body, field.name, value));
    if (valid === undefined) return null;
    body[field.name] = valid;
  }
  return isDtoValid(dto, body) ? body : null;
}

function candidateValues(field: DtoField, overrides: Readonly<Record<string, unknown>>, seed: number): unknown[] {
  if (field.nested) return [dtoValidBody(field.nested, overrides, seed) ?? undefined];
  const out: unknown[] = [field.example];
  if (field.enumValues) out.push(...field.enumValues);
  for (const pattern of field.patterns) out.push(...fc.sample(fc.stringMatching(pattern), { seed, numRuns: 5 }));
  if (field.intRange) out.push(Math.max(field.intRange.min, 0), field.intRange.min);
  if (field.validators.includes('isEmail')) out.push('fuzz@example.com');
  if (field.length) out.push('x'.repeat(Math.max(field.length.min, 1)));
  if (field.validators.includes('isObject')) out.push({});
  out.push('example', 1, null);
  return out;
}

/** Field-level check: the errors of the DTO with `value` in `name` name that field. */
function fieldRefused(dto: Type<object>, partial: Record<string, unknown>, name: string, value: unknown): boolean {
  const errors = validateSync(plainToInstance(dto, { ...partial, [name]: value }), { whitelist: true, forbidNonWhitelisted: true });
  return errors.some((e) => e.property === name);
}
