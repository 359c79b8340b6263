/**
 * Issue 7, "Done means": at least 10,000 malformed or hostile requests across every mutating
 * route of the running app → only 4xx `application/problem+json` responses, never a 2xx or a 5xx,
 * and not one event appended. Routes are discovered from the app (route-catalog.ts), so routes
 * added later are fuzzed too. Every request starts from a valid request for its route and is
 * made invalid by construction (hostile-values.ts). Reproduce a run with FUZZ_SEED=<seed>; print
 * the status distribution with FUZZ_REPORT=1.
 */
import fc from 'fast-check';
import { startLedgerApp, type LedgerTestApp } from '../support/ledger-test-app';
import { dtoErrors, dtoFields } from './support/dto-fields';
import { baseRequestFor, FUZZ_NOW, knownBaseRequests, seedFuzzWorld, type FuzzWorld } from './support/fuzz-fixtures';
import {
  deep,
  deepArray,
  MAX_PARAM_LENGTH,
  PROTOTYPE_MEMBER_NAMES,
  routeFuzzPlan,
  type HostileRequest,
  type RouteFuzzPlan,
} from './support/hostile-values';
import { discoverRoutes, fillPath, isMutating, type RouteInfo } from './support/route-catalog';

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_415);
const TOTAL_REQUESTS = 10_500;

interface Anomaly {
  readonly route: string;
  readonly kind: string;
  readonly mutation: string;
  readonly status: number;
  readonly why: string;
  readonly body: string;
}

describe('hostile input: every mutating route answers malformed or hostile requests with a 4xx problem and appends nothing (issue 7)', () => {
  let t: LedgerTestApp;
  let world: FuzzWorld;
  let routes: RouteInfo[];
  let plans: RouteFuzzPlan[];

  beforeAll(async () => {
    t = await startLedgerApp({ now: FUZZ_NOW });
    world = await seedFuzzWorld(t);
    await t.settle();
    routes = discoverRoutes(t.app).filter((r) => isMutating(r) && !r.isPublic);
    plans = routes.map((route) => routeFuzzPlan(route, baseRequestFor(route, world), { token: t.adminToken, bodyLimitBytes: t.config.bodyLimitBytes }));
  }, 60_000);
  afterAll(() => t.close());

  it('every mutating route has a valid base request its DTO accepts, so the mutation is the only fault', () => {
    expect(routes.length).toBeGreaterThanOrEqual(25);
    const invalid = plans
      .filter((p) => p.dto !== null && (p.base.body === undefined || dtoErrors(p.dto, p.base.body).length > 0))
      .map((p) => `${p.route.id}: ${JSON.stringify(p.base.body === undefined ? 'no body' : dtoErrors(p.dto!, p.base.body).map((e) => e.property))}`);
    expect(invalid).toEqual([]);
    const unmutated = plans.filter((p) => p.dto !== null && p.targets.every((f) => f.hostile.length === 0)).map((p) => p.route.id);
    expect(unmutated).toEqual([]);
  });

  it('control: each hand-written base request is accepted (2xx) on a fresh copy of the seeded program', async () => {
    const fresh = await startLedgerApp({ now: FUZZ_NOW });
    try {
      const freshWorld = await seedFuzzWorld(fresh);
      // C-5: no ladder step is due in the seeded program, so its (DTO-valid) base request is a 422.
      const expectedStatus = (id: string): string => (id === 'POST /partners/:partnerId/ladder-decisions' ? '422' : '2xx');
      const wrong: string[] = [];
      for (const [id, base] of Object.entries(knownBaseRequests(freshWorld))) {
        const route = routes.find((r) => r.id === id);
        if (!route) continue; // a route that was renamed: the DTO-validity test above covers what exists
        const res = await fresh.app.inject({
          method: route.method,
          url: fillPath(route, base.params),
          headers: { authorization: `Bearer ${fresh.adminToken}`, ...(base.body ? { 'content-type': 'application/json' } : {}) },
          payload: base.body ? JSON.stringify(base.body) : undefined,
        });
        const actual = res.statusCode >= 200 && res.statusCode < 300 ? '2xx' : String(res.statusCode);
        if (actual !== expectedStatus(id)) wrong.push(`${id}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
      expect(wrong).toEqual([]);
    } finally {
      await fresh.close();
    }
  }, 60_000);

  it(`at least ${TOTAL_REQUESTS} hostile requests → 4xx application/problem+json only, no 5xx, zero events appended (fast-check seed ${SEED})`, async () => {
    const head = await t.head();
    const perRoute = Math.ceil(TOTAL_REQUESTS / plans.length);
    const anomalies: Anomaly[] = [];
    const byStatus = new Map<number, number>();
    const byKind = new Map<string, number>();
    let sent = 0;
    let last = head;

    for (const [i, plan] of plans.entries()) {
      for (const request of fc.sample(plan.arbitrary, { seed: SEED + i, numRuns: perRoute })) {
        const res = await send(t, request);
        sent++;
        byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
        byKind.set(request.kind, (byKind.get(request.kind) ?? 0) + 1);
        const now = await t.head();
        const why = verdict(res, now, last);
        last = now;
        if (why) anomalies.push({ route: plan.route.id, kind: request.kind, mutation: request.description, status: res.status, why, body: res.body.slice(0, 300) });
      }
    }

    if (process.env.FUZZ_REPORT === '1') {
      process.stdout.write(`fuzz seed ${SEED}: ${sent} requests over ${plans.length} routes\nby status: ${JSON.stringify(Object.fromEntries(byStatus))}\nby mutation: ${JSON.stringify(Object.fromEntries(byKind))}\n`);
    }
    expect(sent).toBeGreaterThanOrEqual(10_000);
    expect(summarize(anomalies)).toEqual([]);
    expect(await t.head()).toBe(head);
  }, 180_000);
});

async function send(t: LedgerTestApp, request: HostileRequest): Promise<{ status: number; contentType: string; body: string }> {
  const res = await t.app.inject({ method: request.method, url: request.url, headers: request.headers, payload: request.payload });
  return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), body: res.body };
}

function verdict(res: { status: number; contentType: string; body: string }, head: bigint | null, before: bigint | null): string | null {
  if (head !== before) return `appended events (head ${String(before)} → ${String(head)})`;
  if (res.status < 400 || res.status >= 500) return `status ${res.status}`;
  if (!res.contentType.startsWith('application/problem+json')) return `content-type ${res.contentType}`;
  try {
    const problem = JSON.parse(res.body) as { status?: unknown; title?: unknown };
    if (problem.status !== res.status || typeof problem.title !== 'string') return 'not a problem document';
  } catch {
    return 'body is not JSON';
  }
  return null;
}

/** One line per (route, mutation kind, verdict), with the first example: readable when many fail. */
function summarize(anomalies: readonly Anomaly[]): string[] {
  const groups = new Map<string, { first: Anomaly; count: number }>();
  for (const a of anomalies) {
    const key = `${a.route} | ${a.kind} | ${a.why}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { first: a, count: 1 });
  }
  return [...groups.entries()].map(([key, { first, count }]) => `${key} ×${count} — e.g. ${first.mutation} → ${first.body}`);
}

/**
 * Defects found by the fuzz, each pinned by a test that fails today (it.failing) and passes once
 * the lead fixes it — then turn it into `it` and widen the fuzz (hostile-values.ts) accordingly.
 * These run on their own app: while the defects exist, some of these requests append events.
 */
describe('hostile input: defects the fuzz found, pinned after their fix', () => {
  let t: LedgerTestApp;
  let world: FuzzWorld;
  let routes: RouteInfo[];

  beforeAll(async () => {
    t = await startLedgerApp({ now: FUZZ_NOW });
    world = await seedFuzzWorld(t);
    routes = discoverRoutes(t.app).filter((r) => isMutating(r) && !r.isPublic);
  }, 60_000);
  afterAll(() => t.close());

  const json = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

  /** Sends each request; lists every answer that is not a 4xx problem or that appended events. */
  async function refusals(requests: readonly { route: RouteInfo; url: string; payload: string | undefined; what: string }[]): Promise<string[]> {
    const wrong: string[] = [];
    for (const { route, url, payload, what } of requests) {
      const before = await t.head();
      const res = await send(t, { kind: 'field-value', description: what, method: route.method, url, headers: json(t.adminToken), payload });
      const why = verdict(res, await t.head(), before);
      if (why) wrong.push(`${route.id} ${what}: ${why}`);
    }
    return wrong;
  }

  // 500 today: class-transformer / ValidationPipe recurse once per nesting level and overflow the stack
  // (RangeError: Maximum call stack size exceeded) from about 2,000 levels. Fix: cap the JSON depth at the
  // parser, e.g. in createApp replace Fastify's JSON parser with one that counts '{'/'[' nesting (outside
  // strings) and answers 400 beyond 64 levels before calling fastify.getDefaultJsonParser('error', 'error').
  it('fixed 5xx (JSON nesting capped at the parser): JSON nested 5,000 or 20,000 levels deep is a 400 problem, not a 500', async () => {
    const requests = routes
      .filter((r) => r.bodyDto)
      .flatMap((route) => {
        const base = baseRequestFor(route, world);
        const url = fillPath(route, base.params);
        const field = dtoFields(route.bodyDto!)[0]!.name;
        const body = JSON.stringify({ ...base.body, [field]: '__deep__' });
        return [
          { route, url, payload: body.replace('"__deep__"', deepArray(5_000)), what: `${field} = arrays nested 5000 deep` },
          { route, url, payload: body.replace('"__deep__"', deep(5_000, '1')), what: `${field} = objects nested 5000 deep` },
          { route, url, payload: deepArray(20_000), what: 'body = arrays nested 20000 deep' },
        ];
      });
    expect(await refusals(requests)).toEqual([]);
  }, 120_000);

  // Fastify answers these itself, before Nest: 414 {"error","code":"FST_ERR_MAX_PARAM_LENGTH",…} and
  // 400 {"code":"FST_ERR_BAD_URL",…} as application/json, not RFC 9457 problems with a correlationId
  // (ADR 0005: every error leaves as application/problem+json). Fix: pass `frameworkErrors:
  // (error, request, reply) => reply.status(error.statusCode ?? 400).type('application/problem+json')
  // .send(<problem with instance and correlationId>)` to the FastifyAdapter in createApp.
  it(`fixed non-problem answer (Fastify frameworkErrors): a path parameter over ${MAX_PARAM_LENGTH} characters or a malformed %-escape is a 4xx problem+json`, async () => {
    const requests = routes
      .filter((r) => r.params.length > 0)
      .flatMap((route) => {
        const base = baseRequestFor(route, world);
        const payload = route.bodyDto ? JSON.stringify(base.body) : undefined;
        const param = route.params[0]!;
        return [
          { route, url: fillPath(route, { ...base.params, [param]: 'A'.repeat(MAX_PARAM_LENGTH + 1) }), payload, what: `:${param} of ${MAX_PARAM_LENGTH + 1} characters` },
          { route, url: fillPath(route, { ...base.params, [param]: 'MARK' }).replace('MARK', '%E0%A4%A'), payload, what: `:${param} = %E0%A4%A` },
        ];
      });
    expect(await refusals(requests)).toEqual([]);
  });

  // 2xx today: class-transformer skips body keys whose name is a function on the DTO's prototype chain
  // (toString, valueOf, hasOwnProperty, constructor, …), so class-validator's forbidNonWhitelisted never
  // sees them and the request runs (ADR 0005: unknown fields are rejected). Fix: in createValidationPipe,
  // before transforming, refuse (400, field = the key path) any own key of the body, at any depth, that is
  // in Object.getOwnPropertyNames(Object.prototype).
  it('fixed unknown-field bypass (Object.prototype member names refused in the ValidationPipe): fields named toString, constructor, valueOf … are refused like any unknown field', async () => {
    const requests = routes
      .filter((r) => r.bodyDto)
      .flatMap((route) => {
        const base = baseRequestFor(route, world);
        return PROTOTYPE_MEMBER_NAMES.map((name) => ({ route, url: fillPath(route, base.params), payload: JSON.stringify({ ...base.body, [name]: 'x' }), what: `unknown field ${name}` }));
      });
    expect(await refusals(requests)).toEqual([]);
  }, 60_000);

  // 201 today: validateProgramTerms checks every known field but ignores unknown ones, so the amendment is
  // stored with them in ProgramTermsAmended (T-1: one typed terms object). Fix: in
  // libs/domain/src/program-terms/program-terms.validation.ts report every key that is not part of
  // ProgramTerms, at every level (`terms.tiers.premier.newLicenceBp: unknown field (T-1)`).
  it('fixed T-1 gap (validateProgramTerms refuses unknown fields): an amendment whose terms carry an unknown field, at the top or nested, is refused and appends nothing', async () => {
    const route = routes.find((r) => r.id === 'POST /program-terms/amendments')!;
    const terms = world.terms as { tiers: Record<string, Record<string, unknown>> };
    const variants: [string, Record<string, unknown>][] = [
      ['terms.bonusPercent', { ...terms, version: 'fuzz-unknown-1', bonusPercent: 50 }],
      ['terms.tiers.premier.newLicenceBp', { ...terms, version: 'fuzz-unknown-2', tiers: { ...terms.tiers, premier: { ...terms.tiers.premier, newLicenceBp: 9_999 } } }],
    ];
    const requests = variants.map(([what, amended]) => ({
      route,
      url: route.path,
      payload: JSON.stringify({ terms: amended, effectiveFrom: '2027-01-01', reason: 'unknown field' }),
      what,
    }));
    expect(await refusals(requests)).toEqual([]);
  });
});
