/**
 * Pricing of one collection (pure): which rate, under which rules and terms version, and why.
 * R-2 new-business license (+R-3 bonus), R-4 Results-delivered services, R-5 partner-delivered
 * services (memo), R-6 renewal years, R-7 broken renewal chain, D-11 eligibility, P-3 tier in force
 * on the collection date, T-1 terms version in force.
 */
import type { Tier, ProgramTerms } from '../program-terms/program-terms';
import type { BasisPoints } from '../shared/money';
import type { RevenueKind, RevenueOrder } from '../revenue/revenue.events';

/** the customer's renewal chain as it bears on one renewal year. */
export interface RenewalChainState {
  /** the original partner placed this year's renewal order itself. */
  readonly placedByPartner: boolean;
  /** first year from which the chain is broken, or null when intact. */
  readonly brokenFromYear: number | null;
}

export interface PricingInput {
  readonly revenueKind: RevenueKind;
  readonly order: RevenueOrder;
  /** D-11: the customer's deal was approved and closed won while protected, for this partner. */
  readonly eligible: boolean;
  /** P-3: the partner's tier in force on the collection date (program time zone). */
  readonly tier: Tier;
  /** the partner was granted the performance bonus for the collection's quarter. */
  readonly bonusGranted: boolean;
  /** required for renewal orders; ignored for the initial order. */
  readonly renewalChain: RenewalChainState | null;
  /** T-1: the terms in force on the collection date. */
  readonly terms: ProgramTerms;
}

export interface Pricing {
  readonly rateBp: BasisPoints;
  readonly ruleIds: readonly string[];
  readonly termsVersion: string;
  /** Human-readable explanation for the statement line. */
  readonly reason: string;
}

export function priceCollection(input: PricingInput): Pricing {
  const { terms } = input;
  const priced = (rateBp: BasisPoints, ruleIds: readonly string[], reason: string): Pricing => ({
    rateBp,
    ruleIds,
    termsVersion: terms.version,
    reason,
  });
  if (!input.eligible) {
    return priced(0, ['D-11'], 'no approved registration closed won while protected: earns no commission (D-11)');
  }
  if (input.revenueKind === 'partner-services') {
    const bp = terms.partnerDeliveredServicesBp;
    return priced(bp, ['R-5'], `partner-delivered services: the partner bills the customer, Results pays ${percent(bp)} (R-5, memo)`);
  }
  const tierTerms = terms.tiers[input.tier];
  if (input.order.type === 'initial') {
    if (input.revenueKind === 'license') {
      const base = tierTerms.newLicenseBp;
      if (input.bonusGranted) {
        const bonus = terms.performanceBonusBp;
        return priced(
          base + bonus,
          ['R-2', 'R-3', 'P-3'],
          `${input.tier} new-business license ${percent(base)} + performance bonus ${percent(bonus)} (R-2, R-3)`,
        );
      }
      return priced(base, ['R-2', 'P-3'], `${input.tier} new-business license ${percent(base)} (R-2)`);
    }
    const bp = tierTerms.resultsServicesBp;
    return priced(bp, ['R-4', 'P-3'], `${input.tier} Results-delivered services ${percent(bp)} (R-4)`);
  }
  const year = input.order.year;
  const what = `year-${year} renewal`;
  if (tierTerms.renewalBp === 0) {
    return priced(0, ['R-6', 'P-3'], `${input.tier} partners earn no renewal commission (R-6)`);
  }
  const chain = input.renewalChain;
  if (chain?.brokenFromYear != null && chain.brokenFromYear <= year) {
    return priced(0, ['R-7'], `${what}: renewal chain broken from year ${chain.brokenFromYear}, renewal commissions stopped for good (R-7)`);
  }
  if (!chain?.placedByPartner) {
    return priced(0, ['R-6'], `${what}: the partner did not place this year's renewal order (R-6)`);
  }
  return priced(tierTerms.renewalBp, ['R-6', 'P-3'], `${input.tier} ${what} placed by the partner ${percent(tierTerms.renewalBp)} (R-6)`);
}

/** An effective-dated tier (P-3). */
export interface TierPeriod {
  readonly tier: Tier;
  /** ISO date in the program time zone. */
  readonly effectiveFrom: string;
}

/**
 * P-3: the tier in force on a business date — the period with the latest effectiveFrom on or before
 * the date (a later entry wins a tie: it was recorded later). Before the first period the partner
 * is priced at its first (enrolment) tier.
 */
export function tierInForce<T extends TierPeriod>(history: readonly T[], date: string): T | null {
  let current: T | null = null;
  let earliest: T | null = null;
  for (const period of history) {
    if (earliest === null || period.effectiveFrom < earliest.effectiveFrom) earliest = period;
    if (period.effectiveFrom <= date && (current === null || period.effectiveFrom >= current.effectiveFrom)) current = period;
  }
  return current ?? earliest;
}

/** 3000 → "30%", 1550 → "15.5%" (display only). */
export function percent(bp: BasisPoints): string {
  const whole = Math.trunc(bp / 100);
  const frac = String(bp % 100).padStart(2, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}%` : `${whole}%`;
}
