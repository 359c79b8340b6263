import { DEFAULT_PROGRAM_TERMS, type SourceRef, type StatementLine } from '@ledger/domain';
import { ProgramLedger, usd } from './testing/program-ledger';
import type { CalendarDoc, LinesDoc, PartnerDoc, PaymentDoc, StatementDoc, TaxYearDoc } from './statement-docs';
import { mapReader, prepareStatement } from './statement-input';

const lines = (l: ProgramLedger, partnerId: string, quarter: string): StatementLine[] =>
  l.lines(partnerId, quarter);
const types = (sources: readonly SourceRef[]) => sources.map((s) => s.type);

/** Premier partner, customer acme won with an approved, protected registration (D-11). */
function premierWithCustomer(opts: { taxForm?: 'W-9' | null; country?: string } = {}): ProgramLedger {
  const l = new ProgramLedger();
  l.enroll('p-premier', 'premier', { taxForm: opts.taxForm === undefined ? 'W-9' : opts.taxForm, country: opts.country ?? 'US' });
  l.win('acme', 'p-premier');
  return l;
}

describe('statements projection: the seed worked examples', () => {
  it('R-2: Premier $50K first-year license → $15,000.00, citing the collection, the deal, the tier and the terms (S-1, A-2)', () => {
    const l = premierWithCustomer();
    const [collected] = l.collect('pay-1', 'acme', 5_000_000, { at: '2026-02-10T15:00:00Z' });
    const [line] = lines(l, 'p-premier', '2026-Q1');
    expect(line).toMatchObject({
      lineId: collected!.id,
      kind: 'collection',
      category: 'licenses',
      amount: usd(5_000_000),
      rateBp: 3000,
      share: usd(1_500_000),
      ruleIds: ['R-2', 'P-3'],
      termsVersion: '2024.1',
      occurredOn: '2026-02-10',
    });
    expect(types(line!.sources)).toEqual(['RevenueCollected', 'DealRegistered', 'DealRegistrationApproved', 'DealClosedWon', 'PartnerEnrolled', 'ProgramTermsAmended']);
    expect(line!.sources[0]).toEqual({ eventId: collected!.id, type: 'RevenueCollected', streamName: 'payment-pay-1', revision: '0', position: collected!.position.toString() });
    expect(l.doc<PaymentDoc>('payment:pay-1')).toMatchObject({ status: 'priced', partnerId: 'p-premier', quarter: '2026-Q1', line: { quarter: '2026-Q1', lineId: collected!.id } });
  });

  it('R-6: a $50K year-2 renewal placed by the partner → $10,000.00', () => {
    const l = premierWithCustomer();
    l.collect('pay-1', 'acme', 5_000_000, { at: '2026-02-10T15:00:00Z' });
    const [placed] = l.placeRenewal('acme', 2, { type: 'partner', partnerId: 'p-premier' }, 5_000_000, { at: '2027-01-05T15:00:00Z' });
    l.collect('pay-2', 'acme', 5_000_000, { at: '2027-01-20T15:00:00Z' }, { order: { type: 'renewal', year: 2 } });
    const [line] = lines(l, 'p-premier', '2027-Q1');
    expect(line).toMatchObject({ kind: 'renewal', rateBp: 2000, share: usd(1_000_000), ruleIds: ['R-6', 'P-3'] });
    expect(line!.sources.map((s) => s.eventId)).toContain(placed!.id);
  });

  it('R-4: a $20K Results-delivered implementation → $4,000.00 for a Premier partner', () => {
    const l = premierWithCustomer();
    l.collect('pay-1', 'acme', 2_000_000, { at: '2026-02-10T15:00:00Z' }, { kind: 'results-services' });
    expect(lines(l, 'p-premier', '2026-Q1')[0]).toMatchObject({ category: 'services', rateBp: 2000, share: usd(400_000), ruleIds: ['R-4', 'P-3'] });
  });

  it('R-5: partner-delivered services pay nothing and appear as a memo line', () => {
    const l = premierWithCustomer();
    l.collect('pay-1', 'acme', 5_000_000, { at: '2026-02-10T15:00:00Z' });
    l.collect('pay-2', 'acme', 2_000_000, { at: '2026-02-11T15:00:00Z' }, { kind: 'partner-services' });
    expect(lines(l, 'p-premier', '2026-Q1')[1]).toMatchObject({ kind: 'memo', category: 'services', rateBp: 0, share: usd(0), ruleIds: ['R-5'] });
    l.closeAndIssue('2026-Q1', { at: '2026-04-02T14:00:00Z' });
    const issued = l.issuedStatement('p-premier', '2026-Q1')!;
    expect(issued.totals).toMatchObject({ memoRevenue: usd(2_000_000), servicesRevenue: usd(0), licensesShare: usd(1_500_000), payable: usd(1_500_000) });
  });

  it('S-2: a quarter totalling $99.99 pays nothing and rolls into the next quarter', () => {
    const l = new ProgramLedger();
    l.enroll('p-ref', 'referral');
    l.win('acme', 'p-ref');
    l.collect('pay-1', 'acme', 99_990, { at: '2026-02-10T15:00:00Z' });
    const [q1] = l.closeAndIssue('2026-Q1', { at: '2026-04-02T14:00:00Z' });
    const s1 = l.issuedStatement('p-ref', '2026-Q1')!;
    expect(s1.totals).toMatchObject({ earned: usd(9999), payable: usd(0), carriedOut: usd(9999) });
    expect(l.doc<PartnerDoc>('partner:p-ref')!.lastStatement).toMatchObject({ quarter: '2026-Q1', carriedOut: usd(9999) });

    l.collect('pay-2', 'acme', 1_000, { at: '2026-05-10T15:00:00Z' });
    l.closeAndIssue('2026-Q2', { at: '2026-07-02T14:00:00Z' });
    const s2 = l.issuedStatement('p-ref', '2026-Q2')!;
    expect(s2.lines[0]).toMatchObject({ kind: 'carry-forward-in', share: usd(9999), sources: [{ eventId: q1!.id, type: 'StatementIssued' }] });
    expect(s2.totals).toMatchObject({ carriedIn: usd(9999), earned: usd(100), payable: usd(10099), carriedOut: usd(0) });
  });
});

describe('statements projection: tiers and bonus (P-3, R-3)', () => {
  it('P-3: a mid-quarter tier change prices collections before it at the old tier and after it at the new', () => {
    const l = new ProgramLedger();
    l.enroll('p-1', 'certified');
    l.win('acme', 'p-1');
    l.collect('pay-1', 'acme', 1_000_000, { at: '2026-02-01T15:00:00Z' });
    const [changed] = [l.changeTier('p-1', 'certified', 'premier', '2026-02-15', { at: '2026-02-14T15:00:00Z' })];
    l.collect('pay-2', 'acme', 1_000_000, { at: '2026-02-15T06:00:00Z' }); // 01:00 on Feb 15 in New York
    const [before, after] = lines(l, 'p-1', '2026-Q1');
    expect(before).toMatchObject({ rateBp: 2000, share: usd(200_000) });
    expect(after).toMatchObject({ rateBp: 3000, share: usd(300_000) });
    expect(after!.sources.map((s) => s.eventId)).toContain(changed!.id);
  });

  it('P-3: a tier change recorded after collections it covers re-prices them while the quarter is open', () => {
    const l = new ProgramLedger();
    l.enroll('p-1', 'certified');
    l.win('acme', 'p-1');
    l.collect('pay-1', 'acme', 1_000_000, { at: '2026-03-01T15:00:00Z' });
    l.changeTier('p-1', 'certified', 'premier', '2026-02-15', { at: '2026-03-10T15:00:00Z' });
    const all = lines(l, 'p-1', '2026-Q1');
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ rateBp: 3000, share: usd(300_000) });
  });

  it('R-3: the bonus adds 5 pp to new-business licenses of the granted quarter only', () => {
    const l = premierWithCustomer();
    const grant = l.grantBonus('p-premier', '2026-Q1', { at: '2026-01-05T15:00:00Z' });
    l.collect('pay-1', 'acme', 5_000_000, { at: '2026-02-10T15:00:00Z' });
    l.collect('pay-2', 'acme', 2_000_000, { at: '2026-02-11T15:00:00Z' }, { kind: 'results-services' });
    l.collect('pay-3', 'acme', 5_000_000, { at: '2026-04-10T15:00:00Z' });
    const [license, services] = lines(l, 'p-premier', '2026-Q1');
    expect(license).toMatchObject({ rateBp: 3500, share: usd(1_750_000), ruleIds: ['R-2', 'R-3', 'P-3'] });
    expect(license!.sources.map((s) => s.eventId)).toContain(grant.id);
    expect(services).toMatchObject({ rateBp: 2000 });
    expect(lines(l, 'p-premier', '2026-Q2')[0]).toMatchObject({ rateBp: 3000 });
  });

  it('R-3: a grant recorded later in the quarter re-prices that quarter in place', () => {
    const l = premierWithCustomer();
    l.collect('pay-1', 'acme', 5_000_000, { at: '2026-02-10T15:00:00Z' });
    l.grantBonus('p-premier', '2026-Q1', { at: '2026-03-30T15:00:00Z' });
    expect(lines(l, 'p-premier', '2026-Q1')).toEqual([expect.objectContaining({ rateBp: 3500, share: usd(1_750_000) })]);
  });

  it('R-3/S-3/A-3: a grant for a quarter already closed adjusts it on the next open statement, never the issued one', () => {
    const l = premierWithCustomer();
    l.collect('pay-1', 'acme', 5_000_000, { at: '2026-02-10T15:00:00Z' });
    l.closeAndIssue('2026-Q1', { at: '2026-04-02T14:00:00Z' });
    const issuedBefore = JSON.stringify(l.issuedStatement('p-premier', '2026-Q1'));
    const grant = l.grantBonus('p-premier', '2026-Q1', { at: '2026-04-10T15:00:00Z' });
    expect(lines(l, 'p-premier', '2026-Q1')[0]).toMatchObject({ rateBp: 3000 });
    const [reverse, apply] = lines(l, 'p-premier', '2026-Q2');
    expect(reverse).toMatchObject({ kind: 'adjustment', amount: usd(-5_000_000), rateBp: 3000, share: usd(-1_500_000), concernsQuarter: '2026-Q1' });
    expect(apply).toMatchObject({ kind: 'adjustment', amount: usd(5_000_000), rateBp: 3500, share: usd(1_750_000), ruleIds: ['S-3', 'R-2', 'R-3', 'P-3'] });
    expect(apply!.sources[0]!.eventId).toBe(grant.id);
    l.closeAndIssue('2026-Q2', { at: '2026-07-02T14:00:00Z' });
    expect(l.issuedStatement('p-premier', '2026-Q2')!.totals).toMatchObject({ earned: usd(250_000), payable: usd(250_000) });
    expect(JSON.stringify(l.issuedStatement('p-premier', '2026-Q1'))).toBe(issuedBefore);

    // a later refund reverses at the rate the collection finally earned (30% + 5%).
    l.refund('pay-1', 'r-1', 1_000_000, { at: '2026-08-01T15:00:00Z' });
    expect(lines(l, 'p-premier', '2026-Q3')[0]).toMatchObject({ kind: 'clawback', rateBp: 3500, share: usd(-350_000) });
  });
});

describe('statements projection: refunds, clawbacks and late facts (R-8, S-3)', () => {
  it('R-8: a refund in the same quarter is a refund line at the collection rate', () => {
    const l = premierWithCustomer();
    const [collected] = l.collect('pay-1', 'acme', 5_000_000, { at: '2026-02-10T15:00:00Z' });
    l.chargeback('pay-1', 'cb-1', 400_000, { at: '2026-03-01T15:00:00Z' });
    const [, chargeback] = lines(l, 'p-premier', '2026-Q1');
    expect(chargeback).toMatchObject({ kind: 'chargeback', amount: usd(-400_000), rateBp: 3000, share: usd(-120_000), ruleIds: ['R-8', 'R-2', 'P-3'] });
    expect(chargeback!.sources[1]!.eventId).toBe(collected!.id);
    expect(l.doc<PaymentDoc>('payment:pay-1')).toMatchObject({ reversedMinor: '400000', reversibleMinor: '4600000' });
  });

  it('R-8: a refund in a later quarter after issue is a clawback line at the original rate', () => {
    const l = premierWithCustomer();
    l.collect('pay-1', 'acme', 5_000_000, { at: '2026-02-10T15:00:00Z' });
    l.closeAndIssue('2026-Q1', { at: '2026-04-02T14:00:00Z' });
    l.changeTier('p-premier', 'premier', 'certified', '2026-04-01', { at: '2026-04-03T15:00:00Z' });
    l.collect('pay-2', 'acme', 5_000_000, { at: '2026-04-20T15:00:00Z' });
    l.refund('pay-1', 'r-1', 1_000_000, { at: '2026-05-01T15:00:00Z' });
    const [, clawback] = lines(l, 'p-premier', '2026-Q2');
    expect(clawback).toMatchObject({ kind: 'clawback', amount: usd(-1_000_000), rateBp: 3000, share: usd(-300_000), concernsQuarter: '2026-Q1', ruleIds: ['R-8', 'R-2', 'P-3'] });
    l.closeAndIssue('2026-Q2', { at: '2026-07-02T14:00:00Z' });
    expect(l.issuedStatement('p-premier', '2026-Q2')!.totals).toMatchObject({ earned: usd(1_000_000 - 300_000), payable: usd(700_000) });
  });

  it('S-2: a negative balance carries forward and offsets later earnings', () => {
    const l = premierWithCustomer();
    l.collect('pay-1', 'acme', 500_000, { at: '2026-02-10T15:00:00Z' });
    l.closeAndIssue('2026-Q1', { at: '2026-04-02T14:00:00Z' });
    expect(l.issuedStatement('p-premier', '2026-Q1')!.totals.payable).toEqual(usd(150_000));
    l.refund('pay-1', 'r-1', 500_000, { at: '2026-05-01T15:00:00Z' });
    l.closeAndIssue('2026-Q2', { at: '2026-07-02T14:00:00Z' });
    expect(l.issuedStatement('p-premier', '2026-Q2')!.totals).toMatchObject({ earned: usd(-150_000), payable: usd(0), carriedOut: usd(-150_000) });
    l.collect('pay-2', 'acme', 1_000_000, { at: '2026-08-10T15:00:00Z' });
    l.closeAndIssue('2026-Q3', { at: '2026-10-02T14:00:00Z' });
    expect(l.issuedStatement('p-premier', '2026-Q3')!.totals).toMatchObject({ carriedIn: usd(-150_000), earned: usd(300_000), payable: usd(150_000) });
  });

  it('S-3: a collection recorded after its quarter was closed is an adjustment on the next open statement', () => {
    const l = premierWithCustomer();
    l.collect('pay-1', 'acme', 5_000_000, { at: '2026-02-10T15:00:00Z' });
    l.closeQuarter('2026-Q1', { at: '2026-04-01T14:00:00Z' });
    const [late] = l.collect('pay-2', 'acme', 1_000_000, { at: '2026-03-30T15:00:00Z', recordedAt: '2026-04-01T16:00:00Z' });
    l.issueStatements('2026-Q1', { at: '2026-04-02T14:00:00Z' });
    expect(l.issuedStatement('p-premier', '2026-Q1')!.lines.map((x) => x.kind)).toEqual(['collection']);
    expect(lines(l, 'p-premier', '2026-Q2')).toEqual([
      expect.objectContaining({ lineId: late!.id, kind: 'adjustment', concernsQuarter: '2026-Q1', occurredOn: '2026-03-30', rateBp: 3000, share: usd(300_000), ruleIds: ['S-3', 'R-2', 'P-3'] }),
    ]);
    expect(l.doc<CalendarDoc>('calendar')!.closed['2026-Q1']).toMatchObject({ throughPosition: String(Number(late!.position) - 2) });
  });

  it('R-1/T-3: the quarter is the business date in the program time zone (23:30 on Mar 31 in New York is Q1)', () => {
    const l = premierWithCustomer();
    l.collect('pay-1', 'acme', 100_000, { at: '2026-04-01T03:30:00Z' });
    expect(lines(l, 'p-premier', '2026-Q1')).toHaveLength(1);
    expect(lines(l, 'p-premier', '2026-Q1')[0]!.occurredOn).toBe('2026-03-31');
  });
});

describe('statements projection: eligibility and renewals (D-11, R-6, R-7)', () => {
  it('D-11: revenue of a customer without an eligible won deal appears on no statement; the payment says why', () => {
    const l = new ProgramLedger();
    l.enroll('p-1', 'premier');
    l.win('late-deal', 'p-1', { eligible: false });
    l.collect('pay-1', 'walk-in', 5_000_000, { at: '2026-02-10T15:00:00Z' });
    l.collect('pay-2', 'late-deal', 5_000_000, { at: '2026-02-10T15:00:00Z' });
    l.collect('pay-3', 'late-deal', 5_000_000, { at: '2026-02-10T15:00:00Z' }, { partnerId: 'p-1' });
    for (const id of ['pay-1', 'pay-2', 'pay-3']) {
      expect(l.doc<PaymentDoc>(`payment:${id}`)).toMatchObject({ status: 'unattributed', line: null, reason: expect.stringContaining('D-11') });
    }
    expect(l.doc<LinesDoc>('lines:p-1:2026-Q1')).toBeUndefined();
    l.refund('pay-1', 'r-1', 100, { at: '2026-02-11T15:00:00Z' });
    expect(l.doc<PaymentDoc>('payment:pay-1')!.reversedMinor).toBe('100');
  });

  it('R-7: a renewal placed by Results breaks the chain: the renewal line is kept at 0 with the reason', () => {
    const l = premierWithCustomer();
    l.placeRenewal('acme', 2, { type: 'results' }, 5_000_000, { at: '2027-01-05T15:00:00Z' });
    l.collect('pay-2', 'acme', 5_000_000, { at: '2027-01-20T15:00:00Z' }, { order: { type: 'renewal', year: 2 } });
    l.placeRenewal('acme', 3, { type: 'partner', partnerId: 'p-premier' }, 5_000_000, { at: '2028-01-05T15:00:00Z' });
    l.collect('pay-3', 'acme', 5_000_000, { at: '2028-01-20T15:00:00Z' }, { order: { type: 'renewal', year: 3 } });
    for (const quarter of ['2027-Q1', '2028-Q1']) {
      const [line] = lines(l, 'p-premier', quarter);
      expect(line).toMatchObject({ kind: 'renewal', rateBp: 0, share: usd(0), ruleIds: ['R-7'] });
      expect(line!.description).toMatch(/renewal chain broken from year 2/);
      expect(types(line!.sources)).toContain('RenewalChainBroken');
    }
  });

  it('R-6: a renewal year the partner did not place earns nothing', () => {
    const l = premierWithCustomer();
    l.collect('pay-2', 'acme', 5_000_000, { at: '2027-01-20T15:00:00Z' }, { order: { type: 'renewal', year: 2 } });
    expect(lines(l, 'p-premier', '2027-Q1')[0]).toMatchObject({ rateBp: 0, ruleIds: ['R-6'] });
  });
});

describe('statements projection: tax hold, payments, 1099 (S-4, S-5, S-6)', () => {
  it('S-5: without a tax form the payable amount is held, then released on the first statement after the form is recorded', () => {
    const l = premierWithCustomer({ taxForm: null });
    l.collect('pay-1', 'acme', 5_000_000, { at: '2026-02-10T15:00:00Z' });
    const [q1Issued] = l.closeAndIssue('2026-Q1', { at: '2026-04-02T14:00:00Z' });
    expect(l.issuedStatement('p-premier', '2026-Q1')!.totals).toMatchObject({ payable: usd(0), held: usd(1_500_000) });
    expect(l.doc<PartnerDoc>('partner:p-premier')!.held).toEqual({ amount: usd(1_500_000), sources: [expect.objectContaining({ eventId: q1Issued!.id })] });

    const form = l.recordTaxForm('p-premier', 'W-9', { at: '2026-05-01T15:00:00Z' });
    l.closeAndIssue('2026-Q2', { at: '2026-07-02T14:00:00Z' }); // no new revenue: issued for the release
    const q2 = l.issuedStatement('p-premier', '2026-Q2')!;
    expect(q2.lines).toEqual([expect.objectContaining({ kind: 'tax-hold-release', share: usd(1_500_000), ruleIds: ['S-5'] })]);
    expect(q2.lines[0]!.sources.map((s) => s.eventId)).toEqual([form.id, q1Issued!.id]);
    expect(q2.totals).toMatchObject({ released: usd(1_500_000), payable: usd(1_500_000), held: usd(0) });
    expect(l.doc<PartnerDoc>('partner:p-premier')!.held).toBeNull();
  });

  it('S-5: a form recorded after the quarter was closed counts from the next statement (the cut)', () => {
    const l = premierWithCustomer({ taxForm: null });
    l.collect('pay-1', 'acme', 5_000_000, { at: '2026-02-10T15:00:00Z' });
    l.closeQuarter('2026-Q1', { at: '2026-04-01T14:00:00Z' });
    l.recordTaxForm('p-premier', 'W-9', { at: '2026-04-01T15:00:00Z' });
    expect(prepareStatement(mapReader(l.docs), 'p-premier', '2026-Q1').input.taxForm.onFile).toBe(false);
    l.issueStatements('2026-Q1', { at: '2026-04-02T14:00:00Z' });
    expect(l.issuedStatement('p-premier', '2026-Q1')!.totals.held).toEqual(usd(1_500_000));
  });

  it('S-4: a payment after the due date is flagged late', () => {
    const l = premierWithCustomer();
    l.collect('pay-1', 'acme', 5_000_000, { at: '2026-02-10T15:00:00Z' });
    l.collect('pay-2', 'acme', 5_000_000, { at: '2026-05-10T15:00:00Z' });
    l.closeAndIssue('2026-Q1', { at: '2026-04-02T14:00:00Z' });
    l.closeAndIssue('2026-Q2', { at: '2026-07-02T14:00:00Z' });
    l.settle('p-premier', '2026-Q1', '2026-04-30T20:00:00Z');
    l.settle('p-premier', '2026-Q2', '2026-08-04T15:00:00Z');
    expect(l.doc<StatementDoc>('statement:p-premier:2026-Q1')).toMatchObject({ status: 'paid', dueBy: '2026-04-30', paid: { late: false } });
    expect(l.doc<StatementDoc>('statement:p-premier:2026-Q2')).toMatchObject({ status: 'paid', dueBy: '2026-07-30', paid: { late: true } });
  });

  it('S-6: US partners are flagged for a 1099 at $600 for payment year 2025 and at $2,000 from 2026', () => {
    const l = new ProgramLedger();
    l.enroll('p-us', 'referral');
    l.enroll('p-de', 'referral', { country: 'DE', taxForm: 'W-8' });
    l.win('acme', 'p-us');
    l.win('bmw', 'p-de');
    const quarters: [string, string, string][] = [
      ['2025-Q3', '2025-08-10T15:00:00Z', '2025-10-20T15:00:00Z'],
      ['2025-Q4', '2025-11-10T15:00:00Z', '2026-01-20T15:00:00Z'],
      ['2026-Q1', '2026-02-10T15:00:00Z', '2026-04-20T15:00:00Z'],
    ];
    const closeAt: Record<string, string> = { '2025-Q3': '2025-10-02T14:00:00Z', '2025-Q4': '2026-01-02T14:00:00Z', '2026-Q1': '2026-04-02T14:00:00Z' };
    for (const [quarter, collectAt, paidAt] of quarters) {
      l.collect(`us-${quarter}`, 'acme', 999_900, { at: collectAt }); // 10% = $999.90
      l.collect(`de-${quarter}`, 'bmw', 5_000_000, { at: collectAt });
      l.closeAndIssue(quarter, { at: closeAt[quarter]! });
      l.settle('p-us', quarter, paidAt);
      l.settle('p-de', quarter, paidAt);
    }
    expect(l.doc<TaxYearDoc>('tax-year:p-us:2025')).toMatchObject({ paid: usd(99_990), thresholdMinor: '60000', flagged1099: true });
    expect(l.doc<TaxYearDoc>('tax-year:p-us:2026')).toMatchObject({ paid: usd(199_980), thresholdMinor: '200000', flagged1099: false });
    expect(l.doc<TaxYearDoc>('tax-year:p-de:2025')).toMatchObject({ paid: usd(500_000), country: 'DE', flagged1099: false });

    l.collect('us-2026-Q2', 'acme', 200, { at: '2026-05-10T15:00:00Z' });
    l.collect('us-2026-Q2b', 'acme', 999_700, { at: '2026-05-11T15:00:00Z' });
    l.closeAndIssue('2026-Q2', { at: '2026-07-02T14:00:00Z' });
    l.settle('p-us', '2026-Q2', '2026-07-20T15:00:00Z');
    expect(l.doc<TaxYearDoc>('tax-year:p-us:2026')).toMatchObject({ paid: usd(299_970), flagged1099: true });
  });
});

describe('statements projection: terms as data (T-1)', () => {
  it('T-1: prices each collection with the terms in force on its business date and cites the version', () => {
    const l = premierWithCustomer();
    const amended = {
      ...DEFAULT_PROGRAM_TERMS,
      version: '2026.2',
      effectiveFrom: '2026-04-01',
      tiers: { ...DEFAULT_PROGRAM_TERMS.tiers, premier: { ...DEFAULT_PROGRAM_TERMS.tiers.premier, newLicenseBp: 3200 } },
    };
    const amendment = l.amendTerms(amended, { at: '2026-03-01T15:00:00Z' });
    l.collect('pay-1', 'acme', 1_000_000, { at: '2026-03-31T15:00:00Z' });
    l.collect('pay-2', 'acme', 1_000_000, { at: '2026-04-01T15:00:00Z' });
    expect(lines(l, 'p-premier', '2026-Q1')[0]).toMatchObject({ rateBp: 3000, termsVersion: '2024.1' });
    const q2 = lines(l, 'p-premier', '2026-Q2')[0]!;
    expect(q2).toMatchObject({ rateBp: 3200, termsVersion: '2026.2', share: usd(320_000) });
    expect(q2.sources.map((s) => s.eventId)).toContain(amendment.id);
  });
});

describe('statements projection: contract', () => {
  it('is idempotent by position: an event applied twice changes nothing', () => {
    const l = premierWithCustomer();
    const [collected] = l.collect('pay-1', 'acme', 5_000_000, { at: '2026-02-10T15:00:00Z' });
    const docs = new Map([...l.docs]);
    const view = new Map(l.projection.keys(collected!).map((k) => [k, docs.get(k)]));
    expect(l.projection.apply(view, collected!).size).toBe(0);
  });

  it('ignores events it does not consume', () => {
    const l = new ProgramLedger();
    const foreign = { ...l.events[0]!, type: 'SurveyCompleted', position: 99n };
    expect(l.projection.keys(foreign)).toEqual([]);
    expect(l.projection.apply(new Map(), foreign).size).toBe(0);
  });
});
