/**
 * The Results Software Partner Program as shipped (seed 000, PROGRAM_RULES.md). Data, not
 * constants: the ledger records it as the first `ProgramTermsAmended` event and every later
 * change is a new effective-dated version (T-1).
 */
import type { ProgramTerms, ProgramTermsBook } from './program-terms';

/** US federal holidays observed by Results (D-4), 2024–2028. */
const US_HOLIDAYS: readonly string[] = [
  '2024-01-01', '2024-01-15', '2024-02-19', '2024-05-27', '2024-06-19', '2024-07-04', '2024-09-02', '2024-10-14', '2024-11-11', '2024-11-28', '2024-12-25',
  '2025-01-01', '2025-01-20', '2025-02-17', '2025-05-26', '2025-06-19', '2025-07-04', '2025-09-01', '2025-10-13', '2025-11-11', '2025-11-27', '2025-12-25',
  '2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25',
  '2027-01-01', '2027-01-18', '2027-02-15', '2027-05-31', '2027-06-18', '2027-07-05', '2027-09-06', '2027-10-11', '2027-11-11', '2027-11-25', '2027-12-24',
  '2028-01-17', '2028-02-21', '2028-05-29', '2028-06-19', '2028-07-04', '2028-09-04', '2028-10-09', '2028-11-10', '2028-11-23', '2028-12-25',
];

export const DEFAULT_PROGRAM_TERMS: ProgramTerms = {
  version: '2024.1',
  effectiveFrom: '2024-01-01',
  currency: 'USD',
  timeZone: 'America/New_York',
  holidays: US_HOLIDAYS,
  tiers: {
    referral: { staffMinimum: 1, newLicenseBp: 1000, resultsServicesBp: 1000, renewalBp: 0, csatMinimumBp: null, certificationRequired: false, nfrUsers: 0 },
    certified: { staffMinimum: 2, newLicenseBp: 2000, resultsServicesBp: 1500, renewalBp: 1500, csatMinimumBp: 8500, certificationRequired: true, nfrUsers: 5 },
    premier: { staffMinimum: 5, newLicenseBp: 3000, resultsServicesBp: 2000, renewalBp: 2000, csatMinimumBp: 9000, certificationRequired: true, nfrUsers: 10 },
  },
  performanceBonusBp: 500,
  partnerDeliveredServicesBp: 0,
  registration: { approvalSlaBusinessDays: 2, protectionDays: 45, extensionDays: 45, maxProtectionDays: 180 },
  payout: {
    minimumPayoutMinor: '10000',
    paymentDueDays: 30,
    form1099Thresholds: [
      { fromYear: 1900, amountMinor: '60000' },
      { fromYear: 2026, amountMinor: '200000' },
    ],
    form1099Countries: ['US'],
  },
  csat: { windowMonths: 12, minimumSurveys: 2, positiveMinimumStars: 4, ratingsPerSurvey: 5, surveyDelayDays: 30 },
  certification: { trainingWithinDays: 90, passMarkPercent: 80, maxAttempts: 3, validityMonths: 24, expiringWithinDays: 60 },
  nfr: { termMonths: 6 },
};

export const DEFAULT_TERMS_BOOK: ProgramTermsBook = { versions: [DEFAULT_PROGRAM_TERMS] };
