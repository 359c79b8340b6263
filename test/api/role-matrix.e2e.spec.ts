/**
 * Issue 7 "Who may do what" and ADR 0005: every route of the running app × every caller (the six
 * roles, no key, a revoked key, a forged key) answers as the role matrix computed from the route
 * metadata says — over real HTTP — and a partner key never reaches another partner's data,
 * through any GET route, the event pages or the SSE feed. Routes are discovered, not listed, so
 * routes added later are covered. `WRITE_ROLE_MATRIX=1` regenerates docs/role-matrix.md.
 */
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { ApiKeyService } from '../../apps/api/src/platform/auth/api-key.service';
import { startLedgerApp, type LedgerTestApp } from '../support/ledger-test-app';
import { openSse } from './platform/support/sse-client';
import { dtoFields, dtoValidBody } from './support/dto-fields';
import { discoverRoutes, fillPath, isMutating, type RouteInfo } from './support/route-catalog';
import { CALLERS, expectedAccess, namesPartner, renderRoleMatrix, type Caller } from './support/role-matrix';
import { ALPHA, BRAVO, ISOLATION_NOW, seedTwoPartners, type TwoPartners } from './support/two-partners';

const MATRIX_FILE = path.join(__dirname, '../../docs/role-matrix.md');
/** The only routes that need no key (ADR 0005); the docs UI and /docs-json are served outside Nest. */
const PUBLIC_ROUTES = ['GET /health'];

interface OpenApiParameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly example?: unknown;
  readonly schema?: { readonly example?: unknown };
}
type OpenApiDocument = { paths: Record<string, Record<string, { parameters?: OpenApiParameter[] }>> };

describe('role matrix and partner isolation over HTTP (issue 7, ADR 0005)', () => {
  let t: LedgerTestApp;
  let routes: RouteInfo[];
  let openApi: OpenApiDocument;
  let world: TwoPartners;
  let baseUrl: string;
  const tokens = new Map<Caller, string | undefined>();

  beforeAll(async () => {
    t = await startLedgerApp({ now: ISOLATION_NOW });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    world = await seedTwoPartners(t);
    routes = discoverRoutes(t.app);
    openApi = (await t.get('/docs-json')).body as OpenApiDocument;

    const keys = t.app.get(ApiKeyService);
    tokens.set('admin', t.adminToken);
    for (const role of ['finance', 'partner-manager', 'ingest', 'subscriber'] as const) tokens.set(role, t.tokenFor(role));
    tokens.set('partner', world.alphaToken);
    tokens.set('no key', undefined);
    const revoked = keys.issue({ role: 'admin', label: 'role matrix: revoked admin' });
    keys.revoke(revoked.keyId);
    tokens.set('revoked key', revoked.token);
    const forged = keys.issue({ role: 'admin', label: 'role matrix: forged admin' });
    tokens.set('forged key', `lk_${forged.keyId}_${'A'.repeat(43)}`); // a real key id, a wrong secret
  }, 60_000);
  afterAll(() => t.close());

  const bodyFieldsOf = (route: RouteInfo): string[] => (route.bodyDto ? dtoFields(route.bodyDto).map((f) => f.name) : []);
  const partnerScoped = (route: RouteInfo): boolean => namesPartner(route, bodyFieldsOf(route));

  async function call(route: RouteInfo, url: string, token: string | undefined, body?: unknown) {
    const res = await t.app.inject({
      method: route.method,
      url,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(isMutating(route) ? { 'content-type': 'application/json' } : {}),
      },
      payload: isMutating(route) ? JSON.stringify(body ?? {}) : undefined,
    });
    return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), headers: res.headers, text: res.body };
  }

  /** Path parameters an allowed caller may use: the partner key's own id, placeholders elsewhere. */
  const ownParams = (route: RouteInfo): Record<string, string> =>
    Object.fromEntries(route.params.map((p) => [p, p === 'partnerId' ? ALPHA : `matrix-no-such-${p}`]));

  describe('the matrix', () => {
    it('covers every operation of the OpenAPI document, and the document covers every route', () => {
      const documented = Object.entries(openApi.paths)
        .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{([^}]+)\}/g, ':$1')}`))
        .sort();
      expect(routes.map((r) => r.id).sort()).toEqual(documented);
      expect(routes.length).toBeGreaterThanOrEqual(39);
    });

    it('needs a key everywhere except the allow-listed public routes', () => {
      expect(routes.filter((r) => r.isPublic).map((r) => r.id)).toEqual(PUBLIC_ROUTES);
    });

    it('lets no partner, subscriber or ingest key manage API keys: every /api-keys route is admin-only', () => {
      const admin = routes.filter((r) => r.path === '/api-keys' || r.path.startsWith('/api-keys/'));
      expect(admin.map((r) => r.id)).toEqual(expect.arrayContaining(['POST /api-keys', 'GET /api-keys', 'DELETE /api-keys/:keyId']));
      for (const route of admin) {
        for (const caller of ['partner', 'subscriber', 'ingest', 'finance', 'partner-manager'] as const) {
          expect(`${route.id} ${caller}: ${expectedAccess(route, caller)}`).toBe(`${route.id} ${caller}: 403`);
        }
      }
      expect(renderRoleMatrix(routes, partnerScoped)).toContain('| `DELETE /api-keys/:keyId` | ✅ | 403 | 403 | 403 | 403 | 403 | 401 | 401 | 401 |');
    });

    it('is rendered as docs/role-matrix.md (written when WRITE_ROLE_MATRIX=1)', () => {
      const markdown = renderRoleMatrix(routes, partnerScoped);
      for (const route of routes) expect(markdown).toContain(`| \`${route.id}\` |`);
      expect(renderRoleMatrix(routes, partnerScoped)).toBe(markdown); // deterministic
      if (process.env.WRITE_ROLE_MATRIX === '1') writeFileSync(MATRIX_FILE, markdown);
    });
  });

  describe.each(CALLERS.map((caller) => [caller]))('%s: every route answers as the matrix says', (caller) => {
    it('401/403 are problems that append nothing; allowed callers pass the guard (never 401/403, never 5xx)', async () => {
      const token = tokens.get(caller);
      const wrong: string[] = [];
      for (const route of routes) {
        const expected = expectedAccess(route, caller);
        const url = fillPath(route, ownParams(route));
        if (expected === 'allowed' && route.streaming) {
          const stream = await openSse(baseUrl, `${url}?from=start`, token ? { authorization: `Bearer ${token}` } : {});
          stream.close();
          if (stream.status !== 200) wrong.push(`${route.id}: stream answered ${stream.status}`);
          continue;
        }
        const head = await t.head();
        const res = await call(route, url, token);
        if (expected === 'allowed') {
          if (res.status === 401 || res.status === 403 || res.status >= 500) wrong.push(`${route.id}: expected to pass the guard, got ${res.status} ${res.text.slice(0, 200)}`);
          continue;
        }
        if (res.status !== expected) wrong.push(`${route.id}: expected ${expected}, got ${res.status}`);
        if (!res.contentType.startsWith('application/problem+json')) wrong.push(`${route.id}: ${res.status} is not a problem (${res.contentType})`);
        if (expected === 401 && res.headers['www-authenticate'] !== 'Bearer realm="ledger"') wrong.push(`${route.id}: 401 without WWW-Authenticate`);
        if ((await t.head()) !== head) wrong.push(`${route.id}: a refused request appended events`);
      }
      expect(wrong).toEqual([]);
    });
  });

  describe('partner scoping of the routes that name a partner', () => {
    it('a partner key naming another partner (path :partnerId or body partnerId) with a valid request gets 403 and appends nothing', async () => {
      const scoped = routes.filter((r) => expectedAccess(r, 'partner') === 'allowed' && partnerScoped(r));
      expect(scoped.map((r) => r.id)).toEqual(expect.arrayContaining(['GET /partners/:partnerId', 'POST /deal-registrations', 'POST /partners/:partnerId/staff-counts']));
      const wrong: string[] = [];
      for (const route of scoped) {
        const body = route.bodyDto ? dtoValidBody(route.bodyDto, { partnerId: BRAVO }) : undefined;
        if (route.bodyDto && !body) {
          wrong.push(`${route.id}: no DTO-valid body could be built, so the scope check is not reached`);
          continue;
        }
        const head = await t.head();
        const res = await call(route, fillPath(route, { ...ownParams(route), partnerId: BRAVO }), world.alphaToken, body);
        if (res.status !== 403) wrong.push(`${route.id}: expected 403, got ${res.status} ${res.text.slice(0, 200)}`);
        if ((await t.head()) !== head) wrong.push(`${route.id}: appended events`);
      }
      expect(wrong).toEqual([]);
    });

    it('control: the same requests naming its own partner pass the scope check (never 403, never 5xx)', async () => {
      const wrong: string[] = [];
      for (const route of routes.filter((r) => expectedAccess(r, 'partner') === 'allowed' && partnerScoped(r))) {
        const body = route.bodyDto ? dtoValidBody(route.bodyDto, { partnerId: ALPHA }) : undefined;
        const res = await call(route, fillPath(route, ownParams(route)), world.alphaToken, body);
        if (res.status === 403 || res.status >= 500) wrong.push(`${route.id}: ${res.status} ${res.text.slice(0, 200)}`);
      }
      expect(wrong).toEqual([]);
      const own = await t.get(`/partners/${ALPHA}`, world.alphaToken);
      expect(own.status).toBe(200);
      expect(own.body.partnerId).toBe(ALPHA);
    });
  });

  describe('partner isolation: partner A never sees or touches partner B’s data', () => {
    let bravoEventIds: string[] = [];
    beforeAll(async () => {
      const all = (await t.get('/events?from=start&limit=1000')).body as { events: { id: string; data: { partnerId?: string } }[] };
      bravoEventIds = all.events.filter((e) => e.data.partnerId === BRAVO).map((e) => e.id).slice(0, 3);
    });

    /** B's identifiers for each path parameter name; unknown names (eventId, lineId, …) get every identifier of B. */
    const bravoValues = (name: string): string[] => {
      const byName: Record<string, string[]> = {
        partnerId: [BRAVO],
        key: [world.bravoSoloKey, world.contestedKey],
        registrationId: [...world.bravoRegistrationIds],
        quarter: ['2025-Q4', '2026-Q1', '2026-Q2'],
      };
      return byName[name] ?? [BRAVO, world.bravoSoloKey, ...world.bravoRegistrationIds, ...bravoEventIds, 'bravo-survey-1', 'bravo-secret-customer', '2026-Q1'];
    };

    const urlsFor = (route: RouteInfo): string[] => {
      let combos: Record<string, string>[] = [{}];
      for (const param of route.params) combos = combos.flatMap((c) => bravoValues(param).map((v) => ({ ...c, [param]: v })));
      const query = queryFor(route);
      return combos.map((c) => `${fillPath(route, c)}${query}`);
    };

    /** Required query parameters (OpenAPI example, or a known value) and the full range of feeds. */
    const queryFor = (route: RouteInfo): string => {
      const openApiPath = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      const parameters = openApi.paths[openApiPath]?.[route.method.toLowerCase()]?.parameters ?? [];
      const known: Record<string, string> = { quarter: '2025-Q4', companyName: 'Bravo Exclusive Widgets', from: 'start', limit: '1000' };
      const pairs = parameters
        .filter((p) => p.in === 'query' && (p.required || p.name === 'from' || p.name === 'limit'))
        .map((p): [string, string] => [p.name, known[p.name] ?? String(p.example ?? p.schema?.example ?? 'x')]);
      return pairs.length > 0 ? `?${new URLSearchParams(pairs).toString()}` : '';
    };

    const leaked = (text: string, url: string): string[] => world.bravoSecrets.filter((s) => text.includes(s) && !decodeURIComponent(url).includes(s));
    it('every GET route asked for B’s identifiers with A’s key answers 403/404 or A-only data, while an admin sees B’s data there', async () => {
      const wrong: string[] = [];
      const adminSeesBravo = new Set<string>();
      for (const route of routes.filter((r) => r.method === 'GET' && !r.streaming)) {
        for (const url of urlsFor(route)) {
          const asAlpha = await call(route, url, world.alphaToken);
          const asAdmin = await call(route, url, t.adminToken);
          if (leaked(asAdmin.text, url).length > 0) adminSeesBravo.add(route.id);
          const leaks = leaked(asAlpha.text, url);
          if (leaks.length > 0) wrong.push(`${url} (${asAlpha.status}) leaks ${leaks.join(', ')}`);
          if (asAlpha.status >= 500) wrong.push(`${url}: ${asAlpha.status}`);
          if (expectedAccess(route, 'partner') === 'allowed' && ![200, 403, 404].includes(asAlpha.status)) {
            wrong.push(`${url}: expected 200 (A's data only), 403 or 404, got ${asAlpha.status} ${asAlpha.text.slice(0, 200)}`);
          }
        }
      }
      expect(wrong).toEqual([]);
      // Control: the secrets are visible through these routes to a key that may see them.
      expect([...adminSeesBravo]).toEqual(expect.arrayContaining(['GET /partners/:partnerId', 'GET /opportunities/:key/timeline', 'GET /events']));
    });

    it('D-12: on the contested opportunity A sees only its own rejected attempt, and not who holds the opportunity', async () => {
      const url = `/opportunities/${world.contestedKey}/timeline`;
      const view = await t.get(url, world.alphaToken);
      expect(view.status).toBe(200);
      expect(view.body.entries.map((e: { partnerId: string; type: string }) => `${e.partnerId}:${e.type}`)).toEqual([`${ALPHA}:DealRegistrationRejected`]);
      expect(view.body.protection).toMatchObject({ status: 'protected', partnerId: null });
      expect(leaked(JSON.stringify(view.body), url)).toEqual([]);
      expect((await t.get(`/opportunities/${world.bravoSoloKey}/timeline`, world.alphaToken)).status).toBe(404);
    });

    // Fixed leak: partnerView() masks the holder's registration id as well as its partner id (D-3, ADR 0005).
    it('A’s timeline view of the contested opportunity shows neither B’s partner id nor B’s registration id, live or ?asOf', async () => {
      for (const query of ['', `?asOf=${encodeURIComponent(ISOLATION_NOW)}`]) {
        const url = `/opportunities/${world.contestedKey}/timeline${query}`;
        const view = await t.get(url, world.alphaToken);
        expect(view.status).toBe(200);
        expect(leaked(JSON.stringify(view.body), url)).toEqual([]);
      }
    });

    it('/events with A’s key holds A’s own events and none of B’s', async () => {
      const res = await t.get('/events?from=start&limit=1000', world.alphaToken);
      expect(res.status).toBe(200);
      const events = res.body.events as { type: string; data: { partnerId?: string } }[];
      expect(events.filter((e) => e.type === 'PartnerEnrolled').map((e) => e.data.partnerId)).toEqual([ALPHA]);
      expect(leaked(JSON.stringify(res.body), '/events')).toEqual([]);
    });

    it('the SSE feed from the start with A’s key streams A’s events up to caught-up and none of B’s', async () => {
      for (const route of routes.filter((r) => r.method === 'GET' && r.streaming)) {
        const asAlpha = await readFeed(route.path, world.alphaToken);
        const asAdmin = await readFeed(route.path, t.adminToken);
        expect(asAlpha.some((m) => m.includes('"type":"PartnerEnrolled"') && m.includes(ALPHA))).toBe(true);
        expect(asAlpha.flatMap((m) => leaked(m, route.path))).toEqual([]);
        expect(asAdmin.flatMap((m) => leaked(m, route.path)).length).toBeGreaterThan(0); // control
      }
    });

    it('every mutating route a partner may call, aimed at B’s resources with a DTO-valid body, is refused and appends nothing', async () => {
      const wrong: string[] = [];
      for (const route of routes.filter((r) => isMutating(r) && expectedAccess(r, 'partner') === 'allowed')) {
        const body = route.bodyDto ? dtoValidBody(route.bodyDto, { partnerId: BRAVO, progressNote: 'hijack attempt', enrolledAt: '2026-04-15T14:00:00Z' }) : undefined;
        for (const url of urlsFor(route)) {
          const head = await t.head();
          const res = await call(route, url, world.alphaToken, body);
          if (res.status < 400 || res.status >= 500) wrong.push(`${url}: ${res.status} ${res.text.slice(0, 200)}`);
          if ((await t.head()) !== head) wrong.push(`${url}: appended events to B's data`);
        }
      }
      expect(wrong).toEqual([]);
    });

    // ADR 0005: a resource of another partner looked up by its own id answers 404, exactly as a missing
    // one, so a partner cannot probe for other partners' data (D-6 refusal is a not-found in the decider).
    it('A extending B’s registration is answered like a registration that does not exist (D-6, no existence oracle)', async () => {
      const extend = (key: string, registrationId: string) =>
        t.post(`/opportunities/${key}/registrations/${registrationId}/extensions`, { progressNote: 'probe' }, world.alphaToken);
      const missing = await extend(world.bravoSoloKey, 'no-such-registration');
      expect(missing.status).toBe(404);
      for (const registrationId of world.bravoRegistrationIds) {
        const key = registrationId === 'bravo-reg-solo' ? world.bravoSoloKey : world.contestedKey;
        const probe = await extend(key, registrationId);
        expect({ status: probe.status, type: probe.body.type }).toEqual({ status: missing.status, type: missing.body.type });
      }
    });
  });

  async function readFeed(routePath: string, token: string): Promise<string[]> {
    const stream = await openSse(baseUrl, `${routePath}?from=start`, { authorization: `Bearer ${token}` });
    try {
      expect(stream.status).toBe(200);
      await stream.until(() => stream.comments.some((c) => c.startsWith('caught-up')), 5_000);
      return stream.messages.map((m) => m.data);
    } finally {
      stream.close();
    }
  }
});
