/**
 * Survey decider (C-1). Stream: `survey-<surveyId>` (surveyStreamId). One completed survey per
 * stream: a retry with the same payload produces nothing, a different payload is a conflict.
 *
 * Decision: a survey may be completed any time on or after go-live. C-1's "sent 30 days after
 * go-live" describes when Results sends it, which happens outside the ledger, so an early answer
 * is still recorded; a completion before go-live or after the record time is refused.
 */
import { Temporal } from 'temporal-polyfill';
import { assertNever, type Decider, type DomainCommand } from '../shared/decider';
import { DomainError, Violations } from '../shared/domain-error';
import { isValidPlainDate, localDate } from '../shared/business-time';
import { termsInForceAt, type ProgramTermsBook } from '../program-terms/program-terms';
import type { SurveyCompleted, SurveyEvent, SurveyRatings } from './standing.events';
import type { KnownPartner } from './known-partner';
import { SURVEY_QUESTIONS, isSurveyQuestion } from './survey-questions';
import { checkInstantNotAfter, isNonEmpty } from './standing-input';

export type CompleteSurvey = DomainCommand<
  'CompleteSurvey',
  {
    readonly surveyId: string;
    readonly customerKey: string;
    readonly partnerId: string;
    /** ISO date (program time zone). */
    readonly goLiveDate: string;
    /**
     * C-1: exactly the five named questions → 1..5 stars. Also typed open because it arrives
     * from outside: extra, missing or non-integer entries are refused field by field.
     */
    readonly ratings: SurveyRatings | Readonly<Record<string, unknown>>;
    /** ISO instant (business time). */
    readonly completedAt: string;
  }
>;

export type SurveyCommand = CompleteSurvey;

export interface SurveyState {
  readonly completed: SurveyCompleted['data'] | null;
}

export interface SurveyContext {
  /** The partner named by `partnerId`; null when unknown. */
  readonly partner: KnownPartner | null;
  readonly terms: ProgramTermsBook;
}

export const surveyDecider: Decider<SurveyCommand, SurveyEvent, SurveyState, SurveyContext> = {
  initialState: () => ({ completed: null }),

  evolve(state, event) {
    switch (event.type) {
      case 'SurveyCompleted':
        return { completed: event.data };
      default:
        return assertNever(event.type, 'survey event');
    }
  },

  decide(command, state, context) {
    switch (command.type) {
      case 'CompleteSurvey':
        return completeSurvey(command, state, context);
      default:
        return assertNever(command.type, 'survey command');
    }
  },
};

function completeSurvey(command: CompleteSurvey, state: SurveyState, context: SurveyContext): SurveyEvent[] {
  const d = command.data;
  const v = new Violations();
  v.check(isNonEmpty(d.surveyId), 'surveyId', 'is required');
  v.check(isNonEmpty(d.customerKey), 'customerKey', 'is required');
  if (!isNonEmpty(d.partnerId)) v.add('partnerId', 'is required');
  else if (context.partner === null) v.add('partnerId', `unknown partner "${d.partnerId}" (C-1: a survey belongs to an enrolled partner)`);
  v.check(isValidPlainDate(d.goLiveDate), 'goLiveDate', 'must be an ISO date (YYYY-MM-DD)');
  const completedAt = checkInstantNotAfter(d.completedAt, command.metadata.now, 'completedAt', v);
  if (completedAt !== null && isValidPlainDate(d.goLiveDate)) {
    const completedOn = localDate(completedAt, termsInForceAt(context.terms, completedAt).timeZone);
    if (Temporal.PlainDate.compare(completedOn, Temporal.PlainDate.from(d.goLiveDate)) < 0) {
      v.add('completedAt', `C-1: a survey cannot be completed (${completedOn}) before go-live (${d.goLiveDate})`);
    }
  }
  const ratings = validateRatings(d.ratings, v);
  v.throwIfAny('C-1');

  const data: SurveyCompleted['data'] = {
    surveyId: d.surveyId,
    customerKey: d.customerKey,
    partnerId: d.partnerId,
    goLiveDate: d.goLiveDate,
    ratings: ratings!,
    completedAt: completedAt!.toString(),
  };
  if (state.completed !== null) {
    if (sameSurvey(state.completed, data)) return [];
    throw DomainError.conflict(
      `C-1: survey "${d.surveyId}" was already completed with a different payload; a survey is completed once`,
      'C-1',
    );
  }
  return [{ type: 'SurveyCompleted', data }];
}

/** C-1: exactly the five named questions, each an integer 1..5. */
function validateRatings(input: unknown, v: Violations): SurveyRatings | null {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    v.add('ratings', `C-1: must be an object with exactly the ${SURVEY_QUESTIONS.length} questions ${SURVEY_QUESTIONS.join(', ')}`);
    return null;
  }
  const entries = input as Record<string, unknown>;
  const keys = Object.keys(entries);
  let ok = true;
  if (keys.length !== SURVEY_QUESTIONS.length) {
    v.add('ratings', `C-1: a survey has exactly ${SURVEY_QUESTIONS.length} ratings, got ${keys.length}`);
    ok = false;
  }
  for (const key of keys) {
    if (!isSurveyQuestion(key)) {
      v.add(`ratings.${key}`, 'C-1: unknown question');
      ok = false;
    }
  }
  for (const question of SURVEY_QUESTIONS) {
    const stars = entries[question];
    if (!(question in entries)) {
      v.add(`ratings.${question}`, 'C-1: rating missing');
      ok = false;
    } else if (typeof stars !== 'number' || !Number.isInteger(stars) || stars < 1 || stars > 5) {
      v.add(`ratings.${question}`, `C-1: must be an integer from 1 to 5 stars, got ${JSON.stringify(stars)}`);
      ok = false;
    }
  }
  if (!ok) return null;
  const r = entries as Record<keyof SurveyRatings, number>;
  return {
    productFit: r.productFit,
    implementationQuality: r.implementationQuality,
    partnerResponsiveness: r.partnerResponsiveness,
    trainingEffectiveness: r.trainingEffectiveness,
    overallSatisfaction: r.overallSatisfaction,
  };
}

function sameSurvey(a: SurveyCompleted['data'], b: SurveyCompleted['data']): boolean {
  return (
    a.surveyId === b.surveyId &&
    a.customerKey === b.customerKey &&
    a.partnerId === b.partnerId &&
    a.goLiveDate === b.goLiveDate &&
    Temporal.Instant.compare(Temporal.Instant.from(a.completedAt), Temporal.Instant.from(b.completedAt)) === 0 &&
    SURVEY_QUESTIONS.every((q) => a.ratings[q] === b.ratings[q])
  );
}
