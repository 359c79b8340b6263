/**
 * Deal registration through the real command path (HTTP → ValidationPipe → CommandBus → handler →
 * handle-command → embedded SQLite store) and the dispute timeline projection (D-1..D-12).
 */
import { CommandBus } from '@nestjs/cqrs';
import { RegisterDealCommand, type CommandResult } from '@ledger/application';
import { opportunityStreamId } from '@ledger/domain';
import { startLedgerApp, type LedgerTestApp } from '../support/ledger-test-app';

const NOW = '2026-03-02T15:00:00Z'; // Monday 10:00 in New York

const registration = (partnerId: string, registrationId: string, overrides: Record<string, unknown> = {}) => ({
  registrationId,
  partnerId,
  companyName: 'ACME, Inc.',
  primaryContact: { name: 'Jane Roe', email: 'jane@acme.example' },
  estimatedArr: { amountMinor: '5000000', currency: 'USD' },
  expectedCloseDate: '2026-06-30',
  description: 'CRM replacement',
  ...overrides,
});

async function enrol(t: LedgerTestApp, partnerId: string, tier = 'premier', staffCount = 6): Promise<void> {
  const res = await t.post('/partners', { partnerId, legalName: `${partnerId} LLC`, tier, staffCount, country: 'US', taxForm: 'W-9' });
  expect(res.status).toBe(201);
}

describe('deal registration through the command path (D rules)', () => {
  let t: LedgerTestApp;

  beforeAll(async () => {
    t = await startLedgerApp({ now: NOW });
    await enrol(t, 'northwind');
    await enrol(t, 'contoso');
  });
  afterAll(() => t.close());

  it('D-2, D-3: "Acme Inc" after "ACME, Inc." is the same opportunity and is rejected with a notice naming no partner', async () => {
    const first = await t.post('/deal-registrations', registration('northwind', 'reg-1'));
    expect(first.status).toBe(201);
    expect(first.body.streamName).toBe(opportunityStreamId('acme'));
    expect(first.body.events.map((e: { type: string }) => e.type)).toEqual(['DealRegistered']);

    const second = await t.post('/deal-registrations', registration('contoso', 'reg-2', { companyName: 'Acme Inc' }));
    expect(second.status).toBe(201);
    expect(second.body.streamName).toBe('opportunity-acme');
    expect(second.body.events.map((e: { type: string }) => e.type)).toEqual(['DealRegistrationRejected']);
    expect(second.body.events[0].data.ruleId).toBe('D-3');
    expect(second.body.events[0].data.notice).not.toContain('northwind');
  });

  it('D-4, D-5, D-12: approval starts protection; the timeline cites the rule of each step, also as of a past instant', async () => {
    t.clock!.set('2026-03-03T14:00:00Z');
    const approved = await t.post('/opportunities/acme/registrations/reg-1/approval', {});
    expect(approved.status).toBe(201);
    expect(approved.body.events[0].type).toBe('DealRegistrationApproved');
    await t.settle();

    const timeline = await t.get('/opportunities/acme/timeline');
    expect(timeline.status).toBe(200);
    expect(timeline.body.entries.map((e: { type: string; ruleId: string }) => `${e.type}:${e.ruleId}`)).toEqual([
      'DealRegistered:D-3',
      'DealRegistrationRejected:D-3',
      'DealRegistrationApproved:D-5',
    ]);
    expect(timeline.body.protection.status).toBe('protected');

    const before = await t.get(`/opportunities/acme/timeline?asOf=${encodeURIComponent('2026-03-02T23:00:00Z')}`);
    expect(before.status).toBe(200);
    expect(before.body.entries).toHaveLength(2);
    expect(before.body.protection.status).toBe('pending');

    const lookup = await t.get(`/opportunities?companyName=${encodeURIComponent('  acme   incorporated ')}`);
    expect(lookup.body.opportunityKeys).toEqual(['acme']);
  });

  it('D-12: a partner key sees only its own steps of a disputed opportunity', async () => {
    const contoso = t.tokenFor('partner', 'contoso');
    const view = await t.get('/opportunities/acme/timeline', contoso);
    expect(view.status).toBe(200);
    expect(view.body.entries.every((e: { partnerId: string }) => e.partnerId === 'contoso')).toBe(true);
    expect(view.body.protection.partnerId).toBeNull();
    expect(JSON.stringify(view.body)).not.toContain('northwind');
  });

  it('D-12: the replay check re-decides every step with today’s terms', async () => {
    const replay = await t.get('/opportunities/acme/replay-check');
    expect(replay.status).toBe(200);
    expect(replay.body.allSame).toBe(true);
    expect(replay.body.steps).toHaveLength(3);
  });

  it('retrying a command with the same Idempotency-Key appends nothing twice', async () => {
    const body = registration('northwind', 'reg-idem', { companyName: 'Globex Corporation' });
    const headers = { 'idempotency-key': 'register-globex-1' };
    const first = await t.post('/deal-registrations', body, t.adminToken, headers);
    const head = await t.head();
    const retry = await t.post('/deal-registrations', body, t.adminToken, headers);
    expect(retry.status).toBe(first.status);
    expect(retry.body).toEqual(first.body);
    expect(await t.head()).toBe(head);
  });

  it('the same command id through the command bus is replayed, not appended again', async () => {
    const bus = t.app.get(CommandBus);
    const meta = { commandId: 'cmd-initech-1', actor: 'test' };
    const data = { ...registration('northwind', 'reg-initech', { companyName: 'Initech' }), companyDomain: null };
    const first: CommandResult = await bus.execute(new RegisterDealCommand(data, meta));
    const head = await t.head();
    const again: CommandResult = await bus.execute(new RegisterDealCommand(data, meta));
    expect(first.replayed).toBe(false);
    expect(again.replayed).toBe(true);
    expect(again.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
    expect(await t.head()).toBe(head);
  });

  it('/metrics counts the commands by outcome and times every append', async () => {
    const res = await t.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/ledger_commands_total\{command="RegisterDeal",outcome="appended"\} \d+/);
    expect(res.body).toMatch(/ledger_append_duration_seconds_count\{outcome="ok"\} [1-9]\d*/);
  });

  describe('bad input is refused field by field and appends nothing (D-1, P-1)', () => {
    const cases: [string, string, unknown, string][] = [
      ['missing fields', '/deal-registrations', { registrationId: 'x1', partnerId: 'northwind' }, 'companyName'],
      ['negative ARR', '/deal-registrations', registration('northwind', 'x2', { companyName: 'Neg Co', estimatedArr: { amountMinor: '-100', currency: 'USD' } }), 'estimatedArr.amountMinor'],
      ['float ARR', '/deal-registrations', registration('northwind', 'x3', { companyName: 'Float Co', estimatedArr: { amountMinor: '10.5', currency: 'USD' } }), 'estimatedArr.amountMinor'],
      ['unknown partner', '/deal-registrations', registration('nobody', 'x4', { companyName: 'Ghost Co' }), 'partnerId'],
      ['close date in the past', '/deal-registrations', registration('northwind', 'x5', { companyName: 'Past Co', expectedCloseDate: '2025-01-01' }), 'expectedCloseDate'],
      ['unknown field', '/deal-registrations', registration('northwind', 'x6', { companyName: 'Extra Co', discount: 5 }), 'discount'],
      ['unknown tier', '/partners', { partnerId: 'p-bad', legalName: 'Bad', tier: 'platinum', staffCount: 9, country: 'US', taxForm: 'W-9' }, 'tier'],
      ['staff below the tier minimum', '/partners', { partnerId: 'p-small', legalName: 'Small', tier: 'premier', staffCount: 2, country: 'US', taxForm: 'W-9' }, 'staffCount'],
    ];

    it.each(cases)('%s', async (_name, url, body, field) => {
      const head = await t.head();
      const res = await t.post(url, body);
      expect([400, 404, 422]).toContain(res.status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await t.head()).toBe(head);
    });
  });
});

describe('D-3 under concurrency: 50 parallel registrations for one opportunity, one winner (20 repetitions)', () => {
  let t: LedgerTestApp;
  const partners = Array.from({ length: 50 }, (_, i) => `p${String(i).padStart(2, '0')}`);

  beforeAll(async () => {
    t = await startLedgerApp({ now: NOW });
    const bus = t.app.get(CommandBus);
    for (const partnerId of partners) {
      await t.post('/partners', { partnerId, legalName: `${partnerId} Ltd`, tier: 'referral', staffCount: 1, country: 'GB', taxForm: 'W-8' });
    }
    expect(bus).toBeDefined();
  }, 60_000);
  afterAll(() => t.close());

  it('exactly one DealRegistered and 49 DealRegistrationRejected each time', async () => {
    const bus = t.app.get(CommandBus);
    for (let round = 0; round < 20; round++) {
      const company = `Contested Company ${round} GmbH`;
      const results: CommandResult[] = await Promise.all(
        partners.map((partnerId, i) =>
          bus.execute(
            new RegisterDealCommand(
              { ...registration(partnerId, `r${round}-${i}`, { companyName: company }), companyDomain: null },
              { commandId: `race-${round}-${i}`, actor: `partner:${partnerId}` },
            ),
          ),
        ),
      );
      const types = results.flatMap((r) => r.events.map((e) => e.type));
      expect(types.filter((x) => x === 'DealRegistered')).toHaveLength(1);
      expect(types.filter((x) => x === 'DealRegistrationRejected')).toHaveLength(49);
      const stream = await t.store.readStream(results[0]!.streamName);
      expect(stream).toHaveLength(50);
      expect(stream[0]!.type).toBe('DealRegistered');
      expect(stream.map((e) => e.revision)).toEqual(stream.map((_, i) => BigInt(i)));
    }
  }, 120_000);
});
