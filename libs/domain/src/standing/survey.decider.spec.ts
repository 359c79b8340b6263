import { DEFAULT_TERMS_BOOK } from '../program-terms/default-program-terms';
import type { SurveyCompleted } from './standing.events';
import { surveyDecider, type CompleteSurvey, type SurveyContext } from './survey.decider';
import { deciderSpecification } from './testing/decider-specification';

const spec = deciderSpecification(surveyDecider);
const known: SurveyContext = { partner: { partnerId: 'p-1', tier: 'certified' }, terms: DEFAULT_TERMS_BOOK };
const unknown: SurveyContext = { partner: null, terms: DEFAULT_TERMS_BOOK };
const fives = { productFit: 5, implementationQuality: 5, partnerResponsiveness: 4, trainingEffectiveness: 3, overallSatisfaction: 5 };

function complete(overrides: Partial<CompleteSurvey['data']> = {}, now = '2025-06-30T12:00:00Z'): CompleteSurvey {
  return {
    type: 'CompleteSurvey',
    data: {
      surveyId: 'sv-1',
      customerKey: 'acme',
      partnerId: 'p-1',
      goLiveDate: '2025-04-01',
      ratings: fives,
      completedAt: '2025-05-02T14:00:00Z',
      ...overrides,
    },
    metadata: { now, commandId: 'cmd-1', actor: 'test' },
  };
}

const completed: SurveyCompleted = {
  type: 'SurveyCompleted',
  data: {
    surveyId: 'sv-1',
    customerKey: 'acme',
    partnerId: 'p-1',
    goLiveDate: '2025-04-01',
    ratings: fives,
    completedAt: '2025-05-02T14:00:00Z',
  },
};

describe('survey decider (C-1)', () => {
  it('C-1: records a completed survey with the five named ratings', () => {
    spec.given([]).when(complete(), known).then([completed]);
  });

  it('C-1: normalises the completion instant to UTC', () => {
    spec
      .given([])
      .when(complete({ completedAt: '2025-05-02T10:00:00-04:00' }), known)
      .then([completed]);
  });

  it('C-1: ratings outside 1–5 or not integers are refused field by field, with no events', () => {
    spec
      .given([])
      .when(
        complete({
          ratings: { productFit: 0, implementationQuality: 6, partnerResponsiveness: 4.5, trainingEffectiveness: '5', overallSatisfaction: 5 },
        }),
        known,
      )
      .thenRefused({
        code: 'validation',
        ruleId: 'C-1',
        fields: ['ratings.productFit', 'ratings.implementationQuality', 'ratings.partnerResponsiveness', 'ratings.trainingEffectiveness'],
      });
  });

  it('C-1: four ratings (a count other than five) are refused', () => {
    const { overallSatisfaction: _dropped, ...four } = fives;
    const error = spec
      .given([])
      .when(complete({ ratings: four }), known)
      .thenRefused({ code: 'validation', ruleId: 'C-1', fields: ['ratings', 'ratings.overallSatisfaction'] });
    expect(error.violations[0]!.message).toBe('C-1: a survey has exactly 5 ratings, got 4');
  });

  it('C-1: six ratings (an unknown question) are refused', () => {
    spec
      .given([])
      .when(complete({ ratings: { ...fives, valueForMoney: 5 } }), known)
      .thenRefused({ code: 'validation', ruleId: 'C-1', fields: ['ratings', 'ratings.valueForMoney'] });
  });

  it('C-1: five ratings with a wrong key are refused (missing and unknown question)', () => {
    const { productFit: _dropped, ...rest } = fives;
    spec
      .given([])
      .when(complete({ ratings: { ...rest, productfit: 5 } }), known)
      .thenRefused({ code: 'validation', fields: ['ratings.productfit', 'ratings.productFit'] });
  });

  it('C-1: ratings that are not an object are refused', () => {
    spec
      .given([])
      .when(complete({ ratings: [5, 5, 5, 5, 5] as unknown as CompleteSurvey['data']['ratings'] }), known)
      .thenRefused({ code: 'validation', fields: ['ratings'] });
  });

  it('C-1: an unknown partner is a field error on partnerId, with no events', () => {
    spec.given([]).when(complete(), unknown).thenRefused({ code: 'validation', ruleId: 'C-1', fields: ['partnerId'] });
  });

  it('C-1: completion before go-live is refused (program time zone)', () => {
    spec
      .given([])
      .when(complete({ completedAt: '2025-03-31T23:00:00Z' }), known)
      .thenRefused({ code: 'validation', ruleId: 'C-1', fields: ['completedAt'] });
    // 2025-04-01T03:00Z is still 2025-03-31 in New York: before go-live.
    spec
      .given([])
      .when(complete({ completedAt: '2025-04-01T03:00:00Z' }), known)
      .thenRefused({ code: 'validation', fields: ['completedAt'] });
  });

  it('C-1: completion on the go-live day is accepted', () => {
    spec
      .given([])
      .when(complete({ completedAt: '2025-04-01T04:00:00Z' }), known) // 00:00 in New York
      .then([{ type: 'SurveyCompleted', data: { ...completed.data, completedAt: '2025-04-01T04:00:00Z' } }]);
  });

  it('refuses a completion after the record time, and malformed ids and dates', () => {
    spec
      .given([])
      .when(complete({ completedAt: '2025-07-01T00:00:00Z' }), known)
      .thenRefused({ code: 'validation', fields: ['completedAt'] });
    spec
      .given([])
      .when(complete({ surveyId: ' ', customerKey: '', goLiveDate: '2025-02-30', completedAt: 'yesterday' }), known)
      .thenRefused({ code: 'validation', fields: ['surveyId', 'customerKey', 'goLiveDate', 'completedAt'] });
  });

  it('C-1: the same survey again is idempotent (no events)', () => {
    spec.given([completed]).when(complete({ completedAt: '2025-05-02T10:00:00-04:00' }), known).thenNothing();
  });

  it('C-1: the same survey id with a different payload is a conflict', () => {
    spec
      .given([completed])
      .when(complete({ ratings: { ...fives, productFit: 1 } }), known)
      .thenRefused({ code: 'conflict', ruleId: 'C-1' });
  });
});
