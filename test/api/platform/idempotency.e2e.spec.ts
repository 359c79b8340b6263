import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { bearer, startPlatformApp, type PlatformTestApp } from './support/platform-test-app';

const body = { companyName: 'Acme Inc', primaryContact: { name: 'Ada', email: 'ada@acme.test' } };

describe('Idempotency-Key (ADR 0005, ADR 0006)', () => {
  let t: PlatformTestApp;
  let token: string;
  beforeEach(async () => {
    t = await startPlatformApp();
    token = t.tokenFor('partner-manager');
  });
  afterEach(async () => {
    await t.close();
  });

  const post = (url: string, payload: unknown, key?: string, auth = token) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...bearer(auth), ...(key === undefined ? {} : { 'idempotency-key': key }) },
      payload: payload as never,
    });

  it('replays the first response for a retry and executes the handler once', async () => {
    const first = await post('/probe/registrations', body, 'reg-1');
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    const retry = await post('/probe/registrations', body, 'reg-1');
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect(t.counter.executions).toBe(1);
  });

  it('replays the stored status code (202 here)', async () => {
    const first = await post('/probe/slow', { n: 1 }, 'slow-1');
    const retry = await post('/probe/slow', { n: 1 }, 'slow-1');
    expect([first.statusCode, retry.statusCode]).toEqual([202, 202]);
    expect(retry.json()).toEqual({ execution: 1, n: 1 });
  });

  it('derives the command id from the key: idem:<keyId>:<key>, else a random UUID', async () => {
    const keyed = await post('/probe/registrations', body, 'reg-2');
    const keyId = token.split('_')[1];
    expect(keyed.json().commandMeta).toEqual({
      commandId: `idem:${keyId}:reg-2`,
      actor: `api-key:${keyId}`,
      correlationId: keyed.headers['x-correlation-id'],
    });
    const a = await post('/probe/registrations', body);
    const b = await post('/probe/registrations', body);
    expect(a.json().commandMeta.commandId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.json().commandMeta.commandId).not.toBe(b.json().commandMeta.commandId);
    expect(t.counter.executions).toBe(3);
  });

  it('answers 422 when the same key is reused with a different request', async () => {
    await post('/probe/registrations', body, 'reg-3');
    const otherBody = await post('/probe/registrations', { ...body, companyName: 'Globex' }, 'reg-3');
    expect(otherBody.statusCode).toBe(422);
    expect(otherBody.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(otherBody.json().type).toBe('/problems/idempotency-key-reused');
    const otherPath = await post('/probe/slow', body, 'reg-3');
    expect(otherPath.statusCode).toBe(422);
    expect(t.counter.executions).toBe(1);
  });

  it('scopes keys per API key: another key with the same Idempotency-Key executes', async () => {
    await post('/probe/registrations', body, 'shared');
    const other = await post('/probe/registrations', body, 'shared', t.tokenFor('partner-manager'));
    expect(other.statusCode).toBe(201);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(t.counter.executions).toBe(2);
  });

  it('does not store failures: a retry after an error executes again', async () => {
    const invalid = await post('/probe/registrations', { companyName: 'Acme' }, 'reg-4');
    expect(invalid.statusCode).toBe(400);
    const refused = await post('/probe/refused', {}, 'refused-1');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().ruleId).toBe('D-7');
    const refusedAgain = await post('/probe/refused', {}, 'refused-1');
    expect(refusedAgain.statusCode).toBe(422);
    expect(refusedAgain.headers['idempotent-replayed']).toBeUndefined();
    expect(t.counter.executions).toBe(2);
    const corrected = await post('/probe/registrations', body, 'reg-4');
    expect(corrected.statusCode).toBe(201); // the key was released, so a corrected request may reuse it
    expect(t.counter.executions).toBe(3);
  });

  it('answers 409 with Retry-After to a duplicate that arrives while the first is running', async () => {
    let open!: () => void;
    t.counter.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const first = post('/probe/slow', { n: 7 }, 'slow-2');
    await waitFor(() => t.counter.executions === 1);
    const duplicate = await post('/probe/slow', { n: 7 }, 'slow-2');
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.headers['retry-after']).toBe('1');
    expect(duplicate.json().type).toBe('/problems/idempotency-key-in-progress');
    open();
    expect((await first).statusCode).toBe(202);
    const retry = await post('/probe/slow', { n: 7 }, 'slow-2');
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(t.counter.executions).toBe(1);
  });

  it('rejects a malformed Idempotency-Key with 400', async () => {
    const res = await post('/probe/registrations', body, 'x'.repeat(201));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { field: 'Idempotency-Key', message: 'must be a single header of 1-200 printable ASCII characters' },
    ]);
    expect(t.counter.executions).toBe(0);
  });
});

describe('Idempotency-Key across a restart', () => {
  it('replays a response stored before the restart (same DATA_DIR)', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ledger-idem-'));
    try {
      const before = await startPlatformApp({ dataDir });
      const token = before.tokenFor('ingest');
      const request = { method: 'POST' as const, url: '/probe/registrations', headers: { ...bearer(token), 'idempotency-key': 'k' }, payload: body };
      const first = await before.app.inject(request);
      expect(first.statusCode).toBe(201);
      await before.close();

      const after = await startPlatformApp({ dataDir });
      try {
        const retry = await after.app.inject(request);
        expect(retry.headers['idempotent-replayed']).toBe('true');
        expect(retry.json()).toEqual(first.json());
        expect(after.counter.executions).toBe(0);
      } finally {
        await after.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
