/**
 * Tier standing read model (C-1..C-7, P-1, P-3): one document per partner (`partner:<id>`) with
 * the facts standing is judged on — tier history, staff counts, surveys, certification, NFR —
 * and the recorded evaluations per quarter; plus one program-wide document (`program`) with each
 * partner's latest evaluation, for the ladder and certification overview.
 *
 * Pure step: no clock, no I/O. Every entry keeps the global position of the event it came from
 * (traceability); a document skips events at or before its `lastPosition` (idempotent by
 * position). Queries live in `standing.queries.ts`.
 */
import type { RecordedEvent } from '@ledger/event-store';
import {
  STREAM_CATEGORIES,
  assertNever,
  compareQuarters,
  type CertificationStatus,
  type LadderDecision,
  type LadderStep,
  type PartnerEnrolled,
  type PartnerStaffCountReported,
  type PartnerTierChanged,
  type StandingEvent,
  type SurveyRatings,
  type TierStandingEvaluated,
  type Tier,
} from '@ledger/domain';
import { Temporal } from 'temporal-polyfill';
import type { Projection, ReadModelDocs } from '../runner/projection';

export const PROGRAM_DOC_KEY = 'program';
export const partnerStandingKey = (partnerId: string): string => `partner:${partnerId}`;

export interface TierHistoryEntry {
  readonly tier: Tier;
  /** ISO date, program time zone (P-3). */
  readonly effectiveFrom: string;
  readonly position: string;
}

export interface StaffCountEntry {
  readonly staffCount: number;
  /** ISO instant from which the count is in force (enrolment or report). */
  readonly from: string;
  readonly position: string;
}

export interface SurveyEntry {
  readonly surveyId: string;
  readonly customerKey: string;
  readonly goLiveDate: string;
  readonly completedAt: string;
  readonly ratings: SurveyRatings;
  /** `starCounts[n - 1]` = how many of the five ratings gave n stars (terms-independent). */
  readonly summary: { readonly ratings: number; readonly starCounts: readonly number[] };
  readonly eventId: string;
  readonly position: string;
}

export interface EnrolmentEntry {
  readonly enrolledAt: string;
  readonly trainingDueBy: string;
  readonly recertification: boolean;
  readonly trainingCompletedAt: string | null;
  readonly trainingWithinDeadline: boolean | null;
  readonly attempts: readonly { readonly attempt: number; readonly scorePercent: number; readonly passed: boolean; readonly attemptedAt: string }[];
  readonly position: string;
}

export interface CertificationGrantEntry {
  readonly validFrom: string;
  readonly validUntil: string;
  readonly termsVersion: string;
  readonly position: string;
}

export interface NfrGrantEntry {
  readonly tier: Tier;
  readonly users: number;
  readonly validFrom: string;
  readonly validUntil: string;
  readonly renewal: boolean;
  readonly grantedAt: string;
  readonly termsVersion: string;
  readonly position: string;
}

export interface LadderDecisionEntry {
  readonly decision: LadderDecision;
  readonly notes: string;
  readonly decidedBy: string;
  readonly decidedAt: string;
  readonly position: string;
}

export interface QuarterStandingEntry {
  readonly evaluation: TierStandingEvaluated['data'];
  readonly position: string;
  /** The C-5 ladder event recorded with the evaluation, if any. */
  readonly ladderEvent: { readonly type: 'CsatWarningIssued' | 'TierReviewDue' | 'TierRealignmentDue'; readonly position: string } | null;
  readonly decision: LadderDecisionEntry | null;
}

export interface PartnerStandingDoc {
  readonly kind: 'partner';
  readonly partnerId: string;
  readonly legalName: string | null;
  readonly lastPosition: string;
  /** Ascending by effectiveFrom, then position. */
  readonly tierHistory: readonly TierHistoryEntry[];
  /** In position order. */
  readonly staffHistory: readonly StaffCountEntry[];
  /** Ascending by completedAt, then surveyId. */
  readonly surveys: readonly SurveyEntry[];
  readonly certification: { readonly enrolments: readonly EnrolmentEntry[]; readonly grants: readonly CertificationGrantEntry[] };
  readonly nfrGrants: readonly NfrGrantEntry[];
  /** Recorded evaluations by quarter ("2026-Q1"). */
  readonly evaluations: Readonly<Record<string, QuarterStandingEntry>>;
}

export interface ProgramPartnerEntry {
  readonly partnerId: string;
  readonly legalName: string | null;
  /** The latest evaluated quarter and what it found. */
  readonly quarter: string | null;
  readonly verdict: TierStandingEvaluated['data']['verdict'] | null;
  readonly tier: Tier | null;
  readonly ladderStep: LadderStep;
  readonly consecutiveQuartersBelow: number;
  readonly decision: LadderDecision | null;
  readonly certificationStatus: CertificationStatus | null;
  readonly certificationValidUntil: string | null;
  /** Expiry of the latest certification granted (may postdate the latest evaluation). */
  readonly latestCertificationValidUntil: string | null;
}

export interface ProgramStandingDoc {
  readonly kind: 'program';
  readonly lastPosition: string;
  readonly partners: Readonly<Record<string, ProgramPartnerEntry>>;
}

export type StandingDoc = PartnerStandingDoc | ProgramStandingDoc;

type HandledEvent = PartnerEnrolled | PartnerTierChanged | PartnerStaffCountReported | StandingEvent;

const HANDLED_TYPES: readonly HandledEvent['type'][] = [
  'PartnerEnrolled',
  'PartnerTierChanged',
  'PartnerStaffCountReported',
  'SurveyCompleted',
  'CertificationEnrolled',
  'CertificationTrainingCompleted',
  'CertificationExamAttempted',
  'CertificationGranted',
  'NfrLicensesGranted',
  'TierStandingEvaluated',
  'CsatWarningIssued',
  'TierReviewDue',
  'TierRealignmentDue',
  'LadderDecisionRecorded',
];

/** Events that also change the program document. */
const PROGRAM_TYPES: readonly HandledEvent['type'][] = [
  'PartnerEnrolled',
  'CertificationGranted',
  'TierStandingEvaluated',
  'LadderDecisionRecorded',
];

export const standingProjection: Projection<StandingDoc> = {
  name: 'standing',
  version: 1,
  filter: {
    streamNamePrefixes: [
      STREAM_CATEGORIES.partner,
      STREAM_CATEGORIES.survey,
      STREAM_CATEGORIES.certification,
      STREAM_CATEGORIES.nfr,
      STREAM_CATEGORIES.standing,
    ].map((category) => `${category}-`),
    eventTypes: HANDLED_TYPES,
  },

  keys(event) {
    const handled = asHandled(event);
    if (handled === null) return [];
    const partnerKey = partnerStandingKey(handled.data.partnerId);
    return PROGRAM_TYPES.includes(handled.type) ? [partnerKey, PROGRAM_DOC_KEY] : [partnerKey];
  },

  apply(docs, event) {
    const handled = asHandled(event);
    const out = new Map<string, StandingDoc>();
    if (handled === null) return out;
    const position = event.position.toString();

    const partnerKey = partnerStandingKey(handled.data.partnerId);
    const partner = partnerDoc(docs, partnerKey, handled.data.partnerId);
    if (!seen(partner.lastPosition, position)) {
      out.set(partnerKey, { ...applyToPartner(partner, handled, event), lastPosition: position });
    }
    if (PROGRAM_TYPES.includes(handled.type)) {
      const program = programDoc(docs);
      if (!seen(program.lastPosition, position)) {
        out.set(PROGRAM_DOC_KEY, { ...applyToProgram(program, handled), lastPosition: position });
      }
    }
    return out;
  },
};

function applyToPartner(doc: PartnerStandingDoc, e: HandledEvent, event: RecordedEvent): PartnerStandingDoc {
  const position = event.position.toString();
  switch (e.type) {
    case 'PartnerEnrolled':
      return {
        ...doc,
        legalName: e.data.legalName,
        tierHistory: sortTiers([...doc.tierHistory, { tier: e.data.tier, effectiveFrom: e.data.tierEffectiveFrom, position }]),
        staffHistory: [...doc.staffHistory, { staffCount: e.data.staffCount, from: e.data.enrolledAt, position }],
      };
    case 'PartnerTierChanged':
      return {
        ...doc,
        tierHistory: sortTiers([...doc.tierHistory, { tier: e.data.toTier, effectiveFrom: e.data.effectiveFrom, position }]),
      };
    case 'PartnerStaffCountReported':
      return { ...doc, staffHistory: [...doc.staffHistory, { staffCount: e.data.staffCount, from: e.data.reportedAt, position }] };
    case 'SurveyCompleted': {
      const entry: SurveyEntry = {
        surveyId: e.data.surveyId,
        customerKey: e.data.customerKey,
        goLiveDate: e.data.goLiveDate,
        completedAt: e.data.completedAt,
        ratings: e.data.ratings,
        summary: summarise(e.data.ratings),
        eventId: event.id,
        position,
      };
      return { ...doc, surveys: sortSurveys([...doc.surveys.filter((s) => s.surveyId !== entry.surveyId), entry]) };
    }
    case 'CertificationEnrolled':
      return {
        ...doc,
        certification: {
          ...doc.certification,
          enrolments: [
            ...doc.certification.enrolments,
            {
              enrolledAt: e.data.enrolledAt,
              trainingDueBy: e.data.trainingDueBy,
              recertification: e.data.recertification,
              trainingCompletedAt: null,
              trainingWithinDeadline: null,
              attempts: [],
              position,
            },
          ],
        },
      };
    case 'CertificationTrainingCompleted':
      return updateLatestEnrolment(doc, (en) => ({
        ...en,
        trainingCompletedAt: e.data.completedAt,
        trainingWithinDeadline: e.data.withinDeadline,
      }));
    case 'CertificationExamAttempted':
      return updateLatestEnrolment(doc, (en) => ({
        ...en,
        attempts: [
          ...en.attempts,
          { attempt: e.data.attempt, scorePercent: e.data.scorePercent, passed: e.data.passed, attemptedAt: e.data.attemptedAt },
        ],
      }));
    case 'CertificationGranted':
      return {
        ...doc,
        certification: {
          ...doc.certification,
          grants: [
            ...doc.certification.grants,
            { validFrom: e.data.validFrom, validUntil: e.data.validUntil, termsVersion: e.data.termsVersion, position },
          ],
        },
      };
    case 'NfrLicensesGranted':
      return {
        ...doc,
        nfrGrants: [
          ...doc.nfrGrants,
          {
            tier: e.data.tier,
            users: e.data.users,
            validFrom: e.data.validFrom,
            validUntil: e.data.validUntil,
            renewal: e.data.renewal,
            grantedAt: e.data.grantedAt,
            termsVersion: e.data.termsVersion,
            position,
          },
        ],
      };
    case 'TierStandingEvaluated':
      return {
        ...doc,
        evaluations: {
          ...doc.evaluations,
          [e.data.quarter]: { evaluation: e.data, position, ladderEvent: null, decision: null },
        },
      };
    case 'CsatWarningIssued':
    case 'TierReviewDue':
    case 'TierRealignmentDue':
      return updateQuarter(doc, e.data.quarter, (q) => ({ ...q, ladderEvent: { type: e.type, position } }));
    case 'LadderDecisionRecorded':
      return updateQuarter(doc, e.data.quarter, (q) => ({
        ...q,
        decision: { decision: e.data.decision, notes: e.data.notes, decidedBy: e.data.decidedBy, decidedAt: e.data.decidedAt, position },
      }));
    default:
      return assertNever(e, 'standing projection event');
  }
}

function applyToProgram(doc: ProgramStandingDoc, e: HandledEvent): ProgramStandingDoc {
  const id = e.data.partnerId;
  const current = doc.partners[id] ?? emptyProgramEntry(id);
  let next: ProgramPartnerEntry;
  switch (e.type) {
    case 'PartnerEnrolled':
      next = { ...current, legalName: e.data.legalName };
      break;
    case 'CertificationGranted':
      next = {
        ...current,
        latestCertificationValidUntil: laterDate(current.latestCertificationValidUntil, e.data.validUntil),
      };
      break;
    case 'TierStandingEvaluated':
      if (current.quarter !== null && compareQuarters(e.data.quarter, current.quarter) < 0) return doc;
      next = {
        ...current,
        quarter: e.data.quarter,
        verdict: e.data.verdict,
        tier: e.data.tier,
        ladderStep: e.data.ladderStep,
        consecutiveQuartersBelow: e.data.consecutiveQuartersBelow,
        decision: null,
        certificationStatus: e.data.certificationStatus,
        certificationValidUntil: e.data.certificationValidUntil,
      };
      break;
    case 'LadderDecisionRecorded':
      if (current.quarter !== e.data.quarter) return doc;
      next = { ...current, decision: e.data.decision };
      break;
    default:
      return doc;
  }
  return { ...doc, partners: { ...doc.partners, [id]: next } };
}

function asHandled(event: RecordedEvent): HandledEvent | null {
  if (!(HANDLED_TYPES as readonly string[]).includes(event.type)) return null;
  return { type: event.type, data: event.data } as unknown as HandledEvent;
}

function partnerDoc(docs: ReadModelDocs<StandingDoc>, key: string, partnerId: string): PartnerStandingDoc {
  const doc = docs.get(key);
  if (doc !== undefined && doc.kind === 'partner') return doc;
  return {
    kind: 'partner',
    partnerId,
    legalName: null,
    lastPosition: '-1',
    tierHistory: [],
    staffHistory: [],
    surveys: [],
    certification: { enrolments: [], grants: [] },
    nfrGrants: [],
    evaluations: {},
  };
}

function programDoc(docs: ReadModelDocs<StandingDoc>): ProgramStandingDoc {
  const doc = docs.get(PROGRAM_DOC_KEY);
  if (doc !== undefined && doc.kind === 'program') return doc;
  return { kind: 'program', lastPosition: '-1', partners: {} };
}

function emptyProgramEntry(partnerId: string): ProgramPartnerEntry {
  return {
    partnerId,
    legalName: null,
    quarter: null,
    verdict: null,
    tier: null,
    ladderStep: 'none',
    consecutiveQuartersBelow: 0,
    decision: null,
    certificationStatus: null,
    certificationValidUntil: null,
    latestCertificationValidUntil: null,
  };
}

/** True when the document already reflects the event at `position`. */
function seen(lastPosition: string, position: string): boolean {
  return BigInt(position) <= BigInt(lastPosition);
}

function summarise(ratings: SurveyRatings): SurveyEntry['summary'] {
  const starCounts = [0, 0, 0, 0, 0];
  const values = Object.values(ratings);
  for (const stars of values) starCounts[stars - 1] = (starCounts[stars - 1] ?? 0) + 1;
  return { ratings: values.length, starCounts };
}

function updateLatestEnrolment(doc: PartnerStandingDoc, change: (e: EnrolmentEntry) => EnrolmentEntry): PartnerStandingDoc {
  const enrolments = doc.certification.enrolments;
  const latest = enrolments[enrolments.length - 1];
  if (latest === undefined) return doc;
  return { ...doc, certification: { ...doc.certification, enrolments: [...enrolments.slice(0, -1), change(latest)] } };
}

function updateQuarter(
  doc: PartnerStandingDoc,
  quarter: string,
  change: (q: QuarterStandingEntry) => QuarterStandingEntry,
): PartnerStandingDoc {
  const entry = doc.evaluations[quarter];
  if (entry === undefined) return doc;
  return { ...doc, evaluations: { ...doc.evaluations, [quarter]: change(entry) } };
}

function sortTiers(entries: TierHistoryEntry[]): TierHistoryEntry[] {
  return entries.sort(
    (a, b) =>
      Temporal.PlainDate.compare(Temporal.PlainDate.from(a.effectiveFrom), Temporal.PlainDate.from(b.effectiveFrom)) ||
      comparePositions(a.position, b.position),
  );
}

function sortSurveys(entries: SurveyEntry[]): SurveyEntry[] {
  return entries.sort(
    (a, b) =>
      Temporal.Instant.compare(Temporal.Instant.from(a.completedAt), Temporal.Instant.from(b.completedAt)) ||
      (a.surveyId < b.surveyId ? -1 : a.surveyId > b.surveyId ? 1 : 0),
  );
}

export function comparePositions(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function laterDate(a: string | null, b: string): string {
  if (a === null) return b;
  return Temporal.PlainDate.compare(Temporal.PlainDate.from(a), Temporal.PlainDate.from(b)) >= 0 ? a : b;
}
