/**
 * The statement ledger (S-1..S-7, R-1..R-9, A-2): a pure step from the event log to each
 * partner-quarter's statement lines, the carry-forward and held balances, issued statements'
 * lifecycle and the 1099 flags.
 *
 * - A line's quarter is the quarter of the fact's business time in the program time zone (R-1, T-3).
 * - Collections are priced when recorded, with the tier in force on the collection date (P-3), the
 *   bonus grant of the collection's quarter (R-3), the renewal chain (R-6/R-7), D-11 eligibility and
 *   the terms in force (T-1). Revenue of a customer without an eligible won deal (D-11) appears on no
 *   statement: its `payment:` document says why.
 * - A tier change or bonus grant recorded later re-prices the lines of open quarters in place; lines of
 *   closed quarters never change (S-3) — the difference becomes a pair of adjustment lines on the next
 *   open statement (reverse at the old rate, apply at the new one): corrections are new lines (A-3).
 * - Facts recorded after their quarter was closed become adjustment lines on the next open statement
 *   (S-3); reversals of a collection whose quarter is closed are clawback lines at the rate that
 *   collection earned (R-8).
 * - The cut of a quarter's statements is the QuarterClosed event: everything applied before it.
 */
import { Temporal } from 'temporal-polyfill';
import {
  DEFAULT_PROGRAM_TERMS,
  assertNever,
  compareQuarters,
  localDate,
  nextQuarter,
  quarterOf,
  quarterOfDate,
  termsInForce,
  type ChargebackRecorded,
  type DealClosedWon,
  type DealRegistered,
  type DealRegistrationApproved,
  type DealRegistrationOverridden,
  type MoneyJson,
  type PartnerEnrolled,
  type PartnerTaxFormRecorded,
  type PartnerTierChanged,
  type PerformanceBonusGranted,
  type ProgramTermsAmended,
  type QuarterClosed,
  type RenewalChainBroken,
  type RenewalPlaced,
  type RevenueCollected,
  type RevenueRefunded,
  type SourceRef,
  type StatementConfirmed,
  type StatementInvoiced,
  type StatementIssued,
  type StatementLine,
  type StatementPaid,
} from '@ledger/domain';
import { canonicalJson } from '@ledger/domain';
import { percent } from '@ledger/domain/statement/pricing';
import type { RecordedEvent } from '@ledger/event-store';
import { compareKeys } from '../runner/doc-map';
import type { Projection, ReadModelDocs } from '../runner/projection';
import { categoryOf, pricedEntry, priceBasis, renderLine, shapeOf, shareMinor, termsBookOf, type ResolvedPricing } from './line-pricing';
import { sourceRefOf } from './source-ref';
import {
  CALENDAR_KEY,
  TERMS_KEY,
  customerKey,
  lineKey,
  lineKeyPrefix,
  linesKey,
  partnerKey,
  paymentKey,
  registrationKey,
  statementKey,
  taxYearKey,
  type CalendarDoc,
  type CustomerDoc,
  type LedgerEntry,
  type LineDoc,
  type LinesDoc,
  type PartnerDoc,
  type PaymentDoc,
  type PricingBasis,
  type RegistrationDoc,
  type StatementDoc,
  type StatementsDoc,
  type TaxYearDoc,
  type TermsDoc,
} from './statement-docs';

type ConsumedEvent =
  | ProgramTermsAmended
  | PartnerEnrolled
  | PartnerTierChanged
  | PartnerTaxFormRecorded
  | PerformanceBonusGranted
  | DealRegistered
  | DealRegistrationApproved
  | DealRegistrationOverridden
  | DealClosedWon
  | RevenueCollected
  | RevenueRefunded
  | ChargebackRecorded
  | RenewalPlaced
  | RenewalChainBroken
  | QuarterClosed
  | StatementIssued
  | StatementConfirmed
  | StatementInvoiced
  | StatementPaid;

export const STATEMENTS_EVENT_TYPES: readonly ConsumedEvent['type'][] = [
  'ProgramTermsAmended',
  'PartnerEnrolled',
  'PartnerTierChanged',
  'PartnerTaxFormRecorded',
  'PerformanceBonusGranted',
  'DealRegistered',
  'DealRegistrationApproved',
  'DealRegistrationOverridden',
  'DealClosedWon',
  'RevenueCollected',
  'RevenueRefunded',
  'ChargebackRecorded',
  'RenewalPlaced',
  'RenewalChainBroken',
  'QuarterClosed',
  'StatementIssued',
  'StatementConfirmed',
  'StatementInvoiced',
  'StatementPaid',
];
const CONSUMED = new Set<string>(STATEMENTS_EVENT_TYPES);

export interface StatementsProjectionOptions {
  /** T-3: the program time zone used for quarters and business dates (fixed per deployment). */
  readonly timeZone?: string;
}

export function createStatementsProjection(options: StatementsProjectionOptions = {}): Projection<StatementsDoc> {
  const timeZone = options.timeZone ?? DEFAULT_PROGRAM_TERMS.timeZone;
  return {
    name: 'statements',
    // 2: one `line:` document per statement line instead of every line inside `lines:` (ADR 0009).
    version: 2,
    filter: { eventTypes: STATEMENTS_EVENT_TYPES },
    keys: (event) => declared(event, timeZone).keys,
    prefixes: (event) => declared(event, timeZone).prefixes,
    apply: (docs, event) => applyEvent(docs, event, timeZone),
  };
}

export const statementsProjection = createStatementsProjection();

// ---------------------------------------------------------------------------------------------
// keys

function asConsumed(event: RecordedEvent): ConsumedEvent | null {
  return CONSUMED.has(event.type) ? ({ type: event.type, data: event.data } as unknown as ConsumedEvent) : null;
}

interface Declared {
  readonly keys: readonly string[];
  readonly prefixes: readonly string[];
}

/**
 * keys(event) and prefixes(event), computed once per event object: the runner asks for them and
 * `apply` checks its writes against them (quarters in the program time zone are not free).
 */
const declaredByEvent = new WeakMap<RecordedEvent, { readonly tz: string; readonly declared: Declared }>();
function declared(event: RecordedEvent, tz: string): Declared {
  const memo = declaredByEvent.get(event);
  if (memo?.tz === tz) return memo.declared;
  const result: Declared = { keys: keysFor(event, tz), prefixes: prefixesFor(event, tz) };
  declaredByEvent.set(event, { tz, declared: result });
  return result;
}

function keysFor(event: RecordedEvent, tz: string): string[] {
  const e = asConsumed(event);
  if (!e) return [];
  const recordedAt = event.metadata.recordedAt;
  const keys = [CALENDAR_KEY, ...eventKeys(e, recordedAt, tz, event.position)];
  return [...new Set(keys)];
}

/** Re-pricings visit every line of the partner's quarters from the change on (their ids are not in the event). */
function prefixesFor(event: RecordedEvent, tz: string): string[] {
  const e = asConsumed(event);
  if (!e) return [];
  const recordedAt = event.metadata.recordedAt;
  switch (e.type) {
    case 'PartnerTierChanged':
      return repriceQuarters(quarterOfDate(Temporal.PlainDate.from(e.data.effectiveFrom)), recordedAt, tz).map((q) => lineKeyPrefix(e.data.partnerId, q));
    case 'PerformanceBonusGranted':
      return repriceQuarters(e.data.quarter, recordedAt, tz).map((q) => lineKeyPrefix(e.data.partnerId, q));
    default:
      return [];
  }
}

/** A collection or reversal adds (at most) one line, to one of the candidate quarters: its key is known up front. */
function lineCandidates(partnerId: string, quarters: readonly string[], position: bigint): string[] {
  return quarters.flatMap((q) => [linesKey(partnerId, q), lineKey(partnerId, q, position, 0)]);
}

function eventKeys(e: ConsumedEvent, recordedAt: string, tz: string, position: bigint): string[] {
  switch (e.type) {
    case 'ProgramTermsAmended':
      return [TERMS_KEY];
    case 'PartnerEnrolled':
    case 'PartnerTaxFormRecorded':
      return [partnerKey(e.data.partnerId)];
    case 'PartnerTierChanged':
      return [TERMS_KEY, partnerKey(e.data.partnerId), ...repriceQuarters(quarterOfDate(Temporal.PlainDate.from(e.data.effectiveFrom)), recordedAt, tz).map((q) => linesKey(e.data.partnerId, q))];
    case 'PerformanceBonusGranted':
      return [TERMS_KEY, partnerKey(e.data.partnerId), ...repriceQuarters(e.data.quarter, recordedAt, tz).map((q) => linesKey(e.data.partnerId, q))];
    case 'DealRegistered':
    case 'DealRegistrationApproved':
      return [registrationKey(e.data.registrationId)];
    case 'DealRegistrationOverridden':
      return e.data.newRegistrationId ? [registrationKey(e.data.newRegistrationId)] : [];
    case 'DealClosedWon':
      return [registrationKey(e.data.registrationId), customerKey(e.data.customerKey)];
    case 'RevenueCollected': {
      const p = e.data.partnerId;
      const base = [TERMS_KEY, paymentKey(e.data.paymentId), customerKey(e.data.customerKey)];
      return p ? [...base, partnerKey(p), ...lineCandidates(p, targetQuarters(quarterOf(e.data.collectedAt, tz), recordedAt, tz), position)] : base;
    }
    case 'RevenueRefunded':
    case 'ChargebackRecorded': {
      const p = e.data.partnerId ?? null;
      const at = e.type === 'RevenueRefunded' ? e.data.refundedAt : e.data.chargedBackAt;
      const base = [TERMS_KEY, paymentKey(e.data.paymentId)];
      return p ? [...base, partnerKey(p), ...lineCandidates(p, targetQuarters(quarterOf(at, tz), recordedAt, tz), position)] : base;
    }
    case 'RenewalPlaced':
    case 'RenewalChainBroken':
      return [customerKey(e.data.customerKey)];
    case 'QuarterClosed':
      return [];
    case 'StatementIssued':
      return [partnerKey(e.data.partnerId), linesKey(e.data.partnerId, e.data.quarter), statementKey(e.data.partnerId, e.data.quarter)];
    case 'StatementConfirmed':
    case 'StatementInvoiced':
      return [statementKey(e.data.partnerId, e.data.quarter)];
    case 'StatementPaid':
      return [TERMS_KEY, partnerKey(e.data.partnerId), statementKey(e.data.partnerId, e.data.quarter), taxYearKey(e.data.partnerId, localDate(e.data.paidAt, tz).year)];
    default:
      return assertNever(e, 'statements event');
  }
}

/** The fact's own quarter, and the candidates for the next open statement when it is closed (S-3). */
function targetQuarters(factQuarter: string, recordedAt: string, tz: string): string[] {
  const recordedIn = quarterOf(recordedAt, tz);
  return [...new Set([factQuarter, recordedIn, nextQuarter(recordedIn)])];
}

/** Quarters whose lines a re-pricing from `fromQuarter` may touch, plus the next-open candidates. */
function repriceQuarters(fromQuarter: string, recordedAt: string, tz: string): string[] {
  const recordedIn = quarterOf(recordedAt, tz);
  const last = nextQuarter(recordedIn);
  const quarters: string[] = [];
  for (let q = fromQuarter; compareQuarters(q, last) <= 0 && quarters.length < 400; q = nextQuarter(q)) quarters.push(q);
  return [...new Set([...quarters, recordedIn, last])];
}

// ---------------------------------------------------------------------------------------------
// apply

class WorkingSet {
  private readonly writes = new Map<string, StatementsDoc | null>();
  constructor(
    private readonly docs: ReadModelDocs<StatementsDoc>,
    private readonly allowed: ReadonlySet<string>,
    private readonly prefixes: readonly string[],
  ) {}
  get<T extends StatementsDoc>(key: string): T | undefined {
    this.check(key);
    return (this.writes.has(key) ? this.writes.get(key) ?? undefined : this.docs.get(key)) as T | undefined;
  }
  put(key: string, doc: StatementsDoc): void {
    this.check(key);
    this.writes.set(key, doc);
  }
  /** Keys of the present documents under a prefix of `prefixes(event)`, in key order (the runner's order). */
  keysUnder(prefix: string): string[] {
    if (!this.prefixes.includes(prefix)) throw new Error(`statements projection: ${prefix} is not among prefixes(event)`);
    const keys = new Set<string>();
    for (const key of this.docs.keys()) if (key.startsWith(prefix) && this.docs.get(key) !== undefined) keys.add(key);
    for (const [key, doc] of this.writes) if (key.startsWith(prefix) && doc !== null) keys.add(key);
    return [...keys].sort(compareKeys);
  }
  private check(key: string): void {
    if (!this.allowed.has(key) && !this.prefixes.some((p) => key.startsWith(p))) {
      throw new Error(`statements projection: document ${key} is not among keys(event) nor under prefixes(event)`);
    }
  }
  result(): ReadonlyMap<string, StatementsDoc | null> {
    return this.writes;
  }
}

interface Step {
  readonly w: WorkingSet;
  readonly event: RecordedEvent;
  readonly ref: SourceRef;
  readonly tz: string;
  readonly calendar: CalendarDoc;
  /** Lines this event has added so far (the `<n>` of their keys). */
  linesAdded: number;
}

function applyEvent(docs: ReadModelDocs<StatementsDoc>, event: RecordedEvent, tz: string): ReadonlyMap<string, StatementsDoc | null> {
  const e = asConsumed(event);
  if (!e) return new Map();
  const { keys, prefixes } = declared(event, tz);
  const w = new WorkingSet(docs, new Set(keys), prefixes);
  const calendar = w.get<CalendarDoc>(CALENDAR_KEY) ?? { kind: 'calendar', lastPosition: null, closed: {} };
  if (calendar.lastPosition !== null && BigInt(calendar.lastPosition) >= event.position) return new Map(); // already applied
  handle({ w, event, ref: sourceRefOf(event), tz, calendar, linesAdded: 0 }, e);
  const after = w.get<CalendarDoc>(CALENDAR_KEY) ?? calendar;
  w.put(CALENDAR_KEY, { ...after, lastPosition: event.position.toString() });
  return w.result();
}

function handle(s: Step, e: ConsumedEvent): void {
  switch (e.type) {
    case 'ProgramTermsAmended':
      return onTermsAmended(s, e);
    case 'PartnerEnrolled':
      return onPartnerEnrolled(s, e);
    case 'PartnerTierChanged':
      return onTierChanged(s, e);
    case 'PartnerTaxFormRecorded':
      return onTaxFormRecorded(s, e);
    case 'PerformanceBonusGranted':
      return onBonusGranted(s, e);
    case 'DealRegistered':
      return updateRegistration(s, e.data.registrationId, { registered: s.ref });
    case 'DealRegistrationApproved':
      return updateRegistration(s, e.data.registrationId, { approved: s.ref });
    case 'DealRegistrationOverridden':
      // D-9: the override creates a protected registration for the new partner; it is that registration's approval.
      return e.data.newRegistrationId ? updateRegistration(s, e.data.newRegistrationId, { approved: s.ref }) : undefined;
    case 'DealClosedWon':
      return onDealClosedWon(s, e);
    case 'RevenueCollected':
      return onRevenueCollected(s, e);
    case 'RevenueRefunded':
      return onReversal(s, 'refund', e.data.refundId, e.data.paymentId, e.data.amount, e.data.refundedAt, e.data.partnerId ?? null);
    case 'ChargebackRecorded':
      return onReversal(s, 'chargeback', e.data.chargebackId, e.data.paymentId, e.data.amount, e.data.chargedBackAt, e.data.partnerId ?? null);
    case 'RenewalPlaced':
      return onRenewalPlaced(s, e);
    case 'RenewalChainBroken':
      return onRenewalChainBroken(s, e);
    case 'QuarterClosed':
      return onQuarterClosed(s, e);
    case 'StatementIssued':
      return onStatementIssued(s, e);
    case 'StatementConfirmed':
      return updateStatement(s, e.data.partnerId, e.data.quarter, (doc) => ({
        ...doc,
        status: doc.status === 'issued' ? 'confirmed' : doc.status,
        confirmed: { by: e.data.confirmedBy, at: e.data.confirmedAt, source: s.ref },
      }));
    case 'StatementInvoiced':
      return updateStatement(s, e.data.partnerId, e.data.quarter, (doc) => ({
        ...doc,
        status: doc.status === 'paid' ? 'paid' : 'invoiced',
        invoiced: { invoiceNumber: e.data.invoiceNumber, amount: e.data.amount, at: e.data.invoicedAt, source: s.ref },
      }));
    case 'StatementPaid':
      return onStatementPaid(s, e);
    default:
      return assertNever(e, 'statements event');
  }
}

// --- terms and partners ----------------------------------------------------------------------

function onTermsAmended(s: Step, e: ProgramTermsAmended): void {
  const doc = s.w.get<TermsDoc>(TERMS_KEY);
  const versions = [...(doc?.versions ?? []).filter((v) => v.terms.version !== e.data.terms.version), { terms: e.data.terms, source: s.ref }];
  versions.sort((a, b) => (a.terms.effectiveFrom < b.terms.effectiveFrom ? -1 : a.terms.effectiveFrom > b.terms.effectiveFrom ? 1 : 0));
  s.w.put(TERMS_KEY, { kind: 'terms', versions });
}

function emptyPartner(partnerId: string): PartnerDoc {
  return { kind: 'partner', partnerId, legalName: null, country: null, enrolled: null, tiers: [], bonusQuarters: {}, taxForm: null, lastStatement: null, held: null };
}

function onPartnerEnrolled(s: Step, e: PartnerEnrolled): void {
  const d = e.data;
  const doc = s.w.get<PartnerDoc>(partnerKey(d.partnerId)) ?? emptyPartner(d.partnerId);
  if (doc.enrolled) return; // enrolled once
  s.w.put(partnerKey(d.partnerId), {
    ...doc,
    legalName: d.legalName,
    country: d.country,
    enrolled: s.ref,
    tiers: [{ tier: d.tier, effectiveFrom: d.tierEffectiveFrom, source: s.ref }, ...doc.tiers],
    taxForm: doc.taxForm ?? (d.taxForm ? { form: d.taxForm, onFileSince: s.ref } : null),
  });
}

function onTierChanged(s: Step, e: PartnerTierChanged): void {
  const d = e.data;
  const doc = s.w.get<PartnerDoc>(partnerKey(d.partnerId)) ?? emptyPartner(d.partnerId);
  s.w.put(partnerKey(d.partnerId), { ...doc, tiers: [...doc.tiers, { tier: d.toTier, effectiveFrom: d.effectiveFrom, source: s.ref }] });
  reprice(s, d.partnerId, repriceQuarters(quarterOfDate(Temporal.PlainDate.from(d.effectiveFrom)), s.event.metadata.recordedAt, s.tz));
}

function onTaxFormRecorded(s: Step, e: PartnerTaxFormRecorded): void {
  const d = e.data;
  const doc = s.w.get<PartnerDoc>(partnerKey(d.partnerId)) ?? emptyPartner(d.partnerId);
  // S-5: a form is on file from the first recording on; a later form replaces the form, not that date.
  s.w.put(partnerKey(d.partnerId), { ...doc, taxForm: { form: d.taxForm, onFileSince: doc.taxForm?.onFileSince ?? s.ref } });
}

function onBonusGranted(s: Step, e: PerformanceBonusGranted): void {
  const d = e.data;
  const doc = s.w.get<PartnerDoc>(partnerKey(d.partnerId)) ?? emptyPartner(d.partnerId);
  if (doc.bonusQuarters[d.quarter]) return; // R-3: one grant per partner and quarter
  s.w.put(partnerKey(d.partnerId), { ...doc, bonusQuarters: { ...doc.bonusQuarters, [d.quarter]: s.ref } });
  reprice(s, d.partnerId, repriceQuarters(d.quarter, s.event.metadata.recordedAt, s.tz));
}

// --- deals and renewals ----------------------------------------------------------------------

function updateRegistration(s: Step, registrationId: string, patch: Partial<Pick<RegistrationDoc, 'registered' | 'approved'>>): void {
  const key = registrationKey(registrationId);
  const doc = s.w.get<RegistrationDoc>(key) ?? { kind: 'registration', registrationId, registered: null, approved: null };
  s.w.put(key, { ...doc, registered: doc.registered ?? patch.registered ?? null, approved: doc.approved ?? patch.approved ?? null });
}

function emptyCustomer(key: string): CustomerDoc {
  return { kind: 'customer', customerKey: key, owner: null, renewals: {}, chainBroken: null };
}

function onDealClosedWon(s: Step, e: DealClosedWon): void {
  const d = e.data;
  if (!d.eligibleForCommission) return; // D-11: an ineligible win makes nobody the customer's partner
  const registration = s.w.get<RegistrationDoc>(registrationKey(d.registrationId));
  const doc = s.w.get<CustomerDoc>(customerKey(d.customerKey)) ?? emptyCustomer(d.customerKey);
  const sources = [registration?.registered, registration?.approved, s.ref].filter((r): r is SourceRef => !!r);
  s.w.put(customerKey(d.customerKey), { ...doc, owner: { partnerId: d.partnerId, registrationId: d.registrationId, sources } });
}

function onRenewalPlaced(s: Step, e: RenewalPlaced): void {
  const d = e.data;
  const doc = s.w.get<CustomerDoc>(customerKey(d.customerKey)) ?? emptyCustomer(d.customerKey);
  if (doc.renewals[String(d.year)]) return;
  s.w.put(customerKey(d.customerKey), { ...doc, renewals: { ...doc.renewals, [String(d.year)]: { placedBy: d.placedBy, source: s.ref } } });
}

function onRenewalChainBroken(s: Step, e: RenewalChainBroken): void {
  const d = e.data;
  const doc = s.w.get<CustomerDoc>(customerKey(d.customerKey)) ?? emptyCustomer(d.customerKey);
  if (doc.chainBroken) return; // R-7: broken once, for good
  s.w.put(customerKey(d.customerKey), { ...doc, chainBroken: { year: d.year, reason: d.reason, partnerId: d.partnerId, source: s.ref } });
}

// --- revenue ---------------------------------------------------------------------------------

function onRevenueCollected(s: Step, e: RevenueCollected): void {
  const d = e.data;
  const key = paymentKey(d.paymentId);
  if (s.w.get<PaymentDoc>(key)) return; // R-9: one collection per payment id
  const collectedOn = localDate(d.collectedAt, s.tz).toString();
  const quarter = quarterOf(d.collectedAt, s.tz);
  const termsDoc = s.w.get<TermsDoc>(TERMS_KEY);
  const terms = termsInForce(termsBookOf(termsDoc), collectedOn);
  const unattributed = (reason: string): void =>
    s.w.put(key, {
      kind: 'payment',
      paymentId: d.paymentId,
      customerKey: d.customerKey,
      partnerId: d.partnerId ?? null,
      status: 'unattributed',
      reason,
      amount: d.amount,
      collectedOn,
      quarter,
      collection: s.ref,
      basis: null,
      line: null,
      reversedMinor: '0',
      reversibleMinor: d.amount.amountMinor,
      reversals: [],
    });

  const partnerId = d.partnerId ?? null;
  const customer = s.w.get<CustomerDoc>(customerKey(d.customerKey));
  if (!partnerId || !customer?.owner) {
    return unattributed('D-11: no approved registration of this customer closed won while protected; earns no commission and appears on no statement');
  }
  if (customer.owner.partnerId !== partnerId) {
    return unattributed(`D-11: the collection names partner ${partnerId} but the customer's eligible won deal belongs to ${customer.owner.partnerId}`);
  }
  if (d.amount.currency !== terms.currency) return unattributed(`T-2: currency mismatch: ${d.amount.currency} vs program currency ${terms.currency}`);
  const partner = s.w.get<PartnerDoc>(partnerKey(partnerId));
  if (!partner || partner.tiers.length === 0) return unattributed(`P-2: partner ${partnerId} is not enrolled`);

  const order = d.order;
  const basis: PricingBasis = {
    paymentId: d.paymentId,
    customerKey: d.customerKey,
    partnerId,
    revenueKind: d.revenueKind,
    order,
    collectedOn,
    quarter,
    termsVersion: terms.version,
    collection: s.ref,
    deal: customer.owner.sources,
    renewal: order.type === 'renewal' ? renewalChainOf(customer, order.year, partnerId) : null,
  };
  const target = openTarget(s.calendar, quarter, s.event.metadata.recordedAt, s.tz);
  const memo = d.revenueKind === 'partner-services';
  const kind = memo ? 'memo' : target.late ? 'adjustment' : order.type === 'renewal' ? 'renewal' : 'collection';
  const entry = pricedEntry(
    {
      lineId: s.ref.eventId,
      kind,
      amount: BigInt(d.amount.amountMinor),
      currency: d.amount.currency,
      occurredOn: collectedOn,
      ...(target.late ? { concernsQuarter: quarter } : {}),
      facts: [s.ref],
    },
    {
      what: `payment ${d.paymentId}, ${kindLabel(d.revenueKind)}, ${order.type === 'initial' ? 'initial order' : `renewal year ${order.year}`}`,
      prefixRules: target.late ? ['S-3'] : [],
      factCount: 1,
      note: target.late ? `collected in ${quarter}, recorded after that quarter was closed (S-3)` : null,
    },
    basis,
    priceBasis(basis, partner, termsDoc),
  );
  addEntry(s, partnerId, target.quarter, entry);
  s.w.put(key, {
    kind: 'payment',
    paymentId: d.paymentId,
    customerKey: d.customerKey,
    partnerId,
    status: 'priced',
    reason: entry.line.description,
    amount: d.amount,
    collectedOn,
    quarter,
    collection: s.ref,
    basis,
    line: { partnerId, quarter: target.quarter, lineId: entry.line.lineId },
    reversedMinor: '0',
    reversibleMinor: d.amount.amountMinor,
    reversals: [],
  });
}

function onReversal(s: Step, type: 'refund' | 'chargeback', id: string, paymentId: string, amount: MoneyJson, at: string, partnerId: string | null): void {
  const key = paymentKey(paymentId);
  const payment = s.w.get<PaymentDoc>(key);
  if (!payment || payment.reversals.some((r) => r.type === type && r.id === id)) return;
  const reversed = BigInt(payment.reversedMinor) + BigInt(amount.amountMinor);
  const record = (line: PaymentDoc['reversals'][number]['line']) =>
    s.w.put(key, {
      ...payment,
      reversedMinor: reversed.toString(),
      reversibleMinor: (BigInt(payment.amount.amountMinor) - reversed).toString(),
      reversals: [...payment.reversals, { id, type, amount, source: s.ref, line }],
    });

  const basis = payment.basis;
  const partner = partnerId ? s.w.get<PartnerDoc>(partnerKey(partnerId)) : undefined;
  if (payment.status !== 'priced' || !basis || !partner || basis.partnerId !== partnerId) return record(null);

  const occurredOn = localDate(at, s.tz).toString();
  const quarter = quarterOf(at, s.tz);
  const target = openTarget(s.calendar, quarter, s.event.metadata.recordedAt, s.tz);
  const collectionClosed = !!s.calendar.closed[basis.quarter];
  const memo = basis.revenueKind === 'partner-services';
  const kind = memo ? 'memo' : collectionClosed ? 'clawback' : target.late ? 'adjustment' : type;
  const concernsQuarter = collectionClosed && !memo ? basis.quarter : target.late ? quarter : undefined;
  const note = collectionClosed
    ? `reverses a collection of ${basis.quarter}, whose statement is closed, at the rate it earned (R-8)`
    : target.late
      ? `recorded after ${quarter} was closed (S-3)`
      : null;
  const entry = pricedEntry(
    {
      lineId: s.ref.eventId,
      kind,
      amount: -BigInt(amount.amountMinor),
      currency: amount.currency,
      occurredOn,
      ...(concernsQuarter ? { concernsQuarter } : {}),
      facts: [s.ref, basis.collection],
    },
    {
      what: `${type} ${id} of payment ${paymentId}, ${kindLabel(basis.revenueKind)}`,
      prefixRules: target.late ? ['R-8', 'S-3'] : ['R-8'],
      factCount: 2,
      note,
    },
    basis,
    priceBasis(basis, partner, s.w.get<TermsDoc>(TERMS_KEY)),
  );
  addEntry(s, basis.partnerId, target.quarter, entry);
  record({ partnerId: basis.partnerId, quarter: target.quarter, lineId: entry.line.lineId });
}

function renewalChainOf(customer: CustomerDoc, year: number, partnerId: string): PricingBasis['renewal'] {
  const placed = customer.renewals[String(year)];
  const placedByPartner = placed?.placedBy.type === 'partner' && placed.placedBy.partnerId === partnerId;
  const broken = customer.chainBroken;
  return {
    placedByPartner,
    brokenFromYear: broken?.year ?? null,
    sources: [placed?.source, broken?.source].filter((r): r is SourceRef => !!r),
  };
}

function kindLabel(kind: PricingBasis['revenueKind']): string {
  switch (kind) {
    case 'license':
      return 'license';
    case 'results-services':
      return 'Results-delivered services';
    case 'partner-services':
      return 'partner-delivered services';
    default:
      return assertNever(kind, 'revenue kind');
  }
}

/** S-3: the fact's quarter while open; otherwise the next open quarter after it (by record time). */
function openTarget(calendar: CalendarDoc, factQuarter: string, recordedAt: string, tz: string): { quarter: string; late: boolean } {
  if (!calendar.closed[factQuarter]) return { quarter: factQuarter, late: false };
  const recordedIn = quarterOf(recordedAt, tz);
  for (const candidate of [recordedIn, nextQuarter(recordedIn)]) {
    if (compareQuarters(candidate, factQuarter) > 0 && !calendar.closed[candidate]) return { quarter: candidate, late: true };
  }
  throw new Error(`S-3: no open quarter after ${factQuarter} for a fact recorded at ${recordedAt}; quarters closed ahead of the clock?`);
}

function emptyLines(partnerId: string, quarter: string): LinesDoc {
  return { kind: 'lines', partnerId, quarter, status: 'open', statementId: null, lineCount: 0 };
}

/** Appends a line to an open partner-quarter: a new `line:` document after every existing one (key order). */
function addEntry(s: Step, partnerId: string, quarter: string, entry: LedgerEntry): void {
  const key = linesKey(partnerId, quarter);
  const doc = s.w.get<LinesDoc>(key) ?? emptyLines(partnerId, quarter);
  if (doc.status !== 'open' || s.calendar.closed[quarter]) throw new Error(`S-3: ${key} is closed and never changes`);
  s.w.put(lineKey(partnerId, quarter, s.event.position, s.linesAdded++), { kind: 'line', partnerId, quarter, entry });
  s.w.put(key, { ...doc, lineCount: doc.lineCount + 1 });
}

/**
 * P-3/R-3 recorded after the fact: open quarters are re-priced in place; a closed quarter's line is
 * never changed (S-3) — the difference goes to the next open statement as a reverse/apply pair.
 */
function reprice(s: Step, partnerId: string, quarters: readonly string[]): void {
  const partner = s.w.get<PartnerDoc>(partnerKey(partnerId));
  if (!partner || partner.tiers.length === 0) return;
  const termsDoc = s.w.get<TermsDoc>(TERMS_KEY);
  for (const quarter of quarters) {
    const doc = s.w.get<LinesDoc>(linesKey(partnerId, quarter));
    if (!doc) continue;
    const closed = !!s.calendar.closed[quarter] || doc.status === 'issued';
    // Keys listed before the loop: adjustment lines added below (to other quarters) are not re-priced.
    for (const key of s.w.keysUnder(lineKeyPrefix(partnerId, quarter))) {
      const lineDoc = s.w.get<LineDoc>(key)!;
      const entry = lineDoc.entry;
      if (!entry.basis || !entry.template) continue;
      const resolved = priceBasis(entry.basis, partner, termsDoc);
      if (!closed) {
        const line = renderLine(shapeOf(entry), entry.template, entry.basis, resolved);
        if (canonicalJson(line) === canonicalJson(entry.line)) continue;
        s.w.put(key, { ...lineDoc, entry: { ...entry, line, effectiveRateBp: resolved.pricing.rateBp } });
        continue;
      }
      if (resolved.pricing.rateBp === entry.effectiveRateBp) continue;
      const target = openTarget(s.calendar, quarter, s.event.metadata.recordedAt, s.tz);
      if (target.quarter === quarter) throw new Error(`S-3: re-pricing target ${quarter} is not open`);
      for (const adjustment of repricingPair(s, entry, resolved, quarter)) addEntry(s, partnerId, target.quarter, adjustment);
      s.w.put(key, { ...lineDoc, entry: { ...entry, effectiveRateBp: resolved.pricing.rateBp } });
    }
  }
}

function repricingPair(s: Step, entry: LedgerEntry, resolved: ResolvedPricing, quarter: string): LedgerEntry[] {
  const basis = entry.basis!;
  const template = entry.template!;
  const old = entry.effectiveRateBp;
  const next = resolved.pricing.rateBp;
  const amount = BigInt(entry.line.amount.amountMinor);
  const currency = entry.line.amount.currency;
  const concernsQuarter = entry.line.concernsQuarter ?? quarter;
  const why = `re-priced after ${quarter} was closed (${s.ref.type})`;
  const reverse: StatementLine = {
    lineId: `${entry.line.lineId}:reprice:${s.ref.eventId}:reverse`,
    kind: 'adjustment',
    category: categoryOf(basis),
    description: `${why}: reverses ${template.what} at ${percent(old)}`,
    amount: { amountMinor: (-amount).toString(), currency },
    rateBp: old,
    share: { amountMinor: shareMinor(-amount, currency, old).toString(), currency },
    ruleIds: ['S-3', ...entry.line.ruleIds.filter((r) => r !== 'S-3')],
    termsVersion: entry.line.termsVersion,
    sources: [s.ref, ...entry.line.sources.filter((r) => r.eventId !== s.ref.eventId)],
    occurredOn: entry.line.occurredOn,
    concernsQuarter,
  };
  const applied = renderLine(
    { ...shapeOf(entry), lineId: `${entry.line.lineId}:reprice:${s.ref.eventId}:apply`, kind: 'adjustment', concernsQuarter, facts: [s.ref, ...shapeOf(entry).facts] },
    { ...template, what: `${why}: ${template.what}`, prefixRules: ['S-3', ...template.prefixRules.filter((r) => r !== 'S-3')], note: null },
    basis,
    resolved,
  );
  return [
    { line: reverse, basis: null, template: null, effectiveRateBp: old },
    { line: applied, basis: null, template: null, effectiveRateBp: next },
  ];
}

// --- quarters and statements -----------------------------------------------------------------

function onQuarterClosed(s: Step, e: QuarterClosed): void {
  const d = e.data;
  if (s.calendar.closed[d.quarter]) return;
  s.w.put(CALENDAR_KEY, {
    ...s.calendar,
    closed: {
      ...s.calendar.closed,
      [d.quarter]: {
        throughPosition: s.calendar.lastPosition ?? '0',
        recordedThroughPosition: d.throughPosition,
        closedAt: d.closedAt,
        closedBy: d.closedBy,
        source: s.ref,
      },
    },
  });
}

function onStatementIssued(s: Step, e: StatementIssued): void {
  const d = e.data;
  const lKey = linesKey(d.partnerId, d.quarter);
  const lines = s.w.get<LinesDoc>(lKey) ?? emptyLines(d.partnerId, d.quarter);
  s.w.put(lKey, { ...lines, status: 'issued', statementId: d.statementId });

  const sKey = statementKey(d.partnerId, d.quarter);
  if (!s.w.get<StatementDoc>(sKey)) {
    s.w.put(sKey, {
      kind: 'statement',
      statementId: d.statementId,
      partnerId: d.partnerId,
      quarter: d.quarter,
      status: 'issued',
      issued: s.ref,
      seal: d.seal,
      payable: d.totals.payable,
      held: d.totals.held,
      carriedOut: d.totals.carriedOut,
      dueBy: d.dueBy,
      confirmed: null,
      invoiced: null,
      paid: null,
    });
  }

  const pKey = partnerKey(d.partnerId);
  const partner = s.w.get<PartnerDoc>(pKey) ?? emptyPartner(d.partnerId);
  if (partner.lastStatement && compareQuarters(d.quarter, partner.lastStatement.quarter) <= 0) return;
  const released = BigInt(d.totals.released.amountMinor);
  const newlyHeld = BigInt(d.totals.held.amountMinor);
  const heldBefore = BigInt(partner.held?.amount.amountMinor ?? '0');
  const heldAfter = heldBefore - released + newlyHeld;
  const heldSources = [...(released !== 0n ? [] : partner.held?.sources ?? []), ...(newlyHeld !== 0n ? [s.ref] : [])];
  s.w.put(pKey, {
    ...partner,
    lastStatement: { quarter: d.quarter, statementId: d.statementId, source: s.ref, carriedOut: d.totals.carriedOut },
    held: heldAfter === 0n && heldSources.length === 0 ? null : { amount: { amountMinor: heldAfter.toString(), currency: d.currency }, sources: heldSources },
  });
}

function updateStatement(s: Step, partnerId: string, quarter: string, change: (doc: StatementDoc) => StatementDoc): void {
  const key = statementKey(partnerId, quarter);
  const doc = s.w.get<StatementDoc>(key);
  if (doc) s.w.put(key, change(doc));
}

function onStatementPaid(s: Step, e: StatementPaid): void {
  const d = e.data;
  updateStatement(s, d.partnerId, d.quarter, (doc) => ({
    ...doc,
    status: 'paid',
    paid: { amount: d.amount, paidAt: d.paidAt, late: d.late, reference: d.paymentReference, source: s.ref },
  }));
  // S-6: payments per calendar payment year (program time zone) and the 1099 flag.
  const paidOn = localDate(d.paidAt, s.tz);
  const key = taxYearKey(d.partnerId, paidOn.year);
  const partner = s.w.get<PartnerDoc>(partnerKey(d.partnerId));
  const terms = termsInForce(termsBookOf(s.w.get<TermsDoc>(TERMS_KEY)), paidOn);
  const doc =
    s.w.get<TaxYearDoc>(key) ??
    ({ kind: 'tax-year', partnerId: d.partnerId, year: paidOn.year, country: null, paid: { amountMinor: '0', currency: d.amount.currency }, payments: [], thresholdMinor: '0', flagged1099: false, ruleId: 'S-6' } satisfies TaxYearDoc);
  if (doc.payments.some((p) => p.statementId === d.statementId)) return;
  const paid = BigInt(doc.paid.amountMinor) + BigInt(d.amount.amountMinor);
  const threshold = form1099Threshold(terms.payout.form1099Thresholds, paidOn.year);
  const country = partner?.country ?? null;
  s.w.put(key, {
    ...doc,
    country,
    paid: { amountMinor: paid.toString(), currency: d.amount.currency },
    payments: [...doc.payments, { statementId: d.statementId, amount: d.amount, paidAt: d.paidAt, source: s.ref }],
    thresholdMinor: threshold.toString(),
    flagged1099: country !== null && terms.payout.form1099Countries.includes(country) && paid >= threshold,
  });
}

/** S-6: the threshold in force for a payment year (the latest `fromYear` on or before it). */
export function form1099Threshold(thresholds: readonly { fromYear: number; amountMinor: string }[], year: number): bigint {
  let best: { fromYear: number; amountMinor: string } | null = null;
  for (const t of thresholds) if (t.fromYear <= year && (best === null || t.fromYear > best.fromYear)) best = t;
  if (!best) throw new Error(`S-6: no 1099 threshold in force for ${year}`);
  return BigInt(best.amountMinor);
}
