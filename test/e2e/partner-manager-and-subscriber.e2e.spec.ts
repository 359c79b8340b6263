/**
 * End-to-end over real HTTP (app.listen + fetch / a raw SSE client) on the embedded store:
 * - a partner manager replays a disputed opportunity and sees which rule decided each step (D-12);
 * - a subscriber reads the feed, disconnects, resumes with Last-Event-ID and gets every event once.
 */
import type { AddressInfo } from 'node:net';
import { openSse, type SseMessage } from '../api/platform/support/sse-client';
import { startLedgerApp, type LedgerTestApp } from '../support/ledger-test-app';

describe('e2e over real HTTP', () => {
  let t: LedgerTestApp;
  let base: string;
  let manager: string;
  let subscriber: string;

  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  beforeAll(async () => {
    t = await startLedgerApp({ now: '2026-04-06T14:00:00Z' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    manager = t.tokenFor('partner-manager');
    subscriber = t.tokenFor('subscriber');
    for (const partnerId of ['alpha', 'beta', 'gamma']) {
      const res = await call('POST', '/partners', manager, { partnerId, legalName: `${partnerId} Inc`, tier: 'certified', staffCount: 3, country: 'US', taxForm: 'W-9' });
      expect(res.status).toBe(201);
    }
  });
  afterAll(() => t.close());

  it('a partner manager replays a disputed opportunity step by step, with the rule that decided each step (D-3, D-5, D-6, D-9, D-12)', async () => {
    const register = (partnerId: string, registrationId: string, companyName: string) =>
      call('POST', '/deal-registrations', t.tokenFor('partner', partnerId), {
        registrationId,
        partnerId,
        companyName,
        primaryContact: { name: 'Pat Lee', email: 'pat@umbrella.example' },
        estimatedArr: { amountMinor: '2400000', currency: 'USD' },
        expectedCloseDate: '2026-09-30',
        description: 'Field service rollout',
      });
    expect((await register('alpha', 'alpha-1', 'Umbrella Corporation')).status).toBe(201);
    t.clock!.advance({ minutes: 5 });
    const dup = await register('beta', 'beta-1', 'UMBRELLA CORP.');
    expect(dup.body.events[0].type).toBe('DealRegistrationRejected');
    t.clock!.advance({ hours: 20 });
    expect((await call('POST', '/opportunities/umbrella/registrations/alpha-1/approval', manager, {})).status).toBe(201);
    const approvedAt = t.clock!.now().toString();
    t.clock!.advance({ hours: 30 * 24 });
    expect((await call('POST', '/opportunities/umbrella/registrations/alpha-1/extensions', manager, { progressNote: 'Demo done, proposal sent' })).status).toBe(201);
    t.clock!.advance({ hours: 10 * 24 });
    const override = await call('POST', '/opportunities/umbrella/registrations/alpha-1/override', manager, {
      requestedBy: 'CIO of Umbrella',
      reason: 'Customer prefers gamma, its incumbent integrator',
      newPartnerId: 'gamma',
      newRegistrationId: 'gamma-1',
    });
    expect(override.status).toBe(201);
    await t.settle();

    const keys = await call('GET', `/opportunities?companyName=${encodeURIComponent('umbrella corp')}`, manager);
    expect(keys.body.opportunityKeys).toEqual(['umbrella']);
    const timeline = await call('GET', '/opportunities/umbrella/timeline', manager);
    expect(timeline.status).toBe(200);
    expect(timeline.body.entries.map((e: { type: string; ruleId: string; partnerId: string }) => [e.type, e.ruleId, e.partnerId])).toEqual([
      ['DealRegistered', 'D-3', 'alpha'],
      ['DealRegistrationRejected', 'D-3', 'beta'],
      ['DealRegistrationApproved', 'D-5', 'alpha'],
      ['ProtectionExtended', 'D-6', 'alpha'],
      ['DealRegistrationOverridden', 'D-9', 'alpha'],
    ]);
    expect(timeline.body.protection.partnerId).toBe('gamma');

    // As of just after the approval: alpha protected, no extension yet.
    const asOf = await call('GET', `/opportunities/umbrella/timeline?asOf=${encodeURIComponent(approvedAt)}`, manager);
    expect(asOf.body.entries).toHaveLength(3);
    expect(asOf.body.protection).toMatchObject({ status: 'protected', partnerId: 'alpha', extensions: 0 });
    expect(asOf.body.protectedAsOf).toBe(true);

    const replay = await call('GET', '/opportunities/umbrella/replay-check', manager);
    expect(replay.body.allSame).toBe(true);
    expect(replay.body.steps.map((s: { commandType: string }) => s.commandType)).toEqual([
      'RegisterDeal',
      'RegisterDeal',
      'ApproveDealRegistration',
      'ExtendProtection',
      'OverrideDealRegistration',
    ]);
  });

  it('a subscriber reads the feed, disconnects, resumes with Last-Event-ID and receives every event exactly once', async () => {
    const head = await t.head();
    const all: SseMessage[] = [];
    const first = await openSse(base, '/feed?from=start', { authorization: `Bearer ${subscriber}` });
    expect(first.status).toBe(200);
    await first.until(() => first.messages.length >= 5);
    first.close();
    all.push(...first.messages);
    const lastId = all[all.length - 1]!.id!;

    // More facts happen while the subscriber is away.
    await call('POST', '/partners', manager, { partnerId: 'delta', legalName: 'Delta GmbH', tier: 'referral', staffCount: 1, country: 'DE', taxForm: 'W-8' });
    const newHead = (await t.head())!;
    expect(newHead > head!).toBe(true);

    const resumed = await openSse(base, '/feed', { authorization: `Bearer ${subscriber}`, 'last-event-id': lastId });
    await resumed.until(() => resumed.messages.some((m) => m.id === newHead.toString()));
    resumed.close();
    all.push(...resumed.messages);

    const ids = all.map((m) => m.id!);
    expect(new Set(ids).size).toBe(ids.length); // no duplicates
    const positions = ids.map((id) => BigInt(id));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    // Every event of the log up to the new head, exactly once (the embedded store has dense positions).
    const expected: string[] = [];
    for await (const e of t.store.readAll()) expected.push(e.position.toString());
    expect(ids).toEqual(expected);
    const last = JSON.parse(resumed.messages[resumed.messages.length - 1]!.data);
    expect(last.type).toBe('PartnerEnrolled');
    expect(last.data.partnerId).toBe('delta');
  });
});
