import type { SurveyRatings } from './standing.events';

/** C-1: the five named questions of a survey, in their published order. */
export const SURVEY_QUESTIONS: readonly (keyof SurveyRatings)[] = [
  'productFit',
  'implementationQuality',
  'partnerResponsiveness',
  'trainingEffectiveness',
  'overallSatisfaction',
] as const;

export function isSurveyQuestion(key: string): key is keyof SurveyRatings {
  return (SURVEY_QUESTIONS as readonly string[]).includes(key);
}
