/**
 * Revenue, renewals and quarterly statements through the real command path (HTTP → ValidationPipe →
 * CommandBus → handlers → embedded SQLite store) and the statements and audit projections
 * (R-1..R-9, S-1..S-7, A-1..A-3). One ledger, one story told quarter by quarter with a fixed
 * clock: the tests run in order and share its state.
 */
import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { CloseQuarterCommand } from '@ledger/application';
import { paymentStreamId, quarterStreamId, statementStreamId } from '@ledger/domain';
import { startLedgerApp, type HttpResponse, type LedgerTestApp } from '../support/ledger-test-app';

const usd = (amountMinor: string) => ({ amountMinor, currency: 'USD' });

interface Collected {
  readonly eventId: string;
  readonly position: string;
  readonly streamName: string;
}

describe('revenue, renewals and statements through the command path (R, S, A rules)', () => {
  let t: LedgerTestApp;
  let finance: string;
  let ingest: string;
  let northwindKey: string;
  let tinycoKey: string;
  const customers: Record<string, string> = {};
  const collected: Record<string, Collected> = {};
  let q1NorthwindBefore: HttpResponse;

  const created = (res: HttpResponse, types: string[]) => {
    expect({ status: res.status, detail: res.body?.detail }).toEqual({ status: 201, detail: undefined });
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(types);
  };

  /** D-1..D-11: register → approve → close won, one step a minute later than the other. */
  async function win(partnerId: string, registrationId: string, companyName: string): Promise<string> {
    const registered = await t.post('/deal-registrations', {
      registrationId,
      partnerId,
      companyName,
      primaryContact: { name: 'Pat Lee', email: 'pat@example.com' },
      estimatedArr: usd('5000000'),
      expectedCloseDate: '2026-06-30',
      description: 'CRM replacement',
    });
    created(registered, ['DealRegistered']);
    const key = String(registered.body.streamName).replace(/^opportunity-/, '');
    t.clock!.advance({ minutes: 1 });
    created(await t.post(`/opportunities/${key}/registrations/${registrationId}/approval`, {}), ['DealRegistrationApproved']);
    t.clock!.advance({ minutes: 1 });
    const won = await t.post(`/opportunities/${key}/registrations/${registrationId}/closed-won`, {});
    created(won, ['DealClosedWon']);
    expect(won.body.events[0].data.eligibleForCommission).toBe(true);
    return key;
  }

  async function collect(paymentId: string, customer: string, revenueKind: string, amountMinor: string, collectedAt: string, order: object = { type: 'initial' }): Promise<HttpResponse> {
    const res = await t.post('/revenue/collections', { paymentId, customerKey: customers[customer], revenueKind, order, amount: usd(amountMinor), collectedAt }, ingest);
    created(res, ['RevenueCollected']);
    const [event] = res.body.events;
    collected[paymentId] = { eventId: event.id, position: event.position, streamName: res.body.streamName };
    return res;
  }

  const statement = (partnerId: string, quarter: string, token = finance) => t.get(`/partners/${partnerId}/statements/${quarter}`, token);
  const lineOf = (res: HttpResponse, lineId: string) => res.body.lines.find((l: { lineId: string }) => l.lineId === lineId);

  beforeAll(async () => {
    t = await startLedgerApp({ now: '2025-01-06T15:00:00Z' });
    finance = t.tokenFor('finance');
    ingest = t.tokenFor('ingest');
    northwindKey = t.tokenFor('partner', 'northwind');
    tinycoKey = t.tokenFor('partner', 'tinyco');
    for (const [partnerId, tier, staffCount, taxForm] of [
      ['northwind', 'premier', 6, 'W-9'],
      ['tinyco', 'referral', 1, 'W-9'],
      ['holdco', 'certified', 3, null],
    ] as const) {
      const res = await t.post('/partners', { partnerId, legalName: `${partnerId} LLC`, tier, staffCount, country: 'US', taxForm });
      expect(res.status).toBe(201);
    }
    customers.globex = await win('northwind', 'reg-globex', 'Globex'); // year 1 in 2025, renewed in 2026
    t.clock!.set('2026-01-05T15:00:00Z');
    customers.acme = await win('northwind', 'reg-acme', 'ACME, Inc.');
    customers.initech = await win('tinyco', 'reg-initech', 'Initech');
    customers.umbrella = await win('holdco', 'reg-umbrella', 'Umbrella Corporation');
    t.clock!.set('2026-03-02T15:00:00Z');
  }, 60_000);
  afterAll(() => t.close());

  describe('2026-Q1: collections and renewals (R-1..R-6, R-9)', () => {
    it('R-1, R-2, R-4, R-5: the billing system posts a license, a Results-delivered implementation and partner-delivered services', async () => {
      const license = await collect('pay-acme-lic', 'acme', 'license', '5000000', '2026-02-10T15:00:00Z');
      expect(license.body.streamName).toBe(paymentStreamId('pay-acme-lic'));
      expect(license.body.events[0].data).toMatchObject({ partnerId: 'northwind', amount: usd('5000000'), collectedAt: '2026-02-10T15:00:00Z' });
      const [recorded] = await t.store.readStream(paymentStreamId('pay-acme-lic'));
      expect(recorded!.metadata.occurredAt).toBe('2026-02-10T15:00:00Z'); // T-3: business time
      expect(recorded!.metadata.recordedAt).toBe('2026-03-02T15:00:00Z'); // T-3: record time
      await collect('pay-acme-impl', 'acme', 'results-services', '2000000', '2026-02-20T15:00:00Z');
      await collect('pay-acme-ps', 'acme', 'partner-services', '3000000', '2026-02-25T15:00:00Z');
      await collect('pay-initech-1', 'initech', 'license', '99990', '2026-02-12T15:00:00Z');
      await collect('pay-umbrella-1', 'umbrella', 'license', '1000000', '2026-02-18T15:00:00Z');
    });

    it('R-6: the partner places its customer’s year-2 renewal itself; the renewal revenue is collected', async () => {
      const placed = await t.post(
        '/renewals',
        { customerKey: customers.globex, year: 2, orderValue: usd('5000000'), placedBy: { type: 'partner', partnerId: 'northwind' }, placedAt: '2026-01-20T15:00:00Z' },
        northwindKey,
      );
      created(placed, ['RenewalPlaced']);
      expect(placed.body.events[0].data).toMatchObject({ originalPartnerId: 'northwind', year: 2, placedBy: { type: 'partner', partnerId: 'northwind' } });
      await collect('pay-globex-y2', 'globex', 'license', '5000000', '2026-02-15T15:00:00Z', { type: 'renewal', year: 2 });
    });

    it('R-6, R-7: a partner key places renewals of its own customers only (403 naming another partner, 404 for another partner’s customer)', async () => {
      const head = await t.head();
      const body = { customerKey: customers.globex, year: 3, orderValue: usd('5000000'), placedAt: '2026-02-01T15:00:00Z' };
      expect((await t.post('/renewals', { ...body, placedBy: { type: 'partner', partnerId: 'northwind' } }, tinycoKey)).status).toBe(403);
      const foreign = await t.post('/renewals', { ...body, placedBy: { type: 'partner', partnerId: 'tinyco' } }, tinycoKey);
      expect(foreign.status).toBe(404);
      expect(JSON.stringify(foreign.body)).not.toContain('northwind');
      expect((await t.post('/renewals/missed', { customerKey: customers.globex, year: 3, missedAt: '2026-02-01T15:00:00Z' }, northwindKey)).status).toBe(403);
      expect(await t.head()).toBe(head);
    });

    it('R-9: a repeated payment id with the same payload appends nothing; a different payload is a 409 naming the fields', async () => {
      const head = await t.head();
      const body = { paymentId: 'pay-acme-lic', customerKey: customers.acme, revenueKind: 'license', order: { type: 'initial' }, amount: usd('5000000'), collectedAt: '2026-02-10T10:00:00-05:00' };
      const again = await t.post('/revenue/collections', body, ingest);
      expect(again.status).toBe(201);
      expect(again.body.events).toEqual([]);
      const different = await t.post('/revenue/collections', { ...body, amount: usd('5000001') }, ingest);
      expect(different.status).toBe(409);
      expect(different.body).toMatchObject({ ruleId: 'R-9', errors: [{ field: 'amount.amountMinor', message: 'differs from the recorded value' }] });
      expect(await t.head()).toBe(head);
    });

    describe('T-2, R-8: bad money and bad reversals are refused field by field and append nothing', () => {
      const collection = (amount: unknown) => ({
        paymentId: 'pay-bad',
        customerKey: 'acme',
        revenueKind: 'license',
        order: { type: 'initial' },
        amount,
        collectedAt: '2026-02-10T15:00:00Z',
      });
      const cases: [string, string, unknown, number, string, string | null][] = [
        ['T-2: negative money', '/revenue/collections', collection(usd('-100')), 400, 'amount.amountMinor', 'R-9'],
        ['T-2: float money as a string', '/revenue/collections', collection(usd('12.50')), 400, 'amount.amountMinor', null],
        ['T-2: float money as a number', '/revenue/collections', collection({ amountMinor: 12.5, currency: 'USD' }), 400, 'amount.amountMinor', null],
        ['T-2: an unknown currency', '/revenue/collections', collection({ amountMinor: '100', currency: 'XYZ' }), 400, 'amount.currency', 'R-9'],
        ['T-2: a currency other than the program’s (never converted)', '/revenue/collections', collection({ amountMinor: '100', currency: 'EUR' }), 400, 'amount.currency', 'T-2'],
        ['T-2: money that is not an object', '/revenue/collections', collection('5000000'), 400, 'amount', null],
        [
          'R-8: a refund of a payment never collected',
          '/revenue/collections/pay-nobody/refunds',
          { refundId: 'r-x', amount: usd('100'), refundedAt: '2026-02-20T15:00:00Z', reason: 'refund' },
          404,
          'paymentId',
          null,
        ],
        [
          'R-8: a refund above the collected amount',
          '/revenue/collections/pay-umbrella-1/refunds',
          { refundId: 'r-too-much', amount: usd('1000001'), refundedAt: '2026-02-20T15:00:00Z', reason: 'refund' },
          422,
          'amount',
          'R-8',
        ],
        [
          'R-8, T-2: a chargeback in another currency than its collection',
          '/revenue/collections/pay-umbrella-1/chargebacks',
          { chargebackId: 'cb-x', amount: { amountMinor: '100', currency: 'EUR' }, chargedBackAt: '2026-02-20T15:00:00Z', reason: 'dispute' },
          400,
          'amount.currency',
          'T-2',
        ],
      ];

      it.each(cases)('%s', async (_name, url, body, status, field, ruleId) => {
        const head = await t.head();
        const res = await t.post(url, body, ingest);
        expect(res.status).toBe(status);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
        if (ruleId) expect(res.body.ruleId).toBe(ruleId);
        expect(await t.head()).toBe(head);
      });
    });

    it('S-1: before the close the open quarter is a preview of the lines so far', async () => {
      await t.settle();
      const preview = await statement('northwind', '2026-Q1');
      expect(preview.status).toBe(200);
      expect(preview.body).toMatchObject({ status: 'open', preview: true, seal: null, issuedEvent: null });
      expect(preview.body.totals.payable).toEqual(usd('2900000'));
      const list = await t.get('/partners/northwind/statements', northwindKey);
      expect(list.body.statements).toEqual([expect.objectContaining({ quarter: '2026-Q1', status: 'open', lineCount: 4, payable: null })]);
    });

    it('S-3: a quarter that has not ended cannot be closed (422, nothing appended)', async () => {
      const head = await t.head();
      const res = await t.post('/quarters/2026-Q1/close', {}, finance);
      expect(res.status).toBe(422);
      expect(res.body.ruleId).toBe('S-3');
      expect(await t.head()).toBe(head);
    });
  });

  describe('closing 2026-Q1 issues the statements (S-1..S-5)', () => {
    it('S-3: finance closes the quarter; one sealed statement per partner with lines; the summary totals the payouts', async () => {
      t.clock!.set('2026-04-02T14:00:00Z');
      const res = await t.post('/quarters/2026-Q1/close', {}, finance);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ quarter: '2026-Q1', closed: { appended: true, termsVersion: '2024.1' }, alreadyIssued: [], skipped: [] });
      expect(res.body.issued.map((s: { partnerId: string; payable: unknown; held: unknown; carriedOut: unknown }) => [s.partnerId, s.payable, s.held, s.carriedOut])).toEqual([
        ['holdco', usd('0'), usd('200000'), usd('0')],
        ['northwind', usd('2900000'), usd('0'), usd('0')],
        ['tinyco', usd('0'), usd('0'), usd('9999')],
      ]);
      expect(res.body.totals).toEqual({ statements: 3, payable: usd('2900000'), held: usd('200000'), carriedOut: usd('9999') });
      expect(res.body.eventsAppended).toBe(4);
      const [closed] = await t.store.readStream(quarterStreamId('2026-Q1'));
      expect(closed!.metadata.commandId).toBe('quarter-close:2026-Q1');
      const [issued] = await t.store.readStream(statementStreamId('northwind', '2026-Q1'));
      expect(issued!.metadata.commandId).toBe('statement-issue:northwind:2026-Q1');
      expect(issued!.metadata.causationId).not.toBe(issued!.metadata.commandId); // caused by the close request
    });

    it('R-2, R-4, R-5, R-6, S-1: the Premier partner’s statement — $15,000.00, $10,000.00, $4,000.00 and a $0 memo line, each citing its rule, terms version and source event', async () => {
      const res = await statement('northwind', '2026-Q1', northwindKey);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'issued', preview: false, termsVersion: '2024.1', dueBy: '2026-04-30', seal: expect.stringMatching(/^[0-9a-f]{64}$/) });
      const summary = res.body.lines.map((l: { kind: string; share: { amountMinor: string }; rateBp: number; ruleIds: string[] }) => [l.kind, l.share.amountMinor, l.rateBp, l.ruleIds[0]]);
      expect(summary).toEqual([
        ['collection', '1500000', 3000, 'R-2'],
        ['renewal', '1000000', 2000, 'R-6'],
        ['collection', '400000', 2000, 'R-4'],
        ['memo', '0', 0, 'R-5'],
      ]);
      const license = lineOf(res, collected['pay-acme-lic']!.eventId);
      expect(license).toMatchObject({ amount: usd('5000000'), share: usd('1500000'), termsVersion: '2024.1', occurredOn: '2026-02-10', category: 'licenses' });
      expect(license.sources[0]).toEqual({
        eventId: collected['pay-acme-lic']!.eventId,
        type: 'RevenueCollected',
        streamName: 'payment-pay-acme-lic',
        revision: '0',
        position: collected['pay-acme-lic']!.position,
      });
      expect(res.body.totals).toMatchObject({
        licensesRevenue: usd('10000000'),
        servicesRevenue: usd('2000000'),
        memoRevenue: usd('3000000'),
        licensesShare: usd('2500000'),
        servicesShare: usd('400000'),
        earned: usd('2900000'),
        payable: usd('2900000'),
      });
      q1NorthwindBefore = res;
    });

    it('S-2: a quarter totalling $99.99 pays nothing; the balance is carried forward as an explicit line', async () => {
      const res = await statement('tinyco', '2026-Q1');
      expect(res.body.lines.map((l: { kind: string; share: { amountMinor: string } }) => [l.kind, l.share.amountMinor])).toEqual([
        ['collection', '9999'],
        ['carry-forward-out', '-9999'],
      ]);
      expect(res.body.lines[1].ruleIds).toEqual(['S-2']);
      expect(res.body.totals).toMatchObject({ earned: usd('9999'), payable: usd('0'), carriedOut: usd('9999') });
    });

    it('S-5: no tax form on file: the payout is held (still owed), as an explicit line', async () => {
      const res = await statement('holdco', '2026-Q1');
      expect(res.body.lines.map((l: { kind: string; share: { amountMinor: string } }) => [l.kind, l.share.amountMinor])).toEqual([
        ['collection', '200000'],
        ['tax-hold', '-200000'],
      ]);
      expect(res.body.totals).toMatchObject({ payable: usd('0'), held: usd('200000') });
    });

    it('S-3: running the close again appends nothing and reports the statements as already issued', async () => {
      const head = await t.head();
      const res = await t.post('/quarters/2026-Q1/close', {}, finance);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ closed: { appended: false }, issued: [], eventsAppended: 0 });
      expect(res.body.alreadyIssued.map((s: { partnerId: string }) => s.partnerId)).toEqual(['holdco', 'northwind', 'tinyco']);
      expect(res.body.totals.payable).toEqual(usd('2900000'));
      expect(await t.head()).toBe(head);
    });

    it('A-1, A-2: the $15,000.00 line traces back to the collection, the deal that made it eligible, the tier and the terms version', async () => {
      const lineId = collected['pay-acme-lic']!.eventId;
      const res = await t.get(`/partners/northwind/statements/2026-Q1/lines/${lineId}/audit`, northwindKey);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ issued: true, rateBp: 3000, ruleIds: ['R-2', 'P-3'], termsVersion: '2024.1', shareRecomputes: true, complete: true, problems: [] });
      expect(res.body.recomputedShare).toEqual(usd('1500000'));
      expect(res.body.steps.map((s: { role: string }) => s.role)).toEqual(['collection', 'registration', 'approval', 'closed-won', 'tier', 'terms']);
      for (const step of res.body.steps) {
        expect(step.consistent).toBe(true);
        expect(step.event).toMatchObject({ id: step.ref.eventId, type: step.ref.type, streamName: step.ref.streamName, position: step.ref.position, revision: step.ref.revision });
        expect(step.recorded).toEqual(expect.objectContaining({ actor: expect.any(String), commandId: expect.any(String), occurredAt: expect.any(String), recordedAt: expect.any(String) }));
      }
      expect(res.body.steps[0]).toMatchObject({ ref: { eventId: lineId, position: collected['pay-acme-lic']!.position }, summary: 'USD 50,000.00 collected on payment pay-acme-lic at 2026-02-10T15:00:00Z' });
      expect(res.body.steps[0].recorded.actor).toMatch(/^api-key:/);
      expect(res.body.steps.find((s: { role: string }) => s.role === 'closed-won').ref.streamName).toBe(`opportunity-${customers.acme}`);
      expect((await t.get(`/partners/northwind/statements/2026-Q1/lines/no-such-line/audit`)).status).toBe(404);
    });

    it('A-2: an event lists the statement lines it produced', async () => {
      const res = await t.get(`/events/${collected['pay-acme-lic']!.eventId}/statement-lines`, finance);
      expect(res.status).toBe(200);
      expect(res.body.lines).toEqual([
        expect.objectContaining({ partnerId: 'northwind', quarter: '2026-Q1', lineId: collected['pay-acme-lic']!.eventId, role: 'primary', line: expect.objectContaining({ share: usd('1500000') }) }),
      ]);
      expect((await t.get(`/events/${collected['pay-acme-lic']!.eventId}/statement-lines`, northwindKey)).status).toBe(403);
    });

    it('S-1: CSV export (RFC 4180, text/csv) and JSON export, lines in the statement’s order with decimal amounts from minor units', async () => {
      const csv = await t.app.inject({ method: 'GET', url: '/partners/northwind/statements/2026-Q1?format=csv', headers: { authorization: `Bearer ${finance}` } });
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const rows = csv.body.split('\r\n');
      expect(rows[0]!.split(',')).toEqual(expect.arrayContaining(['line_id', 'amount', 'rate_bp', 'share', 'rule_ids', 'terms_version', 'source_event_ids', 'source_positions']));
      expect(rows).toHaveLength(1 + 4 + 1);
      const license = rows[1]!;
      expect(license).toContain(',50000.00,5000000,3000,30.00,15000.00,1500000,R-2;P-3,2024.1,');
      expect(license).toContain(`,${collected['pay-acme-lic']!.eventId};`);
      expect(license).toMatch(/"payment pay-acme-lic, license, initial order[^"]*"/); // a description with commas is quoted

      const json = await t.get('/partners/northwind/statements/2026-Q1?format=json', finance);
      expect(json.status).toBe(200);
      expect(json.body.lines.map((l: { lineNo: number; share: { amount: string } }) => [l.lineNo, l.share.amount])).toEqual([
        [1, '15000.00'],
        [2, '10000.00'],
        [3, '4000.00'],
        [4, '0.00'],
      ]);
      expect(json.body.totals.payable).toEqual({ amountMinor: '2900000', amount: '29000.00', currency: 'USD' });
      expect(json.body.seal).toBe(q1NorthwindBefore.body.seal);
      expect((await t.get('/partners/northwind/statements/2026-Q1?format=xml', finance)).status).toBe(400);
    });

    it('S-1: a partner sees only its own statements (403 for another partner)', async () => {
      expect((await statement('northwind', '2026-Q1', tinycoKey)).status).toBe(403);
      expect((await t.get('/partners/northwind/statements', tinycoKey)).status).toBe(403);
      expect((await t.get(`/partners/northwind/statements/2026-Q1/lines/${collected['pay-acme-lic']!.eventId}/audit`, tinycoKey)).status).toBe(403);
      expect((await statement('nobody', '2026-Q1')).status).toBe(404);
    });
  });

  describe('2026-Q2: lifecycle, clawback, release of held amounts (S-2..S-6, R-8)', () => {
    it('S-4: partner confirms → partner invoices the payable amount → finance pays after the due date: flagged late', async () => {
      t.clock!.set('2026-05-05T15:00:00Z');
      const head = await t.head();
      expect((await t.post('/partners/northwind/statements/2026-Q1/invoice', { invoiceNumber: 'INV-1', amount: usd('2900000') }, northwindKey)).status).toBe(422); // S-4: confirm first
      expect((await t.post('/partners/northwind/statements/2026-Q1/confirmation', {}, tinycoKey)).status).toBe(403);
      expect((await t.post('/partners/northwind/statements/2026-Q1/confirmation', {}, finance)).status).toBe(403); // a role the route does not admit
      expect(await t.head()).toBe(head);

      created(await t.post('/partners/northwind/statements/2026-Q1/confirmation', {}, northwindKey), ['StatementConfirmed']);
      const wrongAmount = await t.post('/partners/northwind/statements/2026-Q1/invoice', { invoiceNumber: 'NW-2026-Q1', amount: usd('2899999') }, northwindKey);
      expect(wrongAmount.status).toBe(422);
      expect(wrongAmount.body.ruleId).toBe('S-4');
      created(await t.post('/partners/northwind/statements/2026-Q1/invoice', { invoiceNumber: 'NW-2026-Q1', amount: usd('2900000') }, northwindKey), ['StatementInvoiced']);
      expect((await t.post('/partners/northwind/statements/2026-Q1/payment', { amount: usd('2900000'), paidAt: '2026-05-04T15:00:00Z', paymentReference: 'ACH-1' }, northwindKey)).status).toBe(403);
      const paid = await t.post('/partners/northwind/statements/2026-Q1/payment', { amount: usd('2900000'), paidAt: '2026-05-04T15:00:00Z', paymentReference: 'ACH-1' }, finance);
      created(paid, ['StatementPaid']);
      expect(paid.body.events[0].data).toMatchObject({ dueBy: '2026-04-30', late: true, paidAt: '2026-05-04T15:00:00Z' });

      await t.settle();
      const res = await statement('northwind', '2026-Q1');
      expect(res.body).toMatchObject({ status: 'paid', paid: { late: true, paymentReference: 'ACH-1' }, invoiced: { invoiceNumber: 'NW-2026-Q1' } });
      const list = await t.get('/partners/northwind/statements', northwindKey);
      expect(list.body.statements).toEqual([expect.objectContaining({ quarter: '2026-Q1', status: 'paid', late: true, payable: usd('2900000') })]);
    });

    it('S-4: nothing payable, nothing to invoice (S-2)', async () => {
      const tinycoConfirm = await t.post('/partners/tinyco/statements/2026-Q1/confirmation', {}, tinycoKey);
      created(tinycoConfirm, ['StatementConfirmed']);
      const res = await t.post('/partners/tinyco/statements/2026-Q1/invoice', { invoiceNumber: 'T-1', amount: usd('0') }, tinycoKey);
      expect(res.status).toBe(422);
      expect(res.body.ruleId).toBe('S-2');
    });

    it('S-6: US partners paid at or above the threshold of the payment year are flagged for a 1099 ($2,000 from 2026)', async () => {
      await t.settle();
      const northwind = await t.get('/partners/northwind/tax-years/2026', finance);
      expect(northwind.status).toBe(200);
      expect(northwind.body).toMatchObject({ partnerId: 'northwind', year: 2026, country: 'US', paid: usd('2900000'), thresholdMinor: '200000', flagged1099: true, ruleId: 'S-6' });
      expect(northwind.body.payments).toEqual([expect.objectContaining({ statementId: 'statement-northwind-2026-Q1', amount: usd('2900000') })]);
      const tinyco = await t.get('/partners/tinyco/tax-years/2026', finance);
      expect(tinyco.body).toMatchObject({ paid: usd('0'), thresholdMinor: '200000', flagged1099: false });
      expect((await t.get('/partners/tinyco/tax-years/2025', finance)).body.thresholdMinor).toBe('60000'); // $600 up to 2025
      expect((await t.get('/partners/northwind/tax-years/2026', northwindKey)).status).toBe(403);
      expect((await t.get('/partners/northwind/tax-years/20x6', finance)).status).toBe(400);
    });

    it('R-8: a refund recorded after Q1 was issued; a held partner records its W-9; the small partner collects again', async () => {
      const refund = await t.post('/revenue/collections/pay-acme-lic/refunds', { refundId: 'r-acme-1', amount: usd('1000000'), refundedAt: '2026-04-20T15:00:00Z', reason: 'seats reduced' }, ingest);
      created(refund, ['RevenueRefunded']);
      collected['r-acme-1'] = { eventId: refund.body.events[0].id, position: refund.body.events[0].position, streamName: refund.body.streamName };
      created(await t.post('/partners/holdco/tax-forms', { taxForm: 'W-9' }), ['PartnerTaxFormRecorded']);
      await collect('pay-initech-2', 'initech', 'license', '10000', '2026-04-15T15:00:00Z');
    });

    it('S-3, R-8: the issued Q1 statement is untouched by the refund', async () => {
      await t.settle();
      const after = await statement('northwind', '2026-Q1');
      expect(after.body.lines).toEqual(q1NorthwindBefore.body.lines);
      expect(after.body.totals).toEqual(q1NorthwindBefore.body.totals);
      expect(after.body.seal).toBe(q1NorthwindBefore.body.seal);
    });

    it('S-2, S-3, S-5, R-8: closing Q2 — a clawback line at the rate the collection earned, the $99.99 carried in, the held amount released', async () => {
      t.clock!.set('2026-07-02T14:00:00Z');
      const close = await t.post('/quarters/2026-Q2/close', {}, finance);
      expect(close.status).toBe(200);
      expect(close.body.issued.map((s: { partnerId: string; payable: unknown; carriedOut: unknown }) => [s.partnerId, s.payable, s.carriedOut])).toEqual([
        ['holdco', usd('200000'), usd('0')],
        ['northwind', usd('0'), usd('-300000')],
        ['tinyco', usd('10999'), usd('0')],
      ]);
      expect(close.body.totals).toMatchObject({ statements: 3, payable: usd('210999'), carriedOut: usd('-300000') });

      const northwind = await statement('northwind', '2026-Q2');
      const kinds = northwind.body.lines.map((l: { kind: string; share: { amountMinor: string } }) => [l.kind, l.share.amountMinor]);
      expect(kinds).toEqual([
        ['clawback', '-300000'],
        ['carry-forward-out', '300000'], // S-2: a negative balance carries forward to offset later earnings
      ]);
      const clawback = northwind.body.lines[0];
      expect(clawback).toMatchObject({ rateBp: 3000, amount: usd('-1000000'), concernsQuarter: '2026-Q1', lineId: collected['r-acme-1']!.eventId });
      expect(clawback.ruleIds).toEqual(expect.arrayContaining(['R-8', 'R-2']));
      expect(clawback.sources.map((s: { eventId: string }) => s.eventId).slice(0, 2)).toEqual([collected['r-acme-1']!.eventId, collected['pay-acme-lic']!.eventId]);

      const tinyco = await statement('tinyco', '2026-Q2');
      expect(tinyco.body.lines.map((l: { kind: string; share: { amountMinor: string } }) => [l.kind, l.share.amountMinor])).toEqual([
        ['carry-forward-in', '9999'],
        ['collection', '1000'],
      ]);
      expect(tinyco.body.lines[0].sources[0]).toMatchObject({ type: 'StatementIssued', streamName: statementStreamId('tinyco', '2026-Q1') });
      expect(tinyco.body.totals).toMatchObject({ carriedIn: usd('9999'), payable: usd('10999') });

      const holdco = await statement('holdco', '2026-Q2');
      expect(holdco.body.lines.map((l: { kind: string; share: { amountMinor: string } }) => [l.kind, l.share.amountMinor])).toEqual([['tax-hold-release', '200000']]);
      expect(holdco.body.totals).toMatchObject({ released: usd('200000'), payable: usd('200000') });
    });

    it('A-2: the collection now lists its Q1 line and the Q2 clawback that reverses it', async () => {
      const res = await t.get(`/events/${collected['pay-acme-lic']!.eventId}/statement-lines`, finance);
      expect(res.body.lines.map((l: { quarter: string; role: string; line: { kind: string } }) => [l.quarter, l.role, l.line.kind])).toEqual([
        ['2026-Q1', 'primary', 'collection'],
        ['2026-Q2', 'related', 'clawback'],
      ]);
    });

    it('A-2, S-3, S-7: verify recomputes every issued statement from the log; every seal holds (also Q1 after the clawback)', async () => {
      const res = await t.post('/statements/verify', {}, finance);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ok: true, checked: 6, failed: 0 });
      expect(res.body.statements.every((s: { ok: boolean; sealValid: boolean; differences: string[] }) => s.ok && s.sealValid && s.differences.length === 0)).toBe(true);
      const q1 = res.body.statements.find((s: { statementId: string }) => s.statementId === 'statement-northwind-2026-Q1');
      expect(q1.seal).toBe(q1NorthwindBefore.body.seal);
      expect((await t.post('/statements/verify', {}, northwindKey)).status).toBe(403);
    });
  });

  describe('2026-Q3: a close that stopped half-way is resumed by running it again (S-3)', () => {
    it('S-3: QuarterClosed was appended but no statement issued (a crash); the next close run issues them, appending the close once', async () => {
      t.clock!.set('2026-09-01T15:00:00Z');
      await collect('pay-initech-3', 'initech', 'license', '200000', '2026-08-10T15:00:00Z');
      await collect('pay-umbrella-3', 'umbrella', 'license', '100000', '2026-08-12T15:00:00Z');
      t.clock!.set('2026-10-01T14:00:00Z');
      const head = String(await t.head());
      const bus = t.app.get(CommandBus);
      const closed = await bus.execute(new CloseQuarterCommand({ quarter: '2026-Q3', throughPosition: head }, { commandId: 'quarter-close:2026-Q3', actor: 'test:crashed-close' }));
      expect(closed.events.map((e: { type: string }) => e.type)).toEqual(['QuarterClosed']);

      const resumed = await t.post('/quarters/2026-Q3/close', {}, finance);
      expect(resumed.status).toBe(200);
      expect(resumed.body.closed).toMatchObject({ appended: false, eventId: closed.events[0].id });
      expect(resumed.body.issued.map((s: { partnerId: string; payable: unknown }) => [s.partnerId, s.payable])).toEqual([
        ['holdco', usd('20000')],
        ['tinyco', usd('20000')],
      ]);
      // S-2: northwind has no Q3 line; its negative balance waits for later earnings
      expect(resumed.body.skipped).toEqual([{ partnerId: 'northwind', reason: expect.stringContaining('nothing due'), ruleId: 'S-2' }]);
      expect(resumed.body.eventsAppended).toBe(2);
      expect((await t.store.readStream(quarterStreamId('2026-Q3'))).length).toBe(1);
      expect((await statement('northwind', '2026-Q3')).status).toBe(404);

      const again = await t.post('/quarters/2026-Q3/close', {}, finance);
      expect(again.body).toMatchObject({ issued: [], eventsAppended: 0 });
      expect(again.body.alreadyIssued.map((s: { partnerId: string }) => s.partnerId)).toEqual(['holdco', 'tinyco']);
      expect((await t.post('/statements/verify', {}, finance)).body).toMatchObject({ ok: true, checked: 8 });
    });

    it('A-2, S-3: verify reports an issued statement that does not recompute from the log and whose seal is broken (a forged event)', async () => {
      const [tinycoQ3] = await t.store.readStream(statementStreamId('tinyco', '2026-Q3'));
      const forgedStream = statementStreamId('northwind', '2026-Q3');
      const forged = { ...(tinycoQ3!.data as Record<string, unknown>), statementId: forgedStream, partnerId: 'northwind' };
      await t.store.appendToStream(forgedStream, [{ id: randomUUID(), type: 'StatementIssued', data: forged, metadata: { ...tinycoQ3!.metadata, commandId: 'forged' } }], {
        expectedRevision: 'no_stream',
      });
      const res = await t.post('/statements/verify', {}, finance);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ok: false, checked: 9, failed: 1 });
      const entry = res.body.statements.find((s: { statementId: string }) => s.statementId === forgedStream);
      expect(entry).toMatchObject({ ok: false, sealValid: false });
      expect(entry.differences).toEqual(
        expect.arrayContaining(['seal: does not match the statement content (S-3)', expect.stringMatching(/^line .*: on the issued statement, not recomputed$/)]),
      );
    });
  });
});
