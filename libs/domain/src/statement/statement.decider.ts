/**
 * Statement lifecycle (S-3, S-4): issue (sealed, immutable) → confirm → invoice → paid, in that
 * order. Nothing changes an issued statement: re-issuing the same content is a no-op, different
 * content is refused. A payment after the due date (quarter end + paymentDueDays) is flagged late.
 */
import { Temporal } from 'temporal-polyfill';
import { assertNever, type Decider } from '../shared/decider';
import { DomainError, Violations } from '../shared/domain-error';
import { isQuarterId, isValidInstant, localDate, quarterEnd } from '../shared/business-time';
import { isKnownCurrency, type MoneyJson } from '../shared/money';
import { statementStreamId } from '../shared/stream-ids';
import { termsInForce, type ProgramTermsBook } from '../program-terms/program-terms';
import { canonicalJson } from '../shared/canonical-json';
import { statementTotalsOf, assertLinesRecompute } from './statement-calculator';
import { sealStatement, type HashFunction } from './statement-seal';
import type { StatementCommand } from './statement.commands';
import type { StatementConfirmed, StatementEvent, StatementInvoiced, StatementIssued, StatementPaid } from './statement.events';

export interface StatementContext {
  /** S-3: the quarter has been closed (read from `quarterStreamId(quarter)`). */
  readonly quarterClosed: boolean;
  readonly book: ProgramTermsBook;
  /** SHA-256 hex in production (the domain imports no Node built-ins). */
  readonly hash: HashFunction;
}

export interface StatementState {
  readonly issued: StatementIssued['data'] | null;
  readonly confirmed: StatementConfirmed['data'] | null;
  readonly invoiced: StatementInvoiced['data'] | null;
  readonly paid: StatementPaid['data'] | null;
}

type StatementStreamEvent = Exclude<StatementEvent, { type: 'QuarterClosed' }>;

export const statementDecider: Decider<StatementCommand, StatementStreamEvent, StatementState, StatementContext> = {
  initialState: () => ({ issued: null, confirmed: null, invoiced: null, paid: null }),

  evolve(state, event) {
    switch (event.type) {
      case 'StatementIssued':
        return { ...state, issued: event.data };
      case 'StatementConfirmed':
        return { ...state, confirmed: event.data };
      case 'StatementInvoiced':
        return { ...state, invoiced: event.data };
      case 'StatementPaid':
        return { ...state, paid: event.data };
      default:
        return assertNever(event, 'statement event');
    }
  },

  decide(command, state, context) {
    const now = command.metadata.now;
    switch (command.type) {
      case 'IssueStatement': {
        const d = command.data;
        const v = new Violations();
        checkTarget(v, d.partnerId, d.quarter);
        v.check(typeof d.throughPosition === 'string' && /^(0|[1-9][0-9]*)$/.test(d.throughPosition), 'throughPosition', 'must be a non-negative integer position as a string');
        v.check(typeof d.currency === 'string' && isKnownCurrency(d.currency), 'currency', 'must be a known ISO 4217 currency code');
        v.check(Array.isArray(d.lines), 'lines', 'must be a list of statement lines');
        v.check(context.book.versions.some((t) => t.version === d.termsVersion), 'termsVersion', 'must be a recorded terms version (T-1)');
        v.throwIfAny('S-1');
        if (!context.quarterClosed) throw DomainError.rule('S-3', `S-3: quarter ${d.quarter} is not closed; statements are issued by closing the quarter`, 'quarter');
        const terms = termsInForce(context.book, quarterEnd(d.quarter));
        if (d.currency !== terms.currency) {
          throw DomainError.validation([{ field: 'currency', message: `currency mismatch: ${d.currency} vs program currency ${terms.currency}` }], 'T-2');
        }
        assertLinesRecompute(d.lines, d.currency);
        if (canonicalJson(statementTotalsOf(d.lines, d.currency)) !== canonicalJson(d.totals)) {
          throw DomainError.validation([{ field: 'totals', message: 'totals are not the sums of the lines' }], 'T-2');
        }
        const content = {
          partnerId: d.partnerId,
          quarter: d.quarter,
          currency: d.currency,
          lines: d.lines,
          totals: d.totals,
          termsVersion: d.termsVersion,
          throughPosition: d.throughPosition,
        };
        const seal = sealStatement(content, context.hash);
        if (state.issued) {
          if (state.issued.seal === seal) return []; // identical re-issue: idempotent
          throw DomainError.conflict(`S-3: the statement of ${d.partnerId} for ${d.quarter} was already issued and never changes`, 'S-3');
        }
        const dueBy = quarterEnd(d.quarter).add({ days: terms.payout.paymentDueDays }).toString();
        return [
          {
            type: 'StatementIssued',
            data: { statementId: statementStreamId(d.partnerId, d.quarter), ...content, issuedAt: now, dueBy, seal },
          },
        ];
      }

      case 'ConfirmStatement': {
        const issued = requireIssued(state, command.data.partnerId, command.data.quarter);
        if (state.confirmed) return []; // already confirmed
        return [
          {
            type: 'StatementConfirmed',
            data: { statementId: issued.statementId, partnerId: issued.partnerId, quarter: issued.quarter, confirmedBy: command.metadata.actor, confirmedAt: now },
          },
        ];
      }

      case 'InvoiceStatement': {
        const d = command.data;
        const issued = requireIssued(state, d.partnerId, d.quarter);
        const v = new Violations();
        v.check(typeof d.invoiceNumber === 'string' && d.invoiceNumber.trim().length > 0, 'invoiceNumber', 'must be a non-empty invoice number');
        checkMoney(v, d.amount, 'amount');
        v.throwIfAny('S-4');
        if (state.invoiced) {
          if (state.invoiced.invoiceNumber === d.invoiceNumber && sameMoney(state.invoiced.amount, d.amount)) return [];
          throw DomainError.conflict(`S-4: the statement was already invoiced as ${state.invoiced.invoiceNumber}`, 'S-4');
        }
        if (!state.confirmed) throw DomainError.rule('S-4', 'S-4: the partner confirms the statement before invoicing it', 'invoiceNumber');
        if (BigInt(issued.totals.payable.amountMinor) <= 0n) {
          throw DomainError.rule('S-2', `S-2: nothing is payable on this statement (payable ${issued.totals.payable.amountMinor}); there is nothing to invoice`, 'amount');
        }
        if (!sameMoney(d.amount, issued.totals.payable)) {
          throw DomainError.rule('S-4', `S-4: the invoice must be for the payable amount ${issued.totals.payable.amountMinor} ${issued.totals.payable.currency}`, 'amount');
        }
        return [
          {
            type: 'StatementInvoiced',
            data: { statementId: issued.statementId, partnerId: issued.partnerId, quarter: issued.quarter, invoiceNumber: d.invoiceNumber, amount: d.amount, invoicedAt: now },
          },
        ];
      }

      case 'RecordStatementPayment': {
        const d = command.data;
        const issued = requireIssued(state, d.partnerId, d.quarter);
        const v = new Violations();
        checkMoney(v, d.amount, 'amount');
        v.check(typeof d.paymentReference === 'string' && d.paymentReference.trim().length > 0, 'paymentReference', 'must be a non-empty payment reference');
        if (!isValidInstant(d.paidAt)) v.add('paidAt', 'must be an ISO-8601 instant (T-3)');
        else if (isValidInstant(now) && Temporal.Instant.compare(Temporal.Instant.from(d.paidAt), Temporal.Instant.from(now)) > 0) v.add('paidAt', 'must not be in the future (T-3)');
        v.throwIfAny('S-4');
        if (state.paid) {
          if (state.paid.paymentReference === d.paymentReference && sameMoney(state.paid.amount, d.amount)) return [];
          throw DomainError.conflict(`S-4: the statement was already paid (${state.paid.paymentReference})`, 'S-4');
        }
        if (!state.invoiced) throw DomainError.rule('S-4', 'S-4: Results pays the partner invoice; the statement has not been invoiced yet', 'paymentReference');
        if (!sameMoney(d.amount, state.invoiced.amount)) {
          throw DomainError.rule('S-4', `S-4: the payment must be for the invoiced amount ${state.invoiced.amount.amountMinor} ${state.invoiced.amount.currency}`, 'amount');
        }
        const terms = termsInForce(context.book, quarterEnd(issued.quarter));
        const paidOn = localDate(d.paidAt, terms.timeZone);
        const late = Temporal.PlainDate.compare(paidOn, Temporal.PlainDate.from(issued.dueBy)) > 0;
        return [
          {
            type: 'StatementPaid',
            data: {
              statementId: issued.statementId,
              partnerId: issued.partnerId,
              quarter: issued.quarter,
              amount: d.amount,
              paidAt: Temporal.Instant.from(d.paidAt).toString(),
              dueBy: issued.dueBy,
              late,
              paymentReference: d.paymentReference,
            },
          },
        ];
      }

      default:
        return assertNever(command, 'statement command');
    }
  },
};

function requireIssued(state: StatementState, partnerId: string, quarter: string): StatementIssued['data'] {
  const v = new Violations();
  checkTarget(v, partnerId, quarter);
  v.throwIfAny('S-4');
  if (!state.issued) throw DomainError.notFound(`S-3: statement of ${partnerId} for ${quarter}`, 'quarter');
  if (state.issued.partnerId !== partnerId || state.issued.quarter !== quarter) {
    throw DomainError.validation([{ field: 'partnerId', message: `this stream holds the statement of ${state.issued.partnerId} for ${state.issued.quarter}` }], 'S-4');
  }
  return state.issued;
}

function checkTarget(v: Violations, partnerId: unknown, quarter: unknown): void {
  v.check(typeof partnerId === 'string' && partnerId.trim().length > 0, 'partnerId', 'must be a non-empty partner id');
  v.check(isQuarterId(quarter), 'quarter', 'must be a quarter id like "2026-Q1" (T-3)');
}

function checkMoney(v: Violations, amount: unknown, field: string): void {
  const a = amount as Partial<MoneyJson> | null;
  v.check(typeof a?.amountMinor === 'string' && /^(0|[1-9][0-9]{0,17})$/.test(a.amountMinor), `${field}.amountMinor`, 'must be a non-negative integer number of minor units as a string (T-2)');
  v.check(typeof a?.currency === 'string' && isKnownCurrency(a.currency), `${field}.currency`, 'must be a known ISO 4217 currency code');
}

function sameMoney(a: MoneyJson, b: MoneyJson): boolean {
  return a.amountMinor === b.amountMinor && a.currency === b.currency;
}
