/**
 * NFR (not-for-resale) licenses decider (C-7). Stream: `nfr-<partnerId>` (nfrStreamId).
 * Users by tier and the term come from the terms in force on the business date (T-1).
 *
 * Decisions:
 * - `GrantNfrLicenses` is the first grant only; every later term is a `RenewNfrLicenses`.
 * - Renewal continues the current term: renewed while the latest grant is active (or before it
 *   starts), the new term starts on its expiry date; renewed after it lapsed, it starts on the
 *   renewal date. A renewal whose term has not started yet blocks another (conflict).
 * - "While the tier is maintained" (C-7): the partner's current tier entitles to NFR users and the
 *   latest standing verdict is not `action-required` (certification missing/expired, staff below
 *   minimum, tier review or realignment due). No evaluation yet → maintained.
 * - Users follow the partner's tier on the grant/renewal date (a tier change shows at renewal).
 */
import { Temporal } from 'temporal-polyfill';
import { assertNever, type Decider, type DomainCommand } from '../shared/decider';
import { DomainError, Violations } from '../shared/domain-error';
import { localDate } from '../shared/business-time';
import { termsInForceAt, type ProgramTermsBook } from '../program-terms/program-terms';
import type { NfrEvent, NfrLicensesGranted } from './standing.events';
import type { KnownPartner } from './known-partner';
import type { StandingVerdict } from './standing-evaluation';
import { checkInstantNotAfter, isNonEmpty, sameInstant } from './standing-input';

export type GrantNfrLicenses = DomainCommand<
  'GrantNfrLicenses',
  { readonly partnerId: string; /** ISO instant */ readonly grantedAt: string }
>;

export type RenewNfrLicenses = DomainCommand<
  'RenewNfrLicenses',
  { readonly partnerId: string; /** ISO instant */ readonly renewedAt: string }
>;

export type NfrCommand = GrantNfrLicenses | RenewNfrLicenses;

export interface NfrState {
  readonly grants: readonly NfrLicensesGranted['data'][];
}

export interface NfrContext {
  /** The partner with its tier on the command's business date; null when unknown. */
  readonly partner: KnownPartner | null;
  /** The partner's latest `TierStandingEvaluated`, if any. */
  readonly latestStanding: { readonly quarter: string; readonly verdict: StandingVerdict } | null;
  readonly terms: ProgramTermsBook;
}

export const nfrDecider: Decider<NfrCommand, NfrEvent, NfrState, NfrContext> = {
  initialState: () => ({ grants: [] }),

  evolve(state, event) {
    switch (event.type) {
      case 'NfrLicensesGranted':
        return { grants: [...state.grants, event.data] };
      default:
        return assertNever(event.type, 'NFR event');
    }
  },

  decide(command, state, context) {
    switch (command.type) {
      case 'GrantNfrLicenses':
        return grant(command, state, context);
      case 'RenewNfrLicenses':
        return renew(command, state, context);
      default:
        return assertNever(command, 'NFR command');
    }
  },
};

function grant(command: GrantNfrLicenses, state: NfrState, context: NfrContext): NfrEvent[] {
  const at = checkInput(command.data.partnerId, command.data.grantedAt, 'grantedAt', command.metadata.now, context);
  const first = state.grants[0];
  if (first !== undefined) {
    if (!first.renewal && sameInstant(first.grantedAt, at)) return [];
    throw DomainError.conflict('C-7: NFR licenses were already granted; renew them instead', 'C-7');
  }
  const partner = context.partner!;
  const terms = termsInForceAt(context.terms, at);
  const users = terms.tiers[partner.tier].nfrUsers;
  if (users <= 0) {
    throw DomainError.rule('C-7', `C-7: the ${partner.tier} tier has no NFR license entitlement`, 'partnerId');
  }
  const validFrom = localDate(at, terms.timeZone);
  return [grantEvent(command.data.partnerId, partner, users, validFrom, terms.nfr.termMonths, false, terms.version, at)];
}

function renew(command: RenewNfrLicenses, state: NfrState, context: NfrContext): NfrEvent[] {
  const at = checkInput(command.data.partnerId, command.data.renewedAt, 'renewedAt', command.metadata.now, context);
  const latest = state.grants[state.grants.length - 1];
  if (latest === undefined) throw DomainError.rule('C-7', 'C-7: no NFR licenses to renew; grant them first', 'partnerId');
  if (latest.renewal && sameInstant(latest.grantedAt, at)) return [];
  if (Temporal.Instant.compare(at, Temporal.Instant.from(latest.grantedAt)) < 0) {
    throw DomainError.validation([{ field: 'renewedAt', message: `C-7: before the latest grant (${latest.grantedAt})` }], 'C-7');
  }
  const partner = context.partner!;
  const terms = termsInForceAt(context.terms, at);
  const users = terms.tiers[partner.tier].nfrUsers;
  if (users <= 0) {
    throw DomainError.rule('C-7', `C-7: NFR licenses renew only while the tier is maintained; the ${partner.tier} tier has none`, 'partnerId');
  }
  if (context.latestStanding?.verdict === 'action-required') {
    throw DomainError.rule(
      'C-7',
      `C-7: NFR licenses renew only while the tier is maintained; the ${context.latestStanding.quarter} standing requires action`,
      'partnerId',
    );
  }
  const date = localDate(at, terms.timeZone);
  const currentFrom = Temporal.PlainDate.from(latest.validFrom);
  const currentUntil = Temporal.PlainDate.from(latest.validUntil);
  if (Temporal.PlainDate.compare(date, currentFrom) < 0) {
    throw DomainError.conflict(`C-7: NFR licenses are already renewed until ${latest.validUntil}`, 'C-7');
  }
  const validFrom = Temporal.PlainDate.compare(date, currentUntil) < 0 ? currentUntil : date;
  return [grantEvent(command.data.partnerId, partner, users, validFrom, terms.nfr.termMonths, true, terms.version, at)];
}

function checkInput(partnerId: string, instant: string, field: string, now: string, context: NfrContext): Temporal.Instant {
  const v = new Violations();
  if (!isNonEmpty(partnerId)) v.add('partnerId', 'is required');
  else if (context.partner === null) v.add('partnerId', `unknown partner "${partnerId}"`);
  const at = checkInstantNotAfter(instant, now, field, v);
  v.throwIfAny('C-7');
  return at!;
}

function grantEvent(
  partnerId: string,
  partner: KnownPartner,
  users: number,
  validFrom: Temporal.PlainDate,
  termMonths: number,
  renewal: boolean,
  termsVersion: string,
  grantedAt: Temporal.Instant,
): NfrLicensesGranted {
  return {
    type: 'NfrLicensesGranted',
    data: {
      partnerId,
      tier: partner.tier,
      users,
      validFrom: validFrom.toString(),
      validUntil: validFrom.add({ months: termMonths }).toString(),
      renewal,
      termsVersion,
      grantedAt: grantedAt.toString(),
    },
  };
}
