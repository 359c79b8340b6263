/**
 * Tier standing facts (C-1..C-7). Streams: `survey-<surveyId>`, `certification-<partnerId>`,
 * `nfr-<partnerId>`, `standing-<partnerId>` (see the *StreamId functions).
 */
import type { DomainEvent } from '../shared/decider';
import type { Tier } from '../program-terms/program-terms';

/** C-1: the five named questions, each 1–5 stars. */
export interface SurveyRatings {
  readonly productFit: number;
  readonly implementationQuality: number;
  readonly partnerResponsiveness: number;
  readonly trainingEffectiveness: number;
  readonly overallSatisfaction: number;
}

/** C-1: a customer answered the five-question CSAT survey (1–5 stars each) about a partner. */
export type SurveyCompleted = DomainEvent<
  'SurveyCompleted',
  {
    readonly surveyId: string;
    readonly customerKey: string;
    readonly partnerId: string;
    /** ISO date */
    readonly goLiveDate: string;
    readonly ratings: SurveyRatings;
    readonly completedAt: string;
  }
>;

/** C-6: the partner enrolled in (re)certification; training is due within the terms' days. */
export type CertificationEnrolled = DomainEvent<
  'CertificationEnrolled',
  {
    readonly partnerId: string;
    readonly enrolledAt: string;
    /** ISO date (program time zone): the last day on which training counts as on time (C-6). */
    readonly trainingDueBy: string;
    readonly recertification: boolean;
    /** Terms version that set trainingDueBy (T-1). Added in the standing slice (additive). */
    readonly termsVersion: string;
  }
>;

/** C-6: the certification training was completed (late completion is recorded and blocks the exam). */
export type CertificationTrainingCompleted = DomainEvent<
  'CertificationTrainingCompleted',
  { readonly partnerId: string; readonly completedAt: string; readonly withinDeadline: boolean }
>;

/** C-6: an exam attempt with its score; a pass at or above the pass mark grants the certification. */
export type CertificationExamAttempted = DomainEvent<
  'CertificationExamAttempted',
  {
    readonly partnerId: string;
    readonly attempt: number;
    readonly scorePercent: number;
    readonly passed: boolean;
    readonly attemptedAt: string;
    /** C-6: the pass mark applied (terms data). Added in the standing slice (additive). */
    readonly passMarkPercent: number;
    /** Added in the standing slice (additive). */
    readonly termsVersion: string;
  }
>;

/**
 * C-6: valid for validityMonths from the pass. Both ISO dates (program time zone): valid on
 * every day d with validFrom ≤ d < validUntil — validUntil is the expiry date.
 */
export type CertificationGranted = DomainEvent<
  'CertificationGranted',
  { readonly partnerId: string; readonly validFrom: string; readonly validUntil: string; readonly termsVersion: string }
>;

/** C-7. validFrom/validUntil: ISO dates, active on d with validFrom ≤ d < validUntil. */
export type NfrLicensesGranted = DomainEvent<
  'NfrLicensesGranted',
  {
    readonly partnerId: string;
    readonly tier: Tier;
    readonly users: number;
    readonly validFrom: string;
    readonly validUntil: string;
    readonly renewal: boolean;
    readonly termsVersion: string;
    /** Business instant of the grant/renewal request. Added in the standing slice (additive). */
    readonly grantedAt: string;
  }
>;

export type CertificationStatus = 'valid' | 'expiring' | 'expired' | 'missing' | 'not-required';
export type LadderStep = 'none' | 'warning' | 'tier-review' | 'realignment-or-suspension';

/** C-3..C-5: the quarter-end evaluation, auditable back to the surveys it counted. */
export type TierStandingEvaluated = DomainEvent<
  'TierStandingEvaluated',
  {
    readonly partnerId: string;
    readonly quarter: string;
    readonly tier: Tier;
    /** C-3: ISO dates, both inclusive: the 12 calendar months ending on the quarter's last day. */
    readonly windowStart: string;
    readonly windowEnd: string;
    readonly surveyIds: readonly string[];
    readonly ratingsCounted: number;
    readonly positiveRatings: number;
    /** CSAT in basis points of a percent (8500 = 85.00%), null = not rated. */
    readonly csatBp: number | null;
    readonly minimumBp: number | null;
    readonly result: 'meets' | 'below' | 'not-rated' | 'no-minimum';
    readonly consecutiveQuartersBelow: number;
    readonly ladderStep: LadderStep;
    readonly certificationStatus: CertificationStatus;
    /** ISO date the latest certification expires (C-6), null when none. Added (additive). */
    readonly certificationValidUntil: string | null;
    /** P-1: staff count in force at the quarter end and the tier minimum. Added (additive). */
    readonly staffCount: number;
    readonly staffMinimum: number;
    readonly staffMinimumMet: boolean;
    /** C-7: users the tier entitles to, users of the grant active at quarter end, its expiry. Added (additive). */
    readonly nfrUsersEntitled: number;
    readonly nfrActiveUsers: number;
    readonly nfrValidUntil: string | null;
    readonly verdict: 'good-standing' | 'at-risk' | 'action-required';
    readonly reasons: readonly string[];
    readonly termsVersion: string;
    readonly evaluatedAt: string;
  }
>;

/** C-5: first quarter below the CSAT minimum: warning notice and improvement plan. */
export type CsatWarningIssued = DomainEvent<
  'CsatWarningIssued',
  { readonly partnerId: string; readonly quarter: string; readonly csatBp: number; readonly minimumBp: number; readonly ruleId: 'C-5' }
>;

/** C-5: second consecutive quarter below the CSAT minimum: a tier review is due. */
export type TierReviewDue = DomainEvent<
  'TierReviewDue',
  { readonly partnerId: string; readonly quarter: string; readonly consecutiveQuartersBelow: number; readonly ruleId: 'C-5' }
>;

/** C-5: third (or later) consecutive quarter below the minimum: tier realignment or suspension is due. */
export type TierRealignmentDue = DomainEvent<
  'TierRealignmentDue',
  { readonly partnerId: string; readonly quarter: string; readonly consecutiveQuartersBelow: number; readonly ruleId: 'C-5' }
>;

export type LadderDecision = 'improvement-plan' | 'tier-review-held' | 'tier-realigned' | 'suspended' | 'no-action';

/** C-5: the partner manager's recorded decision on a ladder step. */
export type LadderDecisionRecorded = DomainEvent<
  'LadderDecisionRecorded',
  {
    readonly partnerId: string;
    readonly quarter: string;
    readonly decision: LadderDecision;
    readonly notes: string;
    readonly decidedBy: string;
    readonly decidedAt: string;
  }
>;

export type StandingEvent =
  | SurveyCompleted
  | CertificationEnrolled
  | CertificationTrainingCompleted
  | CertificationExamAttempted
  | CertificationGranted
  | NfrLicensesGranted
  | TierStandingEvaluated
  | CsatWarningIssued
  | TierReviewDue
  | TierRealignmentDue
  | LadderDecisionRecorded;

/** The events of each standing aggregate's stream (added in the standing slice, additive). */
export type SurveyEvent = SurveyCompleted;
export type CertificationEvent =
  | CertificationEnrolled
  | CertificationTrainingCompleted
  | CertificationExamAttempted
  | CertificationGranted;
export type NfrEvent = NfrLicensesGranted;
export type TierStandingEvent =
  | TierStandingEvaluated
  | CsatWarningIssued
  | TierReviewDue
  | TierRealignmentDue
  | LadderDecisionRecorded;
