/**
 * End-to-end over real HTTP (app.listen + fetch) on the embedded store, issue 7's finance story:
 * finance closes a quarter and follows a statement line back to its source events — each one
 * fetched again from the log through the public event API (`GET /events?from=`) and matched by
 * id, type, stream, revision and position (A-1, A-2, S-1, S-3).
 */
import type { AddressInfo } from 'node:net';
import { startLedgerApp, type LedgerTestApp } from '../support/ledger-test-app';

interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('e2e over real HTTP: finance', () => {
  let t: LedgerTestApp;
  let base: string;
  let finance: string;
  let manager: string;
  let ingest: string;

  const call = async (method: string, path: string, token: string, body?: unknown): Promise<Reply> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    const contentType = res.headers.get('content-type') ?? '';
    return { status: res.status, contentType, text, body: contentType.includes('json') && text ? JSON.parse(text) : undefined };
  };
  const ok = async (method: string, path: string, token: string, body?: unknown): Promise<Reply> => {
    const res = await call(method, path, token, body);
    expect({ path, success: res.status >= 200 && res.status < 300, problem: res.body?.detail }).toEqual({ path, success: true, problem: undefined });
    return res;
  };

  beforeAll(async () => {
    t = await startLedgerApp({ now: '2026-01-05T15:00:00Z' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    finance = t.tokenFor('finance');
    manager = t.tokenFor('partner-manager');
    ingest = t.tokenFor('ingest');

    await ok('POST', '/partners', manager, { partnerId: 'summit', legalName: 'Summit Partners LLC', tier: 'premier', staffCount: 8, country: 'US', taxForm: 'W-9' });
    await ok('POST', '/partners/summit/performance-bonuses', manager, { quarter: '2026-Q1', reason: 'top performer of the quarter' });
    const registered = await ok('POST', '/deal-registrations', t.tokenFor('partner', 'summit'), {
      registrationId: 'summit-contoso',
      partnerId: 'summit',
      companyName: 'Contoso Ltd.',
      primaryContact: { name: 'Kim Park', email: 'kim@contoso.example' },
      estimatedArr: { amountMinor: '5000000', currency: 'USD' },
      expectedCloseDate: '2026-03-31',
      description: 'ERP rollout',
    });
    expect(registered.body.streamName).toBe('opportunity-contoso');
    t.clock!.advance({ hours: 2 });
    await ok('POST', '/opportunities/contoso/registrations/summit-contoso/approval', manager, {});
    t.clock!.advance({ hours: 20 * 24 });
    await ok('POST', '/opportunities/contoso/registrations/summit-contoso/closed-won', manager, {});
    t.clock!.set('2026-03-16T15:00:00Z');
    await ok('POST', '/revenue/collections', ingest, {
      paymentId: 'inv-contoso-001',
      customerKey: 'contoso',
      revenueKind: 'license',
      order: { type: 'initial' },
      amount: { amountMinor: '5000000', currency: 'USD' },
      collectedAt: '2026-03-13T15:00:00Z',
    });
  }, 60_000);
  afterAll(() => t.close());

  it('finance closes 2026-Q1 and follows the $17,500.00 line back to every source event in the log (A-2)', async () => {
    t.clock!.set('2026-04-01T13:00:00Z'); // 09:00 in New York: Q1 has ended (T-3)
    const close = await ok('POST', '/quarters/2026-Q1/close', finance);
    expect(close.body.issued).toEqual([expect.objectContaining({ partnerId: 'summit', payable: { amountMinor: '1750000', currency: 'USD' } })]);

    const statement = await ok('GET', '/partners/summit/statements/2026-Q1', finance);
    expect(statement.body).toMatchObject({ status: 'issued', preview: false, seal: close.body.issued[0].seal });
    expect(statement.body.issuedEvent).toMatchObject({ eventId: close.body.issued[0].eventId, position: close.body.issued[0].position });
    const [line] = statement.body.lines;
    expect(line).toMatchObject({ kind: 'collection', rateBp: 3500, share: { amountMinor: '1750000', currency: 'USD' }, ruleIds: ['R-2', 'R-3', 'P-3'] });

    const audit = await ok('GET', `/partners/summit/statements/2026-Q1/lines/${encodeURIComponent(line.lineId)}/audit`, finance);
    expect(audit.body).toMatchObject({ complete: true, shareRecomputes: true, problems: [] });
    expect(audit.body.steps.map((s: { role: string }) => s.role)).toEqual(['collection', 'registration', 'approval', 'closed-won', 'tier', 'bonus', 'terms']);
    expect(audit.body.steps.map((s: { ref: unknown }) => s.ref)).toEqual(line.sources);

    for (const step of audit.body.steps) {
      const page = await ok('GET', `/events?from=${BigInt(step.ref.position) - 1n}&limit=1`, finance);
      const [event] = page.body.events;
      expect({ id: event.id, type: event.type, streamName: event.streamName, revision: event.revision, position: event.position }).toEqual({
        id: step.ref.eventId,
        type: step.ref.type,
        streamName: step.ref.streamName,
        revision: step.ref.revision,
        position: step.ref.position,
      });
      expect(event.metadata).toEqual(expect.objectContaining({ actor: step.recorded.actor, recordedAt: step.recorded.recordedAt, occurredAt: step.recorded.occurredAt }));
    }
    const collection = audit.body.steps[0];
    expect(collection.event.data).toMatchObject({ paymentId: 'inv-contoso-001', amount: { amountMinor: '5000000', currency: 'USD' }, partnerId: 'summit' });
    expect(collection.recorded.actor).toMatch(/^api-key:/);

    const lines = await ok('GET', `/events/${collection.ref.eventId}/statement-lines`, finance);
    expect(lines.body.lines).toEqual([expect.objectContaining({ statementId: 'statement-summit-2026-Q1', lineId: line.lineId, role: 'primary' })]);
  });

  it('finance exports the statement as CSV and verifies every seal', async () => {
    const csv = await ok('GET', '/partners/summit/statements/2026-Q1?format=csv', finance);
    expect(csv.contentType).toMatch(/^text\/csv/);
    const [header, row, end] = csv.text.split('\r\n');
    expect(header!.startsWith('statement_id,partner_id,quarter,status,line_no,line_id,kind')).toBe(true);
    expect(row).toContain(',50000.00,5000000,3500,35.00,17500.00,1750000,R-2;R-3;P-3,2024.1,');
    expect(end).toBe('');

    const verify = await ok('POST', '/statements/verify', finance);
    expect(verify.body).toMatchObject({ ok: true, checked: 1, failed: 0 });
  });
});
