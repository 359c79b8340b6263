/**
 * Partner decider (P-1..P-3, R-3, S-5). State: `PartnerState`, or null before enrolment.
 *
 * Idempotence (a command whose effect is already in state produces no events):
 * - ChangePartnerTier to the tier already in force from that date (or later) → none;
 * - ReportStaffCount with the count on record → none;
 * - RecordTaxForm with the form on file → none;
 * - GrantPerformanceBonus for a quarter already granted → none (R-3: once per quarter).
 * A second EnrolPartner is refused (conflict): enrolment data may differ and must not be lost.
 */
import { Temporal } from 'temporal-polyfill';
import { isQuarterId, isValidInstant, isValidPlainDate, localDate, quarterOf, compareQuarters } from '../shared/business-time';
import { assertNever, type Decider } from '../shared/decider';
import { DomainError, Violations } from '../shared/domain-error';
import { isTier, termsInForce, termsInForceAt, TIERS, type ProgramTerms, type ProgramTermsBook, type Tier } from '../program-terms/program-terms';
import { isCountryCode } from './country-codes';
import type { PartnerCommand } from './partner.commands';
import type { PartnerEvent, TaxForm } from './partner.events';
import { evolvePartner, latestTierPeriod, type PartnerState } from './partner.state';

export interface PartnerContext {
  readonly terms: ProgramTermsBook;
}

const PARTNER_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const MAX_NAME = 200;
const MAX_REASON = 1000;
const MAX_STAFF = 1_000_000;

const isText = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.trim().length > 0 && value.length <= max;

/** P-2, S-5: W-9 for US partners, W-8 for everyone else. */
export function taxFormFor(country: string): TaxForm {
  return country === 'US' ? 'W-9' : 'W-8';
}

function checkStaffMinimum(v: Violations, field: string, tier: Tier, staffCount: number, terms: ProgramTerms): void {
  const minimum = terms.tiers[tier].staffMinimum;
  v.check(
    staffCount >= minimum,
    field,
    `${tier} partners need at least ${minimum} staff; the partner has ${staffCount} (P-1, terms ${terms.version})`,
  );
}

function checkTaxForm(v: Violations, taxForm: unknown, country: string): void {
  if (taxForm !== 'W-9' && taxForm !== 'W-8') {
    v.add('taxForm', 'must be "W-9" or "W-8" (P-2)');
  } else if (isCountryCode(country) && taxForm !== taxFormFor(country)) {
    v.add('taxForm', `${country} partners file a ${taxFormFor(country)}, not a ${taxForm} (P-2, S-5)`);
  }
}

function businessTime(value: string | undefined, now: string, field: string, v: Violations): string {
  if (value === undefined) return now;
  if (!isValidInstant(value)) v.add(field, 'must be an ISO-8601 instant');
  else if (Temporal.Instant.compare(Temporal.Instant.from(value), Temporal.Instant.from(now)) > 0) v.add(field, 'must not be in the future');
  return value;
}

function existing(state: PartnerState | null, partnerId: string): PartnerState {
  if (!state || state.partnerId !== partnerId) throw DomainError.notFound(`partner "${partnerId}"`, 'partnerId');
  return state;
}

function decide(command: PartnerCommand, state: PartnerState | null, { terms }: PartnerContext): readonly PartnerEvent[] {
  const { now, actor } = command.metadata;
  switch (command.type) {
    case 'EnrolPartner': {
      const d = command.data;
      const v = new Violations();
      v.check(typeof d.partnerId === 'string' && PARTNER_ID.test(d.partnerId), 'partnerId', 'must be 1–64 letters, digits, "_" or "-" (P-2)');
      v.check(isText(d.legalName, MAX_NAME), 'legalName', `must be a non-empty text of at most ${MAX_NAME} characters (P-2)`);
      if (!isTier(d.tier)) v.add('tier', `unknown tier "${String(d.tier)}"; tiers are ${TIERS.join(', ')} (P-1)`);
      const staffValid = Number.isSafeInteger(d.staffCount) && d.staffCount >= 0 && d.staffCount <= MAX_STAFF;
      v.check(staffValid, 'staffCount', `must be an integer between 0 and ${MAX_STAFF} (P-2)`);
      v.check(isCountryCode(d.country), 'country', 'must be an ISO 3166-1 alpha-2 code such as "US" (P-2)');
      if (d.taxForm !== null) checkTaxForm(v, d.taxForm, d.country);
      const enrolledAt = businessTime(d.enrolledAt, now, 'enrolledAt', v);
      v.throwIfAny('P-2');
      if (state) throw DomainError.conflict(`P-2: partner "${d.partnerId}" is already enrolled`, 'P-2');

      const version = termsInForceAt(terms, enrolledAt);
      const tierEffectiveFrom = localDate(enrolledAt, version.timeZone).toString();
      const p1 = new Violations();
      checkStaffMinimum(p1, 'staffCount', d.tier as Tier, d.staffCount, version);
      p1.throwIfAny('P-1');
      return [
        {
          type: 'PartnerEnrolled',
          data: {
            partnerId: d.partnerId,
            legalName: d.legalName.trim(),
            tier: d.tier as Tier,
            staffCount: d.staffCount,
            country: d.country,
            taxForm: d.taxForm,
            enrolledAt,
            tierEffectiveFrom,
            termsVersion: version.version,
          },
        },
      ];
    }

    case 'ChangePartnerTier': {
      const d = command.data;
      const partner = existing(state, d.partnerId);
      const v = new Violations();
      if (!isTier(d.toTier)) v.add('toTier', `unknown tier "${String(d.toTier)}"; tiers are ${TIERS.join(', ')} (P-1)`);
      v.check(isValidPlainDate(d.effectiveFrom), 'effectiveFrom', 'must be an ISO date (YYYY-MM-DD) (P-3)');
      v.check(isText(d.reason, MAX_REASON), 'reason', `must be a non-empty text of at most ${MAX_REASON} characters (P-3)`);
      v.throwIfAny('P-3');

      const toTier = d.toTier as Tier;
      const last = latestTierPeriod(partner);
      const order = Temporal.PlainDate.compare(Temporal.PlainDate.from(d.effectiveFrom), Temporal.PlainDate.from(last.effectiveFrom));
      if (order >= 0 && last.tier === toTier) return []; // already in force from that date
      if (order <= 0) {
        throw DomainError.validation(
          [{ field: 'effectiveFrom', message: `must be after ${last.effectiveFrom}, the date the ${last.tier} tier took effect (P-3)` }],
          'P-3',
        );
      }
      const version = termsInForce(terms, d.effectiveFrom);
      const p1 = new Violations();
      checkStaffMinimum(p1, 'toTier', toTier, partner.staffCount, version);
      p1.throwIfAny('P-1');
      return [
        {
          type: 'PartnerTierChanged',
          data: {
            partnerId: partner.partnerId,
            fromTier: last.tier,
            toTier,
            effectiveFrom: d.effectiveFrom,
            reason: d.reason.trim(),
            changedBy: actor,
            termsVersion: version.version,
          },
        },
      ];
    }

    case 'ReportStaffCount': {
      const d = command.data;
      const partner = existing(state, d.partnerId);
      const v = new Violations();
      v.check(
        Number.isSafeInteger(d.staffCount) && d.staffCount >= 0 && d.staffCount <= MAX_STAFF,
        'staffCount',
        `must be an integer between 0 and ${MAX_STAFF} (P-2)`,
      );
      const reportedAt = businessTime(d.reportedAt, now, 'reportedAt', v);
      v.throwIfAny('P-2');
      if (d.staffCount === partner.staffCount) return [];
      return [{ type: 'PartnerStaffCountReported', data: { partnerId: partner.partnerId, staffCount: d.staffCount, reportedAt } }];
    }

    case 'RecordTaxForm': {
      const d = command.data;
      const partner = existing(state, d.partnerId);
      const v = new Violations();
      checkTaxForm(v, d.taxForm, partner.country);
      v.throwIfAny('S-5');
      if (partner.taxForm === d.taxForm) return [];
      return [{ type: 'PartnerTaxFormRecorded', data: { partnerId: partner.partnerId, taxForm: d.taxForm, recordedAt: now } }];
    }

    case 'GrantPerformanceBonus': {
      const d = command.data;
      const partner = existing(state, d.partnerId);
      const v = new Violations();
      v.check(isQuarterId(d.quarter), 'quarter', 'must be a quarter id such as "2026-Q1" (R-3)');
      v.check(isText(d.reason, MAX_REASON), 'reason', `must be a non-empty text of at most ${MAX_REASON} characters (R-3)`);
      v.throwIfAny('R-3');
      const enrolledQuarter = quarterOf(partner.enrolledAt, termsInForceAt(terms, partner.enrolledAt).timeZone);
      if (compareQuarters(d.quarter, enrolledQuarter) < 0) {
        throw DomainError.rule('R-3', `R-3: ${d.quarter} is before the partner enrolled (${enrolledQuarter})`, 'quarter');
      }
      if (partner.bonusQuarters.includes(d.quarter)) return [];
      return [
        {
          type: 'PerformanceBonusGranted',
          data: { partnerId: partner.partnerId, quarter: d.quarter, grantedBy: actor, reason: d.reason.trim(), grantedAt: now },
        },
      ];
    }

    default:
      return assertNever(command, 'partner command');
  }
}

export const partnerDecider: Decider<PartnerCommand, PartnerEvent, PartnerState | null, PartnerContext> = {
  decide,
  evolve: evolvePartner,
  initialState: () => null,
};
