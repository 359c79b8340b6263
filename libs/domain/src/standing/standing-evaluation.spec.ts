import fc from 'fast-check';
import { DEFAULT_PROGRAM_TERMS } from '../program-terms/default-program-terms';
import type { SurveyRatings } from './standing.events';
import {
  csatBasisPoints,
  evaluateTierStanding,
  formatPercentBp,
  ladderStepFor,
  nextConsecutiveBelow,
  previousConsecutiveBelow,
  type StandingEvaluationInput,
  type SurveyFact,
} from './standing-evaluation';

const terms = DEFAULT_PROGRAM_TERMS; // America/New_York

function ratings(stars: readonly [number, number, number, number, number]): SurveyRatings {
  const [productFit, implementationQuality, partnerResponsiveness, trainingEffectiveness, overallSatisfaction] = stars;
  return { productFit, implementationQuality, partnerResponsiveness, trainingEffectiveness, overallSatisfaction };
}
const allFives = ratings([5, 5, 5, 5, 5]);
const allTwos = ratings([2, 2, 2, 2, 2]);

function survey(surveyId: string, completedAt: string, r: SurveyRatings = allFives): SurveyFact {
  return { surveyId, completedAt, ratings: r };
}

/** A certified partner in good shape at 2025-Q4, apart from what a test overrides. */
function input(overrides: Partial<StandingEvaluationInput> = {}): StandingEvaluationInput {
  return {
    partnerId: 'p-1',
    quarter: '2025-Q4',
    tier: 'certified',
    staffCount: 3,
    surveys: [survey('s-1', '2025-05-01T15:00:00Z'), survey('s-2', '2025-06-01T15:00:00Z')],
    certifications: [{ validFrom: '2025-01-10', validUntil: '2027-01-10' }],
    nfrGrants: [],
    previousConsecutiveBelow: 0,
    terms,
    ...overrides,
  };
}

describe('standing evaluation: CSAT window (C-3)', () => {
  it('C-3: the window is the 12 calendar months ending at the quarter end (inclusive dates)', () => {
    const e = evaluateTierStanding(input());
    expect(e.windowStart).toBe('2025-01-01');
    expect(e.windowEnd).toBe('2025-12-31');
  });

  it('C-3: a survey exactly 12 months before the quarter end is in; 12 months and 1 day before is out', () => {
    // Quarter end of 2025-Q4 = 2026-01-01T00:00 America/New_York (= 05:00Z).
    const e = evaluateTierStanding(
      input({
        surveys: [
          survey('exactly-12-months', '2025-01-01T05:00:00Z'), // 2025-01-01T00:00 NY
          survey('12-months-and-1-day', '2024-12-31T05:00:00Z', allTwos), // 2024-12-31T00:00 NY
          survey('one-second-too-old', '2025-01-01T04:59:59Z', allTwos), // 2024-12-31T23:59:59 NY
          survey('in-window', '2025-07-01T12:00:00Z'),
        ],
      }),
    );
    expect(e.surveyIds).toEqual(['exactly-12-months', 'in-window']);
    expect(e.csatBp).toBe(10_000);
  });

  it('C-3/T-3: the quarter end is midnight in the program time zone, not UTC', () => {
    const e = evaluateTierStanding(
      input({
        surveys: [
          survey('last-second', '2026-01-01T04:59:59Z'), // 2025-12-31T23:59:59 NY: in Q4
          survey('new-year-utc', '2026-01-01T03:00:00Z'), // 2025-12-31T22:00 NY: in Q4
          survey('next-quarter', '2026-01-01T05:00:00Z', allTwos), // 2026-01-01T00:00 NY: out
        ],
      }),
    );
    expect(e.surveyIds).toEqual(['new-year-utc', 'last-second']);
  });

  it('C-3: exactly 2 completed surveys are a valid score', () => {
    const e = evaluateTierStanding(input());
    expect(e.surveyIds).toHaveLength(2);
    expect(e.ratingsCounted).toBe(10);
    expect(e.csatBp).toBe(10_000);
    expect(e.result).toBe('meets');
  });

  it('C-3: 1 completed survey is "not rated" (no CSAT, no verdict change)', () => {
    const e = evaluateTierStanding(input({ surveys: [survey('only', '2025-05-01T15:00:00Z', allTwos)] }));
    expect(e.csatBp).toBeNull();
    expect(e.result).toBe('not-rated');
    expect(e.consecutiveQuartersBelow).toBe(0);
    expect(e.ladderStep).toBe('none');
    expect(e.verdict).toBe('good-standing');
    expect(e.reasons).toEqual(['C-3: not rated: 1 completed survey(s) in the window, at least 2 needed']);
  });

  it('counts a survey id once even if supplied twice', () => {
    const s = survey('dup', '2025-05-01T15:00:00Z');
    expect(evaluateTierStanding(input({ surveys: [s, s] })).result).toBe('not-rated');
  });
});

describe('standing evaluation: CSAT and minimums (C-2, C-4)', () => {
  it('C-2/C-4: exactly 85.00% meets the certified minimum', () => {
    // 4 surveys = 20 ratings, 17 of them 4 or 5 stars.
    const e = evaluateTierStanding(
      input({
        surveys: [
          survey('a', '2025-02-01T15:00:00Z'),
          survey('b', '2025-03-01T15:00:00Z'),
          survey('c', '2025-04-01T15:00:00Z'),
          survey('d', '2025-05-01T15:00:00Z', ratings([4, 4, 3, 3, 3])),
        ],
      }),
    );
    expect(e.ratingsCounted).toBe(20);
    expect(e.positiveRatings).toBe(17);
    expect(e.csatBp).toBe(8500);
    expect(e.minimumBp).toBe(8500);
    expect(e.result).toBe('meets');
  });

  it('C-2: 4 stars counts as positive, 3 stars does not', () => {
    const e = evaluateTierStanding(
      input({
        surveys: [survey('a', '2025-02-01T15:00:00Z', ratings([4, 4, 4, 4, 4])), survey('b', '2025-03-01T15:00:00Z', ratings([3, 3, 3, 3, 3]))],
      }),
    );
    expect(e.positiveRatings).toBe(5);
    expect(e.csatBp).toBe(5000);
    expect(e.result).toBe('below');
  });

  it('C-2: CSAT basis points are floored, so 84.99…% never shows as 85.00%', () => {
    expect(csatBasisPoints(17, 20)).toBe(8500);
    expect(csatBasisPoints(16_999, 20_000)).toBe(8499); // 84.995%
    expect(csatBasisPoints(2, 3)).toBe(6666);
    expect(csatBasisPoints(0, 5)).toBe(0);
    expect(csatBasisPoints(5, 5)).toBe(10_000);
    expect(formatPercentBp(8499)).toBe('84.99%');
    expect(formatPercentBp(8500)).toBe('85.00%');
    expect(formatPercentBp(10_000)).toBe('100.00%');
  });

  it('C-2: the floored value is exact for any counts (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.nat(), (total, n) => {
        const positive = n % (total + 1);
        const bp = csatBasisPoints(positive, total);
        expect(Number.isInteger(bp)).toBe(true);
        expect(bp * total <= positive * 10_000).toBe(true);
        expect((bp + 1) * total > positive * 10_000).toBe(true);
      }),
    );
  });

  it('C-4: the premier minimum is 90%', () => {
    const surveys = [
      survey('a', '2025-02-01T15:00:00Z'),
      survey('b', '2025-03-01T15:00:00Z', ratings([5, 5, 5, 5, 3])),
    ]; // 9/10 = 90%
    const e = evaluateTierStanding(input({ tier: 'premier', staffCount: 5, surveys }));
    expect(e.csatBp).toBe(9000);
    expect(e.minimumBp).toBe(9000);
    expect(e.result).toBe('meets');
  });

  it('C-4: referral partners have no minimum (no ladder, no certification needed)', () => {
    const e = evaluateTierStanding(
      input({
        tier: 'referral',
        staffCount: 1,
        surveys: [survey('a', '2025-02-01T15:00:00Z', allTwos), survey('b', '2025-03-01T15:00:00Z', allTwos)],
        certifications: [],
        previousConsecutiveBelow: 2,
      }),
    );
    expect(e.csatBp).toBe(0);
    expect(e.minimumBp).toBeNull();
    expect(e.result).toBe('no-minimum');
    expect(e.consecutiveQuartersBelow).toBe(0);
    expect(e.ladderStep).toBe('none');
    expect(e.certificationStatus).toBe('not-required');
    expect(e.verdict).toBe('good-standing');
    expect(e.reasons).toEqual([]);
  });
});

describe('standing evaluation: the below-threshold ladder (C-5)', () => {
  const below = [survey('a', '2025-02-01T15:00:00Z', allTwos), survey('b', '2025-03-01T15:00:00Z')]; // 50%

  it('C-5: 1st quarter below → warning (at risk), with every reason listed', () => {
    const e = evaluateTierStanding(input({ surveys: below }));
    expect(e.result).toBe('below');
    expect(e.consecutiveQuartersBelow).toBe(1);
    expect(e.ladderStep).toBe('warning');
    expect(e.verdict).toBe('at-risk');
    expect(e.reasons).toEqual([
      'C-4: CSAT 50.00% is below the certified minimum of 85.00%',
      'C-5: 1 consecutive quarter below the minimum: warning notice and improvement plan',
    ]);
  });

  it('C-5: 2nd → tier review, 3rd and later → realignment or suspension (action required)', () => {
    expect(evaluateTierStanding(input({ surveys: below, previousConsecutiveBelow: 1 })).ladderStep).toBe('tier-review');
    const third = evaluateTierStanding(input({ surveys: below, previousConsecutiveBelow: 2 }));
    expect(third.ladderStep).toBe('realignment-or-suspension');
    expect(third.verdict).toBe('action-required');
    expect(evaluateTierStanding(input({ surveys: below, previousConsecutiveBelow: 3 })).consecutiveQuartersBelow).toBe(4);
    expect(ladderStepFor(7)).toBe('realignment-or-suspension');
  });

  it('C-5: a quarter at or above the minimum resets the count', () => {
    const e = evaluateTierStanding(input({ previousConsecutiveBelow: 2 }));
    expect(e.result).toBe('meets');
    expect(e.consecutiveQuartersBelow).toBe(0);
    expect(e.ladderStep).toBe('none');
    expect(e.verdict).toBe('good-standing');
  });

  it('C-5 decision: a not-rated quarter neither extends nor resets the count', () => {
    const e = evaluateTierStanding(input({ surveys: [], previousConsecutiveBelow: 1 }));
    expect(e.result).toBe('not-rated');
    expect(e.consecutiveQuartersBelow).toBe(1);
    expect(e.ladderStep).toBe('none');
    expect(e.verdict).toBe('at-risk');
    expect(e.reasons).toContain(
      'C-5: 1 consecutive quarter(s) below the minimum carried forward (a not-rated quarter neither extends nor resets the count)',
    );
    expect(nextConsecutiveBelow('not-rated', 2)).toBe(2);
    expect(nextConsecutiveBelow('meets', 2)).toBe(0);
    expect(nextConsecutiveBelow('below', 2)).toBe(3);
    expect(nextConsecutiveBelow('no-minimum', 2)).toBe(0);
  });

  it('C-5: the carried count is that of the latest evaluation before the quarter', () => {
    const recorded = [
      { quarter: '2025-Q2', consecutiveQuartersBelow: 1 },
      { quarter: '2025-Q3', consecutiveQuartersBelow: 2 },
      { quarter: '2025-Q4', consecutiveQuartersBelow: 3 },
    ];
    expect(previousConsecutiveBelow(recorded, '2025-Q4')).toBe(2);
    expect(previousConsecutiveBelow(recorded, '2026-Q1')).toBe(3);
    expect(previousConsecutiveBelow(recorded, '2025-Q2')).toBe(0);
  });
});

describe('standing evaluation: certification (C-6)', () => {
  it('C-6: a certification expiring mid-quarter is "expiring" at the previous quarter end and "expired" at this one', () => {
    const certifications = [{ validFrom: '2023-11-15', validUntil: '2025-11-15' }];
    const q3 = evaluateTierStanding(input({ quarter: '2025-Q3', certifications }));
    expect(q3.certificationStatus).toBe('expiring'); // 46 days after 2025-09-30
    expect(q3.certificationValidUntil).toBe('2025-11-15');
    expect(q3.verdict).toBe('at-risk');
    expect(q3.reasons).toEqual(['C-6: certification expires on 2025-11-15, within 60 days']);
    const q4 = evaluateTierStanding(input({ quarter: '2025-Q4', certifications }));
    expect(q4.certificationStatus).toBe('expired');
    expect(q4.verdict).toBe('action-required');
    expect(q4.reasons).toEqual(['C-6: certification expired on 2025-11-15']);
  });

  it('C-6: expiring means within 60 days after the quarter end (60 in, 61 out)', () => {
    // 2025-12-31 + 60 days = 2026-03-01
    expect(evaluateTierStanding(input({ certifications: [{ validFrom: '2024-03-01', validUntil: '2026-03-01' }] })).certificationStatus).toBe('expiring');
    expect(evaluateTierStanding(input({ certifications: [{ validFrom: '2024-03-02', validUntil: '2026-03-02' }] })).certificationStatus).toBe('valid');
    // validUntil is the expiry date: expiring on the day after the quarter end is still valid at it
    expect(evaluateTierStanding(input({ certifications: [{ validFrom: '2024-01-01', validUntil: '2026-01-01' }] })).certificationStatus).toBe('expiring');
    expect(evaluateTierStanding(input({ certifications: [{ validFrom: '2023-12-31', validUntil: '2025-12-31' }] })).certificationStatus).toBe('expired');
  });

  it('C-6: a recertification supersedes the expiring one; a grant after the quarter end does not count', () => {
    const old = { validFrom: '2023-11-15', validUntil: '2025-11-15' };
    expect(evaluateTierStanding(input({ certifications: [old, { validFrom: '2025-10-01', validUntil: '2027-10-01' }] })).certificationStatus).toBe('valid');
    const later = evaluateTierStanding(input({ certifications: [old, { validFrom: '2026-01-05', validUntil: '2028-01-05' }] }));
    expect(later.certificationStatus).toBe('expired');
    expect(later.certificationValidUntil).toBe('2025-11-15');
  });

  it('C-6: missing certification for a certified partner requires action', () => {
    const e = evaluateTierStanding(input({ certifications: [] }));
    expect(e.certificationStatus).toBe('missing');
    expect(e.certificationValidUntil).toBeNull();
    expect(e.verdict).toBe('action-required');
    expect(e.reasons).toEqual(['C-6: the certified tier requires a certification and none is held']);
  });
});

describe('standing evaluation: staff (P-1) and NFR (C-7)', () => {
  it('P-1: staff below the tier minimum requires action', () => {
    const e = evaluateTierStanding(input({ tier: 'premier', staffCount: 4 }));
    expect(e.staffMinimum).toBe(5);
    expect(e.staffMinimumMet).toBe(false);
    expect(e.verdict).toBe('action-required');
    expect(e.reasons).toContain('P-1: staff count 4 is below the premier minimum of 5');
  });

  it('C-7: shows the entitlement per tier and the grant active at the quarter end with its expiry', () => {
    const nfrGrants = [
      { users: 5, validFrom: '2025-03-01', validUntil: '2025-09-01' },
      { users: 5, validFrom: '2025-09-01', validUntil: '2026-03-01' },
    ];
    const certified = evaluateTierStanding(input({ nfrGrants }));
    expect(certified.nfrUsersEntitled).toBe(5);
    expect(certified.nfrActiveUsers).toBe(5);
    expect(certified.nfrValidUntil).toBe('2026-03-01');
    expect(evaluateTierStanding(input({ tier: 'premier', staffCount: 5 })).nfrUsersEntitled).toBe(10);
    expect(evaluateTierStanding(input({ tier: 'referral' })).nfrUsersEntitled).toBe(0);
    const lapsed = evaluateTierStanding(input({ nfrGrants: [nfrGrants[0]!] }));
    expect(lapsed.nfrActiveUsers).toBe(0);
    expect(lapsed.nfrValidUntil).toBeNull();
  });

  it('cites the terms version it used (T-1)', () => {
    expect(evaluateTierStanding(input()).termsVersion).toBe(terms.version);
  });
});
