import { bearer, startPlatformApp, type PlatformTestApp } from './support/platform-test-app';

describe('API keys and roles (ADR 0005)', () => {
  let t: PlatformTestApp;
  beforeAll(async () => {
    t = await startPlatformApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 401 problem+json without an Authorization header', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api-keys' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="ledger"');
    expect(res.json()).toMatchObject({ type: 'about:blank', title: 'Unauthorized', status: 401, instance: '/api-keys' });
  });

  it.each([
    ['a malformed token', 'Bearer not-a-token'],
    ['an unknown key id', 'Bearer lk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['a basic scheme', 'Basic dXNlcjpwYXNz'],
  ])('answers 401 for %s', async (_what, authorization) => {
    const res = await t.app.inject({ method: 'GET', url: '/api-keys', headers: { authorization } });
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toBe('The API key is invalid or revoked');
  });

  it('answers 401 for a known key id with a wrong secret', async () => {
    const token = t.tokenFor('finance');
    const forged = `${token.slice(0, -4)}AAAA` === token ? `${token.slice(0, -4)}BBBB` : `${token.slice(0, -4)}AAAA`;
    const res = await t.app.inject({ method: 'GET', url: '/probe/finance-only', headers: bearer(forged) });
    expect(res.statusCode).toBe(401);
  });

  it('answers 401 once a key is revoked', async () => {
    const token = t.tokenFor('finance');
    expect((await t.app.inject({ method: 'GET', url: '/probe/finance-only', headers: bearer(token) })).statusCode).toBe(200);
    const keyId = token.split('_')[1];
    const revoked = await t.app.inject({ method: 'DELETE', url: `/api-keys/${keyId}`, headers: bearer(t.adminToken) });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ keyId, role: 'finance', revokedAt: expect.any(String) });
    const res = await t.app.inject({ method: 'GET', url: '/probe/finance-only', headers: bearer(token) });
    expect(res.statusCode).toBe(401);
  });

  it('answers 403 problem for a role the route does not allow', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/probe/finance-only', headers: bearer(t.tokenFor('ingest')) });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 403, title: 'Forbidden', detail: expect.stringContaining('finance') });
  });

  it('makes a route without @Roles admin-only (fail closed)', async () => {
    const asFinance = await t.app.inject({ method: 'GET', url: '/probe-default', headers: bearer(t.tokenFor('finance')) });
    expect(asFinance.statusCode).toBe(403);
    const asAdmin = await t.app.inject({ method: 'GET', url: '/probe-default', headers: bearer(t.adminToken) });
    expect(asAdmin.statusCode).toBe(200);
  });

  it('serves @Public routes without a key', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/probe/public' });
    expect(res.statusCode).toBe(200);
  });

  it('exposes the principal {keyId, role, partnerId} to handlers', async () => {
    const token = t.tokenFor('finance');
    const res = await t.app.inject({ method: 'GET', url: '/probe/finance-only', headers: bearer(token) });
    expect(res.json()).toEqual({ keyId: token.split('_')[1], role: 'finance', partnerId: null });
  });

  it('lets a partner key touch its own partnerId only (403 otherwise)', async () => {
    const token = t.tokenFor('partner', 'acme');
    const own = await t.app.inject({ method: 'GET', url: '/probe/partners/acme', headers: bearer(token) });
    expect(own.statusCode).toBe(200);
    const other = await t.app.inject({ method: 'GET', url: '/probe/partners/globex', headers: bearer(token) });
    expect(other.statusCode).toBe(403);
    const admin = await t.app.inject({ method: 'GET', url: '/probe/partners/globex', headers: bearer(t.adminToken) });
    expect(admin.statusCode).toBe(200);
  });

  describe('admin routes', () => {
    it('issues a key whose token is shown once and works', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api-keys',
        headers: bearer(t.adminToken),
        payload: { role: 'partner', partnerId: 'acme', label: 'Acme portal' },
      });
      expect(res.statusCode).toBe(201);
      const issued = res.json();
      expect(issued).toMatchObject({ role: 'partner', partnerId: 'acme', label: 'Acme portal', revokedAt: null });
      expect(issued.token).toMatch(/^lk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
      expect(issued.token.split('_')[1]).toBe(issued.keyId);

      const list = await t.app.inject({ method: 'GET', url: '/api-keys', headers: bearer(t.adminToken) });
      const listed = list.json().keys.find((k: { keyId: string }) => k.keyId === issued.keyId);
      expect(listed).toEqual({
        keyId: issued.keyId,
        role: 'partner',
        partnerId: 'acme',
        label: 'Acme portal',
        createdAt: issued.createdAt,
        revokedAt: null,
      });
      expect(JSON.stringify(list.json())).not.toContain(issued.token.split('_').slice(2).join('_'));

      const own = await t.app.inject({ method: 'GET', url: '/probe/partners/acme', headers: bearer(issued.token) });
      expect(own.statusCode).toBe(200);
    });

    it('requires a partnerId for partner keys and refuses one for other roles (400)', async () => {
      const missing = await t.app.inject({
        method: 'POST',
        url: '/api-keys',
        headers: bearer(t.adminToken),
        payload: { role: 'partner', label: 'x' },
      });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().errors).toEqual([{ field: 'partnerId', message: 'is required for a partner key' }]);
      const extra = await t.app.inject({
        method: 'POST',
        url: '/api-keys',
        headers: bearer(t.adminToken),
        payload: { role: 'finance', partnerId: 'acme', label: 'x' },
      });
      expect(extra.statusCode).toBe(400);
      const badRole = await t.app.inject({
        method: 'POST',
        url: '/api-keys',
        headers: bearer(t.adminToken),
        payload: { role: 'root', label: 'x' },
      });
      expect(badRole.statusCode).toBe(400);
      expect(badRole.json().errors[0].field).toBe('role');
    });

    it('is admin only', async () => {
      const token = t.tokenFor('partner-manager');
      for (const [method, url] of [
        ['GET', '/api-keys'],
        ['POST', '/api-keys'],
        ['DELETE', '/api-keys/0123456789abcdef'],
      ] as const) {
        const res = await t.app.inject({ method, url, headers: bearer(token), payload: method === 'POST' ? {} : undefined });
        expect(res.statusCode).toBe(403);
      }
    });

    it('answers 404 for an unknown key id and 409 for revoking the last admin key', async () => {
      const unknown = await t.app.inject({ method: 'DELETE', url: '/api-keys/0123456789abcdef', headers: bearer(t.adminToken) });
      expect(unknown.statusCode).toBe(404);
      const adminKeyId = t.adminToken.split('_')[1];
      const last = await t.app.inject({ method: 'DELETE', url: `/api-keys/${adminKeyId}`, headers: bearer(t.adminToken) });
      expect(last.statusCode).toBe(409);
      expect(last.json().type).toBe('/problems/conflict');
    });
  });

  it('ensureAdminKey creates the admin key only once', () => {
    expect(t.keys.ensureAdminKey()).toBeNull();
    expect(t.keys.list().filter((k) => k.role === 'admin' && k.revokedAt === null)).toHaveLength(1);
  });
});
