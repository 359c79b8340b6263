/**
 * Program terms as data (T-1). Every rate, threshold, duration, time zone and holiday used by
 * any rule lives here, versioned and effective-dated. Deciders and projections receive the
 * terms book and pick the version in force on the business date of the fact they price.
 */
import { Temporal } from 'temporal-polyfill';
import type { BasisPoints } from '../shared/money';

export const TIERS = ['referral', 'certified', 'premier'] as const;
export type Tier = (typeof TIERS)[number];

export function isTier(value: unknown): value is Tier {
  return typeof value === 'string' && (TIERS as readonly string[]).includes(value);
}

export interface TierTerms {
  /** P-1: minimum staff count for the tier. */
  readonly staffMinimum: number;
  /** new-business (first contract year) license share. */
  readonly newLicenseBp: BasisPoints;
  /** Results-delivered services share. */
  readonly resultsServicesBp: BasisPoints;
  /** renewal order share; 0 = no renewal commission (referral). */
  readonly renewalBp: BasisPoints;
  /** C-4: CSAT minimum in basis points of a percent (85% = 8500); null = none. */
  readonly csatMinimumBp: BasisPoints | null;
  /** C-6: certification required for the tier. */
  readonly certificationRequired: boolean;
  /** C-7: NFR users granted; 0 = no entitlement. */
  readonly nfrUsers: number;
}

export interface Form1099Threshold {
  /** First calendar payment year this threshold applies to. */
  readonly fromYear: number;
  readonly amountMinor: string;
}

export interface ProgramTerms {
  /** Human-readable version cited on every derived number, e.g. "2026.1". */
  readonly version: string;
  /** ISO date (program time zone) from which this version is in force. */
  readonly effectiveFrom: string;
  readonly currency: string;
  /** T-3: quarters, years and business days are computed in this zone. */
  readonly timeZone: string;
  /** D-4: non-business days besides Saturday and Sunday (ISO dates). */
  readonly holidays: readonly string[];
  readonly tiers: Readonly<Record<Tier, TierTerms>>;
  /** extra basis points on new-business licenses when the bonus is granted. */
  readonly performanceBonusBp: BasisPoints;
  /** share Results pays on partner-delivered services (0: partner bills the customer). */
  readonly partnerDeliveredServicesBp: BasisPoints;
  readonly registration: {
    /** D-4 */ readonly approvalSlaBusinessDays: number;
    /** D-5 */ readonly protectionDays: number;
    /** D-6 */ readonly extensionDays: number;
    /** D-7 */ readonly maxProtectionDays: number;
  };
  readonly payout: {
    /** S-2 */ readonly minimumPayoutMinor: string;
    /** S-4: days after quarter end within which Results pays. */
    readonly paymentDueDays: number;
    /** S-6: effective-dated 1099 thresholds (by payment year). */
    readonly form1099Thresholds: readonly Form1099Threshold[];
    /** S-6: countries whose partners are 1099 candidates. */
    readonly form1099Countries: readonly string[];
  };
  readonly csat: {
    /** C-3 */ readonly windowMonths: number;
    /** C-3 */ readonly minimumSurveys: number;
    /** C-2 */ readonly positiveMinimumStars: number;
    /** C-1 */ readonly ratingsPerSurvey: number;
    /** C-1 */ readonly surveyDelayDays: number;
  };
  readonly certification: {
    /** C-6 */ readonly trainingWithinDays: number;
    /** C-6: pass mark in percent points. */ readonly passMarkPercent: number;
    /** C-6: 1 attempt + 2 retakes. */ readonly maxAttempts: number;
    /** C-6 */ readonly validityMonths: number;
    /** C-6 */ readonly expiringWithinDays: number;
  };
  readonly nfr: {
    /** C-7 */ readonly termMonths: number;
  };
}

/** All versions, ordered by effectiveFrom ascending. */
export interface ProgramTermsBook {
  readonly versions: readonly ProgramTerms[];
}

/**
 * T-1: the terms in force on a business date (ISO date in the program time zone).
 * The latest version whose effectiveFrom ≤ date; the first version applies before any.
 */
export function termsInForce(book: ProgramTermsBook, date: string | Temporal.PlainDate): ProgramTerms {
  if (book.versions.length === 0) throw new Error('T-1: the terms book has no versions');
  const d = typeof date === 'string' ? Temporal.PlainDate.from(date) : date;
  let current = book.versions[0]!;
  for (const v of book.versions) {
    if (Temporal.PlainDate.compare(Temporal.PlainDate.from(v.effectiveFrom), d) <= 0) current = v;
  }
  return current;
}

/** T-1/T-3: the terms in force at a business instant, using the program time zone. */
export function termsInForceAt(book: ProgramTermsBook, instant: string | Temporal.Instant): ProgramTerms {
  const first = book.versions[0];
  if (!first) throw new Error('T-1: the terms book has no versions');
  const i = typeof instant === 'string' ? Temporal.Instant.from(instant) : instant;
  // The time zone itself is terms data; use the zone of the first version to find the date,
  // then the version in force on that date (a zone change would itself be a new version).
  const date = i.toZonedDateTimeISO(first.timeZone).toPlainDate();
  return termsInForce(book, date);
}

export function bookWith(book: ProgramTermsBook, amended: ProgramTerms): ProgramTermsBook {
  const versions = [...book.versions.filter((v) => v.version !== amended.version), amended].sort((a, b) =>
    Temporal.PlainDate.compare(Temporal.PlainDate.from(a.effectiveFrom), Temporal.PlainDate.from(b.effectiveFrom)),
  );
  return { versions };
}
