/** Statement lifecycle commands (S-3, S-4), stream `statementStreamId(partnerId, quarter)`. */
import type { DomainCommand } from '../shared/decider';
import type { MoneyJson } from '../shared/money';
import type { StatementLine, StatementTotals } from './statement.events';

/** Issue the statement computed by `calculateStatement` from the statements read model. */
export type IssueStatement = DomainCommand<
  'IssueStatement',
  {
    readonly partnerId: string;
    readonly quarter: string;
    readonly currency: string;
    readonly lines: readonly StatementLine[];
    readonly totals: StatementTotals;
    readonly termsVersion: string;
    /** Position of the last event the statement includes. */
    readonly throughPosition: string;
  }
>;

export type ConfirmStatement = DomainCommand<'ConfirmStatement', { readonly partnerId: string; readonly quarter: string }>;

export type InvoiceStatement = DomainCommand<
  'InvoiceStatement',
  { readonly partnerId: string; readonly quarter: string; readonly invoiceNumber: string; readonly amount: MoneyJson }
>;

export type RecordStatementPayment = DomainCommand<
  'RecordStatementPayment',
  {
    readonly partnerId: string;
    readonly quarter: string;
    readonly amount: MoneyJson;
    /** Business time of the payment (ISO instant). */
    readonly paidAt: string;
    readonly paymentReference: string;
  }
>;

export type StatementCommand = IssueStatement | ConfirmStatement | InvoiceStatement | RecordStatementPayment;
