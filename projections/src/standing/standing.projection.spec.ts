import type { Json, RecordedEvent } from '@ledger/event-store';
import {
  DEFAULT_TERMS_BOOK,
  certificationStreamId,
  fold,
  nfrStreamId,
  partnerStreamId,
  standingStreamId,
  surveyStreamId,
  type DomainEvent,
  type SurveyRatings,
  type TierStandingEvent,
} from '@ledger/domain';
import { standingDecider, type StandingCommand } from '@ledger/domain/standing/standing.decider';
import { canonicalJson } from '@ledger/domain';
import {
  PROGRAM_DOC_KEY,
  partnerStandingKey,
  standingProjection,
  type PartnerStandingDoc,
  type ProgramStandingDoc,
  type StandingDoc,
} from './standing.projection';
import { programOverview, standingAsOfQuarter, standingFactsForQuarter } from './standing.queries';

/** A tiny in-memory runner: keys → load → apply → store, in log order. */
class Harness {
  readonly docs = new Map<string, StandingDoc>();
  readonly log: RecordedEvent[] = [];
  private readonly revisions = new Map<string, bigint>();

  append(streamName: string, ...events: DomainEvent[]): void {
    for (const e of events) {
      const revision = (this.revisions.get(streamName) ?? -1n) + 1n;
      this.revisions.set(streamName, revision);
      const position = BigInt(this.log.length + 1);
      const recorded: RecordedEvent = {
        id: `00000000-0000-4000-8000-${position.toString(16).padStart(12, '0')}`,
        type: e.type,
        data: e.data as Json,
        metadata: {
          correlationId: 'c',
          causationId: 'c',
          actor: 'test',
          commandId: `cmd-${position}`,
          occurredAt: '2026-01-01T00:00:00Z',
          recordedAt: '2026-01-01T00:00:00Z',
          schemaVersion: 1,
        },
        streamName,
        revision,
        position,
      };
      this.log.push(recorded);
      this.project(recorded);
    }
  }

  project(event: RecordedEvent): ReadonlyMap<string, StandingDoc | null> {
    const keys = standingProjection.keys(event);
    const result = standingProjection.apply(new Map(keys.map((k) => [k, this.docs.get(k)])), event);
    for (const [key, doc] of result) {
      expect(keys).toContain(key);
      if (doc === null) this.docs.delete(key);
      else this.docs.set(key, JSON.parse(canonicalJson(doc)) as StandingDoc); // as the runner stores it
    }
    return result;
  }

  partner(id: string): PartnerStandingDoc {
    return this.docs.get(partnerStandingKey(id)) as PartnerStandingDoc;
  }

  program(): ProgramStandingDoc {
    return this.docs.get(PROGRAM_DOC_KEY) as ProgramStandingDoc;
  }

  /** Evaluates a quarter the way the application does: facts from this read model, decider, append. */
  evaluate(partnerId: string, quarter: string, now: string): readonly TierStandingEvent[] {
    const streamName = standingStreamId(partnerId);
    const past = this.log
      .filter((e) => e.streamName === streamName)
      .map((e) => ({ type: e.type, data: e.data }) as unknown as TierStandingEvent);
    const command: StandingCommand = {
      type: 'EvaluateTierStanding',
      data: { partnerId, quarter },
      metadata: { now, commandId: `eval-${partnerId}-${quarter}`, actor: 'system:scheduler' },
    };
    const events = standingDecider.decide(command, fold(standingDecider.evolve, standingDecider.initialState(), past), {
      terms: DEFAULT_TERMS_BOOK,
      facts: standingFactsForQuarter(this.partner(partnerId), quarter, DEFAULT_TERMS_BOOK),
    });
    this.append(streamName, ...events);
    return events;
  }
}

const stars = (n: number): SurveyRatings => ({
  productFit: n,
  implementationQuality: n,
  partnerResponsiveness: n,
  trainingEffectiveness: n,
  overallSatisfaction: n,
});

function enrol(h: Harness, partnerId: string, tier: 'referral' | 'certified' | 'premier', staffCount = 6): void {
  h.append(partnerStreamId(partnerId), {
    type: 'PartnerEnrolled',
    data: {
      partnerId,
      legalName: `${partnerId} Ltd`,
      tier,
      staffCount,
      country: 'US',
      taxForm: 'W-9',
      enrolledAt: '2024-06-01T14:00:00Z',
      tierEffectiveFrom: '2024-06-01',
      termsVersion: '2024.1',
    },
  });
}

function certify(h: Harness, partnerId: string, passedOn: string, validUntil: string): void {
  h.append(
    certificationStreamId(partnerId),
    { type: 'CertificationEnrolled', data: { partnerId, enrolledAt: '2024-06-02T14:00:00Z', trainingDueBy: '2024-08-31', recertification: false, termsVersion: '2024.1' } },
    { type: 'CertificationTrainingCompleted', data: { partnerId, completedAt: '2024-07-01T14:00:00Z', withinDeadline: true } },
    { type: 'CertificationExamAttempted', data: { partnerId, attempt: 1, scorePercent: 88, passed: true, attemptedAt: `${passedOn}T14:00:00Z`, passMarkPercent: 80, termsVersion: '2024.1' } },
    { type: 'CertificationGranted', data: { partnerId, validFrom: passedOn, validUntil, termsVersion: '2024.1' } },
  );
}

function survey(h: Harness, partnerId: string, surveyId: string, completedAt: string, ratings: SurveyRatings): void {
  h.append(surveyStreamId(surveyId), {
    type: 'SurveyCompleted',
    data: { surveyId, customerKey: `cust-${surveyId}`, partnerId, goLiveDate: '2024-06-15', ratings, completedAt },
  });
}

/** A certified partner with a mid-quarter tier change, a staff drop, surveys and NFR. */
function scenario(): Harness {
  const h = new Harness();
  enrol(h, 'p-1', 'certified', 3);
  certify(h, 'p-1', '2024-07-15', '2026-07-15');
  h.append(nfrStreamId('p-1'), {
    type: 'NfrLicensesGranted',
    data: { partnerId: 'p-1', tier: 'certified', users: 5, validFrom: '2025-09-01', validUntil: '2026-03-01', renewal: false, termsVersion: '2024.1', grantedAt: '2025-09-01T14:00:00Z' },
  });
  survey(h, 'p-1', 's-1', '2025-02-01T15:00:00Z', stars(5));
  survey(h, 'p-1', 's-2', '2025-03-01T15:00:00Z', { ...stars(4), trainingEffectiveness: 2 });
  survey(h, 'p-1', 's-3', '2025-08-01T15:00:00Z', stars(3));
  h.append(partnerStreamId('p-1'), { type: 'PartnerStaffCountReported', data: { partnerId: 'p-1', staffCount: 2, reportedAt: '2025-11-20T15:00:00Z' } });
  h.append(partnerStreamId('p-1'), {
    type: 'PartnerTierChanged',
    data: { partnerId: 'p-1', fromTier: 'certified', toTier: 'premier', effectiveFrom: '2025-12-15', reason: 'growth', changedBy: 'manager:ann', termsVersion: '2024.1' },
  });
  // reported after the quarter end: not in force at 2025-12-31
  h.append(partnerStreamId('p-1'), { type: 'PartnerStaffCountReported', data: { partnerId: 'p-1', staffCount: 7, reportedAt: '2026-01-05T15:00:00Z' } });
  return h;
}

describe('standing projection: partner document', () => {
  it('keeps tier history, staff counts, surveys (with summary and source position), certification and NFR', () => {
    const doc = scenario().partner('p-1');
    expect(doc.legalName).toBe('p-1 Ltd');
    expect(doc.tierHistory.map((t) => [t.tier, t.effectiveFrom, t.position])).toEqual([
      ['certified', '2024-06-01', '1'],
      ['premier', '2025-12-15', '11'],
    ]);
    expect(doc.staffHistory.map((s) => s.staffCount)).toEqual([3, 2, 7]);
    expect(doc.surveys.map((s) => [s.surveyId, s.position])).toEqual([
      ['s-1', '7'],
      ['s-2', '8'],
      ['s-3', '9'],
    ]);
    expect(doc.surveys[1]!.summary).toEqual({ ratings: 5, starCounts: [0, 1, 0, 4, 0] });
    expect(doc.certification.enrolments[0]).toMatchObject({
      trainingCompletedAt: '2024-07-01T14:00:00Z',
      trainingWithinDeadline: true,
      attempts: [{ attempt: 1, scorePercent: 88, passed: true, attemptedAt: '2024-07-15T14:00:00Z' }],
    });
    expect(doc.certification.grants).toEqual([{ validFrom: '2024-07-15', validUntil: '2026-07-15', termsVersion: '2024.1', position: '5' }]);
    expect(doc.nfrGrants[0]).toMatchObject({ users: 5, validUntil: '2026-03-01', position: '6' });
    expect(doc.lastPosition).toBe('12');
  });

  it('P-3/P-1: facts at a quarter end use the tier in force on its last day and the staff count reported before it ended', () => {
    const h = scenario();
    const q4 = standingFactsForQuarter(h.partner('p-1'), '2025-Q4', DEFAULT_TERMS_BOOK);
    expect(q4.tierAtQuarterEnd).toBe('premier');
    expect(q4.staffCount).toBe(2);
    const q3 = standingFactsForQuarter(h.partner('p-1'), '2025-Q3', DEFAULT_TERMS_BOOK);
    expect(q3.tierAtQuarterEnd).toBe('certified');
    expect(q3.staffCount).toBe(3);
    expect(standingFactsForQuarter(h.partner('p-1'), '2024-Q1', DEFAULT_TERMS_BOOK).tierAtQuarterEnd).toBeNull();
    expect(standingAsOfQuarter(h.partner('p-1'), '2024-Q1', DEFAULT_TERMS_BOOK)).toBeNull();
  });

  it('the recorded evaluation and the on-the-fly view agree (same function, same facts), quarter after quarter', () => {
    const h = scenario();
    for (const [quarter, now] of [
      ['2025-Q3', '2025-10-01T12:00:00Z'],
      ['2025-Q4', '2026-01-02T12:00:00Z'],
    ] as const) {
      const [evaluated] = h.evaluate('p-1', quarter, now);
      expect(evaluated!.type).toBe('TierStandingEvaluated');
      const { evaluatedAt, ...recorded } = evaluated!.data as { evaluatedAt: string };
      expect(evaluatedAt).toBe(now);
      expect(standingAsOfQuarter(h.partner('p-1'), quarter, DEFAULT_TERMS_BOOK)).toEqual(recorded);
      expect(h.partner('p-1').evaluations[quarter]!.evaluation).toEqual(evaluated!.data);
    }
    const q4 = h.partner('p-1').evaluations['2025-Q4']!.evaluation;
    // premier at the quarter end: 9 of 15 ratings positive = 60.00% → below (2nd quarter), 2 staff < 5
    expect([q4.tier, q4.csatBp, q4.result, q4.ladderStep, q4.staffMinimumMet, q4.verdict]).toEqual([
      'premier',
      6000,
      'below',
      'tier-review',
      false,
      'action-required',
    ]);
    expect(q4.nfrActiveUsers).toBe(5);
    expect(q4.nfrUsersEntitled).toBe(10);
    expect(h.partner('p-1').evaluations['2025-Q4']!.ladderEvent).toEqual({ type: 'TierReviewDue', position: '16' });
  });

  it('is idempotent by position: an event already applied changes nothing', () => {
    const h = scenario();
    const before = canonicalJson(h.partner('p-1'));
    expect(h.project(h.log[7]!).size).toBe(0);
    expect(canonicalJson(h.partner('p-1'))).toBe(before);
  });

  it('S-7: a rebuild from the log yields byte-identical documents', () => {
    const h = scenario();
    h.evaluate('p-1', '2025-Q3', '2025-10-01T12:00:00Z');
    const rebuilt = new Harness();
    for (const e of h.log) rebuilt.project(e);
    expect([...rebuilt.docs.keys()].sort()).toEqual([...h.docs.keys()].sort());
    for (const [key, doc] of h.docs) expect(canonicalJson(rebuilt.docs.get(key))).toBe(canonicalJson(doc));
  });

  it('keys: the program document only for events that change it; unrelated events touch nothing', () => {
    const h = scenario();
    expect(standingProjection.keys(h.log[0]!)).toEqual(['partner:p-1', 'program']); // PartnerEnrolled
    expect(standingProjection.keys(h.log[6]!)).toEqual(['partner:p-1']); // SurveyCompleted
    const other = { ...h.log[0]!, type: 'PartnerTaxFormRecorded' };
    expect(standingProjection.keys(other)).toEqual([]);
    expect(standingProjection.apply(new Map(), other).size).toBe(0);
  });
});

describe('standing projection: program overview', () => {
  function program(): Harness {
    const h = new Harness();
    const bad = stars(2);
    // p-warn: certified, one quarter below → warning
    enrol(h, 'p-warn', 'certified');
    certify(h, 'p-warn', '2024-07-15', '2026-07-15');
    survey(h, 'p-warn', 'w1', '2025-04-01T15:00:00Z', bad);
    survey(h, 'p-warn', 'w2', '2025-05-01T15:00:00Z', bad);
    h.evaluate('p-warn', '2025-Q4', '2026-01-02T12:00:00Z');
    // p-review: two quarters below → tier review, with a recorded decision
    enrol(h, 'p-review', 'premier');
    certify(h, 'p-review', '2024-07-15', '2026-07-15');
    survey(h, 'p-review', 'r1', '2025-04-01T15:00:00Z', bad);
    survey(h, 'p-review', 'r2', '2025-05-01T15:00:00Z', bad);
    h.evaluate('p-review', '2025-Q3', '2025-10-01T12:00:00Z');
    h.evaluate('p-review', '2025-Q4', '2026-01-02T12:00:00Z');
    h.append(standingStreamId('p-review'), {
      type: 'LadderDecisionRecorded',
      data: { partnerId: 'p-review', quarter: '2025-Q4', decision: 'tier-review-held', notes: 'Reviewed', decidedBy: 'manager:ann', decidedAt: '2026-01-10T15:00:00Z' },
    });
    // p-expiring: good CSAT, certification expires 2026-02-01 (within 60 days of 2025-12-31)
    enrol(h, 'p-expiring', 'certified');
    certify(h, 'p-expiring', '2024-02-01', '2026-02-01');
    survey(h, 'p-expiring', 'e1', '2025-04-01T15:00:00Z', stars(5));
    survey(h, 'p-expiring', 'e2', '2025-05-01T15:00:00Z', stars(5));
    h.evaluate('p-expiring', '2025-Q4', '2026-01-02T12:00:00Z');
    // p-recert: same, but recertified after the evaluation
    enrol(h, 'p-recert', 'certified');
    certify(h, 'p-recert', '2024-02-01', '2026-02-01');
    survey(h, 'p-recert', 'x1', '2025-04-01T15:00:00Z', stars(5));
    survey(h, 'p-recert', 'x2', '2025-05-01T15:00:00Z', stars(5));
    h.evaluate('p-recert', '2025-Q4', '2026-01-02T12:00:00Z');
    h.append(certificationStreamId('p-recert'), {
      type: 'CertificationGranted',
      data: { partnerId: 'p-recert', validFrom: '2026-01-15', validUntil: '2028-01-15', termsVersion: '2024.1' },
    });
    return h;
  }

  it('C-5/C-6: lists partners at each ladder step, those awaiting a decision, and expiring certifications', () => {
    const overview = programOverview(program().program());
    expect(overview.ladder.warning).toEqual([
      { partnerId: 'p-warn', legalName: 'p-warn Ltd', quarter: '2025-Q4', consecutiveQuartersBelow: 1, decision: null },
    ]);
    expect(overview.ladder['tier-review']).toEqual([
      { partnerId: 'p-review', legalName: 'p-review Ltd', quarter: '2025-Q4', consecutiveQuartersBelow: 2, decision: 'tier-review-held' },
    ]);
    expect(overview.ladder['realignment-or-suspension']).toEqual([]);
    expect(overview.awaitingDecision.map((r) => r.partnerId)).toEqual(['p-warn']);
    expect(overview.certifications.expiring).toEqual([
      { partnerId: 'p-expiring', legalName: 'p-expiring Ltd', quarter: '2025-Q4', validUntil: '2026-02-01' },
    ]);
    expect(overview.certifications.expired).toEqual([]);
    expect(overview.certifications.missing).toEqual([]);
    expect(overview.verdicts).toEqual({ 'good-standing': 0, 'at-risk': 3, 'action-required': 1 });
  });

  it('keeps the latest evaluated quarter per partner and the latest certification expiry', () => {
    const h = program();
    expect(h.program().partners['p-review']!.quarter).toBe('2025-Q4');
    // an evaluation of an earlier quarter arriving later does not replace the row
    const q3 = h.partner('p-review').evaluations['2025-Q3']!.evaluation;
    h.append(standingStreamId('p-review'), { type: 'TierStandingEvaluated', data: q3 });
    expect(h.program().partners['p-review']).toMatchObject({ quarter: '2025-Q4', ladderStep: 'tier-review', decision: 'tier-review-held' });
    expect(h.program().partners['p-review']!.latestCertificationValidUntil).toBe('2026-07-15');
    expect(h.program().partners['p-recert']!.latestCertificationValidUntil).toBe('2028-01-15');
  });
});
