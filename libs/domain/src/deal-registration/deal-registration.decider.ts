/**
 * Deal registration decider (D-1..D-11), one opportunity stream per opportunity key (D-2).
 *
 * Context from the application layer: the terms book and the state of the partner who registers
 * (RegisterDeal), gets the deal by override (OverrideDealRegistration), or acts (ExtendProtection);
 * null when none or unknown.
 *
 * Decisions:
 * - D-3 duplicates are not refusals but `DealRegistrationRejected` events, so every attempt is on
 *   the record. Concurrency is the stream's expected revision: the loser's retry re-decides here
 *   and is rejected. A registration arriving after the current protection ended first records
 *   `ProtectionLapsed` (D-8), then registers.
 * - Protection is `[approvedAt, protectionEndsAt)`; day counts are calendar days in the program
 *   time zone from the approval instant (same wall-clock time), so 45 + 3 × 45 lands exactly on
 *   the D-7 limit of 180 days, which is accepted; anything past it is refused.
 * - Idempotence: repeating a decision already in state produces no events: RegisterDeal with a
 *   registrationId already registered or rejected (same partner), approving an approved
 *   registration, declining a declined one, overriding an overridden one, closing a closed one
 *   with the same outcome; the sweeps do nothing when there is nothing to do. Extensions and
 *   inbound leads are not idempotent by content (two are two facts): their retries are
 *   deduplicated by command id / event id in the application layer.
 * - After a close (won or lost), a decline or an override to Results direct, the opportunity is
 *   open again: D-3 only blocks while a registration is pending or protected.
 */
import { Temporal } from 'temporal-polyfill';
import { isValidInstant, isValidPlainDate, localDate } from '../shared/business-time';
import { assertNever, type Decider } from '../shared/decider';
import { DomainError, Violations } from '../shared/domain-error';
import { isKnownCurrency } from '../shared/money';
import { termsInForceAt, type ProgramTermsBook } from '../program-terms/program-terms';
import type { PartnerState } from '../partner/partner.state';
import { tierOn } from '../partner/partner.state';
import { addBusinessDays } from './business-days';
import type {
  CloseDealLost,
  CloseDealWon,
  DealRegistrationCommand,
  ExtendProtection,
  OverrideDealRegistration,
  RegisterDeal,
} from './deal-registration.commands';
import type { DealRegistrationEvent, RejectionReason } from './deal-registration.events';
import {
  currentRegistration,
  evolveOpportunity,
  initialOpportunityState,
  isInstantBefore,
  isOpenRegistration,
  protectedAt,
  protectionEnd,
  type OpportunityState,
  type RegistrationState,
} from './deal-registration.state';
import { normalizeCompanyDomain, normalizeCompanyName, opportunityKey } from './opportunity-key';

export interface DealRegistrationContext {
  readonly terms: ProgramTermsBook;
  readonly partner: PartnerState | null;
}

export const DEAL_REGISTRATION_LIMITS = {
  id: 128,
  companyName: 200,
  domain: 253,
  contactName: 200,
  email: 254,
  phone: 40,
  description: 4000,
  note: 2000,
} as const;

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const POSITIVE_MINOR = /^[1-9][0-9]{0,17}$/;

const isText = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.trim().length > 0 && value.length <= max;
const textMessage = (max: number, rule: string) => `is required, at most ${max} characters (${rule})`;

const isId = (value: unknown): value is string => typeof value === 'string' && value.length <= DEAL_REGISTRATION_LIMITS.id && ID.test(value);
const ID_MESSAGE = `must be 1–${DEAL_REGISTRATION_LIMITS.id} letters, digits, "_", ".", ":" or "-"`;

/** A business time: defaults to `now`; must be a valid instant, not after `now`, not before `notBefore`. */
function businessTime(
  value: string | undefined,
  now: string,
  field: string,
  v: Violations,
  notBefore?: { at: string; what: string },
): string {
  if (value === undefined) return now;
  if (!isValidInstant(value)) v.add(field, 'must be an ISO-8601 instant');
  else if (isInstantBefore(now, value)) v.add(field, 'must not be in the future');
  else if (notBefore && isInstantBefore(value, notBefore.at)) v.add(field, `must not be before ${notBefore.at}, ${notBefore.what}`);
  return value;
}

function zoned(at: string, timeZone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.from(at).toZonedDateTimeISO(timeZone);
}

const iso = (z: Temporal.ZonedDateTime): string => z.toInstant().toString();

function checkStream(state: OpportunityState, key: string): void {
  if (state.opportunityKey !== key) throw DomainError.notFound(`opportunity "${key}"`, 'opportunityKey');
}

function registrationIn(state: OpportunityState, registrationId: string, ruleId: string): RegistrationState {
  const found = state.registrations.find((r) => r.registrationId === registrationId);
  if (found) return found;
  if (state.rejectedRegistrationIds.includes(registrationId)) {
    throw DomainError.rule('D-3', `registration "${registrationId}" was rejected as a duplicate (D-3); there is nothing to act on`, 'registrationId');
  }
  throw registrationNotFound(registrationId, ruleId);
}

function registrationNotFound(registrationId: string, ruleId: string): DomainError {
  return new DomainError('not-found', `registration "${registrationId}" not found (${ruleId})`, ruleId, [
    { field: 'registrationId', message: `no registration "${registrationId}" for this opportunity` },
  ]);
}

function requireCurrent(state: OpportunityState, registration: RegistrationState, ruleId: string): void {
  if (currentRegistration(state) !== registration) {
    throw DomainError.conflict(`registration "${registration.registrationId}" was superseded by a later registration (${ruleId})`, ruleId);
  }
}

// ---------------------------------------------------------------------------------- D-1, D-3

function validateRegistration(d: RegisterDeal['data'], now: string, partner: PartnerState | null, terms: ProgramTermsBook) {
  const v = new Violations();
  v.check(isId(d.registrationId), 'registrationId', ID_MESSAGE);
  v.check(typeof d.partnerId === 'string' && d.partnerId.length > 0, 'partnerId', 'is required (D-1)');
  if (!isText(d.companyName, DEAL_REGISTRATION_LIMITS.companyName)) v.add('companyName', textMessage(DEAL_REGISTRATION_LIMITS.companyName, 'D-1'));
  else if (normalizeCompanyName(d.companyName) === '') v.add('companyName', 'must contain at least one letter or digit (D-2)');
  const domain = typeof d.companyDomain === 'string' && d.companyDomain.trim() !== '' ? d.companyDomain.trim() : null;
  if (domain !== null) {
    v.check(domain.length <= DEAL_REGISTRATION_LIMITS.domain && normalizeCompanyDomain(domain) !== null, 'companyDomain', 'must be a domain name such as "acme.com" (D-2)');
  }
  const contact = d.primaryContact;
  if (typeof contact !== 'object' || contact === null) {
    v.add('primaryContact', 'is required: name and email (D-1)');
  } else {
    v.check(isText(contact.name, DEAL_REGISTRATION_LIMITS.contactName), 'primaryContact.name', textMessage(DEAL_REGISTRATION_LIMITS.contactName, 'D-1'));
    v.check(
      typeof contact.email === 'string' && contact.email.length <= DEAL_REGISTRATION_LIMITS.email && EMAIL.test(contact.email),
      'primaryContact.email',
      `must be an email address of at most ${DEAL_REGISTRATION_LIMITS.email} characters (D-1)`,
    );
    if (contact.phone !== undefined) {
      v.check(isText(contact.phone, DEAL_REGISTRATION_LIMITS.phone), 'primaryContact.phone', `must be at most ${DEAL_REGISTRATION_LIMITS.phone} characters when given (D-1)`);
    }
  }
  const arr = d.estimatedArr;
  if (typeof arr !== 'object' || arr === null) {
    v.add('estimatedArr', 'is required: { amountMinor, currency } (D-1)');
  } else {
    v.check(
      typeof arr.amountMinor === 'string' && POSITIVE_MINOR.test(arr.amountMinor),
      'estimatedArr.amountMinor',
      'must be a positive integer number of minor units, as a string of at most 18 digits (D-1, T-2)',
    );
    v.check(typeof arr.currency === 'string' && isKnownCurrency(arr.currency), 'estimatedArr.currency', 'must be a known ISO 4217 currency code (D-1, T-2)');
  }
  v.check(isText(d.description, DEAL_REGISTRATION_LIMITS.description), 'description', textMessage(DEAL_REGISTRATION_LIMITS.description, 'D-1'));
  const registeredAt = businessTime(d.registeredAt, now, 'registeredAt', v);
  const registrationDate = isValidInstant(registeredAt) ? localDate(registeredAt, termsInForceAt(terms, registeredAt).timeZone) : null;
  if (!isValidPlainDate(d.expectedCloseDate)) {
    v.add('expectedCloseDate', 'must be an ISO date (YYYY-MM-DD) (D-1)');
  } else if (registrationDate && Temporal.PlainDate.compare(Temporal.PlainDate.from(d.expectedCloseDate), registrationDate) < 0) {
    v.add('expectedCloseDate', `must not be in the past (before ${registrationDate.toString()}, program time zone) (D-1)`);
  }
  if (typeof d.partnerId === 'string' && d.partnerId.length > 0) {
    if (partner === null || partner.partnerId !== d.partnerId) {
      v.add('partnerId', `unknown partner "${d.partnerId}": only enrolled partners may register deals (D-1, P-2)`);
    } else if (registrationDate && tierOn(partner, registrationDate) === null) {
      v.add('partnerId', `partner "${d.partnerId}" was not enrolled on ${registeredAt} (D-1, P-2)`);
    }
  }
  v.throwIfAny('D-1');
  // The submission as recorded: trimmed, and only the contract's fields.
  const { name, email, phone } = contact;
  return {
    registeredAt,
    companyName: d.companyName.trim(),
    companyDomain: domain,
    primaryContact: phone === undefined ? { name: name.trim(), email } : { name: name.trim(), email, phone: phone.trim() },
    estimatedArr: { amountMinor: arr.amountMinor, currency: arr.currency },
    expectedCloseDate: d.expectedCloseDate,
    description: d.description.trim(),
  };
}

const NOTICE: Record<RejectionReason, string> = {
  'duplicate-pending': 'an earlier registration for this opportunity is awaiting approval',
  'duplicate-protected': 'an earlier registration for this opportunity is approved and protected',
};

function registerDeal(command: RegisterDeal, state: OpportunityState, { terms, partner }: DealRegistrationContext): DealRegistrationEvent[] {
  const d = command.data;
  const { now } = command.metadata;
  const submitted = validateRegistration(d, now, partner, terms);
  const { registeredAt, companyName } = submitted;
  const opportunity = opportunityKey(submitted);
  if (state.opportunityKey !== null && state.opportunityKey !== opportunity) {
    throw DomainError.conflict(`D-2: opportunity key "${opportunity}" does not belong to the stream of "${state.opportunityKey}"`, 'D-2');
  }
  const seen = state.registrations.find((r) => r.registrationId === d.registrationId);
  if (seen || state.rejectedRegistrationIds.includes(d.registrationId)) {
    if (seen && seen.partnerId !== d.partnerId) {
      throw DomainError.conflict(`registrationId "${d.registrationId}" is already used by another registration (D-1)`, 'D-1');
    }
    return []; // idempotent retry
  }

  // D-3: historical imports are decided in timestamp order; an older one cannot jump the queue.
  if (d.registeredAt !== undefined && state.latestBusinessTime !== null && isInstantBefore(registeredAt, state.latestBusinessTime)) {
    throw DomainError.validation(
      [
        {
          field: 'registeredAt',
          message: `must not be before ${state.latestBusinessTime}, the latest event of this opportunity: imports are decided in timestamp order (D-3)`,
        },
      ],
      'D-3',
    );
  }

  const current = currentRegistration(state);
  const events: DealRegistrationEvent[] = [];
  if (current && isOpenRegistration(current)) {
    const stillProtected = current.status === 'approved' && isInstantBefore(registeredAt, protectionEnd(current)!);
    if (current.status === 'pending' || stillProtected) {
      const reason: RejectionReason = current.status === 'pending' ? 'duplicate-pending' : 'duplicate-protected';
      return [
        {
          type: 'DealRegistrationRejected',
          data: {
            registrationId: d.registrationId,
            opportunityKey: opportunity,
            partnerId: d.partnerId,
            companyName,
            reason,
            ruleId: 'D-3',
            notice: `Registration ${d.registrationId} for "${companyName}" was rejected automatically: ${NOTICE[reason]} (D-3: first registration wins).`,
            attemptedAt: registeredAt,
            companyDomain: submitted.companyDomain,
            primaryContact: submitted.primaryContact,
            estimatedArr: submitted.estimatedArr,
            expectedCloseDate: submitted.expectedCloseDate,
            description: submitted.description,
          },
        },
      ];
    }
    // D-8: the protection ended before this registration arrived; record the lapse first.
    events.push({
      type: 'ProtectionLapsed',
      data: {
        registrationId: current.registrationId,
        opportunityKey: opportunity,
        partnerId: current.partnerId,
        protectionEndedAt: protectionEnd(current)!,
        recordedAt: now,
      },
    });
  }

  const version = termsInForceAt(terms, registeredAt);
  events.push({
    type: 'DealRegistered',
    data: {
      registrationId: d.registrationId,
      opportunityKey: opportunity,
      partnerId: d.partnerId,
      companyName,
      companyDomain: submitted.companyDomain,
      primaryContact: submitted.primaryContact,
      estimatedArr: submitted.estimatedArr,
      expectedCloseDate: submitted.expectedCloseDate,
      description: submitted.description,
      registeredAt,
      approvalDueBy: addBusinessDays(registeredAt, version.registration.approvalSlaBusinessDays, version).toString(),
      termsVersion: version.version,
    },
  });
  return events;
}

// ---------------------------------------------------------------------------------- D-6, D-7

function extendProtection(command: ExtendProtection, state: OpportunityState, { terms, partner }: DealRegistrationContext): DealRegistrationEvent[] {
  const d = command.data;
  const { now, actor } = command.metadata;
  const v = new Violations();
  v.check(isText(d.progressNote, DEAL_REGISTRATION_LIMITS.note), 'progressNote', `a note documenting sales progress ${textMessage(DEAL_REGISTRATION_LIMITS.note, 'D-6')}`);
  v.throwIfAny('D-6');
  const registration = registrationIn(state, d.registrationId, 'D-6');
  if (partner !== null && partner.partnerId !== registration.partnerId) {
    // D-6: only the registering partner may extend; to any other partner the registration does not
    // exist (the same answer as a missing one, so partners cannot probe for each other's deals).
    throw registrationNotFound(d.registrationId, 'D-6');
  }
  requireCurrent(state, registration, 'D-6');
  if (registration.status !== 'approved' || !protectedAt(registration, now)) {
    const why = registration.status === 'approved' ? `protection ended at ${protectionEnd(registration)}` : `the registration is ${registration.status}`;
    throw DomainError.rule('D-6', `D-6: an extension must be requested while protection is active; ${why}`, 'registrationId');
  }
  const approvalTerms = termsInForceAt(terms, registration.approvedAt!);
  const nowTerms = termsInForceAt(terms, now);
  const approved = zoned(registration.approvedAt!, approvalTerms.timeZone);
  const previousEnd = registration.protectionEndsAt!;
  const daysSoFar = approved.until(zoned(previousEnd, approvalTerms.timeZone), { largestUnit: 'days' }).days;
  const newEnd = iso(approved.add({ days: daysSoFar + nowTerms.registration.extensionDays }));
  if (isInstantBefore(registration.protectionLimitAt!, newEnd)) {
    throw DomainError.rule(
      'D-7',
      `D-7: extending by ${nowTerms.registration.extensionDays} days would protect until ${newEnd}, past the limit of ` +
        `${registration.protectionLimitAt} (${approvalTerms.registration.maxProtectionDays} days from approval)`,
      'registrationId',
    );
  }
  return [
    {
      type: 'ProtectionExtended',
      data: {
        registrationId: registration.registrationId,
        opportunityKey: state.opportunityKey!,
        partnerId: registration.partnerId,
        progressNote: d.progressNote.trim(),
        extendedBy: actor,
        extendedAt: now,
        previousEndsAt: previousEnd,
        protectionEndsAt: newEnd,
        extensionNumber: registration.extensions + 1,
        termsVersion: nowTerms.version,
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------- D-9

function overrideRegistration(
  command: OverrideDealRegistration,
  state: OpportunityState,
  { terms, partner }: DealRegistrationContext,
): DealRegistrationEvent[] {
  const d = command.data;
  const { now, actor } = command.metadata;
  const registration = registrationIn(state, d.registrationId, 'D-9');
  if (registration.status === 'overridden') return []; // idempotent retry
  const v = new Violations();
  v.check(isText(d.requestedBy, DEAL_REGISTRATION_LIMITS.contactName), 'requestedBy', `who asked ${textMessage(DEAL_REGISTRATION_LIMITS.contactName, 'D-9')}`);
  v.check(isText(d.reason, DEAL_REGISTRATION_LIMITS.note), 'reason', textMessage(DEAL_REGISTRATION_LIMITS.note, 'D-9'));
  if (d.newPartnerId === null) {
    v.check(d.newRegistrationId === null, 'newRegistrationId', 'must be null when the deal goes to Results direct (D-9)');
  } else {
    if (!isId(d.newRegistrationId)) v.add('newRegistrationId', `${ID_MESSAGE}, required with newPartnerId (D-9)`);
    else if (state.registrations.some((r) => r.registrationId === d.newRegistrationId) || state.rejectedRegistrationIds.includes(d.newRegistrationId)) {
      v.add('newRegistrationId', 'is already used in this opportunity (D-9)');
    }
    if (partner === null || partner.partnerId !== d.newPartnerId) {
      v.add('newPartnerId', `unknown partner "${d.newPartnerId}": only enrolled partners may take over a deal (D-9, P-2)`);
    } else if (registration.partnerId === d.newPartnerId) {
      v.add('newPartnerId', 'must differ from the original partner (D-9)');
    }
  }
  v.throwIfAny('D-9');
  requireCurrent(state, registration, 'D-9');
  if (!(registration.status === 'pending' || (registration.status === 'approved' && protectedAt(registration, now)))) {
    const why = registration.status === 'approved' ? `its protection ended at ${protectionEnd(registration)} (D-8)` : `it is ${registration.status}`;
    throw DomainError.rule('D-9', `D-9: only a pending or protected registration can be overridden; ${why}`, 'registrationId');
  }

  const version = termsInForceAt(terms, now);
  const start = zoned(now, version.timeZone);
  const toPartner = d.newPartnerId !== null;
  const day = localDate(now, version.timeZone).toString();
  return [
    {
      type: 'DealRegistrationOverridden',
      data: {
        registrationId: registration.registrationId,
        opportunityKey: state.opportunityKey!,
        originalPartnerId: registration.partnerId,
        newPartnerId: d.newPartnerId,
        newRegistrationId: toPartner ? d.newRegistrationId : null,
        requestedBy: d.requestedBy.trim(),
        reason: d.reason.trim(),
        overriddenBy: actor,
        overriddenAt: now,
        originalPartnerNotified: true,
        notice:
          `Your registration ${registration.registrationId} for "${registration.companyName}" was overridden on ${day} at the ` +
          `customer's request (D-9): the customer asked to work ${toPartner ? 'with another partner' : 'with Results directly'}. ` +
          `Reason: ${d.reason.trim()}`,
        protectionEndsAt: toPartner ? iso(start.add({ days: version.registration.protectionDays })) : null,
        protectionLimitAt: toPartner ? iso(start.add({ days: version.registration.maxProtectionDays })) : null,
        termsVersion: version.version,
      },
    },
  ];
}

// --------------------------------------------------------------------------------------- D-11

function closeDeal(command: CloseDealWon | CloseDealLost, state: OpportunityState): DealRegistrationEvent[] {
  const d = command.data;
  const { now } = command.metadata;
  const won = command.type === 'CloseDealWon';
  const v = new Violations();
  if (command.type === 'CloseDealLost') v.check(isText(command.data.reason, DEAL_REGISTRATION_LIMITS.note), 'reason', textMessage(DEAL_REGISTRATION_LIMITS.note, 'D-11'));
  const registration = registrationIn(state, d.registrationId, 'D-11');
  const closedAt = businessTime(d.closedAt, now, 'closedAt', v, { at: registration.registeredAt, what: 'when the deal was registered' });
  v.throwIfAny('D-11');

  if (registration.status === 'closed-won' || registration.status === 'closed-lost') {
    if ((registration.status === 'closed-won') === won) return []; // idempotent retry
    throw DomainError.conflict(`D-11: registration "${registration.registrationId}" is already ${registration.status}`, 'D-11');
  }
  requireCurrent(state, registration, 'D-11');
  const base = { registrationId: registration.registrationId, opportunityKey: state.opportunityKey!, partnerId: registration.partnerId, closedAt };
  if (command.type === 'CloseDealLost') {
    return [{ type: 'DealClosedLost', data: { ...base, reason: command.data.reason.trim() } }];
  }
  const eligible = protectedAt(registration, closedAt);
  return [
    {
      type: 'DealClosedWon',
      data: {
        ...base,
        customerKey: state.opportunityKey!,
        eligibleForCommission: eligible,
        eligibilityReason: eligibilityReason(registration, closedAt, eligible),
        ruleId: 'D-11',
      },
    },
  ];
}

function eligibilityReason(r: RegistrationState, closedAt: string, eligible: boolean): string {
  if (eligible) return `approved and closed won while protected (protection until ${protectionEnd(r)}) (D-11)`;
  if (r.approvedAt === null) return `not eligible: the registration was never approved (it is ${r.status}) (D-11)`;
  if (isInstantBefore(closedAt, r.approvedAt)) return `not eligible: closed before the registration was approved at ${r.approvedAt} (D-11)`;
  if (r.status === 'overridden') return `not eligible: closed after the registration was overridden at ${r.endedAt} (D-9, D-11)`;
  return `not eligible: closed after protection ended at ${protectionEnd(r)} (D-8, D-11)`;
}

// ------------------------------------------------------------------------------------ decider

function decide(command: DealRegistrationCommand, state: OpportunityState, context: DealRegistrationContext): readonly DealRegistrationEvent[] {
  const { now, actor } = command.metadata;
  if (!isValidInstant(now)) throw new Error(`metadata.now must be an ISO instant, got ${String(now)}`);
  if (command.type === 'RegisterDeal') return registerDeal(command, state, context);
  checkStream(state, command.data.opportunityKey);
  const key = command.data.opportunityKey;
  const { terms } = context;

  switch (command.type) {
    case 'ApproveDealRegistration': {
      const d = command.data;
      const registration = registrationIn(state, d.registrationId, 'D-5');
      const v = new Violations();
      const approvedAt = businessTime(d.approvedAt, now, 'approvedAt', v, { at: registration.registeredAt, what: 'when the deal was registered' });
      v.throwIfAny('D-5');
      if (registration.status === 'approved') return []; // idempotent retry
      if (registration.status !== 'pending') {
        throw DomainError.conflict(`D-4: registration "${registration.registrationId}" is ${registration.status}; only a pending registration can be approved`, 'D-4');
      }
      const version = termsInForceAt(terms, approvedAt);
      const start = zoned(approvedAt, version.timeZone);
      return [
        {
          type: 'DealRegistrationApproved',
          data: {
            registrationId: registration.registrationId,
            opportunityKey: key,
            partnerId: registration.partnerId,
            approvedBy: actor,
            approvedAt,
            protectionStartsAt: approvedAt,
            protectionEndsAt: iso(start.add({ days: version.registration.protectionDays })),
            protectionLimitAt: iso(start.add({ days: version.registration.maxProtectionDays })),
            approvedAfterSla: !isInstantBefore(approvedAt, registration.approvalDueBy),
            termsVersion: version.version,
          },
        },
      ];
    }

    case 'DeclineDealRegistration': {
      const d = command.data;
      const registration = registrationIn(state, d.registrationId, 'D-4');
      const v = new Violations();
      v.check(isText(d.reason, DEAL_REGISTRATION_LIMITS.note), 'reason', textMessage(DEAL_REGISTRATION_LIMITS.note, 'D-4'));
      const declinedAt = businessTime(d.declinedAt, now, 'declinedAt', v, { at: registration.registeredAt, what: 'when the deal was registered' });
      v.throwIfAny('D-4');
      if (registration.status === 'declined') return []; // idempotent retry
      if (registration.status !== 'pending') {
        throw DomainError.conflict(
          `D-4: registration "${registration.registrationId}" is ${registration.status}; only a pending registration can be declined (an approved one can be overridden, D-9)`,
          'D-4',
        );
      }
      return [
        {
          type: 'DealRegistrationDeclined',
          data: {
            registrationId: registration.registrationId,
            opportunityKey: key,
            partnerId: registration.partnerId,
            declinedBy: actor,
            reason: d.reason.trim(),
            declinedAt,
            declinedAfterSla: !isInstantBefore(declinedAt, registration.approvalDueBy),
          },
        },
      ];
    }

    case 'FlagOverdueApprovals': {
      const current = currentRegistration(state);
      if (!current || current.status !== 'pending' || current.overdueFlagged || isInstantBefore(now, current.approvalDueBy)) return [];
      return [
        {
          type: 'DealApprovalOverdueFlagged',
          data: { registrationId: current.registrationId, opportunityKey: key, partnerId: current.partnerId, approvalDueBy: current.approvalDueBy, flaggedAt: now },
        },
      ];
    }

    case 'ExtendProtection':
      return extendProtection(command, state, context);

    case 'ExpireProtection': {
      const current = currentRegistration(state);
      if (!current || current.status !== 'approved' || isInstantBefore(now, protectionEnd(current)!)) return [];
      return [
        {
          type: 'ProtectionLapsed',
          data: { registrationId: current.registrationId, opportunityKey: key, partnerId: current.partnerId, protectionEndedAt: protectionEnd(current)!, recordedAt: now },
        },
      ];
    }

    case 'OverrideDealRegistration':
      return overrideRegistration(command, state, context);

    case 'RecordInboundLead': {
      const v = new Violations();
      const receivedAt = businessTime(command.data.receivedAt, now, 'receivedAt', v);
      v.throwIfAny('D-10');
      const current = currentRegistration(state);
      if (!current) throw DomainError.rule('D-10', 'D-10: this opportunity has no registration; an inbound lead is Results direct', 'opportunityKey');
      return [
        {
          type: 'InboundLeadRecorded',
          data: {
            registrationId: current.registrationId,
            opportunityKey: key,
            partnerId: current.partnerId,
            receivedAt,
            retainedByPartner: protectedAt(current, receivedAt),
            ruleId: 'D-10',
          },
        },
      ];
    }

    case 'CloseDealWon':
    case 'CloseDealLost':
      return closeDeal(command, state);

    default:
      return assertNever(command, 'deal registration command');
  }
}

export const dealRegistrationDecider: Decider<DealRegistrationCommand, DealRegistrationEvent, OpportunityState, DealRegistrationContext> = {
  decide,
  evolve: evolveOpportunity,
  initialState: initialOpportunityState,
};
