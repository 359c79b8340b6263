/** Partner events (P-1..P-3, R-3). Stream: `partner-<partnerId>` (see partnerStreamId). */
import type { DomainEvent } from '../shared/decider';
import type { Tier } from '../program-terms/program-terms';

export type TaxForm = 'W-9' | 'W-8';

/** P-1, P-2: a partner joined the program with a tier, staff count, country and tax form (if any). */
export type PartnerEnrolled = DomainEvent<
  'PartnerEnrolled',
  {
    readonly partnerId: string;
    readonly legalName: string;
    readonly tier: Tier;
    readonly staffCount: number;
    /** ISO 3166-1 alpha-2, e.g. "US". */
    readonly country: string;
    readonly taxForm: TaxForm | null;
    /** ISO instant (business time). */
    readonly enrolledAt: string;
    /** ISO date in the program time zone from which the tier is in force. */
    readonly tierEffectiveFrom: string;
    readonly termsVersion: string;
  }
>;

/** P-3: effective-dated tier change; collections before `effectiveFrom` keep the old tier. */
export type PartnerTierChanged = DomainEvent<
  'PartnerTierChanged',
  {
    readonly partnerId: string;
    readonly fromTier: Tier;
    readonly toTier: Tier;
    /** ISO date, program time zone. */
    readonly effectiveFrom: string;
    readonly reason: string;
    readonly changedBy: string;
    readonly termsVersion: string;
  }
>;

/** P-1: the partner reported its staff count (checked against the tier minimum in standing). */
export type PartnerStaffCountReported = DomainEvent<
  'PartnerStaffCountReported',
  { readonly partnerId: string; readonly staffCount: number; readonly reportedAt: string }
>;

/** P-2, S-5: a W-9 (US) or W-8 (elsewhere) is on file; held payouts are released on the next statement. */
export type PartnerTaxFormRecorded = DomainEvent<
  'PartnerTaxFormRecorded',
  { readonly partnerId: string; readonly taxForm: TaxForm; readonly recordedAt: string }
>;

/** explicit grant of the +5 pp new-business license bonus for one quarter. */
export type PerformanceBonusGranted = DomainEvent<
  'PerformanceBonusGranted',
  {
    readonly partnerId: string;
    /** "2026-Q1" */
    readonly quarter: string;
    readonly grantedBy: string;
    readonly reason: string;
    readonly grantedAt: string;
  }
>;

export type PartnerEvent =
  | PartnerEnrolled
  | PartnerTierChanged
  | PartnerStaffCountReported
  | PartnerTaxFormRecorded
  | PerformanceBonusGranted;
