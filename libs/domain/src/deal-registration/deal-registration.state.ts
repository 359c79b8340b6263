/**
 * Opportunity state (D-1..D-11), folded from one `opportunity-<key>` stream. At most one
 * registration is open (pending or approved) at a time, and it is always the last one.
 */
import { Temporal } from 'temporal-polyfill';
import { assertNever } from '../shared/decider';
import type { DealRegistrationEvent } from './deal-registration.events';

/**
 * `approved` stays the status after the protection end passes until `ProtectionLapsed` is
 * recorded (D-8 sweep or the next registration); use `protectedAt` for "protected at t".
 */
export type RegistrationStatus = 'pending' | 'approved' | 'declined' | 'lapsed' | 'overridden' | 'closed-won' | 'closed-lost';

export interface RegistrationState {
  readonly registrationId: string;
  readonly partnerId: string;
  readonly companyName: string;
  readonly registeredAt: string;
  /** D-4: exclusive deadline for the decision. */
  readonly approvalDueBy: string;
  readonly status: RegistrationStatus;
  readonly overdueFlagged: boolean;
  readonly approvedAt: string | null;
  readonly protectionEndsAt: string | null;
  /** D-7: approval + maxProtectionDays. */
  readonly protectionLimitAt: string | null;
  readonly extensions: number;
  /** When an override (D-9) or a close (D-11) ended the registration, whatever its protection end. */
  readonly endedAt: string | null;
}

export interface OpportunityState {
  readonly opportunityKey: string | null;
  /** In stream order; only the last can be open. */
  readonly registrations: readonly RegistrationState[];
  /** D-3: ids of registration attempts rejected as duplicates. */
  readonly rejectedRegistrationIds: readonly string[];
  /** The latest business time recorded in the stream (D-3: imports are decided in timestamp order). */
  readonly latestBusinessTime: string | null;
}

export const initialOpportunityState = (): OpportunityState => ({
  opportunityKey: null,
  registrations: [],
  rejectedRegistrationIds: [],
  latestBusinessTime: null,
});

const instant = (iso: string): Temporal.Instant => Temporal.Instant.from(iso);

export function isInstantBefore(a: string, b: string): boolean {
  return Temporal.Instant.compare(instant(a), instant(b)) < 0;
}

function later(a: string | null, b: string): string {
  return a === null || isInstantBefore(a, b) ? b : a;
}

export function currentRegistration(state: OpportunityState): RegistrationState | null {
  return state.registrations[state.registrations.length - 1] ?? null;
}

export function isOpenRegistration(registration: RegistrationState): boolean {
  return registration.status === 'pending' || registration.status === 'approved';
}

/** The exclusive end of the protection window (D-5..D-9), or null if never approved. */
export function protectionEnd(registration: RegistrationState): string | null {
  const { protectionEndsAt, endedAt } = registration;
  if (protectionEndsAt === null) return null;
  return endedAt !== null && isInstantBefore(endedAt, protectionEndsAt) ? endedAt : protectionEndsAt;
}

/** D-5..D-9: protected at `at` ⇔ approvedAt ≤ at < protection end (overrides and closes end it early). */
export function protectedAt(registration: RegistrationState, at: string): boolean {
  const end = protectionEnd(registration);
  return registration.approvedAt !== null && end !== null && !isInstantBefore(at, registration.approvedAt) && isInstantBefore(at, end);
}

function businessTimeOf(event: DealRegistrationEvent): string {
  switch (event.type) {
    case 'DealRegistered':
      return event.data.registeredAt;
    case 'DealRegistrationRejected':
      return event.data.attemptedAt;
    case 'DealRegistrationApproved':
      return event.data.approvedAt;
    case 'DealRegistrationDeclined':
      return event.data.declinedAt;
    case 'DealApprovalOverdueFlagged':
      return event.data.flaggedAt;
    case 'ProtectionExtended':
      return event.data.extendedAt;
    case 'ProtectionLapsed':
      return event.data.protectionEndedAt;
    case 'DealRegistrationOverridden':
      return event.data.overriddenAt;
    case 'InboundLeadRecorded':
      return event.data.receivedAt;
    case 'DealClosedWon':
    case 'DealClosedLost':
      return event.data.closedAt;
    default:
      return assertNever(event, 'deal registration event');
  }
}

function updateRegistration(
  state: OpportunityState,
  registrationId: string,
  change: (r: RegistrationState) => Partial<RegistrationState>,
): readonly RegistrationState[] {
  return state.registrations.map((r) => (r.registrationId === registrationId ? { ...r, ...change(r) } : r));
}

export function evolveOpportunity(state: OpportunityState, event: DealRegistrationEvent): OpportunityState {
  const base: OpportunityState = {
    ...state,
    opportunityKey: event.data.opportunityKey,
    latestBusinessTime: later(state.latestBusinessTime, businessTimeOf(event)),
  };
  switch (event.type) {
    case 'DealRegistered': {
      const d = event.data;
      const registration: RegistrationState = {
        registrationId: d.registrationId,
        partnerId: d.partnerId,
        companyName: d.companyName,
        registeredAt: d.registeredAt,
        approvalDueBy: d.approvalDueBy,
        status: 'pending',
        overdueFlagged: false,
        approvedAt: null,
        protectionEndsAt: null,
        protectionLimitAt: null,
        extensions: 0,
        endedAt: null,
      };
      return { ...base, registrations: [...state.registrations, registration] };
    }
    case 'DealRegistrationRejected':
      return { ...base, rejectedRegistrationIds: [...state.rejectedRegistrationIds, event.data.registrationId] };
    case 'DealRegistrationApproved': {
      const d = event.data;
      return {
        ...base,
        registrations: updateRegistration(state, d.registrationId, () => ({
          status: 'approved',
          approvedAt: d.protectionStartsAt,
          protectionEndsAt: d.protectionEndsAt,
          protectionLimitAt: d.protectionLimitAt,
        })),
      };
    }
    case 'DealRegistrationDeclined':
      return { ...base, registrations: updateRegistration(state, event.data.registrationId, () => ({ status: 'declined' })) };
    case 'DealApprovalOverdueFlagged':
      return { ...base, registrations: updateRegistration(state, event.data.registrationId, () => ({ overdueFlagged: true })) };
    case 'ProtectionExtended':
      return {
        ...base,
        registrations: updateRegistration(state, event.data.registrationId, (r) => ({
          protectionEndsAt: event.data.protectionEndsAt,
          extensions: r.extensions + 1,
        })),
      };
    case 'ProtectionLapsed':
      return { ...base, registrations: updateRegistration(state, event.data.registrationId, () => ({ status: 'lapsed' })) };
    case 'DealRegistrationOverridden': {
      const d = event.data;
      const registrations = updateRegistration(state, d.registrationId, () => ({ status: 'overridden', endedAt: d.overriddenAt }));
      if (d.newPartnerId === null || d.newRegistrationId === null) return { ...base, registrations };
      const original = state.registrations.find((r) => r.registrationId === d.registrationId);
      const replacement: RegistrationState = {
        registrationId: d.newRegistrationId,
        partnerId: d.newPartnerId,
        companyName: original?.companyName ?? d.opportunityKey,
        registeredAt: d.overriddenAt,
        approvalDueBy: d.overriddenAt,
        status: 'approved',
        overdueFlagged: false,
        approvedAt: d.overriddenAt,
        protectionEndsAt: d.protectionEndsAt,
        protectionLimitAt: d.protectionLimitAt,
        extensions: 0,
        endedAt: null,
      };
      return { ...base, registrations: [...registrations, replacement] };
    }
    case 'InboundLeadRecorded':
      return base;
    case 'DealClosedWon':
      return { ...base, registrations: updateRegistration(state, event.data.registrationId, () => ({ status: 'closed-won', endedAt: event.data.closedAt })) };
    case 'DealClosedLost':
      return { ...base, registrations: updateRegistration(state, event.data.registrationId, () => ({ status: 'closed-lost', endedAt: event.data.closedAt })) };
    default:
      return assertNever(event, 'deal registration event');
  }
}
