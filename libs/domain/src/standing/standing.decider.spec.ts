import { fold } from '../shared/decider';
import { DEFAULT_TERMS_BOOK } from '../program-terms/default-program-terms';
import type { SurveyRatings, TierStandingEvaluated, TierStandingEvent } from './standing.events';
import type { StandingFacts, SurveyFact } from './standing-evaluation';
import { standingDecider, type StandingCommand, type StandingContext } from './standing.decider';
import { deciderSpecification } from './testing/decider-specification';

const spec = deciderSpecification(standingDecider);

const stars = (n: number): SurveyRatings => ({
  productFit: n,
  implementationQuality: n,
  partnerResponsiveness: n,
  trainingEffectiveness: n,
  overallSatisfaction: n,
});
const bad = (id: string, completedAt: string): SurveyFact => ({ surveyId: id, completedAt, ratings: stars(2) });
const good = (id: string, completedAt: string): SurveyFact => ({ surveyId: id, completedAt, ratings: stars(5) });

function facts(surveys: readonly SurveyFact[], overrides: Partial<StandingFacts> = {}): StandingFacts {
  return {
    tierAtQuarterEnd: 'certified',
    staffCount: 3,
    surveys,
    certifications: [{ validFrom: '2024-01-15', validUntil: '2028-01-15' }],
    nfrGrants: [],
    ...overrides,
  };
}
const ctx = (f: StandingFacts | null): StandingContext => ({ terms: DEFAULT_TERMS_BOOK, facts: f });

/** The first instant after the quarter in New York + a little: the quarter has ended. */
const afterQuarter: Record<string, string> = {
  '2025-Q1': '2025-04-01T12:00:00Z',
  '2025-Q2': '2025-07-01T12:00:00Z',
  '2025-Q3': '2025-10-01T12:00:00Z',
  '2025-Q4': '2026-01-01T12:00:00Z',
  '2026-Q1': '2026-04-01T12:00:00Z',
  '2026-Q2': '2026-07-01T12:00:00Z',
};

function evaluateCmd(quarter: string, now = afterQuarter[quarter]!): StandingCommand {
  return { type: 'EvaluateTierStanding', data: { partnerId: 'p-1', quarter }, metadata: { now, commandId: `eval-${quarter}`, actor: 'system:scheduler' } };
}
function decisionCmd(
  quarter: string,
  decision: string,
  notes = 'Improvement plan agreed with the partner',
  decidedAt = '2026-01-05T15:00:00Z',
): StandingCommand {
  return {
    type: 'RecordLadderDecision',
    data: { partnerId: 'p-1', quarter, decision: decision as never, notes, decidedAt },
    metadata: { now: '2026-02-01T00:00:00Z', commandId: `decide-${quarter}`, actor: 'manager:ann' },
  };
}

/** Runs the commands in order through decide/evolve, returning every event. */
function run(steps: ReadonlyArray<[StandingCommand, StandingContext]>): TierStandingEvent[] {
  const all: TierStandingEvent[] = [];
  for (const [command, context] of steps) {
    const state = fold(standingDecider.evolve, standingDecider.initialState(), all);
    all.push(...standingDecider.decide(command, state, context));
  }
  return all;
}
const evaluations = (events: readonly TierStandingEvent[]) =>
  events.filter((e): e is TierStandingEvaluated => e.type === 'TierStandingEvaluated').map((e) => e.data);

describe('standing decider: EvaluateTierStanding (C-3..C-7)', () => {
  it('C-3: records the evaluation as data with the surveys it counted', () => {
    const surveys = [good('a', '2025-05-01T15:00:00Z'), good('b', '2025-06-01T15:00:00Z')];
    spec
      .given([])
      .when(evaluateCmd('2025-Q4'), ctx(facts(surveys)))
      .then([
        {
          type: 'TierStandingEvaluated',
          data: {
            partnerId: 'p-1',
            quarter: '2025-Q4',
            tier: 'certified',
            windowStart: '2025-01-01',
            windowEnd: '2025-12-31',
            surveyIds: ['a', 'b'],
            ratingsCounted: 10,
            positiveRatings: 10,
            csatBp: 10_000,
            minimumBp: 8500,
            result: 'meets',
            consecutiveQuartersBelow: 0,
            ladderStep: 'none',
            certificationStatus: 'valid',
            certificationValidUntil: '2028-01-15',
            staffCount: 3,
            staffMinimum: 2,
            staffMinimumMet: true,
            nfrUsersEntitled: 5,
            nfrActiveUsers: 0,
            nfrValidUntil: null,
            verdict: 'good-standing',
            reasons: [],
            termsVersion: '2024.1',
            evaluatedAt: '2026-01-01T12:00:00Z',
          },
        },
      ]);
  });

  it('C-5: three quarters below with a not-rated quarter between them: warning, (nothing), tier review, realignment', () => {
    // One survey history, as the application would supply it each quarter (all 2-star = 0% CSAT).
    const surveys = [
      bad('A', '2024-05-01T15:00:00Z'), // in the 2025-Q1 window only
      bad('B', '2025-02-01T15:00:00Z'),
      bad('C', '2025-08-01T15:00:00Z'),
      bad('D', '2025-11-01T15:00:00Z'),
    ];
    const events = run(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'].map((q) => [evaluateCmd(q), ctx(facts(surveys))]));
    expect(evaluations(events).map((e) => [e.quarter, e.result, e.consecutiveQuartersBelow, e.ladderStep])).toEqual([
      ['2025-Q1', 'below', 1, 'warning'],
      ['2025-Q2', 'not-rated', 1, 'none'],
      ['2025-Q3', 'below', 2, 'tier-review'],
      ['2025-Q4', 'below', 3, 'realignment-or-suspension'],
    ]);
    expect(events.map((e) => e.type)).toEqual([
      'TierStandingEvaluated',
      'CsatWarningIssued',
      'TierStandingEvaluated',
      'TierStandingEvaluated',
      'TierReviewDue',
      'TierStandingEvaluated',
      'TierRealignmentDue',
    ]);
    expect(events[1]).toEqual({ type: 'CsatWarningIssued', data: { partnerId: 'p-1', quarter: '2025-Q1', csatBp: 0, minimumBp: 8500, ruleId: 'C-5' } });
    expect(events[4]).toEqual({ type: 'TierReviewDue', data: { partnerId: 'p-1', quarter: '2025-Q3', consecutiveQuartersBelow: 2, ruleId: 'C-5' } });
    expect(events[6]).toEqual({ type: 'TierRealignmentDue', data: { partnerId: 'p-1', quarter: '2025-Q4', consecutiveQuartersBelow: 3, ruleId: 'C-5' } });
  });

  it('C-5: a quarter at or above the minimum resets the ladder; the next quarter below starts at a warning again', () => {
    const belowTwice = [bad('B', '2025-02-01T15:00:00Z'), bad('C', '2025-05-01T15:00:00Z'), bad('D', '2025-08-01T15:00:00Z')];
    const goodRun = Array.from({ length: 12 }, (_, i) => good(`G${i}`, `2026-01-${String(10 + i).padStart(2, '0')}T15:00:00Z`));
    const relapse = [bad('F', '2026-04-10T15:00:00Z'), bad('G', '2026-05-10T15:00:00Z')];
    const all = [...belowTwice, ...goodRun, ...relapse];
    const events = run(['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2'].map((q) => [evaluateCmd(q), ctx(facts(all))]));
    expect(evaluations(events).map((e) => [e.quarter, e.result, e.csatBp, e.consecutiveQuartersBelow, e.ladderStep])).toEqual([
      ['2025-Q3', 'below', 0, 1, 'warning'],
      ['2025-Q4', 'below', 0, 2, 'tier-review'],
      ['2026-Q1', 'meets', 8571, 0, 'none'], // 60 of 70 ratings (C and D still in the window)
      ['2026-Q2', 'below', 8000, 1, 'warning'], // 60 of 75 (C left the window; D, F, G in)
    ]);
  });

  it('C-3: a quarter that has not ended (program time zone) is refused', () => {
    spec
      .given([])
      .when(evaluateCmd('2025-Q4', '2026-01-01T04:59:59Z'), ctx(facts([])))
      .thenRefused({ code: 'rule-violation', ruleId: 'C-3', fields: ['quarter'] });
    const events = standingDecider.decide(evaluateCmd('2025-Q4', '2026-01-01T05:00:00Z'), standingDecider.initialState(), ctx(facts([])));
    expect(events.map((e) => e.type)).toEqual(['TierStandingEvaluated']);
  });

  it('C-3: evaluating a quarter again is idempotent (no events), even with other facts', () => {
    const first = run([[evaluateCmd('2025-Q4'), ctx(facts([]))]]);
    spec.given(first).when(evaluateCmd('2025-Q4'), ctx(facts([bad('x', '2025-05-01T15:00:00Z'), bad('y', '2025-05-02T15:00:00Z')]))).thenNothing();
  });

  it('C-5: quarters are evaluated in order: an earlier quarter is a conflict, a gap is refused', () => {
    const first = run([[evaluateCmd('2025-Q3'), ctx(facts([]))]]);
    spec.given(first).when(evaluateCmd('2025-Q2'), ctx(facts([]))).thenRefused({ code: 'conflict', ruleId: 'C-5' });
    spec
      .given(first)
      .when(evaluateCmd('2026-Q1'), ctx(facts([])))
      .thenRefused({ code: 'rule-violation', ruleId: 'C-5', message: /evaluate 2025-Q4 first/ });
  });

  it('refuses an unknown partner, a partner not enrolled by the quarter end, and a malformed quarter (field errors)', () => {
    spec.given([]).when(evaluateCmd('2025-Q4'), ctx(null)).thenRefused({ code: 'validation', fields: ['partnerId'] });
    spec
      .given([])
      .when(evaluateCmd('2025-Q4'), ctx(facts([], { tierAtQuarterEnd: null })))
      .thenRefused({ code: 'validation', fields: ['partnerId'] });
    spec.given([]).when(evaluateCmd('2025-Q5', '2026-01-01T12:00:00Z'), ctx(facts([]))).thenRefused({ code: 'validation', fields: ['quarter'] });
  });
});

describe('standing decider: RecordLadderDecision (C-5)', () => {
  const warned = run([[evaluateCmd('2025-Q4'), ctx(facts([bad('a', '2025-05-01T15:00:00Z'), bad('b', '2025-06-01T15:00:00Z')]))]]);
  const fine = run([[evaluateCmd('2025-Q4'), ctx(facts([good('a', '2025-05-01T15:00:00Z'), good('b', '2025-06-01T15:00:00Z')]))]]);

  it('C-5: records the partner manager decision for a quarter with a due step', () => {
    spec
      .given(warned)
      .when(decisionCmd('2025-Q4', 'improvement-plan'), ctx(null))
      .then([
        {
          type: 'LadderDecisionRecorded',
          data: {
            partnerId: 'p-1',
            quarter: '2025-Q4',
            decision: 'improvement-plan',
            notes: 'Improvement plan agreed with the partner',
            decidedBy: 'manager:ann',
            decidedAt: '2026-01-05T15:00:00Z',
          },
        },
      ]);
  });

  it('C-5: refused for a quarter with no due step or not evaluated', () => {
    spec.given(fine).when(decisionCmd('2025-Q4', 'no-action'), ctx(null)).thenRefused({ code: 'rule-violation', ruleId: 'C-5', message: /no ladder step/ });
    spec.given(warned).when(decisionCmd('2025-Q3', 'no-action'), ctx(null)).thenRefused({ code: 'rule-violation', ruleId: 'C-5', message: /not been evaluated/ });
  });

  it('C-5: the decision must fit the step, be documented, and come after the quarter end', () => {
    spec.given(warned).when(decisionCmd('2025-Q4', 'tier-realigned'), ctx(null)).thenRefused({ code: 'validation', fields: ['decision'] });
    spec.given(warned).when(decisionCmd('2025-Q4', 'promoted'), ctx(null)).thenRefused({ code: 'validation', fields: ['decision'] });
    spec.given(warned).when(decisionCmd('2025-Q4', 'no-action', '  '), ctx(null)).thenRefused({ code: 'validation', fields: ['notes'] });
    spec
      .given(warned)
      .when(decisionCmd('2025-Q4', 'no-action', 'n', '2025-12-31T12:00:00Z'), ctx(null))
      .thenRefused({ code: 'validation', fields: ['decidedAt'] });
  });

  it('C-5: a realignment step accepts tier-realigned or suspended', () => {
    const surveys = [bad('B', '2025-02-01T15:00:00Z'), bad('C', '2025-03-01T15:00:00Z')];
    const third = run(['2025-Q2', '2025-Q3', '2025-Q4'].map((q) => [evaluateCmd(q), ctx(facts(surveys))]));
    expect(evaluations(third)[2]!.ladderStep).toBe('realignment-or-suspension');
    const events = standingDecider.decide(
      decisionCmd('2025-Q4', 'suspended', 'Suspended after three quarters below'),
      fold(standingDecider.evolve, standingDecider.initialState(), third),
      ctx(null),
    );
    expect(events.map((e) => e.type)).toEqual(['LadderDecisionRecorded']);
    spec.given(third).when(decisionCmd('2025-Q4', 'improvement-plan'), ctx(null)).thenRefused({ code: 'validation', fields: ['decision'] });
  });

  it('C-5: one decision per quarter: the same again is a no-op, another is a conflict', () => {
    const decided = [...warned, ...standingDecider.decide(decisionCmd('2025-Q4', 'improvement-plan'), fold(standingDecider.evolve, standingDecider.initialState(), warned), ctx(null))];
    spec.given(decided).when(decisionCmd('2025-Q4', 'improvement-plan'), ctx(null)).thenNothing();
    spec.given(decided).when(decisionCmd('2025-Q4', 'no-action'), ctx(null)).thenRefused({ code: 'conflict', ruleId: 'C-5' });
  });
});
