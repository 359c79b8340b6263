/**
 * T-1: structural and semantic validation of one program-terms version. Input is `unknown`
 * because terms arrive as JSON (HTTP, CLI, configuration files); every problem is reported as a
 * field-level violation with its path (e.g. `tiers.premier.newLicenseBp`).
 */
import { Temporal } from 'temporal-polyfill';
import { isValidPlainDate } from '../shared/business-time';
import { DomainError, type FieldViolation } from '../shared/domain-error';
import { isKnownCurrency } from '../shared/money';
import { DEFAULT_PROGRAM_TERMS } from './default-program-terms';
import { TIERS, type ProgramTerms } from './program-terms';

const MAX_BP = 10_000;
const MINOR_UNITS = /^(0|[1-9][0-9]{0,17})$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const COUNTRY = /^[A-Z]{2}$/;

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** T-3: an IANA zone id Temporal knows ("America/New_York", "UTC"); offsets like "+05:00" are not zones. */
export function isValidTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || /^[+-]/.test(value)) return false;
  try {
    Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(value);
    return true;
  } catch {
    return false;
  }
}

class Checker {
  readonly violations: FieldViolation[] = [];

  add(field: string, message: string): void {
    this.violations.push({ field, message });
  }

  /** Returns the object at `field`, or reports it and returns null. */
  object(value: unknown, field: string): Obj | null {
    if (isObject(value)) return value;
    this.add(field, 'must be an object');
    return null;
  }

  integer(value: unknown, field: string, min: number, max = Number.MAX_SAFE_INTEGER): void {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      this.add(field, 'must be an integer');
    } else if (value < min || value > max) {
      this.add(field, max === Number.MAX_SAFE_INTEGER ? `must be at least ${min}` : `must be between ${min} and ${max}`);
    }
  }

  /** T-2: integer basis points 0..10000. */
  bp(value: unknown, field: string): void {
    this.integer(value, field, 0, MAX_BP);
  }

  /** A duration in days/months: a positive integer. */
  duration(value: unknown, field: string): void {
    this.integer(value, field, 1);
  }

  boolean(value: unknown, field: string): void {
    if (typeof value !== 'boolean') this.add(field, 'must be true or false');
  }

  minorUnits(value: unknown, field: string): void {
    if (typeof value !== 'string' || !MINOR_UNITS.test(value)) {
      this.add(field, 'must be a non-negative integer number of minor units, as a string');
    }
  }

  date(value: unknown, field: string): void {
    if (!isValidPlainDate(value)) this.add(field, 'must be an ISO date (YYYY-MM-DD)');
  }
}

/**
 * T-1..T-3: every violation in one terms version (empty when valid). Checks integer basis points
 * 0..10000 (T-2), positive integer durations, a known currency, an IANA time zone (T-3), ISO
 * holiday dates (D-4), all three tiers (P-1) and consistent limits (e.g. the D-7 maximum is at
 * least the D-5 initial protection).
 */
export function validateProgramTerms(terms: unknown, prefix = 'terms'): readonly FieldViolation[] {
  const c = new Checker();
  const f = (name: string): string => (prefix ? `${prefix}.${name}` : name);
  const t = c.object(terms, prefix || 'terms');
  if (!t) return c.violations;

  if (typeof t.version !== 'string' || !VERSION.test(t.version)) {
    c.add(f('version'), 'must be 1–40 characters: letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  c.date(t.effectiveFrom, f('effectiveFrom'));
  if (typeof t.currency !== 'string' || !isKnownCurrency(t.currency)) c.add(f('currency'), 'must be a known ISO 4217 currency code');
  if (!isValidTimeZone(t.timeZone)) c.add(f('timeZone'), 'must be an IANA time zone (e.g. "America/New_York") (T-3)');

  if (!Array.isArray(t.holidays)) {
    c.add(f('holidays'), 'must be a list of ISO dates (D-4)');
  } else {
    const seen = new Set<string>();
    t.holidays.forEach((h: unknown, i) => {
      if (!isValidPlainDate(h)) c.add(f(`holidays[${i}]`), 'must be an ISO date (YYYY-MM-DD) (D-4)');
      else if (seen.has(h)) c.add(f(`holidays[${i}]`), `duplicate holiday ${h}`);
      else seen.add(h);
    });
  }

  c.bp(t.performanceBonusBp, f('performanceBonusBp'));
  c.bp(t.partnerDeliveredServicesBp, f('partnerDeliveredServicesBp'));

  const tiers = c.object(t.tiers, f('tiers'));
  if (tiers) {
    for (const key of Object.keys(tiers)) {
      if (!(TIERS as readonly string[]).includes(key)) c.add(f(`tiers.${key}`), `unknown tier; tiers are ${TIERS.join(', ')} (P-1)`);
    }
    for (const tier of TIERS) {
      const field = f(`tiers.${tier}`);
      const tt = c.object(tiers[tier], field);
      if (!tt) continue;
      c.integer(tt.staffMinimum, `${field}.staffMinimum`, 1);
      c.bp(tt.newLicenseBp, `${field}.newLicenseBp`);
      c.bp(tt.resultsServicesBp, `${field}.resultsServicesBp`);
      c.bp(tt.renewalBp, `${field}.renewalBp`);
      if (tt.csatMinimumBp !== null) c.bp(tt.csatMinimumBp, `${field}.csatMinimumBp`);
      c.boolean(tt.certificationRequired, `${field}.certificationRequired`);
      c.integer(tt.nfrUsers, `${field}.nfrUsers`, 0);
      if (
        Number.isSafeInteger(tt.newLicenseBp) &&
        Number.isSafeInteger(t.performanceBonusBp) &&
        (tt.newLicenseBp as number) + (t.performanceBonusBp as number) > MAX_BP
      ) {
        c.add(`${field}.newLicenseBp`, 'new-license share plus the performance bonus exceeds 10000 bp (R-2, R-3)');
      }
    }
  }

  const reg = c.object(t.registration, f('registration'));
  if (reg) {
    c.duration(reg.approvalSlaBusinessDays, f('registration.approvalSlaBusinessDays'));
    c.duration(reg.protectionDays, f('registration.protectionDays'));
    c.duration(reg.extensionDays, f('registration.extensionDays'));
    c.duration(reg.maxProtectionDays, f('registration.maxProtectionDays'));
    if (
      Number.isSafeInteger(reg.protectionDays) &&
      Number.isSafeInteger(reg.maxProtectionDays) &&
      (reg.maxProtectionDays as number) < (reg.protectionDays as number)
    ) {
      c.add(f('registration.maxProtectionDays'), 'must be at least protectionDays (D-5, D-7)');
    }
  }

  const payout = c.object(t.payout, f('payout'));
  if (payout) {
    c.minorUnits(payout.minimumPayoutMinor, f('payout.minimumPayoutMinor'));
    c.duration(payout.paymentDueDays, f('payout.paymentDueDays'));
    if (!Array.isArray(payout.form1099Thresholds) || payout.form1099Thresholds.length === 0) {
      c.add(f('payout.form1099Thresholds'), 'must be a non-empty list (S-6)');
    } else {
      let previousYear = -Infinity;
      payout.form1099Thresholds.forEach((th: unknown, i) => {
        const field = f(`payout.form1099Thresholds[${i}]`);
        const o = c.object(th, field);
        if (!o) return;
        c.integer(o.fromYear, `${field}.fromYear`, 1900, 9999);
        c.minorUnits(o.amountMinor, `${field}.amountMinor`);
        if (typeof o.fromYear === 'number') {
          if (o.fromYear <= previousYear) c.add(`${field}.fromYear`, 'thresholds must be in strictly ascending fromYear order (S-6)');
          previousYear = o.fromYear;
        }
      });
    }
    if (!Array.isArray(payout.form1099Countries)) {
      c.add(f('payout.form1099Countries'), 'must be a list of ISO 3166-1 alpha-2 country codes');
    } else {
      payout.form1099Countries.forEach((code: unknown, i) => {
        if (typeof code !== 'string' || !COUNTRY.test(code)) c.add(f(`payout.form1099Countries[${i}]`), 'must be an ISO 3166-1 alpha-2 code');
      });
    }
  }

  const csat = c.object(t.csat, f('csat'));
  if (csat) {
    c.duration(csat.windowMonths, f('csat.windowMonths'));
    c.integer(csat.minimumSurveys, f('csat.minimumSurveys'), 1);
    c.integer(csat.positiveMinimumStars, f('csat.positiveMinimumStars'), 1, 5);
    c.integer(csat.ratingsPerSurvey, f('csat.ratingsPerSurvey'), 1);
    c.duration(csat.surveyDelayDays, f('csat.surveyDelayDays'));
  }

  const cert = c.object(t.certification, f('certification'));
  if (cert) {
    c.duration(cert.trainingWithinDays, f('certification.trainingWithinDays'));
    c.integer(cert.passMarkPercent, f('certification.passMarkPercent'), 0, 100);
    c.integer(cert.maxAttempts, f('certification.maxAttempts'), 1);
    c.duration(cert.validityMonths, f('certification.validityMonths'));
    c.duration(cert.expiringWithinDays, f('certification.expiringWithinDays'));
  }

  const nfr = c.object(t.nfr, f('nfr'));
  if (nfr) c.duration(nfr.termMonths, f('nfr.termMonths'));

  for (const v of unknownFields(terms, DEFAULT_PROGRAM_TERMS, prefix || 'terms')) c.add(v.field, v.message);
  return c.violations;
}

/** Throws a T-1 validation DomainError listing every violation. */
export function assertValidProgramTerms(terms: unknown, prefix = 'terms'): asserts terms is ProgramTerms {
  const violations = validateProgramTerms(terms, prefix);
  if (violations.length > 0) throw DomainError.validation(violations, 'T-1');
}

/**
 * T-1: the terms are ONE typed object; a key the type does not have (a typo such as
 * `newLicenceBp`) would be stored and silently ignored, so it is refused. The shipped default terms
 * serve as the shape: every object level, and each item of an array of objects.
 */
function unknownFields(value: unknown, shape: unknown, path: string): FieldViolation[] {
  if (typeof value !== 'object' || value === null || typeof shape !== 'object' || shape === null) return [];
  if (Array.isArray(value) || Array.isArray(shape)) {
    const itemShape = Array.isArray(shape) ? shape[0] : undefined;
    return Array.isArray(value) ? value.flatMap((item, i) => unknownFields(item, itemShape, `${path}[${i}]`)) : [];
  }
  const known = shape as Record<string, unknown>;
  return Object.keys(value).flatMap((key) =>
    Object.prototype.hasOwnProperty.call(known, key)
      ? unknownFields((value as Record<string, unknown>)[key], known[key], `${path}.${key}`)
      : [{ field: `${path}.${key}`, message: 'unknown field; the program terms have no such setting (T-1)' }],
  );
}
