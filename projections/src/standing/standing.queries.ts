/**
 * Pure queries over the standing read model. `standingAsOfQuarter` computes standing with the
 * same `evaluateTierStanding` the standing decider records, from the same facts
 * (`standingFactsForQuarter`), so the view and the `TierStandingEvaluated` event agree.
 */
import { Temporal } from 'temporal-polyfill';
import {
  quarterEnd,
  quarterEndExclusive,
  termsInForce,
  type LadderDecision,
  type LadderStep,
  type ProgramTermsBook,
  type Tier,
} from '@ledger/domain';
import {
  evaluateTierStanding,
  previousConsecutiveBelow,
  type StandingFacts,
  type TierStandingEvaluation,
} from '@ledger/domain/standing/standing-evaluation';
import {
  comparePositions,
  type PartnerStandingDoc,
  type StaffCountEntry,
  type ProgramPartnerEntry,
  type ProgramStandingDoc,
} from './standing.projection';

/**
 * The facts standing is judged on at the end of `quarter` (program time zone): the tier in force
 * on the quarter's last day (P-3), the staff count last reported before the quarter ended (P-1),
 * every survey, certification grant and NFR grant (the evaluation picks by date). The
 * application passes these as the standing decider's context.
 */
export function standingFactsForQuarter(doc: PartnerStandingDoc, quarter: string, book: ProgramTermsBook): StandingFacts {
  const lastDay = quarterEnd(quarter);
  const terms = termsInForce(book, lastDay);
  const end = quarterEndExclusive(quarter, terms.timeZone);

  let tier: Tier | null = null;
  for (const t of doc.tierHistory) {
    if (Temporal.PlainDate.compare(Temporal.PlainDate.from(t.effectiveFrom), lastDay) <= 0) tier = t.tier;
  }

  // P-1: the latest count in force before the quarter ended (position breaks ties); the
  // enrolment count when every entry is later (an enrolment backdated by its tier date).
  const before = doc.staffHistory.filter((s) => Temporal.Instant.compare(Temporal.Instant.from(s.from), end) < 0);
  const staff =
    before.reduce<StaffCountEntry | null>(
      (best, s) =>
        best === null ||
        (Temporal.Instant.compare(Temporal.Instant.from(s.from), Temporal.Instant.from(best.from)) ||
          comparePositions(s.position, best.position)) > 0
          ? s
          : best,
      null,
    ) ?? doc.staffHistory[0] ?? null;

  return {
    tierAtQuarterEnd: tier,
    staffCount: staff?.staffCount ?? 0,
    surveys: doc.surveys.map((s) => ({ surveyId: s.surveyId, completedAt: s.completedAt, ratings: s.ratings })),
    certifications: doc.certification.grants.map((g) => ({ validFrom: g.validFrom, validUntil: g.validUntil })),
    nfrGrants: doc.nfrGrants.map((g) => ({ users: g.users, validFrom: g.validFrom, validUntil: g.validUntil })),
  };
}

/**
 * Standing at the end of `quarter`, computed on the fly (C-2..C-7, P-1); null when the partner
 * had no tier then. The C-5 count carried in is the one of the latest recorded evaluation
 * before the quarter, exactly as the decider does.
 */
export function standingAsOfQuarter(
  doc: PartnerStandingDoc,
  quarter: string,
  book: ProgramTermsBook,
): TierStandingEvaluation | null {
  const facts = standingFactsForQuarter(doc, quarter, book);
  if (facts.tierAtQuarterEnd === null) return null;
  return evaluateTierStanding({
    partnerId: doc.partnerId,
    quarter,
    tier: facts.tierAtQuarterEnd,
    staffCount: facts.staffCount,
    surveys: facts.surveys,
    certifications: facts.certifications,
    nfrGrants: facts.nfrGrants,
    previousConsecutiveBelow: previousConsecutiveBelow(
      Object.values(doc.evaluations).map((q) => q.evaluation),
      quarter,
    ),
    terms: termsInForce(book, quarterEnd(quarter)),
  });
}

export interface LadderRow {
  readonly partnerId: string;
  readonly legalName: string | null;
  readonly quarter: string;
  readonly consecutiveQuartersBelow: number;
  readonly decision: LadderDecision | null;
}

export interface CertificationRow {
  readonly partnerId: string;
  readonly legalName: string | null;
  readonly quarter: string;
  readonly validUntil: string | null;
}

export interface ProgramOverview {
  /** C-5: partners whose latest evaluation has a due ladder step, per step. */
  readonly ladder: Readonly<Record<Exclude<LadderStep, 'none'>, readonly LadderRow[]>>;
  /** C-5: of those, the ones without a recorded partner-manager decision. */
  readonly awaitingDecision: readonly LadderRow[];
  /** C-6: expiring / expired / missing at the latest evaluation, unless recertified since. */
  readonly certifications: {
    readonly expiring: readonly CertificationRow[];
    readonly expired: readonly CertificationRow[];
    readonly missing: readonly CertificationRow[];
  };
  readonly verdicts: { readonly 'good-standing': number; readonly 'at-risk': number; readonly 'action-required': number };
}

/** Program-wide standing as of each partner's latest evaluation; rows sorted by partner id. */
export function programOverview(doc: ProgramStandingDoc): ProgramOverview {
  const entries = Object.values(doc.partners)
    .filter((p) => p.quarter !== null)
    .sort((a, b) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0));
  const ladderRow = (p: ProgramPartnerEntry): LadderRow => ({
    partnerId: p.partnerId,
    legalName: p.legalName,
    quarter: p.quarter!,
    consecutiveQuartersBelow: p.consecutiveQuartersBelow,
    decision: p.decision,
  });
  const certificationRow = (p: ProgramPartnerEntry): CertificationRow => ({
    partnerId: p.partnerId,
    legalName: p.legalName,
    quarter: p.quarter!,
    validUntil: p.certificationValidUntil,
  });
  const notRecertified = (p: ProgramPartnerEntry) =>
    p.latestCertificationValidUntil === null ||
    p.certificationValidUntil === null ||
    Temporal.PlainDate.compare(Temporal.PlainDate.from(p.latestCertificationValidUntil), Temporal.PlainDate.from(p.certificationValidUntil)) <= 0;
  const onStep = (step: LadderStep) => entries.filter((p) => p.ladderStep === step).map(ladderRow);
  const certs = (status: ProgramPartnerEntry['certificationStatus'], unlessRecertified: boolean) =>
    entries
      .filter((p) => p.certificationStatus === status && (!unlessRecertified || notRecertified(p)))
      .map(certificationRow);
  return {
    ladder: {
      warning: onStep('warning'),
      'tier-review': onStep('tier-review'),
      'realignment-or-suspension': onStep('realignment-or-suspension'),
    },
    awaitingDecision: entries.filter((p) => p.ladderStep !== 'none' && p.decision === null).map(ladderRow),
    certifications: {
      expiring: certs('expiring', true),
      expired: certs('expired', true),
      missing: entries.filter((p) => p.certificationStatus === 'missing' && p.latestCertificationValidUntil === null).map(certificationRow),
    },
    verdicts: {
      'good-standing': entries.filter((p) => p.verdict === 'good-standing').length,
      'at-risk': entries.filter((p) => p.verdict === 'at-risk').length,
      'action-required': entries.filter((p) => p.verdict === 'action-required').length,
    },
  };
}
