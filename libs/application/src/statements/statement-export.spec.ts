import type { StatementLine, StatementTotals } from '@ledger/domain';
import { csvField, decimalAmount, ratePercent, statementCsv, statementExport } from './statement-export';
import type { StatementView } from './statement-query.service';

const usd = (amountMinor: string) => ({ amountMinor, currency: 'USD' });
const source = (n: number) => ({ eventId: `evt-${n}`, type: 'RevenueCollected', streamName: `payment-pay-${n}`, revision: '0', position: String(n) });

const line = (overrides: Partial<StatementLine>): StatementLine => ({
  lineId: 'evt-7',
  kind: 'collection',
  category: 'licenses',
  description: 'payment pay-7, license, initial order: premier new-business license 30% (R-2)',
  amount: usd('5000000'),
  rateBp: 3000,
  share: usd('1500000'),
  ruleIds: ['R-2', 'P-3'],
  termsVersion: '2024.1',
  sources: [source(7), { ...source(3), type: 'DealClosedWon', streamName: 'opportunity-acme' }],
  occurredOn: '2026-02-10',
  ...overrides,
});

const zeroTotals = Object.fromEntries(
  ['licensesRevenue', 'servicesRevenue', 'licensesShare', 'servicesShare', 'memoRevenue', 'earned', 'carriedIn', 'released', 'balance', 'payable', 'carriedOut', 'held'].map((k) => [k, usd('0')]),
) as unknown as StatementTotals;

const view = (lines: StatementLine[]): StatementView => ({
  statementId: 'statement-northwind-2026-Q2',
  partnerId: 'northwind',
  quarter: '2026-Q2',
  status: 'issued',
  preview: false,
  currency: 'USD',
  termsVersion: '2024.1',
  throughPosition: '42',
  lines,
  totals: { ...zeroTotals, payable: usd('1200000'), carriedOut: usd('-5') },
  seal: 'abc',
  issuedAt: '2026-07-02T14:00:00Z',
  dueBy: '2026-07-30',
  issuedEvent: null,
  confirmed: null,
  invoiced: null,
  paid: null,
});

describe('statement exports (S-1, T-2)', () => {
  it('T-2: decimal amounts come from integer minor units, never floats', () => {
    expect(decimalAmount(usd('1500000'))).toBe('15000.00');
    expect(decimalAmount(usd('9999'))).toBe('99.99');
    expect(decimalAmount(usd('5'))).toBe('0.05');
    expect(decimalAmount(usd('0'))).toBe('0.00');
    expect(decimalAmount(usd('-300000'))).toBe('-3000.00');
    expect(decimalAmount(usd('123456789012345678'))).toBe('1234567890123456.78'); // beyond 2^53: exact
    expect(decimalAmount({ amountMinor: '1234', currency: 'JPY' })).toBe('1234');
    expect(ratePercent(3000)).toBe('30.00');
    expect(ratePercent(1550)).toBe('15.50');
    expect(ratePercent(5)).toBe('0.05');
    expect(ratePercent(0)).toBe('0.00');
  });

  it('RFC 4180: quotes fields with commas, quotes and line breaks, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
  });

  it('S-1: a header and one CRLF-terminated row per line with amount, rate, share, rules, terms and every source id and position', () => {
    const clawback = line({
      lineId: 'evt-9',
      kind: 'clawback',
      description: 'refund r-1 of payment pay-7, license: reverses "Q1", at the rate it earned (R-8)',
      amount: usd('-1000000'),
      share: usd('-300000'),
      ruleIds: ['R-8', 'R-2', 'P-3'],
      sources: [{ ...source(9), type: 'RevenueRefunded', streamName: 'payment-pay-7', revision: '1' }, source(7)],
      occurredOn: '2026-04-20',
      concernsQuarter: '2026-Q1',
    });
    const csv = statementCsv(view([line({}), clawback]));
    const rows = csv.split('\r\n');
    expect(rows).toHaveLength(4); // header, two lines, and the empty string after the final CRLF
    expect(rows[3]).toBe('');
    expect(rows[0]).toBe(
      'statement_id,partner_id,quarter,status,line_no,line_id,kind,category,description,occurred_on,concerns_quarter,currency,amount,amount_minor,rate_bp,rate_percent,share,share_minor,rule_ids,terms_version,source_event_ids,source_types,source_streams,source_revisions,source_positions',
    );
    expect(rows[1]).toBe(
      'statement-northwind-2026-Q2,northwind,2026-Q2,issued,1,evt-7,collection,licenses,"payment pay-7, license, initial order: premier new-business license 30% (R-2)",2026-02-10,,USD,50000.00,5000000,3000,30.00,15000.00,1500000,R-2;P-3,2024.1,evt-7;evt-3,RevenueCollected;DealClosedWon,payment-pay-7;opportunity-acme,0;0,7;3',
    );
    expect(rows[2]).toBe(
      'statement-northwind-2026-Q2,northwind,2026-Q2,issued,2,evt-9,clawback,licenses,"refund r-1 of payment pay-7, license: reverses ""Q1"", at the rate it earned (R-8)",2026-04-20,2026-Q1,USD,-10000.00,-1000000,3000,30.00,-3000.00,-300000,R-8;R-2;P-3,2024.1,evt-9;evt-7,RevenueRefunded;RevenueCollected,payment-pay-7;payment-pay-7,1;0,9;7',
    );
  });

  it('S-7: the JSON export keeps the statement order, numbers the lines and sorts the totals by name', () => {
    const doc = statementExport(view([line({}), line({ lineId: 'evt-8' })]));
    expect(doc.lines.map((l) => [l.lineNo, l.lineId])).toEqual([
      [1, 'evt-7'],
      [2, 'evt-8'],
    ]);
    expect(doc.lines[0]!.share).toEqual({ amountMinor: '1500000', amount: '15000.00', currency: 'USD' });
    expect(Object.keys(doc.totals)).toEqual([...Object.keys(doc.totals)].sort());
    expect(doc.totals.payable).toEqual({ amountMinor: '1200000', amount: '12000.00', currency: 'USD' });
    expect(doc.totals.carriedOut.amount).toBe('-0.05');
    expect(JSON.stringify(statementExport(view([line({})])))).toBe(JSON.stringify(statementExport(view([line({})]))));
  });
});
