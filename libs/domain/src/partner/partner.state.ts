/**
 * Partner state (P-1..P-3, R-3), folded from the partner stream. Other deciders receive it as
 * context (e.g. deal registration checks enrolment; revenue prices with `tierOn`).
 */
import { Temporal } from 'temporal-polyfill';
import { assertNever } from '../shared/decider';
import type { Tier } from '../program-terms/program-terms';
import type { PartnerEvent, TaxForm } from './partner.events';

/** P-3: a tier in force from `effectiveFrom` (ISO date, program time zone) until the next period. */
export interface PartnerTierPeriod {
  readonly tier: Tier;
  readonly effectiveFrom: string;
}

export interface PartnerState {
  readonly partnerId: string;
  readonly legalName: string;
  readonly country: string;
  readonly staffCount: number;
  readonly taxForm: TaxForm | null;
  /** ISO instant (business time). */
  readonly enrolledAt: string;
  /** P-3: ascending by effectiveFrom; the first period starts at enrolment. */
  readonly tierHistory: readonly PartnerTierPeriod[];
  /** quarters ("2026-Q1") with a granted performance bonus, in grant order. */
  readonly bonusQuarters: readonly string[];
}

/**
 * P-3: the tier in force on a business date (program time zone): the last period whose
 * effectiveFrom ≤ date. Null before enrolment (the partner had no tier then).
 */
export function tierOn(partner: PartnerState, date: string | Temporal.PlainDate): Tier | null {
  const d = typeof date === 'string' ? Temporal.PlainDate.from(date) : date;
  let tier: Tier | null = null;
  for (const period of partner.tierHistory) {
    if (Temporal.PlainDate.compare(Temporal.PlainDate.from(period.effectiveFrom), d) <= 0) tier = period.tier;
  }
  return tier;
}

/** The latest recorded period (possibly effective in the future). */
export function latestTierPeriod(partner: PartnerState): PartnerTierPeriod {
  const last = partner.tierHistory[partner.tierHistory.length - 1];
  if (!last) throw new Error(`P-3: partner ${partner.partnerId} has no tier history`);
  return last;
}

/** */
export function hasPerformanceBonus(partner: PartnerState, quarter: string): boolean {
  return partner.bonusQuarters.includes(quarter);
}

function enrolled(state: PartnerState | null, event: PartnerEvent): PartnerState {
  if (!state) throw new Error(`${event.type} before PartnerEnrolled in partner-${event.data.partnerId}`);
  return state;
}

/** `null` = not enrolled (empty stream). */
export function evolvePartner(state: PartnerState | null, event: PartnerEvent): PartnerState | null {
  switch (event.type) {
    case 'PartnerEnrolled': {
      const d = event.data;
      return {
        partnerId: d.partnerId,
        legalName: d.legalName,
        country: d.country,
        staffCount: d.staffCount,
        taxForm: d.taxForm,
        enrolledAt: d.enrolledAt,
        tierHistory: [{ tier: d.tier, effectiveFrom: d.tierEffectiveFrom }],
        bonusQuarters: [],
      };
    }
    case 'PartnerTierChanged': {
      const s = enrolled(state, event);
      return { ...s, tierHistory: [...s.tierHistory, { tier: event.data.toTier, effectiveFrom: event.data.effectiveFrom }] };
    }
    case 'PartnerStaffCountReported':
      return { ...enrolled(state, event), staffCount: event.data.staffCount };
    case 'PartnerTaxFormRecorded':
      return { ...enrolled(state, event), taxForm: event.data.taxForm };
    case 'PerformanceBonusGranted': {
      const s = enrolled(state, event);
      return { ...s, bonusQuarters: [...s.bonusQuarters, event.data.quarter] };
    }
    default:
      return assertNever(event, 'partner event');
  }
}
