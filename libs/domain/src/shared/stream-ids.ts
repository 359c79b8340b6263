/** One function per aggregate for stream names (STYLE rule 5); never build them inline. */
export const STREAM_CATEGORIES = {
  programTerms: 'program-terms',
  partner: 'partner',
  opportunity: 'opportunity',
  payment: 'payment',
  renewal: 'renewal',
  quarter: 'quarter',
  statement: 'statement',
  survey: 'survey',
  certification: 'certification',
  nfr: 'nfr',
  standing: 'standing',
} as const;

export const programTermsStreamId = (): string => 'program-terms';
export const partnerStreamId = (partnerId: string): string => `partner-${partnerId}`;
export const opportunityStreamId = (opportunityKey: string): string => `opportunity-${opportunityKey}`;
export const paymentStreamId = (paymentId: string): string => `payment-${paymentId}`;
export const renewalStreamId = (customerKey: string): string => `renewal-${customerKey}`;
export const quarterStreamId = (quarter: string): string => `quarter-${quarter}`;
export const statementStreamId = (partnerId: string, quarter: string): string => `statement-${partnerId}-${quarter}`;
export const surveyStreamId = (surveyId: string): string => `survey-${surveyId}`;
export const certificationStreamId = (partnerId: string): string => `certification-${partnerId}`;
export const nfrStreamId = (partnerId: string): string => `nfr-${partnerId}`;
export const standingStreamId = (partnerId: string): string => `standing-${partnerId}`;
