import { createHash } from 'node:crypto';
import { DEFAULT_PROGRAM_TERMS, DEFAULT_TERMS_BOOK } from '../program-terms/default-program-terms';
import { bookWith } from '../program-terms/program-terms';
import { minorUnits, money, shareOf } from '../shared/money';
import { deciderSpecification } from './testing/decider-specification';
import { canonicalJson } from '../shared/canonical-json';
import { calculateStatement } from './statement-calculator';
import { sealStatement } from './statement-seal';
import type { ConfirmStatement, InvoiceStatement, IssueStatement, RecordStatementPayment } from './statement.commands';
import { statementDecider, type StatementContext } from './statement.decider';
import type { StatementConfirmed, StatementInvoiced, StatementIssued, StatementLine, StatementPaid } from './statement.events';

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const spec = deciderSpecification(statementDecider);
const context: StatementContext = { quarterClosed: true, book: DEFAULT_TERMS_BOOK, hash: sha256Hex };
const usd = (minor: bigint | number) => ({ amountMinor: String(minor), currency: 'USD' });
const meta = (now: string, actor = 'cli:finance') => ({ now, commandId: 'c', actor });

const line: StatementLine = {
  lineId: 'evt-1',
  kind: 'collection',
  category: 'licenses',
  description: 'premier new-business license 30% (R-2)',
  amount: usd(5_000_000),
  rateBp: 3000,
  share: usd(minorUnits(shareOf(money(5_000_000n, 'USD'), 3000))),
  ruleIds: ['R-2', 'P-3'],
  termsVersion: '2024.1',
  sources: [{ eventId: 'evt-1', type: 'RevenueCollected', streamName: 'payment-pay-1', revision: '0', position: '7' }],
  occurredOn: '2026-02-10',
};
const computed = calculateStatement({
  partnerId: 'p-1',
  quarter: '2026-Q1',
  currency: 'USD',
  lines: [line],
  carryIn: { amount: usd(0), sources: [] },
  heldIn: { amount: usd(0), sources: [] },
  taxForm: { onFile: true, sources: [] },
  terms: DEFAULT_PROGRAM_TERMS,
});
const issue = (overrides: Partial<IssueStatement['data']> = {}): IssueStatement => ({
  type: 'IssueStatement',
  data: { partnerId: 'p-1', quarter: '2026-Q1', currency: 'USD', lines: computed.lines, totals: computed.totals, termsVersion: '2024.1', throughPosition: '42', ...overrides },
  metadata: meta('2026-04-02T14:00:00Z'),
});
const content = { partnerId: 'p-1', quarter: '2026-Q1', currency: 'USD', lines: computed.lines, totals: computed.totals, termsVersion: '2024.1', throughPosition: '42' };
const issued: StatementIssued = {
  type: 'StatementIssued',
  data: { statementId: 'statement-p-1-2026-Q1', ...content, issuedAt: '2026-04-02T14:00:00Z', dueBy: '2026-04-30', seal: sealStatement(content, sha256Hex) },
};
const confirm: ConfirmStatement = { type: 'ConfirmStatement', data: { partnerId: 'p-1', quarter: '2026-Q1' }, metadata: meta('2026-04-05T10:00:00Z', 'partner:p-1') };
const confirmed: StatementConfirmed = {
  type: 'StatementConfirmed',
  data: { statementId: 'statement-p-1-2026-Q1', partnerId: 'p-1', quarter: '2026-Q1', confirmedBy: 'partner:p-1', confirmedAt: '2026-04-05T10:00:00Z' },
};
const invoice = (amount = usd(1_500_000), invoiceNumber = 'INV-7'): InvoiceStatement => ({
  type: 'InvoiceStatement',
  data: { partnerId: 'p-1', quarter: '2026-Q1', invoiceNumber, amount },
  metadata: meta('2026-04-06T10:00:00Z', 'partner:p-1'),
});
const invoiced: StatementInvoiced = {
  type: 'StatementInvoiced',
  data: { statementId: 'statement-p-1-2026-Q1', partnerId: 'p-1', quarter: '2026-Q1', invoiceNumber: 'INV-7', amount: usd(1_500_000), invoicedAt: '2026-04-06T10:00:00Z' },
};
const pay = (paidAt: string, amount = usd(1_500_000)): RecordStatementPayment => ({
  type: 'RecordStatementPayment',
  data: { partnerId: 'p-1', quarter: '2026-Q1', amount, paidAt, paymentReference: 'ACH-1' },
  metadata: meta('2026-06-01T00:00:00Z'),
});
const paid = (paidAt: string, late: boolean): StatementPaid => ({
  type: 'StatementPaid',
  data: { statementId: 'statement-p-1-2026-Q1', partnerId: 'p-1', quarter: '2026-Q1', amount: usd(1_500_000), paidAt, dueBy: '2026-04-30', late, paymentReference: 'ACH-1' },
});

describe('statement decider: issue (S-3)', () => {
  it('S-3: issues a sealed statement due 30 days after quarter end (S-4)', () => {
    spec.given([]).when(issue(), context).then([issued]);
  });

  it('S-3: the seal is SHA-256 over the canonical JSON (sorted keys, no whitespace) of the statement content', () => {
    const text = canonicalJson(content);
    expect(text).not.toMatch(/\s(?=(?:[^"]*"[^"]*")*[^"]*$)/); // no whitespace outside strings
    expect(text.startsWith('{"currency":"USD","lines":[{"amount":')).toBe(true);
    expect(issued.data.seal).toBe(sha256Hex(text));
    expect(issued.data.seal).toMatch(/^[0-9a-f]{64}$/);
  });

  it('S-3: re-issuing the same content is a no-op; different content is refused (an issued statement never changes)', () => {
    spec.given([issued]).when(issue(), context).thenNothing();
    spec.given([issued]).when(issue({ throughPosition: '43' }), context).thenThrows({ code: 'conflict', ruleId: 'S-3' });
  });

  it('S-3: a statement is issued only for a closed quarter', () => {
    spec.given([]).when(issue(), { ...context, quarterClosed: false }).thenThrows({ code: 'rule-violation', ruleId: 'S-3' });
  });

  it('T-2/A-2: refuses totals that are not the sums of the lines, and lines whose share does not recompute', () => {
    spec
      .given([])
      .when(issue({ totals: { ...computed.totals, payable: usd(1) } }), context)
      .thenThrows({ code: 'validation', field: 'totals' });
    spec
      .given([])
      .when(issue({ lines: [{ ...line, share: usd(1) }], totals: { ...computed.totals } }), context)
      .thenThrows({ code: 'validation', ruleId: 'T-2' });
  });

  it('T-1: the due date follows the terms in force at quarter end', () => {
    const book = bookWith(DEFAULT_TERMS_BOOK, {
      ...DEFAULT_PROGRAM_TERMS,
      version: '2026.1',
      effectiveFrom: '2026-01-01',
      payout: { ...DEFAULT_PROGRAM_TERMS.payout, paymentDueDays: 45 },
    });
    const [event] = statementDecider.decide(issue(), statementDecider.initialState(), { ...context, book });
    expect((event as StatementIssued).data.dueBy).toBe('2026-05-15');
  });
});

describe('statement decider: confirm → invoice → paid (S-4)', () => {
  it('S-4: the partner confirms an issued statement; confirming again changes nothing', () => {
    spec.given([issued]).when(confirm, context).then([confirmed]);
    spec.given([issued, confirmed]).when(confirm, context).thenNothing();
  });

  it('S-4: nothing can be confirmed before issue', () => {
    spec.given([]).when(confirm, context).thenThrows({ code: 'not-found' });
  });

  it('S-4: the invoice comes after confirmation and must be for the payable amount', () => {
    spec.given([issued]).when(invoice(), context).thenThrows({ code: 'rule-violation', ruleId: 'S-4', message: /confirms the statement before/ });
    spec.given([issued, confirmed]).when(invoice(usd(1_499_999)), context).thenThrows({ code: 'rule-violation', ruleId: 'S-4', field: 'amount' });
    spec.given([issued, confirmed]).when(invoice(), context).then([invoiced]);
    spec.given([issued, confirmed, invoiced]).when(invoice(), context).thenNothing();
    spec.given([issued, confirmed, invoiced]).when(invoice(usd(1_500_000), 'INV-8'), context).thenThrows({ code: 'conflict', ruleId: 'S-4' });
  });

  it('S-2: a statement with nothing payable cannot be invoiced', () => {
    const small = calculateStatement({
      partnerId: 'p-1',
      quarter: '2026-Q1',
      currency: 'USD',
      lines: [{ ...line, amount: usd(99_990), rateBp: 1000, share: usd(9999) }],
      carryIn: { amount: usd(0), sources: [] },
      heldIn: { amount: usd(0), sources: [] },
      taxForm: { onFile: true, sources: [] },
      terms: DEFAULT_PROGRAM_TERMS,
    });
    const [smallIssued] = statementDecider.decide(issue({ lines: small.lines, totals: small.totals }), statementDecider.initialState(), context);
    spec.given([smallIssued as StatementIssued, confirmed]).when(invoice(usd(0)), context).thenThrows({ code: 'rule-violation', ruleId: 'S-2' });
  });

  it('S-4: payment comes after the invoice and must match it', () => {
    spec.given([issued, confirmed]).when(pay('2026-04-20T15:00:00Z'), context).thenThrows({ code: 'rule-violation', ruleId: 'S-4' });
    spec.given([issued, confirmed, invoiced]).when(pay('2026-04-20T15:00:00Z', usd(1)), context).thenThrows({ code: 'rule-violation', field: 'amount' });
  });

  it('S-4: paid by April 30 (program time zone) is on time; later is flagged late', () => {
    spec.given([issued, confirmed, invoiced]).when(pay('2026-04-20T15:00:00Z'), context).then([paid('2026-04-20T15:00:00Z', false)]);
    spec.given([issued, confirmed, invoiced]).when(pay('2026-05-01T03:30:00Z'), context).then([paid('2026-05-01T03:30:00Z', false)]); // 23:30 Apr 30 in New York
    spec.given([issued, confirmed, invoiced]).when(pay('2026-05-01T04:30:00Z'), context).then([paid('2026-05-01T04:30:00Z', true)]);
  });

  it('S-4: a repeated payment record is a no-op; a different one a conflict', () => {
    const first = paid('2026-04-20T15:00:00Z', false);
    spec.given([issued, confirmed, invoiced, first]).when(pay('2026-04-20T15:00:00Z'), context).thenNothing();
    spec
      .given([issued, confirmed, invoiced, first])
      .when({ ...pay('2026-04-21T15:00:00Z'), data: { ...pay('2026-04-21T15:00:00Z').data, paymentReference: 'ACH-2' } }, context)
      .thenThrows({ code: 'conflict', ruleId: 'S-4' });
  });
});
