/**
 * Documents of the statements read model (projection `statements`). Keys:
 *  - `calendar`                      closed quarters (S-3) and the last applied position
 *  - `terms`                         the program terms book with the events that recorded it (T-1)
 *  - `partner:<id>`                  tier history (P-3), bonus quarters, tax form (S-5), carry/held balances (S-2/S-5)
 *  - `registration:<id>`             the DealRegistered / approval events of a registration (D-11 citations)
 *  - `customer:<key>`                owning partner from the eligible won deal (D-11), renewal chain
 *  - `payment:<id>`                  how a collection was attributed, its pricing basis and reversals
 *  - `lines:<partnerId>:<quarter>`   a partner-quarter's statement: open or issued, how many lines
 *  - `line:<partnerId>:<quarter>:<position>:<n>` one statement line with its pricing basis; key order
 *                                    is the order lines were added (the event's position, zero-padded,
 *                                    then the line's index among those the event added)
 *  - `statement:<partnerId>:<quarter>` lifecycle of an issued statement (S-3, S-4)
 *  - `tax-year:<partnerId>:<year>`   payments per calendar year and the 1099 flag (S-6)
 */
import type {
  MoneyJson,
  ProgramTerms,
  RenewalChainBrokenReason,
  RenewalPlacer,
  RevenueKind,
  RevenueOrder,
  SourceRef,
  StatementLine,
  TaxForm,
  Tier,
} from '@ledger/domain';

export const CALENDAR_KEY = 'calendar';
export const TERMS_KEY = 'terms';
export const partnerKey = (partnerId: string): string => `partner:${partnerId}`;
export const registrationKey = (registrationId: string): string => `registration:${registrationId}`;
export const customerKey = (customer: string): string => `customer:${customer}`;
export const paymentKey = (paymentId: string): string => `payment:${paymentId}`;
export const linesKey = (partnerId: string, quarter: string): string => `lines:${partnerId}:${quarter}`;
/** Prefix of every `line:` document of a partner-quarter (the runner's `prefixes()`, listing queries). */
export const lineKeyPrefix = (partnerId: string, quarter: string): string => `line:${partnerId}:${quarter}:`;
/** Lines one event may add at most (`<n>` has 6 digits, so key order stays numeric order). */
export const MAX_LINES_PER_EVENT = 1_000_000;
/** Positions zero-padded to 20 digits (2^64 has 20) and `<n>` to 6, so that key order is the order lines were added. */
export const lineKey = (partnerId: string, quarter: string, position: bigint, index: number): string => {
  if (!Number.isSafeInteger(index) || index < 0 || index >= MAX_LINES_PER_EVENT) {
    throw new RangeError(`line index ${index} of one event is outside 0..${MAX_LINES_PER_EVENT - 1}`);
  }
  return `${lineKeyPrefix(partnerId, quarter)}${position.toString().padStart(20, '0')}:${String(index).padStart(6, '0')}`;
};
export const statementKey = (partnerId: string, quarter: string): string => `statement:${partnerId}:${quarter}`;
export const taxYearKey = (partnerId: string, year: number): string => `tax-year:${partnerId}:${year}`;

export interface ClosedQuarter {
  /** Position of the last event this projection applied before the QuarterClosed event: the statements' cut. */
  readonly throughPosition: string;
  /** The head position the closer saw (QuarterClosed.data.throughPosition). */
  readonly recordedThroughPosition: string;
  readonly closedAt: string;
  readonly closedBy: string;
  readonly source: SourceRef;
}

export interface CalendarDoc {
  readonly kind: 'calendar';
  readonly lastPosition: string | null;
  readonly closed: Readonly<Record<string, ClosedQuarter>>;
}

export interface TermsDoc {
  readonly kind: 'terms';
  /** Ordered by effectiveFrom (as `bookWith`). */
  readonly versions: readonly { readonly terms: ProgramTerms; readonly source: SourceRef }[];
}

export interface TierPeriodDoc {
  readonly tier: Tier;
  readonly effectiveFrom: string;
  readonly source: SourceRef;
}

export interface PartnerDoc {
  readonly kind: 'partner';
  readonly partnerId: string;
  readonly legalName: string | null;
  readonly country: string | null;
  readonly enrolled: SourceRef | null;
  /** P-3, in recording order. */
  readonly tiers: readonly TierPeriodDoc[];
  /** quarter → the grant. */
  readonly bonusQuarters: Readonly<Record<string, SourceRef>>;
  /** S-5: the form on file and the event since which a form has been on file. */
  readonly taxForm: { readonly form: TaxForm; readonly onFileSince: SourceRef } | null;
  /** S-2: the partner's latest issued statement and the balance it carried out. */
  readonly lastStatement: { readonly quarter: string; readonly statementId: string; readonly source: SourceRef; readonly carriedOut: MoneyJson } | null;
  /** S-5: held for a missing tax form, still owed, and the statements that held it. */
  readonly held: { readonly amount: MoneyJson; readonly sources: readonly SourceRef[] } | null;
}

export interface RegistrationDoc {
  readonly kind: 'registration';
  readonly registrationId: string;
  readonly registered: SourceRef | null;
  /** DealRegistrationApproved, or the DealRegistrationOverridden that created a protected registration (D-9). */
  readonly approved: SourceRef | null;
}

export interface CustomerDoc {
  readonly kind: 'customer';
  readonly customerKey: string;
  /** D-11: the partner of the latest approved deal that closed won while protected, with its events. */
  readonly owner: { readonly partnerId: string; readonly registrationId: string; readonly sources: readonly SourceRef[] } | null;
  /** year → who placed the renewal order. */
  readonly renewals: Readonly<Record<string, { readonly placedBy: RenewalPlacer; readonly source: SourceRef }>>;
  /** */
  readonly chainBroken: { readonly year: number; readonly reason: RenewalChainBrokenReason; readonly partnerId: string; readonly source: SourceRef } | null;
}

/** Everything needed to (re)price a collection and the reversals of it (R-8: same rate). */
export interface PricingBasis {
  readonly paymentId: string;
  readonly customerKey: string;
  readonly partnerId: string;
  readonly revenueKind: RevenueKind;
  readonly order: RevenueOrder;
  /** Business date of the collection, program time zone. */
  readonly collectedOn: string;
  readonly quarter: string;
  /** T-1: the version in force on collectedOn when the collection was recorded. */
  readonly termsVersion: string;
  readonly collection: SourceRef;
  /** D-11: DealRegistered, approval, DealClosedWon. */
  readonly deal: readonly SourceRef[];
  /** as known when the collection was recorded. */
  readonly renewal: { readonly placedByPartner: boolean; readonly brokenFromYear: number | null; readonly sources: readonly SourceRef[] } | null;
}

export interface PaymentDoc {
  readonly kind: 'payment';
  readonly paymentId: string;
  readonly customerKey: string;
  readonly partnerId: string | null;
  /** `priced`: on a partner statement; `unattributed`: earns nothing and appears on no statement. */
  readonly status: 'priced' | 'unattributed';
  readonly reason: string;
  readonly amount: MoneyJson;
  readonly collectedOn: string;
  readonly quarter: string;
  readonly collection: SourceRef;
  readonly basis: PricingBasis | null;
  /** The line that carries the collection (its rate is the rate reversals use, R-8). */
  readonly line: { readonly partnerId: string; readonly quarter: string; readonly lineId: string } | null;
  /** refunded + charged back so far, and what can still be reversed (minor units). */
  readonly reversedMinor: string;
  readonly reversibleMinor: string;
  readonly reversals: readonly {
    readonly id: string;
    readonly type: 'refund' | 'chargeback';
    readonly amount: MoneyJson;
    readonly source: SourceRef;
    readonly line: { readonly partnerId: string; readonly quarter: string; readonly lineId: string } | null;
  }[];
}

/** How a priced line is rendered again when its pricing inputs change. */
export interface LineTemplate {
  /** "payment pay-1: license, initial order" */
  readonly what: string;
  /** Rules cited before the pricing rules (R-8 for reversals, S-3 for late facts). */
  readonly prefixRules: readonly string[];
  /** How many leading sources are facts (the rest are pricing support and are re-derived). */
  readonly factCount: number;
  readonly note: string | null;
}

export interface LedgerEntry {
  readonly line: StatementLine;
  /** null for fixed lines (re-pricing adjustments). */
  readonly basis: PricingBasis | null;
  readonly template: LineTemplate | null;
  /** The rate this line has effectively earned, including re-pricing adjustments issued later. */
  readonly effectiveRateBp: number;
}

/**
 * A partner-quarter's statement. Its lines are separate `line:` documents (one write per line
 * instead of rewriting every line of the quarter for each new one: ADR 0009).
 */
export interface LinesDoc {
  readonly kind: 'lines';
  readonly partnerId: string;
  readonly quarter: string;
  readonly status: 'open' | 'issued';
  readonly statementId: string | null;
  /** Number of `line:` documents of this partner-quarter. */
  readonly lineCount: number;
}

/** One statement line of a partner-quarter (key `line:<partnerId>:<quarter>:<position>:<n>`). */
export interface LineDoc {
  readonly kind: 'line';
  readonly partnerId: string;
  readonly quarter: string;
  readonly entry: LedgerEntry;
}

export interface StatementDoc {
  readonly kind: 'statement';
  readonly statementId: string;
  readonly partnerId: string;
  readonly quarter: string;
  readonly status: 'issued' | 'confirmed' | 'invoiced' | 'paid';
  readonly issued: SourceRef;
  readonly seal: string;
  readonly payable: MoneyJson;
  readonly held: MoneyJson;
  readonly carriedOut: MoneyJson;
  readonly dueBy: string;
  readonly confirmed: { readonly by: string; readonly at: string; readonly source: SourceRef } | null;
  readonly invoiced: { readonly invoiceNumber: string; readonly amount: MoneyJson; readonly at: string; readonly source: SourceRef } | null;
  readonly paid: { readonly amount: MoneyJson; readonly paidAt: string; readonly late: boolean; readonly reference: string; readonly source: SourceRef } | null;
}

export interface TaxYearDoc {
  readonly kind: 'tax-year';
  readonly partnerId: string;
  readonly year: number;
  readonly country: string | null;
  readonly paid: MoneyJson;
  readonly payments: readonly { readonly statementId: string; readonly amount: MoneyJson; readonly paidAt: string; readonly source: SourceRef }[];
  /** S-6: threshold in force for this payment year. */
  readonly thresholdMinor: string;
  readonly flagged1099: boolean;
  readonly ruleId: 'S-6';
}

export type StatementsDoc =
  | CalendarDoc
  | TermsDoc
  | PartnerDoc
  | RegistrationDoc
  | CustomerDoc
  | PaymentDoc
  | LinesDoc
  | LineDoc
  | StatementDoc
  | TaxYearDoc;
