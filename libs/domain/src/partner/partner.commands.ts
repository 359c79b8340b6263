/** Partner commands (P-1..P-3, R-3, S-5). Stream: `partner-<partnerId>` (see partnerStreamId). */
import type { DomainCommand } from '../shared/decider';
import type { TaxForm } from './partner.events';

/** P-1, P-2. `enrolledAt` (business time) defaults to `metadata.now`; the tier is in force from its local date. */
export type EnrolPartner = DomainCommand<
  'EnrolPartner',
  {
    readonly partnerId: string;
    readonly legalName: string;
    /** Checked against TIERS; typed as string because it arrives from outside. */
    readonly tier: string;
    readonly staffCount: number;
    /** ISO 3166-1 alpha-2, e.g. "US". */
    readonly country: string;
    readonly taxForm: TaxForm | null;
    readonly enrolledAt?: string;
  }
>;

/** P-1, P-3: a tier change from an effective date (ISO date, program time zone). */
export type ChangePartnerTier = DomainCommand<
  'ChangePartnerTier',
  { readonly partnerId: string; readonly toTier: string; readonly effectiveFrom: string; readonly reason: string }
>;

/** P-2. `reportedAt` (business time) defaults to `metadata.now`. */
export type ReportStaffCount = DomainCommand<
  'ReportStaffCount',
  { readonly partnerId: string; readonly staffCount: number; readonly reportedAt?: string }
>;

/** P-2, S-5: W-9 for US partners, W-8 otherwise. */
export type RecordTaxForm = DomainCommand<'RecordTaxForm', { readonly partnerId: string; readonly taxForm: TaxForm }>;

/** once per partner and quarter ("2026-Q1"); the granting manager is `metadata.actor`. */
export type GrantPerformanceBonus = DomainCommand<
  'GrantPerformanceBonus',
  { readonly partnerId: string; readonly quarter: string; readonly reason: string }
>;

export type PartnerCommand = EnrolPartner | ChangePartnerTier | ReportStaffCount | RecordTaxForm | GrantPerformanceBonus;
