/**
 * Deal registration commands (D-1..D-11). Each targets one opportunity stream
 * (`opportunityStreamId(opportunityKey)`): `RegisterDeal` derives the key from the company
 * (`opportunityKey`), every other command names it. Record time is `metadata.now`; the optional
 * business times (`registeredAt`, `approvedAt`, …) exist for historical imports and late entry
 * and default to `metadata.now`; none may be in the future.
 */
import type { DomainCommand } from '../shared/decider';
import type { MoneyJson } from '../shared/money';
import type { PrimaryContact } from './deal-registration.events';

/** D-1, D-3. The application layer appends with the stream's expected revision. */
export type RegisterDeal = DomainCommand<
  'RegisterDeal',
  {
    readonly registrationId: string;
    readonly partnerId: string;
    readonly companyName: string;
    readonly companyDomain?: string | null;
    readonly primaryContact: PrimaryContact;
    readonly estimatedArr: MoneyJson;
    /** ISO date, not before the registration's local date. */
    readonly expectedCloseDate: string;
    readonly description: string;
    /** D-3: historical imports keep their original timestamp, in timestamp order. */
    readonly registeredAt?: string;
  }
>;

/** D-4, D-5: protection starts at approval. The approver is `metadata.actor`. */
export type ApproveDealRegistration = DomainCommand<
  'ApproveDealRegistration',
  { readonly opportunityKey: string; readonly registrationId: string; readonly approvedAt?: string }
>;

/** D-4 */
export type DeclineDealRegistration = DomainCommand<
  'DeclineDealRegistration',
  { readonly opportunityKey: string; readonly registrationId: string; readonly reason: string; readonly declinedAt?: string }
>;

/** D-4 sweep as of `metadata.now`: flags a pending registration past its SLA (never approves it). */
export type FlagOverdueApprovals = DomainCommand<'FlagOverdueApprovals', { readonly opportunityKey: string }>;

/** D-6, D-7: requested while protection is active, with a non-empty note on sales progress. */
export type ExtendProtection = DomainCommand<
  'ExtendProtection',
  { readonly opportunityKey: string; readonly registrationId: string; readonly progressNote: string }
>;

/** D-8 sweep as of `metadata.now`: records the lapse of protection that ended without a close. */
export type ExpireProtection = DomainCommand<'ExpireProtection', { readonly opportunityKey: string }>;

/**
 * D-9: customer-preference override. `newPartnerId` null = Results direct (then
 * `newRegistrationId` must be null too); otherwise the new partner gets a new registration,
 * approved and protected from the override. The Results user is `metadata.actor`.
 */
export type OverrideDealRegistration = DomainCommand<
  'OverrideDealRegistration',
  {
    readonly opportunityKey: string;
    readonly registrationId: string;
    /** Who asked, e.g. "Jane Roe, CFO of Acme". */
    readonly requestedBy: string;
    readonly reason: string;
    readonly newPartnerId: string | null;
    readonly newRegistrationId: string | null;
  }
>;

/** D-10: the customer came to Results directly. */
export type RecordInboundLead = DomainCommand<'RecordInboundLead', { readonly opportunityKey: string; readonly receivedAt?: string }>;

/** D-11 */
export type CloseDealWon = DomainCommand<
  'CloseDealWon',
  { readonly opportunityKey: string; readonly registrationId: string; readonly closedAt?: string }
>;

export type CloseDealLost = DomainCommand<
  'CloseDealLost',
  { readonly opportunityKey: string; readonly registrationId: string; readonly reason: string; readonly closedAt?: string }
>;

export type DealRegistrationCommand =
  | RegisterDeal
  | ApproveDealRegistration
  | DeclineDealRegistration
  | FlagOverdueApprovals
  | ExtendProtection
  | ExpireProtection
  | OverrideDealRegistration
  | RecordInboundLead
  | CloseDealWon
  | CloseDealLost;
