/**
 * Statements and payouts (S-1..S-7, A-2). Quarter close: stream `quarter-<quarter>`;
 * each statement: `statement-<partnerId>-<quarter>` (see statementStreamId).
 */
import type { DomainEvent } from '../shared/decider';
import type { MoneyJson } from '../shared/money';

export type StatementLineKind =
  | 'collection'
  | 'refund'
  | 'chargeback'
  | 'renewal'
  | 'memo'
  | 'clawback'
  | 'adjustment'
  | 'carry-forward-in'
  | 'carry-forward-out'
  | 'tax-hold'
  | 'tax-hold-release';

/** A source event a line came from. */
export interface SourceRef {
  readonly eventId: string;
  readonly type: string;
  readonly streamName: string;
  readonly revision: string;
  readonly position: string;
}

/** S-1: one explainable line. */
export interface StatementLine {
  /** Stable id, deterministic from the source (e.g. "<eventId>:share"). */
  readonly lineId: string;
  readonly kind: StatementLineKind;
  readonly category: 'licenses' | 'services' | 'balance';
  readonly description: string;
  /** Revenue amount the rate applies to (signed; negative for reversals). */
  readonly amount: MoneyJson;
  readonly rateBp: number;
  /** Share payable to the partner (signed). */
  readonly share: MoneyJson;
  readonly ruleIds: readonly string[];
  readonly termsVersion: string;
  readonly sources: readonly SourceRef[];
  /** Business date (program time zone) of the fact. */
  readonly occurredOn: string;
  /** For adjustment/clawback lines: the quarter the fact concerns. */
  readonly concernsQuarter?: string;
}

export interface StatementTotals {
  readonly licensesRevenue: MoneyJson;
  readonly servicesRevenue: MoneyJson;
  readonly licensesShare: MoneyJson;
  readonly servicesShare: MoneyJson;
  readonly memoRevenue: MoneyJson;
  /** Sum of share lines of this quarter (licenses + services + adjustments + clawbacks). */
  readonly earned: MoneyJson;
  readonly carriedIn: MoneyJson;
  /** Added (additive): S-5 amounts held on earlier statements, released now the tax form is on file. */
  readonly released: MoneyJson;
  /** earned + carriedIn + released */
  readonly balance: MoneyJson;
  /** S-2/S-5: paid this quarter (0 when below minimum, negative or held). */
  readonly payable: MoneyJson;
  readonly carriedOut: MoneyJson;
  /** S-5: held for a missing tax form (still owed). */
  readonly held: MoneyJson;
}

/** S-3: the quarter is closed; statements include exactly the facts applied before this event. */
export type QuarterClosed = DomainEvent<
  'QuarterClosed',
  {
    readonly quarter: string;
    readonly closedAt: string;
    readonly closedBy: string;
    /** Global position of the last event the statements include. */
    readonly throughPosition: string;
    readonly termsVersion: string;
  }
>;

/** S-3: immutable; `seal` = SHA-256 over the canonical serialisation of lines and totals. */
export type StatementIssued = DomainEvent<
  'StatementIssued',
  {
    readonly statementId: string;
    readonly partnerId: string;
    readonly quarter: string;
    readonly currency: string;
    readonly lines: readonly StatementLine[];
    readonly totals: StatementTotals;
    readonly termsVersion: string;
    readonly throughPosition: string;
    readonly issuedAt: string;
    /** S-4: payment due by (quarter end + paymentDueDays), ISO date. */
    readonly dueBy: string;
    readonly seal: string;
  }
>;

/** S-4: the partner confirmed its issued statement. */
export type StatementConfirmed = DomainEvent<
  'StatementConfirmed',
  { readonly statementId: string; readonly partnerId: string; readonly quarter: string; readonly confirmedBy: string; readonly confirmedAt: string }
>;

/** S-4: the partner invoiced Results for the statement's payable amount. */
export type StatementInvoiced = DomainEvent<
  'StatementInvoiced',
  {
    readonly statementId: string;
    readonly partnerId: string;
    readonly quarter: string;
    readonly invoiceNumber: string;
    readonly amount: MoneyJson;
    readonly invoicedAt: string;
  }
>;

/** S-4: `late` when paid after dueBy. */
export type StatementPaid = DomainEvent<
  'StatementPaid',
  {
    readonly statementId: string;
    readonly partnerId: string;
    readonly quarter: string;
    readonly amount: MoneyJson;
    readonly paidAt: string;
    readonly dueBy: string;
    readonly late: boolean;
    readonly paymentReference: string;
  }
>;

export type StatementEvent = QuarterClosed | StatementIssued | StatementConfirmed | StatementInvoiced | StatementPaid;
