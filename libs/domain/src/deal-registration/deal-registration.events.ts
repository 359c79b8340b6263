/**
 * Deal registration events (D-1..D-12). One stream per opportunity key:
 * `opportunity-<key>` (see opportunityStreamId), so first-registration-wins (D-3) is enforced by
 * the expected revision of that stream, never by check-then-write.
 */
import type { DomainEvent } from '../shared/decider';
import type { MoneyJson } from '../shared/money';

export interface PrimaryContact {
  readonly name: string;
  readonly email: string;
  readonly phone?: string;
}

/** D-1, D-3, D-4: a registration accepted as the first for its opportunity; pending approval until `approvalDueBy`. */
export type DealRegistered = DomainEvent<
  'DealRegistered',
  {
    readonly registrationId: string;
    readonly opportunityKey: string;
    readonly partnerId: string;
    readonly companyName: string;
    readonly companyDomain: string | null;
    readonly primaryContact: PrimaryContact;
    readonly estimatedArr: MoneyJson;
    /** ISO date */
    readonly expectedCloseDate: string;
    readonly description: string;
    /** D-3: the time the ledger received it (or the original time, for historical imports). */
    readonly registeredAt: string;
    /** D-4: end of the approval SLA (ISO instant), 2 business days in the program time zone. */
    readonly approvalDueBy: string;
    readonly termsVersion: string;
  }
>;

export type RejectionReason = 'duplicate-pending' | 'duplicate-protected';

/** D-3: automatic rejection with notice; the notice never names the competing partner. */
export type DealRegistrationRejected = DomainEvent<
  'DealRegistrationRejected',
  {
    readonly registrationId: string;
    readonly opportunityKey: string;
    readonly partnerId: string;
    readonly companyName: string;
    readonly reason: RejectionReason;
    readonly ruleId: 'D-3';
    readonly notice: string;
    readonly attemptedAt: string;
    /**
     * The rest of the attempt as submitted (optional: an additive field of the contract). Keeps
     * the attempt on the record for disputes (D-12) and lets the replay check re-decide it.
     */
    readonly companyDomain?: string | null;
    readonly primaryContact?: PrimaryContact;
    readonly estimatedArr?: MoneyJson;
    readonly expectedCloseDate?: string;
    readonly description?: string;
  }
>;

/** D-5: protection starts at approval. */
export type DealRegistrationApproved = DomainEvent<
  'DealRegistrationApproved',
  {
    readonly registrationId: string;
    readonly opportunityKey: string;
    readonly partnerId: string;
    readonly approvedBy: string;
    readonly approvedAt: string;
    readonly protectionStartsAt: string;
    readonly protectionEndsAt: string;
    /** D-7: approval + maxProtectionDays. */
    readonly protectionLimitAt: string;
    /** D-4: true when approved after the SLA deadline. */
    readonly approvedAfterSla: boolean;
    readonly termsVersion: string;
  }
>;

/** D-4: Results declined a pending registration; the opportunity is open again. */
export type DealRegistrationDeclined = DomainEvent<
  'DealRegistrationDeclined',
  {
    readonly registrationId: string;
    readonly opportunityKey: string;
    readonly partnerId: string;
    readonly declinedBy: string;
    readonly reason: string;
    readonly declinedAt: string;
    /** D-4: true when declined after the SLA deadline (optional: an additive field of the contract). */
    readonly declinedAfterSla?: boolean;
  }
>;

/** D-4: undecided past the SLA; flagged, never auto-approved. */
export type DealApprovalOverdueFlagged = DomainEvent<
  'DealApprovalOverdueFlagged',
  {
    readonly registrationId: string;
    readonly opportunityKey: string;
    readonly partnerId: string;
    readonly approvalDueBy: string;
    readonly flaggedAt: string;
  }
>;

/** D-6, D-7: protection extended by the terms' extension days on a documented progress note, never past the 180-day limit. */
export type ProtectionExtended = DomainEvent<
  'ProtectionExtended',
  {
    readonly registrationId: string;
    readonly opportunityKey: string;
    readonly partnerId: string;
    readonly progressNote: string;
    readonly extendedBy: string;
    readonly extendedAt: string;
    readonly previousEndsAt: string;
    readonly protectionEndsAt: string;
    readonly extensionNumber: number;
    readonly termsVersion: string;
  }
>;

/** D-8: protection lapsed without a close; the opportunity is open again. */
export type ProtectionLapsed = DomainEvent<
  'ProtectionLapsed',
  {
    readonly registrationId: string;
    readonly opportunityKey: string;
    readonly partnerId: string;
    readonly protectionEndedAt: string;
    readonly recordedAt: string;
  }
>;

/** D-9: customer preference. `newPartnerId` null = Results direct. */
export type DealRegistrationOverridden = DomainEvent<
  'DealRegistrationOverridden',
  {
    readonly registrationId: string;
    readonly opportunityKey: string;
    readonly originalPartnerId: string;
    readonly newPartnerId: string | null;
    /** A new, protected registration for the new partner (null for Results direct). */
    readonly newRegistrationId: string | null;
    readonly requestedBy: string;
    readonly reason: string;
    readonly overriddenBy: string;
    readonly overriddenAt: string;
    readonly originalPartnerNotified: true;
    readonly notice: string;
    readonly protectionEndsAt: string | null;
    readonly protectionLimitAt: string | null;
    readonly termsVersion: string;
  }
>;

/** D-10: customer came inbound to Results while protected; the deal stays the partner's. */
export type InboundLeadRecorded = DomainEvent<
  'InboundLeadRecorded',
  {
    readonly registrationId: string;
    readonly opportunityKey: string;
    readonly partnerId: string;
    readonly receivedAt: string;
    readonly retainedByPartner: boolean;
    readonly ruleId: 'D-10';
  }
>;

/** D-11: eligible only when approved and closed won while protected. */
export type DealClosedWon = DomainEvent<
  'DealClosedWon',
  {
    readonly registrationId: string;
    readonly opportunityKey: string;
    readonly partnerId: string;
    /** The customer key revenue is posted against (= the opportunity key). */
    readonly customerKey: string;
    readonly closedAt: string;
    readonly eligibleForCommission: boolean;
    readonly eligibilityReason: string;
    readonly ruleId: 'D-11';
  }
>;

/** The registered deal was lost; the opportunity is open to new registrations. */
export type DealClosedLost = DomainEvent<
  'DealClosedLost',
  {
    readonly registrationId: string;
    readonly opportunityKey: string;
    readonly partnerId: string;
    readonly closedAt: string;
    readonly reason: string;
  }
>;

export type DealRegistrationEvent =
  | DealRegistered
  | DealRegistrationRejected
  | DealRegistrationApproved
  | DealRegistrationDeclined
  | DealApprovalOverdueFlagged
  | ProtectionExtended
  | ProtectionLapsed
  | DealRegistrationOverridden
  | InboundLeadRecorded
  | DealClosedWon
  | DealClosedLost;

const EVENT_TYPES: Readonly<Record<DealRegistrationEvent['type'], true>> = {
  DealRegistered: true,
  DealRegistrationRejected: true,
  DealRegistrationApproved: true,
  DealRegistrationDeclined: true,
  DealApprovalOverdueFlagged: true,
  ProtectionExtended: true,
  ProtectionLapsed: true,
  DealRegistrationOverridden: true,
  InboundLeadRecorded: true,
  DealClosedWon: true,
  DealClosedLost: true,
};

/** Every deal registration event type (for subscription filters and guarding untyped input). */
export const DEAL_REGISTRATION_EVENT_TYPES = Object.keys(EVENT_TYPES) as readonly DealRegistrationEvent['type'][];

export function isDealRegistrationEventType(type: string): type is DealRegistrationEvent['type'] {
  return Object.hasOwn(EVENT_TYPES, type);
}
