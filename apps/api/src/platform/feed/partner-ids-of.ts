/**
 * Partner scoping of the feed (ADR 0005, docs/event-feed.md). `partnerIdsOf` names every partner
 * an event mentions; a partner key receives an event only when it names that partner and no
 * other. Strict and leak-free by default:
 * - customer-scoped facts that name no partner (RevenueCollected, RevenueRefunded,
 *   ChargebackRecorded …) are not delivered to partner keys — their statements show them;
 * - an event naming two partners (an override to another partner, a renewal placed by another
 *   partner) is delivered to neither, so no partner learns a competitor's identity (cf. D-3);
 * - program-wide facts (terms, quarter close) are not delivered to partner keys;
 * - an event type unknown to this table is never delivered to a partner key (fail closed).
 * The table is typed over every published event, so a new event type does not compile until
 * its partners are declared here.
 */
import type {
  DealRegistrationEvent,
  PartnerEvent,
  ProgramTermsEvent,
  RenewalEvent,
  RevenueEvent,
  StandingEvent,
  StatementEvent,
} from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';

type PublishedEvent =
  | DealRegistrationEvent
  | PartnerEvent
  | ProgramTermsEvent
  | RenewalEvent
  | RevenueEvent
  | StandingEvent
  | StatementEvent;

type PartnersNamed = {
  readonly [T in PublishedEvent['type']]: (data: Extract<PublishedEvent, { type: T }>['data']) => readonly (string | null)[];
};

const own = (data: { readonly partnerId: string }): readonly string[] => [data.partnerId];
const none = (): readonly string[] => [];

const PARTNERS_NAMED: PartnersNamed = {
  // deal registration (D-*)
  DealRegistered: own,
  DealRegistrationRejected: own,
  DealRegistrationApproved: own,
  DealRegistrationDeclined: own,
  DealApprovalOverdueFlagged: own,
  ProtectionExtended: own,
  ProtectionLapsed: own,
  DealRegistrationOverridden: (d) => [d.originalPartnerId, d.newPartnerId],
  InboundLeadRecorded: own,
  DealClosedWon: own,
  DealClosedLost: own,
  // partner (P-*, R-3)
  PartnerEnrolled: own,
  PartnerTierChanged: own,
  PartnerStaffCountReported: own,
  PartnerTaxFormRecorded: own,
  PerformanceBonusGranted: own,
  // program terms (T-1)
  ProgramTermsAmended: none,
  // renewals
  RenewalPlaced: (d) => [d.originalPartnerId, d.placedBy.type === 'partner' ? d.placedBy.partnerId : null],
  RenewalChainBroken: own,
  // revenue: customer-scoped
  RevenueCollected: none,
  RevenueRefunded: none,
  ChargebackRecorded: none,
  // standing (C-*)
  SurveyCompleted: own,
  CertificationEnrolled: own,
  CertificationTrainingCompleted: own,
  CertificationExamAttempted: own,
  CertificationGranted: own,
  NfrLicensesGranted: own,
  TierStandingEvaluated: own,
  CsatWarningIssued: own,
  TierReviewDue: own,
  TierRealignmentDue: own,
  LadderDecisionRecorded: own,
  // statements (S-*)
  QuarterClosed: none,
  StatementIssued: own,
  StatementConfirmed: own,
  StatementInvoiced: own,
  StatementPaid: own,
};

/** The distinct partner ids an event names; empty for unknown types or unexpected data. */
export function partnerIdsOf(event: Pick<RecordedEvent, 'type' | 'data'>): readonly string[] {
  if (!Object.hasOwn(PARTNERS_NAMED, event.type)) return [];
  const named = PARTNERS_NAMED[event.type as PublishedEvent['type']] as (data: unknown) => readonly (string | null)[];
  try {
    const ids = named(event.data).filter((id): id is string => typeof id === 'string' && id.length > 0);
    return [...new Set(ids)];
  } catch {
    return [];
  }
}

/** True when a key bound to `partnerId` may receive the event: it names that partner and no other. */
export function isVisibleToPartner(event: Pick<RecordedEvent, 'type' | 'data'>, partnerId: string): boolean {
  const ids = partnerIdsOf(event);
  return ids.length > 0 && ids.every((id) => id === partnerId);
}
