import { DEFAULT_PROGRAM_TERMS } from './default-program-terms';
import { validateProgramTerms } from './program-terms.validation';

describe('validateProgramTerms (T-1..T-3)', () => {
  it('accepts the shipped defaults', () => {
    expect(validateProgramTerms(DEFAULT_PROGRAM_TERMS)).toEqual([]);
  });

  it('T-1: refuses unknown fields at any level (a typo is never stored and ignored)', () => {
    const terms = { ...DEFAULT_PROGRAM_TERMS, bonusPercent: 5, tiers: { ...DEFAULT_PROGRAM_TERMS.tiers, premier: { ...DEFAULT_PROGRAM_TERMS.tiers.premier, newLicenceBp: 3000 } } };
    expect(validateProgramTerms(terms).map((v) => v.field).sort()).toEqual(['terms.bonusPercent', 'terms.tiers.premier.newLicenceBp']);
  });

  it('rejects a non-object', () => {
    expect(validateProgramTerms(null)).toEqual([{ field: 'terms', message: 'must be an object' }]);
    expect(validateProgramTerms([])).toEqual([{ field: 'terms', message: 'must be an object' }]);
  });

  it('T-3: accepts IANA zones and rejects offsets and unknown zones', () => {
    const zone = (timeZone: unknown) => validateProgramTerms({ ...DEFAULT_PROGRAM_TERMS, timeZone }).map((v) => v.field);
    expect(zone('Europe/Berlin')).toEqual([]);
    expect(zone('UTC')).toEqual([]);
    expect(zone('+05:00')).toEqual(['terms.timeZone']);
    expect(zone('Nowhere/Land')).toEqual(['terms.timeZone']);
    expect(zone(42)).toEqual(['terms.timeZone']);
  });

  it('T-2: basis points must be integers within 0..10000, and a tier share plus the bonus at most 10000', () => {
    const withPremier = (newLicenseBp: unknown) =>
      validateProgramTerms({ ...DEFAULT_PROGRAM_TERMS, tiers: { ...DEFAULT_PROGRAM_TERMS.tiers, premier: { ...DEFAULT_PROGRAM_TERMS.tiers.premier, newLicenseBp } } });
    expect(withPremier(0)).toEqual([]);
    expect(withPremier(9500)).toEqual([]);
    expect(withPremier(9501)).toEqual([
      { field: 'terms.tiers.premier.newLicenseBp', message: 'new-license share plus the performance bonus exceeds 10000 bp (R-2, R-3)' },
    ]);
    expect(withPremier('3000')).toEqual([{ field: 'terms.tiers.premier.newLicenseBp', message: 'must be an integer' }]);
    expect(withPremier(30.5)).toEqual([{ field: 'terms.tiers.premier.newLicenseBp', message: 'must be an integer' }]);
  });

  it('checks a missing tier, payout, csat, certification and nfr sections field by field', () => {
    const { premier: _p, ...twoTiers } = DEFAULT_PROGRAM_TERMS.tiers;
    const violations = validateProgramTerms({
      ...DEFAULT_PROGRAM_TERMS,
      tiers: twoTiers,
      payout: {
        minimumPayoutMinor: '100.00',
        paymentDueDays: 0,
        form1099Thresholds: [
          { fromYear: 2026, amountMinor: '200000' },
          { fromYear: 2025, amountMinor: '-1' },
        ],
        form1099Countries: ['us'],
      },
      csat: { windowMonths: 12, minimumSurveys: 0, positiveMinimumStars: 6, ratingsPerSurvey: 5, surveyDelayDays: 30 },
      certification: { trainingWithinDays: 90, passMarkPercent: 101, maxAttempts: 0, validityMonths: 24, expiringWithinDays: 60 },
      nfr: undefined,
    });
    expect(violations.map((v) => v.field)).toEqual([
      'terms.tiers.premier',
      'terms.payout.minimumPayoutMinor',
      'terms.payout.paymentDueDays',
      'terms.payout.form1099Thresholds[1].amountMinor',
      'terms.payout.form1099Thresholds[1].fromYear',
      'terms.payout.form1099Countries[0]',
      'terms.csat.minimumSurveys',
      'terms.csat.positiveMinimumStars',
      'terms.certification.passMarkPercent',
      'terms.certification.maxAttempts',
      'terms.nfr',
    ]);
  });
});
