/**
 * D-12 replay check: would today's decider, with the given terms book, decide a disputed
 * opportunity the way the ledger recorded it?
 *
 * The opportunity stream's events are grouped by `metadata.commandId` (consecutive events of one
 * decision). Each group's command is reconstructed from its events, re-decided by today's
 * decider on the state folded from the RECORDED events before it (so one difference does not
 * cascade), and its events compared field by field with the recorded ones. A step `differs` when
 * the event types or any data field differ, or today's decider refuses the command; a change of
 * the cited `termsVersion` alone is listed in `termsVersionChanges` but is not a different decision.
 *
 * Reconstruction: the command's `now` is the decision time the decider wrote into the data where
 * there is one (`flaggedAt`, `extendedAt`, `overriddenAt`, a lapse's `recordedAt`), otherwise the
 * event's `metadata.recordedAt`; business times (`registeredAt`, `approvedAt`, `declinedAt`,
 * `receivedAt`, `closedAt`) are passed explicitly only when they differ from `now` (an import or
 * late entry), exactly as the original command must have carried them. The actor is
 * `metadata.actor`. Partner states are not in the opportunity stream: pass `partnerAt` to check
 * enrolment as recorded in partner streams; without it every named partner is assumed enrolled
 * (the original decision checked it).
 */
import { assertNever, fold } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import type { ProgramTermsBook } from '../program-terms/program-terms';
import type { PartnerState } from '../partner/partner.state';
import type { DealRegistrationCommand } from './deal-registration.commands';
import { dealRegistrationDecider } from './deal-registration.decider';
import { isDealRegistrationEventType, type DealRegistrationEvent } from './deal-registration.events';
import type { OpportunityState } from './deal-registration.state';

/** The parts of a recorded event the check needs (structurally a subset of the store's RecordedEvent). */
export interface ReplayableEvent {
  readonly type: string;
  readonly data: unknown;
  readonly metadata: { readonly commandId: string; readonly actor: string; readonly recordedAt: string; readonly occurredAt?: string };
}

export interface ReplayEventView {
  readonly type: string;
  readonly data: unknown;
}

export interface ReplayStep {
  /** 0-based index of the group's first event in the stream. */
  readonly fromIndex: number;
  readonly commandId: string;
  readonly commandType: DealRegistrationCommand['type'] | null;
  readonly outcome: 'same' | 'differs';
  readonly recorded: readonly ReplayEventView[];
  /** What today's decider produces; null when it refuses or the command cannot be rebuilt. */
  readonly expected: readonly ReplayEventView[] | null;
  /** e.g. `[0] DealRegistrationApproved.protectionEndsAt: recorded "…", expected "…"`. */
  readonly differences: readonly string[];
  /**
   * Changes of the cited terms version alone (`….termsVersion: recorded "2024.1", expected "2026.1"`):
   * reported, but not a different decision, so they do not make the step differ.
   */
  readonly termsVersionChanges: readonly string[];
}

export interface ReplayReport {
  readonly opportunityKey: string | null;
  readonly steps: readonly ReplayStep[];
  readonly allSame: boolean;
}

export interface ReplayOptions {
  /** The partner's state as of the decision (from its partner stream); default: assumed enrolled. */
  readonly partnerAt?: (partnerId: string, at: string) => PartnerState | null;
}

function assumedEnrolled(partnerId: string): PartnerState {
  return {
    partnerId,
    legalName: partnerId,
    country: 'US',
    staffCount: 0,
    taxForm: null,
    enrolledAt: '1970-01-01T00:00:00Z',
    tierHistory: [{ tier: 'referral', effectiveFrom: '1970-01-01' }],
    bonusQuarters: [],
  };
}

interface Rebuilt {
  readonly command: DealRegistrationCommand;
  /** The partner whose state is the decider's context, if any. */
  readonly partnerId: string | null;
}

class NotReplayable extends Error {}

/** `value` when it differs from `now` (an explicit business time), else undefined. */
const explicit = (value: string, now: string): string | undefined => (value === now ? undefined : value);

function rebuild(group: readonly ReplayableEvent[]): Rebuilt {
  const unknown = group.find((e) => !isDealRegistrationEventType(e.type));
  if (unknown) throw new NotReplayable(`unknown event type "${unknown.type}"`);
  const events = group as unknown as readonly DealRegistrationEvent[];
  const last = events[events.length - 1]!;
  const lapse = events.find((e) => e.type === 'ProtectionLapsed');
  const { commandId, actor, recordedAt } = group[group.length - 1]!.metadata;
  const make = (type: DealRegistrationCommand['type'], data: object, now: string, partnerId: string | null = null): Rebuilt => ({
    command: { type, data, metadata: { now, commandId, actor } } as DealRegistrationCommand,
    partnerId,
  });
  switch (last.type) {
    case 'DealRegistered': {
      const d = last.data;
      const now = lapse?.type === 'ProtectionLapsed' ? lapse.data.recordedAt : recordedAt;
      return make(
        'RegisterDeal',
        {
          registrationId: d.registrationId,
          partnerId: d.partnerId,
          companyName: d.companyName,
          companyDomain: d.companyDomain,
          primaryContact: d.primaryContact,
          estimatedArr: d.estimatedArr,
          expectedCloseDate: d.expectedCloseDate,
          description: d.description,
          registeredAt: explicit(d.registeredAt, now),
        },
        now,
        d.partnerId,
      );
    }
    case 'DealRegistrationRejected': {
      const d = last.data;
      if (!d.primaryContact || !d.estimatedArr || d.expectedCloseDate === undefined || d.description === undefined) {
        throw new NotReplayable('the recorded rejection lacks the attempt\'s data (contact, ARR, close date, description) needed to re-decide it');
      }
      return make(
        'RegisterDeal',
        {
          registrationId: d.registrationId,
          partnerId: d.partnerId,
          companyName: d.companyName,
          companyDomain: d.companyDomain ?? null,
          primaryContact: d.primaryContact,
          estimatedArr: d.estimatedArr,
          expectedCloseDate: d.expectedCloseDate,
          description: d.description,
          registeredAt: explicit(d.attemptedAt, recordedAt),
        },
        recordedAt,
        d.partnerId,
      );
    }
    case 'DealRegistrationApproved': {
      const d = last.data;
      return make('ApproveDealRegistration', { opportunityKey: d.opportunityKey, registrationId: d.registrationId, approvedAt: explicit(d.approvedAt, recordedAt) }, recordedAt);
    }
    case 'DealRegistrationDeclined': {
      const d = last.data;
      return make(
        'DeclineDealRegistration',
        { opportunityKey: d.opportunityKey, registrationId: d.registrationId, reason: d.reason, declinedAt: explicit(d.declinedAt, recordedAt) },
        recordedAt,
      );
    }
    case 'DealApprovalOverdueFlagged':
      return make('FlagOverdueApprovals', { opportunityKey: last.data.opportunityKey }, last.data.flaggedAt);
    case 'ProtectionExtended': {
      const d = last.data;
      return make('ExtendProtection', { opportunityKey: d.opportunityKey, registrationId: d.registrationId, progressNote: d.progressNote }, d.extendedAt);
    }
    case 'ProtectionLapsed':
      return make('ExpireProtection', { opportunityKey: last.data.opportunityKey }, last.data.recordedAt);
    case 'DealRegistrationOverridden': {
      const d = last.data;
      return make(
        'OverrideDealRegistration',
        {
          opportunityKey: d.opportunityKey,
          registrationId: d.registrationId,
          requestedBy: d.requestedBy,
          reason: d.reason,
          newPartnerId: d.newPartnerId,
          newRegistrationId: d.newRegistrationId,
        },
        d.overriddenAt,
        d.newPartnerId,
      );
    }
    case 'InboundLeadRecorded': {
      const d = last.data;
      return make('RecordInboundLead', { opportunityKey: d.opportunityKey, receivedAt: explicit(d.receivedAt, recordedAt) }, recordedAt);
    }
    case 'DealClosedWon': {
      const d = last.data;
      return make('CloseDealWon', { opportunityKey: d.opportunityKey, registrationId: d.registrationId, closedAt: explicit(d.closedAt, recordedAt) }, recordedAt);
    }
    case 'DealClosedLost': {
      const d = last.data;
      return make(
        'CloseDealLost',
        { opportunityKey: d.opportunityKey, registrationId: d.registrationId, reason: d.reason, closedAt: explicit(d.closedAt, recordedAt) },
        recordedAt,
      );
    }
    default:
      return assertNever(last, 'deal registration event');
  }
}

/** Field-by-field differences between two JSON-like values; `undefined` and absent are the same. */
function diff(path: string, recorded: unknown, expected: unknown, out: string[]): void {
  if (recorded === expected) return;
  const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
  if (isObj(recorded) && isObj(expected) && Array.isArray(recorded) === Array.isArray(expected)) {
    const keys = [...new Set([...Object.keys(recorded), ...Object.keys(expected)])].sort();
    for (const k of keys) diff(`${path}.${k}`, recorded[k], expected[k], out);
    return;
  }
  out.push(`${path}: recorded ${JSON.stringify(recorded)}, expected ${JSON.stringify(expected)}`);
}

function compare(recorded: readonly ReplayEventView[], expected: readonly ReplayEventView[]): string[] {
  const out: string[] = [];
  const types = (list: readonly ReplayEventView[]) => list.map((e) => e.type).join(', ');
  if (types(recorded) !== types(expected)) {
    out.push(`event types: recorded [${types(recorded)}], expected [${types(expected)}]`);
    return out;
  }
  recorded.forEach((r, i) => diff(`[${i}] ${r.type}`, r.data, expected[i]!.data, out));
  return out;
}

const TERMS_VERSION = /^\[\d+\] \w+\.termsVersion: /;

function groups(events: readonly ReplayableEvent[]): { fromIndex: number; events: ReplayableEvent[] }[] {
  const result: { fromIndex: number; events: ReplayableEvent[] }[] = [];
  events.forEach((event, index) => {
    const current = result[result.length - 1];
    if (current && current.events[0]!.metadata.commandId === event.metadata.commandId) current.events.push(event);
    else result.push({ fromIndex: index, events: [event] });
  });
  return result;
}

/** D-12: re-decides every recorded decision of one opportunity stream with today's decider and `terms`. */
export function replayCheck(events: readonly ReplayableEvent[], terms: ProgramTermsBook, options: ReplayOptions = {}): ReplayReport {
  const partnerAt = options.partnerAt ?? ((partnerId: string) => assumedEnrolled(partnerId));
  const { decide, evolve, initialState } = dealRegistrationDecider;
  let state: OpportunityState = initialState();
  const steps: ReplayStep[] = [];

  for (const group of groups(events)) {
    const recorded = group.events.map(({ type, data }) => ({ type, data }));
    let commandType: DealRegistrationCommand['type'] | null = null;
    let expected: ReplayEventView[] | null = null;
    let differences: string[];
    let termsVersionChanges: string[] = [];
    try {
      const { command, partnerId } = rebuild(group.events);
      commandType = command.type;
      const partner = partnerId === null ? null : partnerAt(partnerId, command.metadata.now);
      expected = decide(command, state, { terms, partner }).map(({ type, data }) => ({ type, data }));
      const all = compare(recorded, expected);
      termsVersionChanges = all.filter((line) => TERMS_VERSION.test(line));
      differences = all.filter((line) => !TERMS_VERSION.test(line));
    } catch (e) {
      if (!(e instanceof DomainError || e instanceof NotReplayable)) throw e;
      differences = [e instanceof DomainError ? `today's decider refuses the command: ${e.message}` : `not replayable: ${e.message}`];
    }
    steps.push({
      fromIndex: group.fromIndex,
      commandId: group.events[0]!.metadata.commandId,
      commandType,
      outcome: differences.length === 0 ? 'same' : 'differs',
      recorded,
      expected,
      differences,
      termsVersionChanges,
    });
    // An unknown event type cannot change the decider's state: it is reported above and skipped.
    const known = group.events.filter((e) => isDealRegistrationEventType(e.type)) as unknown as readonly DealRegistrationEvent[];
    state = fold(evolve, state, known);
  }
  return { opportunityKey: state.opportunityKey, steps, allSame: steps.every((s) => s.outcome === 'same') };
}
