/**
 * Hostile values and hostile requests for the fuzz test (issue 7): every request built here is
 * invalid BY CONSTRUCTION. A value replaces a field only when the global ValidationPipe refuses it
 * there (checked with class-validator itself, see dto-fields.ts), or when it is one of the
 * semantic cases the domain must refuse although the DTO lets it through (a calendar date that
 * does not exist, negative money, an unknown currency, a value outside an enum). Free text that
 * accepts any string is therefore never "mutated" with an injection string it would accept.
 */
import type { Type } from '@nestjs/common';
import fc from 'fast-check';
import { dtoFields, isDtoValid } from './dto-fields';
import { fillPath, type RouteInfo } from './route-catalog';

/** A value as a JS value, or as a raw JSON literal JSON.stringify cannot produce (`1e999`). */
export type HostileValue = { readonly value: unknown } | { readonly raw: string };

export type MutationKind =
  | 'field-value'
  | 'field-missing'
  | 'unknown-field'
  | 'unknown-nested-field'
  | 'deep-nesting'
  | 'body-not-an-object'
  | 'prototype-poisoning'
  | 'malformed-json'
  | 'unsupported-content-type'
  | 'non-json-body'
  | 'oversized-body'
  | 'hostile-path-param'
  | 'hostile-idempotency-key';

export interface HostileRequest {
  readonly kind: MutationKind;
  readonly description: string;
  readonly method: RouteInfo['method'];
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly payload: string | undefined;
}

/** A request the route accepts (2xx) in the seeded fuzz app; every mutation starts from it. */
export interface BaseRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly body: Readonly<Record<string, unknown>> | undefined;
}

export const LONG_STRING = 'A'.repeat(100_000);

export const INJECTION_STRINGS: readonly string[] = [
  "'; DROP TABLE events;--",
  '" OR "1"="1',
  "1' OR '1'='1' --",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '{{7*7}}',
  '${7*7}',
  '#{7*7}',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '\u0000',
  'ok\u0000suffix',
  '%00',
  '\r\nX-Injected: 1',
  '{"$gt": ""}',
  '$where',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '\u202eevil',
  '😀',
  ' ',
  '',
];

const TYPE_CONFUSION: readonly HostileValue[] = [
  { value: null },
  { value: true },
  { value: false },
  { value: 0 },
  { value: -1 },
  { value: 1.5 },
  { value: '' },
  { value: 'NaN' },
  { value: 'Infinity' },
  { value: [] },
  { value: ['a'] },
  { value: [{}] },
  { value: {} },
  { value: { $gt: '' } },
];

const HUGE_NUMBERS: readonly HostileValue[] = [
  { value: 1e308 },
  { value: -1e308 },
  { value: 2 ** 64 },
  { value: -(2 ** 64) },
  { value: Number.MAX_SAFE_INTEGER + 2 },
  { value: 1_000_001 },
  { value: 101 },
  { value: 0.1 },
  { value: -0.0001 },
  { value: 86.5 },
  { raw: '1e999' },
  { raw: '-1e999' },
  { raw: '18446744073709551616' },
  { raw: '123456789012345678901234567890' },
  { raw: '1e-400' },
  { raw: '-0' }, // kept only where the DTO refuses it (e.g. 1–5 stars); -0 is a valid 0 elsewhere
];

const BAD_DATES = ['2026-02-30', '2026-13-01', '2026-00-10', '2025-02-29', '2026-04-31', '0000-00-00', '9999-99-99', 'yesterday', '2026/03/01', '01-03-2026', '2026-3-1', '20260301', '+002026-03-01', '2026-W10-1'];
const BAD_INSTANTS = [
  '2026-02-30T12:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-03-01T25:00:00Z',
  '2026-03-01T12:60:00Z',
  '2026-00-01T12:00:00Z',
  '2026-03-01T12:00:00+25:00',
  '2026-03-01T12:00:00',
  '2026-03-01',
  'yesterday',
  'now',
  '1767225600',
  'Tue, 03 Mar 2026 10:00:00 GMT',
];
const BAD_QUARTERS = ['2026-Q5', '2026-Q0', '2026Q1', 'Q1-2026', '2026-q1', '2026-Q1 ', '26-Q1', '2026-Q01', '-2026-Q1', '2026-H1'];
const BAD_MONEY = ['-1', '-5000000', '1.5', '1e3', '01', '1,000', '$100', '100 USD', '0x10', '18446744073709551616', '9999999999999999999', '-0.5', ' 1', '1 ', '٣'];
const BAD_CURRENCIES = ['usd', 'US', 'USDX', '$', 'ZZZ', 'AAA', 'U$D', '123', 'EUR '];
const NOT_IN_ENUM = ['platinum', 'PREMIER', 'Admin', 'constructor', '__proto__', 'toString', 'valueOf'];

const POOL: readonly HostileValue[] = [
  ...TYPE_CONFUSION,
  ...HUGE_NUMBERS,
  ...[...INJECTION_STRINGS, LONG_STRING, ...BAD_DATES, ...BAD_INSTANTS, ...BAD_QUARTERS, ...BAD_MONEY, ...BAD_CURRENCIES].map((value) => ({ value })),
];

/** Values the domain must refuse although the DTO's syntax check lets them through. */
function semanticHostiles(dto: Type<object>, object: Record<string, unknown>, field: ReturnType<typeof dtoFields>[number]): unknown[] {
  const accepts = (value: string): boolean => isDtoValid(dto, { ...object, [field.name]: value });
  const out: unknown[] = [];
  // @ValidateNested() validates each element of an array: the domain must refuse an array for an object.
  if (field.nested) out.push([], [object[field.name]]);
  const syntaxChecked = !accepts('abc'); // a date or instant field, not an id or free text that also accepts dates
  if (syntaxChecked && accepts('2026-03-01')) out.push('2026-02-30', '2026-13-01', '2026-00-10', '2025-02-29', '2026-04-31', '0000-00-00'); // not calendar dates
  if (syntaxChecked && accepts('2026-03-01T12:00:00Z')) out.push('2026-02-30T12:00:00Z', '2026-13-01T00:00:00Z', '2026-03-01T25:00:00Z', '2026-03-01T12:60:00Z', '2026-03-01T12:00:00+25:00');
  if (field.name === 'amountMinor') out.push('-1', '-5000000', '-999999999999999999'); // T-2: no negative amounts
  if (field.name === 'currency') out.push('ZZZ', 'AAA', 'QQQ'); // T-2: not ISO 4217
  if (field.enumValues) out.push(...NOT_IN_ENUM.filter((v) => !field.enumValues!.includes(v)));
  return out;
}

export interface FieldTarget {
  /** Path inside the body, e.g. `['estimatedArr', 'amountMinor']`. */
  readonly path: readonly string[];
  readonly hostile: readonly HostileValue[];
  /** Removing the field is refused. */
  readonly required: boolean;
}

/** Every field of the base body (at any depth) with the values that must be refused there. */
export function fieldTargets(dto: Type<object>, body: Record<string, unknown>, prefix: readonly string[] = []): FieldTarget[] {
  const targets: FieldTarget[] = [];
  for (const field of dtoFields(dto)) {
    const refused = (value: unknown): boolean => !isDtoValid(dto, { ...body, [field.name]: value });
    const hostile: HostileValue[] = POOL.filter((h) => refused('raw' in h ? JSON.parse(h.raw) : h.value));
    for (const value of semanticHostiles(dto, body, field)) {
      if (!hostile.some((h) => 'value' in h && JSON.stringify(h.value) === JSON.stringify(value))) hostile.push({ value });
    }
    const { [field.name]: _omitted, ...without } = body;
    targets.push({ path: [...prefix, field.name], hostile, required: !isDtoValid(dto, without) });
    const current = body[field.name];
    if (field.nested && typeof current === 'object' && current !== null && !Array.isArray(current)) {
      targets.push(...fieldTargets(field.nested, current as Record<string, unknown>, [...prefix, field.name]));
    }
  }
  return targets;
}

/** The nested DTO objects of a body (`@ValidateNested()` fields), for unknown-nested-field mutations. */
function nestedDtoPaths(dto: Type<object>, body: Readonly<Record<string, unknown>>, prefix: readonly string[] = []): string[][] {
  const out: string[][] = [];
  for (const field of dtoFields(dto)) {
    const value = body[field.name];
    if (!field.nested || typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    out.push([...prefix, field.name], ...nestedDtoPaths(field.nested, value as Record<string, unknown>, [...prefix, field.name]));
  }
  return out;
}

const RAW_MARK = '\u0001raw\u0001';

/** JSON text of `body` with `raw` literals spliced in where the marker string stands. */
function toJson(body: unknown, raws: readonly string[] = []): string {
  let text = JSON.stringify(body);
  raws.forEach((raw, i) => {
    text = text.replace(JSON.stringify(`${RAW_MARK}${i}`), raw);
  });
  return text;
}

const DELETE = Symbol('delete');

function setPath(body: Readonly<Record<string, unknown>>, path: readonly string[], value: unknown | typeof DELETE): Record<string, unknown> {
  const [head, ...rest] = path;
  const copy: Record<string, unknown> = { ...body };
  if (rest.length === 0) {
    if (value === DELETE) delete copy[head!];
    else copy[head!] = value;
  } else {
    copy[head!] = setPath(copy[head!] as Record<string, unknown>, rest, value);
  }
  return copy;
}

/** `{"a":{"a":…leaf…}}`, `depth` objects deep. */
export function deep(depth: number, leaf: string): string {
  return `${'{"a":'.repeat(depth)}${leaf}${'}'.repeat(depth)}`;
}
/** `[[[…]]]`, `depth` arrays deep. */
export function deepArray(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** Unknown field names, including names of Object.prototype members (refused by the ValidationPipe). */
/** class-transformer silently drops body keys named after Object.prototype members (hostile-input spec, it.failing). */
export const PROTOTYPE_MEMBER_NAMES = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'toLocaleString'];
const UNKNOWN_FIELD_NAMES = ['discount', 'isAdmin', 'role', 'amount', 'partnerIds', '$where', 'a'.repeat(1000), '', ' ', 'ratings.extra', ...PROTOTYPE_MEMBER_NAMES];
const MALFORMED_JSON = ['{', '{"a":1', "{'a': 1}", '{"a":1,}', '{a:1}', 'NaN', 'undefined', '[1,2', '{"a":1}}', '\u0000', '{"a":"\\x00"}', '{"a":"\\ud800"x}', '--', '<xml/>', '{"a": 01}', '{"a": .5}', '{"a": +1}', ' ', ''];
/** No parser → 415. (Fastify reads `application/json; charset=…` as JSON; Nest adds a urlencoded parser.) */
const UNSUPPORTED_CONTENT_TYPES = ['application/xml', 'multipart/form-data; boundary=fuzz', 'application/octet-stream', 'text/html', 'application/jsonx', 'image/png'];
/** Parsed, then refused by the DTO (a string, or one unknown key) — hostile only where a DTO reads the body. */
const NON_JSON_CONTENT_TYPES = ['text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded'];
/** Fastify's maxParamLength: a longer parameter gets Fastify's own 414 (hostile-input spec, it.failing). */
export const MAX_PARAM_LENGTH = 100;
const HOSTILE_PATH_VALUES: readonly string[] = [...INJECTION_STRINGS.filter((s) => s.trim() !== ''), 'A'.repeat(MAX_PARAM_LENGTH), 'A'.repeat(MAX_PARAM_LENGTH + 1), '..', '.', 'nonexistent-zz'];
/** Depths the app handles today; deeper JSON is the subject of its own (failing) test. */
const NESTING_DEPTHS = [64, 500, 5_000];
/** Malformed keys (ADR 0005: 1–200 printable ASCII). Two headers are joined by Node into one valid key, so not used. */
const HOSTILE_IDEMPOTENCY_KEYS: readonly string[] = ['k'.repeat(201), 'caf\u00e9-key', 'tab\tkey'];

export interface RouteFuzzPlan {
  readonly route: RouteInfo;
  readonly base: BaseRequest;
  readonly dto: Type<object> | null;
  readonly targets: readonly FieldTarget[];
  readonly arbitrary: fc.Arbitrary<HostileRequest>;
}

export interface FuzzOptions {
  readonly token: string;
  readonly bodyLimitBytes: number;
}

/**
 * The hostile requests for one route. Body mutations apply only when the route takes a DTO with
 * validation rules; parser-level ones (malformed JSON, unsupported media types, oversized bodies,
 * prototype poisoning), hostile path parameters and Idempotency-Key headers apply to every
 * mutating route.
 */
export function routeFuzzPlan(route: RouteInfo, base: BaseRequest, options: FuzzOptions): RouteFuzzPlan {
  const dto = route.bodyDto;
  const body = base.body ?? {};
  const targets = dto ? fieldTargets(dto, body as Record<string, unknown>) : [];
  const baseUrl = fillPath(route, base.params);
  const auth = { authorization: `Bearer ${options.token}` };
  const json = { ...auth, 'content-type': 'application/json' };
  const request = (kind: MutationKind, description: string, payload: string | undefined, headers: Record<string, string | string[]> = json, url = baseUrl): HostileRequest => ({
    kind,
    description,
    method: route.method,
    url,
    headers,
    payload,
  });
  const baseJson = toJson(body);
  const arbs: { arbitrary: fc.Arbitrary<HostileRequest>; weight: number }[] = [];
  const validated = dto !== null && dtoFields(dto).length > 0;

  if (validated) {
    const mutable = targets.filter((t) => t.hostile.length > 0);
    if (mutable.length > 0) {
      const oneField = fc.constantFrom(...mutable).chain((t) => fc.constantFrom(...t.hostile).map((h) => ({ t, h })));
      arbs.push({
        weight: 10,
        arbitrary: fc.uniqueArray(oneField, { minLength: 1, maxLength: 3, selector: ({ t }) => t.path.join('.') }).map((changes) => {
          const raws: string[] = [];
          let mutated: Record<string, unknown> = body as Record<string, unknown>;
          for (const { t, h } of changes) {
            const value = 'raw' in h ? `${RAW_MARK}${raws.push(h.raw) - 1}` : h.value;
            mutated = setPath(mutated, t.path, value);
          }
          const what = changes.map(({ t, h }) => `${t.path.join('.')}=${describe(h)}`).join(', ');
          return request('field-value', what, toJson(mutated, raws));
        }),
      });
    }
    const required = targets.filter((t) => t.required);
    if (required.length > 0) {
      arbs.push({
        weight: 2,
        arbitrary: fc.constantFrom(...required).map((t) => request('field-missing', `without ${t.path.join('.')}`, toJson(setPath(body, t.path, DELETE)))),
      });
    }
    arbs.push({
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...UNKNOWN_FIELD_NAMES.filter((n) => !Object.hasOwn(body, n))), fc.constantFrom(...POOL))
        .map(([name, h]) => request('unknown-field', `unknown field ${JSON.stringify(name.slice(0, 20))}=${describe(h)}`, toJson({ ...body, [name]: 'raw' in h ? `${RAW_MARK}0` : h.value }, 'raw' in h ? [h.raw] : []))),
    });
    const nestedObjects = nestedDtoPaths(dto, body);
    if (nestedObjects.length > 0) {
      arbs.push({
        weight: 1,
        arbitrary: fc.constantFrom(...nestedObjects).map((path) => request('unknown-nested-field', `unknown field ${path.join('.')}.injected`, toJson(setPath(body, [...path, 'injected'], "'; DROP TABLE events;--")))),
      });
    }
    // Deep arrays only where the DTO refuses an array, deep objects only where it refuses {}; else an unknown field.
    const refusesValue = (t: FieldTarget, v: unknown) => t.hostile.some((h) => 'value' in h && JSON.stringify(h.value) === JSON.stringify(v));
    const deepCases = targets.flatMap((t) => [
      ...(refusesValue(t, []) ? [{ path: t.path, arrays: true }] : []),
      ...(refusesValue(t, {}) ? [{ path: t.path, arrays: false }] : []),
    ]);
    if (deepCases.length === 0) deepCases.push({ path: ['deep'], arrays: true }, { path: ['deep'], arrays: false });
    arbs.push({
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(...NESTING_DEPTHS), fc.constantFrom(...deepCases)).map(([depth, { path, arrays }]) => {
        const nested = arrays ? deepArray(depth) : deep(depth, '1');
        return request('deep-nesting', `${path.join('.')} nested ${depth} deep (${arrays ? 'arrays' : 'objects'})`, toJson(setPath(body, path, `${RAW_MARK}0`), [nested]));
      }),
    });
    const notObjects: [string, string][] = [
      ['array', '[]'],
      ['array of the valid body', `[${baseJson}]`],
      ['string', '"a string"'],
      ['number', '42'],
      ['boolean', 'true'],
      ['deep array', deepArray(NESTING_DEPTHS.at(-1)!)],
    ];
    if (!isDtoValid(dto, {})) notObjects.push(['null', 'null']); // null is read as {} (ValidationPipe)
    arbs.push({ weight: 2, arbitrary: fc.constantFrom(...notObjects).map(([what, text]) => request('body-not-an-object', `body is ${what}`, text)) });
    arbs.push({
      weight: 1,
      arbitrary: fc.constantFrom(...NON_JSON_CONTENT_TYPES).map((type) => request('non-json-body', `valid JSON sent as ${type}`, baseJson, { ...auth, 'content-type': type })),
    });
  }

  arbs.push({
    weight: 1,
    arbitrary: fc.constantFrom(
      `{"__proto__":{"isAdmin":true},${baseJson.slice(1)}`,
      `{"constructor":{"prototype":{"isAdmin":true}},${baseJson.slice(1)}`,
    ).map((text) => request('prototype-poisoning', text.slice(0, 40), text.replace(/,}$/, '}'))),
  });
  arbs.push({ weight: 2, arbitrary: fc.constantFrom(...MALFORMED_JSON).map((text) => request('malformed-json', JSON.stringify(text), text)) });
  arbs.push({
    weight: 1,
    arbitrary: fc.constantFrom(...UNSUPPORTED_CONTENT_TYPES).map((type) => request('unsupported-content-type', type, baseJson, { ...auth, 'content-type': type })),
  });
  const oversized = toJson({ ...body, padding: 'x'.repeat(options.bodyLimitBytes) });
  arbs.push({ weight: 1, arbitrary: fc.constant(request('oversized-body', `${oversized.length} bytes > BODY_LIMIT_BYTES=${options.bodyLimitBytes}`, oversized)) });
  if (route.params.length > 0) {
    arbs.push({
      weight: 3,
      arbitrary: fc
        .tuple(fc.constantFrom(...route.params), fc.constantFrom(...HOSTILE_PATH_VALUES, ...BAD_QUARTERS))
        .filter(([param, value]) => param === 'quarter' || !BAD_QUARTERS.includes(value))
        .map(([param, value]) => request('hostile-path-param', `:${param}=${JSON.stringify(value.slice(0, 40))}`, route.bodyDto ? baseJson : undefined, route.bodyDto ? json : auth, fillPath(route, { ...base.params, [param]: value }))),
    });
  }
  arbs.push({
    weight: 1,
    arbitrary: fc
      .constantFrom(...HOSTILE_IDEMPOTENCY_KEYS)
      .map((key) => request('hostile-idempotency-key', `Idempotency-Key ${JSON.stringify(key).slice(0, 30)}`, route.bodyDto ? baseJson : undefined, { ...(route.bodyDto ? json : auth), 'idempotency-key': key })),
  });
  return { route, base, dto, targets, arbitrary: fc.oneof(...arbs) };
}

function describe(h: HostileValue): string {
  if ('raw' in h) return h.raw;
  const text = JSON.stringify(h.value) ?? String(h.value);
  return text.length > 40 ? `${text.slice(0, 30)}…(${text.length} chars)` : text;
}
