import { CompleteSurveyCommand } from '@ledger/application';
import { SURVEY_QUESTIONS, type CompleteSurvey } from '@ledger/domain';
import { importCommandId, type ImportKind } from '../import-kind';
import { RowReader } from '../row-reader';

/** C-1: the rating columns, in the published question order. */
const RATING_COLUMNS: Readonly<Record<(typeof SURVEY_QUESTIONS)[number], string>> = {
  productFit: 'product_fit',
  implementationQuality: 'implementation_quality',
  partnerResponsiveness: 'partner_responsiveness',
  trainingEffectiveness: 'training_effectiveness',
  overallSatisfaction: 'overall_satisfaction',
};

/** C-1: completed customer satisfaction surveys (five ratings of 1–5 stars). */
export const surveysImport: ImportKind = {
  name: 'surveys',
  description: 'Completed customer satisfaction surveys (C-1)',
  ordered: false,
  columns: [
    { name: 'survey_id', required: true, description: 'survey id, unique' },
    { name: 'customer_key', required: true, description: 'the customer (its opportunity key)' },
    { name: 'partner_id', required: true, description: 'the partner the survey rates' },
    { name: 'go_live_date', required: true, description: 'ISO date the customer went live' },
    ...SURVEY_QUESTIONS.map((q) => ({ name: RATING_COLUMNS[q], required: true, description: '1–5 stars (C-1)' })),
    { name: 'completed_at', required: true, description: 'ISO instant, not before go-live' },
  ],
  fieldColumns: {
    surveyId: 'survey_id',
    customerKey: 'customer_key',
    partnerId: 'partner_id',
    goLiveDate: 'go_live_date',
    completedAt: 'completed_at',
    ...Object.fromEntries(SURVEY_QUESTIONS.map((q) => [`ratings.${q}`, RATING_COLUMNS[q]])),
  },
  plan(row) {
    const r = new RowReader(row);
    const surveyId = r.required('survey_id');
    const data: CompleteSurvey['data'] = {
      surveyId,
      customerKey: r.required('customer_key'),
      partnerId: r.required('partner_id'),
      goLiveDate: r.required('go_live_date'),
      ratings: Object.fromEntries(SURVEY_QUESTIONS.map((q) => [q, r.integer(RATING_COLUMNS[q])])),
      completedAt: r.required('completed_at'),
    };
    if (r.violations.length > 0) return { violations: r.violations };
    return {
      steps: [
        {
          commandId: importCommandId('survey', surveyId, data),
          key: `survey:${surveyId}`,
          at: data.completedAt,
          command: (meta) => new CompleteSurveyCommand(data, meta),
        },
      ],
    };
  },
};
