import { bearer, startPlatformApp, type PlatformTestApp } from './support/platform-test-app';

const validRegistration = {
  companyName: 'Acme Inc',
  primaryContact: { name: 'Ada', email: 'ada@acme.test' },
  lines: [{ quantity: 2 }],
};

describe('problem+json errors (RFC 9457, ADR 0005)', () => {
  let t: PlatformTestApp;
  let token: string;
  beforeAll(async () => {
    t = await startPlatformApp({ env: { BODY_LIMIT_BYTES: '2048' } });
    token = t.tokenFor('partner-manager');
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, headers: { ...bearer(token), ...headers }, payload: payload as never });

  it('accepts a valid body and hands the handler a transformed DTO', async () => {
    const res = await post('/probe/registrations', validRegistration);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ companyName: 'Acme Inc', transformed: true });
  });

  it('reports every class-validator failure with its field path (D-1 field-level errors)', async () => {
    const res = await post('/probe/registrations', {
      companyName: '',
      primaryContact: { name: 'Ada', email: 'not-an-email' },
      lines: [{ quantity: 1 }, { quantity: 0 }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    const problem = res.json();
    expect(problem).toMatchObject({
      type: '/problems/validation',
      title: 'Invalid request',
      status: 400,
      instance: '/probe/registrations',
      correlationId: res.headers['x-correlation-id'],
    });
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { field: 'companyName', message: expect.stringContaining('companyName') },
        { field: 'primaryContact.email', message: 'email must be an email' },
        { field: 'lines[1].quantity', message: 'quantity must not be less than 1' },
      ]),
    );
    expect(problem.errors).toHaveLength(3);
    expect(problem.detail).toContain('primaryContact.email: email must be an email');
  });

  it('rejects unknown fields, nested ones included (forbidNonWhitelisted)', async () => {
    const res = await post('/probe/registrations', {
      ...validRegistration,
      isAdmin: true,
      primaryContact: { ...validRegistration.primaryContact, role: 'ceo' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual(
      expect.arrayContaining([
        { field: 'isAdmin', message: 'property isAdmin should not exist' },
        { field: 'primaryContact.role', message: 'property role should not exist' },
      ]),
    );
    expect(t.counter.executions).toBe(1); // only the valid request above ran
  });

  it('answers 400 for a body that is missing or not an object', async () => {
    const none = await t.app.inject({ method: 'POST', url: '/probe/registrations', headers: bearer(token) });
    expect(none.statusCode).toBe(400);
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
    const array = await post('/probe/registrations', [1, 2]);
    expect(array.statusCode).toBe(400);
  });

  it('answers 400 for malformed JSON', async () => {
    const res = await post('/probe/registrations', '{"companyName": "Acme",', { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400 });
  });

  it('answers 413 for a body over BODY_LIMIT_BYTES', async () => {
    const res = await post('/probe/registrations', { ...validRegistration, companyName: 'x'.repeat(4096) });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ title: 'Payload Too Large', status: 413 });
  });

  it('answers 415 for an unsupported content type, never a 5xx', async () => {
    const res = await post('/probe/registrations', 'companyName=Acme', { 'content-type': 'text/csv' });
    expect(res.statusCode).toBe(415);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers 404 problem for an unknown route', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/no/such/route?x=1', headers: bearer(token) });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404, instance: '/no/such/route' });
  });

  it.each([
    ['validation', 400, '/problems/validation', 'D-1', [{ field: 'primaryContact.email', message: 'is not an email' }]],
    ['not-found', 404, '/problems/not-found', undefined, [{ field: 'partnerId', message: 'Partner "p-404" not found' }]],
    ['conflict', 409, '/problems/conflict', 'D-4', undefined],
    ['rule', 422, '/problems/rule-violation', 'P-1', [{ field: 'staffCount', message: 'A certified partner needs at least 2 staff' }]],
  ])('maps a DomainError %s to %i with ruleId and errors', async (code, status, type, ruleId, errors) => {
    const res = await post(`/probe/domain-error?code=${code}`, {});
    expect(res.statusCode).toBe(status);
    const problem = res.json();
    expect(problem).toMatchObject({ type, status });
    expect(problem.ruleId).toBe(ruleId);
    expect(problem.errors).toEqual(errors);
  });

  it('maps WrongExpectedRevisionError to 409 without naming the stream', async () => {
    const res = await post('/probe/domain-error?code=revision', {});
    expect(res.statusCode).toBe(409);
    expect(res.json().type).toBe('/problems/concurrency-conflict');
    expect(res.body).not.toContain('opportunity-acme');
  });

  it('maps EventStoreUnavailableError to 503 with Retry-After and no connection details', async () => {
    const res = await post('/probe/domain-error?code=unavailable', {});
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json().type).toBe('/problems/store-unavailable');
    expect(res.body).not.toContain('secret-host');
  });

  it('answers 500 for anything else and leaks no internals', async () => {
    const res = await post('/probe/domain-error?code=boom', {});
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ type: 'about:blank', title: 'Internal Server Error', status: 500 });
    expect(res.body).not.toContain('hunter2');
    expect(res.body).not.toContain('secret internals');
  });

  describe('correlation id (A-1)', () => {
    it('echoes a caller-supplied X-Correlation-Id and hands it to the handler and the command meta', async () => {
      const res = await post('/probe/registrations', validRegistration, { 'x-correlation-id': 'import-run-42' });
      expect(res.headers['x-correlation-id']).toBe('import-run-42');
      expect(res.json()).toMatchObject({ correlationId: 'import-run-42', commandMeta: { correlationId: 'import-run-42' } });
    });

    it('generates one when absent or unsafe, and puts it on problems too', async () => {
      const res = await post('/probe/registrations', { companyName: 1 }, { 'x-correlation-id': 'bad id\twith spaces' });
      const id = res.headers['x-correlation-id'];
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.json().correlationId).toBe(id);
    });
  });
});
