/**
 * Tier standing at a quarter end (C-2..C-7, P-1), as a pure function. The standing decider
 * records its result as `TierStandingEvaluated`; the standing projection calls the very same
 * function to show standing on the fly, so the event and the view cannot disagree.
 *
 * Decisions (PROGRAM_RULES.md leaves these open):
 * - Window (C-3): the 12 calendar months ending at the quarter end, half-open in instants:
 *   [start of (quarter end − windowMonths), first instant after the quarter) in the program
 *   time zone. For 2025-Q4 that is 2025-01-01T00:00 ≤ completedAt < 2026-01-01T00:00
 *   (America/New_York): a survey exactly 12 months before the quarter end is in, one 12 months
 *   and 1 day before is out. `windowStart`/`windowEnd` are the inclusive dates.
 * - CSAT (C-2) in basis points is floored: 84.99…% is 8499 bp and never shows as 85.00%, so a
 *   partner meets a minimum only when the exact ratio does.
 * - Ladder (C-5): below → count + 1; meets → 0; not rated → count unchanged (neither extends
 *   nor resets); no minimum (referral) → 0, the ladder only guards tiers that have a minimum.
 *   Step 1 → warning, 2 → tier review, ≥ 3 → realignment or suspension (again each quarter).
 * - Certification and NFR validity (C-6, C-7): `validUntil` is the expiry date (valid on
 *   d < validUntil); status is judged on the quarter's last day; "expiring" = expires within
 *   `expiringWithinDays` (60) days after it.
 * - Verdict: action-required (tier review or realignment due, certification missing/expired,
 *   staff below the P-1 minimum) > at-risk (warning, certification expiring, still on the
 *   ladder while not rated) > good-standing. `reasons` lists every finding, with its rule ID.
 */
import { Temporal } from 'temporal-polyfill';
import { assertNever } from '../shared/decider';
import { quarterEnd, quarterEndExclusive, quarterStart, nextQuarter, compareQuarters } from '../shared/business-time';
import type { ProgramTerms, Tier } from '../program-terms/program-terms';
import type { CertificationStatus, LadderStep, SurveyRatings, TierStandingEvaluated } from './standing.events';
import { SURVEY_QUESTIONS } from './survey-questions';

export type TierStandingEvaluation = Omit<TierStandingEvaluated['data'], 'evaluatedAt'>;
export type StandingResult = TierStandingEvaluation['result'];
export type StandingVerdict = TierStandingEvaluation['verdict'];

export interface SurveyFact {
  readonly surveyId: string;
  /** ISO instant */
  readonly completedAt: string;
  readonly ratings: SurveyRatings;
}

/** A granted certification (C-6); ISO dates, validUntil = expiry date. */
export interface CertificationFact {
  readonly validFrom: string;
  readonly validUntil: string;
}

/** An NFR grant (C-7); ISO dates, validUntil = expiry date. */
export interface NfrGrantFact {
  readonly users: number;
  readonly validFrom: string;
  readonly validUntil: string;
}

/** Facts about one partner that standing is judged on; the application collects them. */
export interface StandingFacts {
  /** P-3: the tier in force on the quarter's last day; null when not enrolled by then. */
  readonly tierAtQuarterEnd: Tier | null;
  /** P-1: the staff count in force at the quarter end. */
  readonly staffCount: number;
  /** Every survey of the partner; the evaluation picks those in the window. */
  readonly surveys: readonly SurveyFact[];
  readonly certifications: readonly CertificationFact[];
  readonly nfrGrants: readonly NfrGrantFact[];
}

export interface StandingEvaluationInput {
  readonly partnerId: string;
  readonly quarter: string;
  readonly tier: Tier;
  readonly staffCount: number;
  readonly surveys: readonly SurveyFact[];
  readonly certifications: readonly CertificationFact[];
  readonly nfrGrants: readonly NfrGrantFact[];
  /** C-5: consecutiveQuartersBelow of the previous evaluation (0 when none). */
  readonly previousConsecutiveBelow: number;
  /** The terms version in force on the quarter's last day (T-1). */
  readonly terms: ProgramTerms;
}

type Severity = 'info' | 'at-risk' | 'action-required';
interface Finding {
  readonly severity: Severity;
  readonly reason: string;
}

export function evaluateTierStanding(input: StandingEvaluationInput): TierStandingEvaluation {
  const { terms, tier, quarter } = input;
  const tierTerms = terms.tiers[tier];
  const lastDay = quarterEnd(quarter);
  const window = csatWindow(quarter, terms);
  const findings: Finding[] = [];

  // C-2, C-3: ratings of the surveys completed in the window.
  const counted = uniqueById(input.surveys)
    .filter((s) => inWindow(s.completedAt, window))
    .sort(bySurveyOrder);
  let ratingsCounted = 0;
  let positiveRatings = 0;
  for (const survey of counted) {
    for (const question of SURVEY_QUESTIONS) {
      ratingsCounted += 1;
      if (survey.ratings[question] >= terms.csat.positiveMinimumStars) positiveRatings += 1;
    }
  }
  const rated = counted.length >= terms.csat.minimumSurveys && ratingsCounted > 0;
  const csatBp = rated ? csatBasisPoints(positiveRatings, ratingsCounted) : null;

  // C-4
  const minimumBp = tierTerms.csatMinimumBp;
  const result: StandingResult =
    minimumBp === null ? 'no-minimum' : csatBp === null ? 'not-rated' : csatBp >= minimumBp ? 'meets' : 'below';

  // C-5
  const consecutiveQuartersBelow = nextConsecutiveBelow(result, input.previousConsecutiveBelow);
  const ladderStep: LadderStep = result === 'below' ? ladderStepFor(consecutiveQuartersBelow) : 'none';
  switch (result) {
    case 'below':
      findings.push({
        severity: 'info',
        reason: `C-4: CSAT ${formatPercentBp(csatBp!)} is below the ${tier} minimum of ${formatPercentBp(minimumBp!)}`,
      });
      findings.push(ladderFinding(ladderStep, consecutiveQuartersBelow));
      break;
    case 'not-rated':
      findings.push({
        severity: 'info',
        reason: `C-3: not rated: ${counted.length} completed survey(s) in the window, at least ${terms.csat.minimumSurveys} needed`,
      });
      if (consecutiveQuartersBelow > 0) {
        findings.push({
          severity: 'at-risk',
          reason: `C-5: ${consecutiveQuartersBelow} consecutive quarter(s) below the minimum carried forward (a not-rated quarter neither extends nor resets the count)`,
        });
      }
      break;
    case 'meets':
    case 'no-minimum':
      break;
    default:
      assertNever(result, 'standing result');
  }

  // C-6
  const latestCertification = latestBy(
    input.certifications.filter((c) => Temporal.PlainDate.compare(Temporal.PlainDate.from(c.validFrom), lastDay) <= 0),
  );
  const certificationValidUntil = latestCertification?.validUntil ?? null;
  const certificationStatus = certificationStatusAt(
    lastDay,
    tierTerms.certificationRequired,
    certificationValidUntil,
    terms.certification.expiringWithinDays,
  );
  findings.push(...certificationFindings(certificationStatus, tier, certificationValidUntil, terms));

  // P-1
  const staffMinimum = tierTerms.staffMinimum;
  const staffMinimumMet = input.staffCount >= staffMinimum;
  if (!staffMinimumMet) {
    findings.push({
      severity: 'action-required',
      reason: `P-1: staff count ${input.staffCount} is below the ${tier} minimum of ${staffMinimum}`,
    });
  }

  // C-7: shown, not judged.
  const activeNfr = latestBy(input.nfrGrants.filter((g) => isActiveOn(g, lastDay)));

  return {
    partnerId: input.partnerId,
    quarter,
    tier,
    windowStart: window.startDate.toString(),
    windowEnd: lastDay.toString(),
    surveyIds: counted.map((s) => s.surveyId),
    ratingsCounted,
    positiveRatings,
    csatBp,
    minimumBp,
    result,
    consecutiveQuartersBelow,
    ladderStep,
    certificationStatus,
    certificationValidUntil,
    staffCount: input.staffCount,
    staffMinimum,
    staffMinimumMet,
    nfrUsersEntitled: tierTerms.nfrUsers,
    nfrActiveUsers: activeNfr?.users ?? 0,
    nfrValidUntil: activeNfr?.validUntil ?? null,
    verdict: verdictOf(findings),
    reasons: findings.map((f) => f.reason),
    termsVersion: terms.version,
  };
}

/** C-2: floor(positive × 10 000 / all), exact integer arithmetic (basis points of a percent). */
export function csatBasisPoints(positiveRatings: number, ratingsCounted: number): number {
  if (ratingsCounted <= 0) throw new Error('C-2: CSAT needs at least one rating');
  const scaled = positiveRatings * 10_000;
  return (scaled - (scaled % ratingsCounted)) / ratingsCounted;
}

/** C-5: the count after a quarter with this result. */
export function nextConsecutiveBelow(result: StandingResult, previous: number): number {
  switch (result) {
    case 'below':
      return previous + 1;
    case 'meets':
    case 'no-minimum':
      return 0;
    case 'not-rated':
      return previous;
    default:
      return assertNever(result, 'standing result');
  }
}

export function ladderStepFor(consecutiveQuartersBelow: number): LadderStep {
  if (consecutiveQuartersBelow <= 0) return 'none';
  if (consecutiveQuartersBelow === 1) return 'warning';
  if (consecutiveQuartersBelow === 2) return 'tier-review';
  return 'realignment-or-suspension';
}

/**
 * C-5: the count carried into `quarter`: that of the latest recorded evaluation strictly before
 * it, 0 when there is none. Used by both the decider and the projection.
 */
export function previousConsecutiveBelow(
  evaluations: Iterable<{ readonly quarter: string; readonly consecutiveQuartersBelow: number }>,
  quarter: string,
): number {
  let latest: { quarter: string; consecutiveQuartersBelow: number } | null = null;
  for (const e of evaluations) {
    if (compareQuarters(e.quarter, quarter) >= 0) continue;
    if (latest === null || compareQuarters(e.quarter, latest.quarter) > 0) latest = e;
  }
  return latest?.consecutiveQuartersBelow ?? 0;
}

export interface CsatWindow {
  /** First day in the window (inclusive). */
  readonly startDate: Temporal.PlainDate;
  readonly startInclusive: Temporal.Instant;
  readonly endExclusive: Temporal.Instant;
}

/** C-3: the rolling window ending at the quarter end, in the program time zone. */
export function csatWindow(quarter: string, terms: ProgramTerms): CsatWindow {
  const startDate = quarterStart(nextQuarter(quarter)).subtract({ months: terms.csat.windowMonths });
  return {
    startDate,
    startInclusive: startDate.toZonedDateTime({ timeZone: terms.timeZone }).toInstant(),
    endExclusive: quarterEndExclusive(quarter, terms.timeZone),
  };
}

/** C-6: certification status on a date. */
export function certificationStatusAt(
  date: Temporal.PlainDate,
  required: boolean,
  validUntil: string | null,
  expiringWithinDays: number,
): CertificationStatus {
  if (!required) return 'not-required';
  if (validUntil === null) return 'missing';
  const expiry = Temporal.PlainDate.from(validUntil);
  if (Temporal.PlainDate.compare(expiry, date) <= 0) return 'expired';
  const daysLeft = date.until(expiry, { largestUnit: 'day' }).days;
  return daysLeft <= expiringWithinDays ? 'expiring' : 'valid';
}

/** "85.00%" from 8500 bp; never a float. */
export function formatPercentBp(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = Math.abs(bp % 100);
  return `${whole}.${frac.toString().padStart(2, '0')}%`;
}

function ladderFinding(step: LadderStep, count: number): Finding {
  switch (step) {
    case 'warning':
      return { severity: 'at-risk', reason: `C-5: ${count} consecutive quarter below the minimum: warning notice and improvement plan` };
    case 'tier-review':
      return { severity: 'action-required', reason: `C-5: ${count} consecutive quarters below the minimum: tier review due` };
    case 'realignment-or-suspension':
      return {
        severity: 'action-required',
        reason: `C-5: ${count} consecutive quarters below the minimum: tier realignment or suspension due`,
      };
    case 'none':
      throw new Error('C-5: a quarter below the minimum always has a ladder step');
    default:
      return assertNever(step, 'ladder step');
  }
}

function certificationFindings(
  status: CertificationStatus,
  tier: Tier,
  validUntil: string | null,
  terms: ProgramTerms,
): Finding[] {
  switch (status) {
    case 'valid':
    case 'not-required':
      return [];
    case 'missing':
      return [{ severity: 'action-required', reason: `C-6: the ${tier} tier requires a certification and none is held` }];
    case 'expired':
      return [{ severity: 'action-required', reason: `C-6: certification expired on ${validUntil}` }];
    case 'expiring':
      return [
        {
          severity: 'at-risk',
          reason: `C-6: certification expires on ${validUntil}, within ${terms.certification.expiringWithinDays} days`,
        },
      ];
    default:
      return assertNever(status, 'certification status');
  }
}

function verdictOf(findings: readonly Finding[]): StandingVerdict {
  if (findings.some((f) => f.severity === 'action-required')) return 'action-required';
  if (findings.some((f) => f.severity === 'at-risk')) return 'at-risk';
  return 'good-standing';
}

function inWindow(completedAt: string, window: CsatWindow): boolean {
  const at = Temporal.Instant.from(completedAt);
  return Temporal.Instant.compare(window.startInclusive, at) <= 0 && Temporal.Instant.compare(at, window.endExclusive) < 0;
}

/** C-6, C-7: a certification or NFR grant is in force on `date` (validFrom ≤ date < validUntil). */
export function isActiveOn(grant: { readonly validFrom: string; readonly validUntil: string }, date: Temporal.PlainDate): boolean {
  return (
    Temporal.PlainDate.compare(Temporal.PlainDate.from(grant.validFrom), date) <= 0 &&
    Temporal.PlainDate.compare(date, Temporal.PlainDate.from(grant.validUntil)) < 0
  );
}

/** The fact that lasts longest (latest validUntil); ties by latest validFrom. */
function latestBy<T extends { readonly validFrom: string; readonly validUntil: string }>(facts: readonly T[]): T | null {
  let best: T | null = null;
  for (const f of facts) {
    if (
      best === null ||
      Temporal.PlainDate.compare(Temporal.PlainDate.from(f.validUntil), Temporal.PlainDate.from(best.validUntil)) > 0 ||
      (f.validUntil === best.validUntil &&
        Temporal.PlainDate.compare(Temporal.PlainDate.from(f.validFrom), Temporal.PlainDate.from(best.validFrom)) > 0)
    ) {
      best = f;
    }
  }
  return best;
}

function uniqueById(surveys: readonly SurveyFact[]): SurveyFact[] {
  const byId = new Map<string, SurveyFact>();
  for (const s of surveys) if (!byId.has(s.surveyId)) byId.set(s.surveyId, s);
  return [...byId.values()];
}

function bySurveyOrder(a: SurveyFact, b: SurveyFact): number {
  return (
    Temporal.Instant.compare(Temporal.Instant.from(a.completedAt), Temporal.Instant.from(b.completedAt)) ||
    (a.surveyId < b.surveyId ? -1 : a.surveyId > b.surveyId ? 1 : 0)
  );
}
