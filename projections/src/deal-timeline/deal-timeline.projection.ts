/**
 * Dispute timeline (D-12): one document per opportunity (`opportunity:<key>`) with every event of
 * the opportunity stream in order — position, revision, event id, type, business and record time,
 * actor, partner, the decision in words, the rule that decided it — and the protection window as
 * it stood after each step. Name aliases (`alias:<normalized company name>` → opportunity keys)
 * let any spelling of a company name that normalizes to the same key (D-2) find the timeline,
 * including opportunities keyed by domain.
 *
 * Pure step: no clock, no I/O. Idempotent by stream revision: a timeline skips events at or before
 * its `lastRevision`. `timelineAsOf` (deal-timeline.query.ts) gives the view at any past instant.
 */
import type { RecordedEvent } from '@ledger/event-store';
import {
  assertNever,
  DEAL_REGISTRATION_EVENT_TYPES,
  isDealRegistrationEventType,
  STREAM_CATEGORIES,
  type DealRegistrationEvent,
} from '@ledger/domain';
import { normalizeCompanyName } from '@ledger/domain/deal-registration/opportunity-key';
import type { Projection, ReadModelDocs } from '../runner/projection';

export const timelineKey = (opportunityKey: string): string => `opportunity:${opportunityKey}`;
export const aliasKey = (normalizedName: string): string => `alias:${normalizedName}`;

/** Who holds the opportunity and how, after a step. */
export interface ProtectionView {
  /** `open`: no registration holds the opportunity (none yet). */
  readonly status: 'open' | 'pending' | 'protected' | 'declined' | 'lapsed' | 'overridden' | 'closed-won' | 'closed-lost';
  readonly registrationId: string | null;
  readonly partnerId: string | null;
  /** D-4 */
  readonly approvalDueBy: string | null;
  readonly approvalOverdue: boolean;
  /** D-5: protection is [startsAt, endsAt). */
  readonly startsAt: string | null;
  readonly endsAt: string | null;
  /** D-7 */
  readonly limitAt: string | null;
  readonly extensions: number;
}

export interface TimelineEntry {
  readonly position: string;
  readonly revision: string;
  readonly eventId: string;
  readonly type: DealRegistrationEvent['type'];
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: string;
  readonly registrationId: string;
  readonly partnerId: string;
  /** The decision in words, e.g. "rejected automatically: an earlier registration is awaiting approval". */
  readonly decision: string;
  /** The PROGRAM_RULES.md rule that decided this step. */
  readonly ruleId: string;
  readonly protection: ProtectionView;
}

export interface DealTimelineDoc {
  readonly kind: 'timeline';
  readonly opportunityKey: string;
  /** Every company name submitted for it, first-seen order. */
  readonly companyNames: readonly string[];
  readonly entries: readonly TimelineEntry[];
  /** The protection view after the last entry. */
  readonly protection: ProtectionView;
  readonly lastRevision: string;
}

export interface OpportunityAliasDoc {
  readonly kind: 'alias';
  readonly normalizedName: string;
  /** Sorted. A name-keyed opportunity and domain-keyed ones may share a name. */
  readonly opportunityKeys: readonly string[];
}

export type DealTimelineReadModel = DealTimelineDoc | OpportunityAliasDoc;

/** Before any registration: nobody holds the opportunity. */
export const OPEN_PROTECTION: ProtectionView = {
  status: 'open',
  registrationId: null,
  partnerId: null,
  approvalDueBy: null,
  approvalOverdue: false,
  startsAt: null,
  endsAt: null,
  limitAt: null,
  extensions: 0,
};

function asDealEvent(event: RecordedEvent): DealRegistrationEvent | null {
  return isDealRegistrationEventType(event.type) ? ({ type: event.type, data: event.data } as DealRegistrationEvent) : null;
}

function companyNameOf(event: DealRegistrationEvent): string | null {
  return event.type === 'DealRegistered' || event.type === 'DealRegistrationRejected' ? event.data.companyName : null;
}

/** Applies one step to the holder's view; steps about another registration leave it unchanged. */
function nextProtection(p: ProtectionView, event: DealRegistrationEvent): ProtectionView {
  const holds = p.registrationId === event.data.registrationId;
  switch (event.type) {
    case 'DealRegistered':
      return { ...OPEN_PROTECTION, status: 'pending', registrationId: event.data.registrationId, partnerId: event.data.partnerId, approvalDueBy: event.data.approvalDueBy };
    case 'DealRegistrationRejected':
    case 'InboundLeadRecorded':
      return p;
    case 'DealRegistrationApproved':
      return holds
        ? { ...p, status: 'protected', startsAt: event.data.protectionStartsAt, endsAt: event.data.protectionEndsAt, limitAt: event.data.protectionLimitAt }
        : p;
    case 'DealRegistrationDeclined':
      return holds ? { ...p, status: 'declined' } : p;
    case 'DealApprovalOverdueFlagged':
      return holds ? { ...p, approvalOverdue: true } : p;
    case 'ProtectionExtended':
      return holds ? { ...p, endsAt: event.data.protectionEndsAt, extensions: p.extensions + 1 } : p;
    case 'ProtectionLapsed':
      return holds ? { ...p, status: 'lapsed' } : p;
    case 'DealRegistrationOverridden': {
      const d = event.data;
      if (d.newPartnerId === null || d.newRegistrationId === null) return holds ? { ...p, status: 'overridden' } : p;
      return {
        ...OPEN_PROTECTION,
        status: 'protected',
        registrationId: d.newRegistrationId,
        partnerId: d.newPartnerId,
        startsAt: d.overriddenAt,
        endsAt: d.protectionEndsAt,
        limitAt: d.protectionLimitAt,
      };
    }
    case 'DealClosedWon':
      return holds ? { ...p, status: 'closed-won' } : p;
    case 'DealClosedLost':
      return holds ? { ...p, status: 'closed-lost' } : p;
    default:
      return assertNever(event, 'deal registration event');
  }
}

/** The decision in words and the rule that decided it. */
function decisionOf(event: DealRegistrationEvent, actor: string): { decision: string; ruleId: string; partnerId: string } {
  switch (event.type) {
    case 'DealRegistered': {
      const d = event.data;
      return {
        decision: `registered first by ${d.partnerId} at ${d.registeredAt}: pending approval, due before ${d.approvalDueBy} (D-4)`,
        ruleId: 'D-3',
        partnerId: d.partnerId,
      };
    }
    case 'DealRegistrationRejected': {
      const d = event.data;
      const why = d.reason === 'duplicate-pending' ? 'an earlier registration is awaiting approval' : 'an earlier registration is protected';
      return { decision: `registration by ${d.partnerId} at ${d.attemptedAt} rejected automatically: ${why}`, ruleId: 'D-3', partnerId: d.partnerId };
    }
    case 'DealRegistrationApproved': {
      const d = event.data;
      const late = d.approvedAfterSla ? '; decided after the approval deadline (D-4)' : '';
      return {
        decision: `approved by ${d.approvedBy}: protected from ${d.protectionStartsAt} until ${d.protectionEndsAt}, at most until ${d.protectionLimitAt} (D-7)${late}`,
        ruleId: 'D-5',
        partnerId: d.partnerId,
      };
    }
    case 'DealRegistrationDeclined': {
      const d = event.data;
      const late = d.declinedAfterSla ? '; decided after the approval deadline' : '';
      return { decision: `declined by ${d.declinedBy}: ${d.reason}${late}`, ruleId: 'D-4', partnerId: d.partnerId };
    }
    case 'DealApprovalOverdueFlagged': {
      const d = event.data;
      return { decision: `approval overdue: still undecided at ${d.flaggedAt}, due before ${d.approvalDueBy}; not auto-approved`, ruleId: 'D-4', partnerId: d.partnerId };
    }
    case 'ProtectionExtended': {
      const d = event.data;
      return {
        decision: `extension ${d.extensionNumber} by ${d.extendedBy}: protection until ${d.protectionEndsAt} (was ${d.previousEndsAt}); progress: ${d.progressNote}`,
        ruleId: 'D-6',
        partnerId: d.partnerId,
      };
    }
    case 'ProtectionLapsed': {
      const d = event.data;
      return { decision: `protection ended at ${d.protectionEndedAt} without a close: registration expired, opportunity open`, ruleId: 'D-8', partnerId: d.partnerId };
    }
    case 'DealRegistrationOverridden': {
      const d = event.data;
      const to =
        d.newPartnerId === null
          ? 'the deal goes to Results direct'
          : `the deal goes to ${d.newPartnerId} (registration ${d.newRegistrationId}, protected until ${d.protectionEndsAt})`;
      return {
        decision: `overridden by ${d.overriddenBy} at the customer's request (${d.requestedBy}): ${d.reason}; ${to}; original partner notified`,
        ruleId: 'D-9',
        partnerId: d.originalPartnerId,
      };
    }
    case 'InboundLeadRecorded': {
      const d = event.data;
      const outcome = d.retainedByPartner ? `retained by ${d.partnerId} (protected then)` : `not retained: ${d.partnerId}'s registration was not protected then`;
      return { decision: `customer came inbound to Results at ${d.receivedAt}: ${outcome}`, ruleId: 'D-10', partnerId: d.partnerId };
    }
    case 'DealClosedWon': {
      const d = event.data;
      const eligible = d.eligibleForCommission ? 'eligible for commission' : 'not eligible for commission';
      return { decision: `closed won at ${d.closedAt}: ${eligible} — ${d.eligibilityReason}`, ruleId: 'D-11', partnerId: d.partnerId };
    }
    case 'DealClosedLost': {
      const d = event.data;
      return { decision: `closed lost at ${d.closedAt} (recorded by ${actor}): ${d.reason}`, ruleId: 'D-11', partnerId: d.partnerId };
    }
    default:
      return assertNever(event, 'deal registration event');
  }
}

function applyToTimeline(doc: DealTimelineDoc | undefined, deal: DealRegistrationEvent, event: RecordedEvent): DealTimelineDoc | null {
  if (doc && BigInt(doc.lastRevision) >= event.revision) return null; // already applied
  const previous = doc?.protection ?? OPEN_PROTECTION;
  const protection = nextProtection(previous, deal);
  const { decision, ruleId, partnerId } = decisionOf(deal, event.metadata.actor);
  const entry: TimelineEntry = {
    position: event.position.toString(),
    revision: event.revision.toString(),
    eventId: event.id,
    type: deal.type,
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.metadata.recordedAt,
    actor: event.metadata.actor,
    registrationId: deal.data.registrationId,
    partnerId,
    decision,
    ruleId,
    protection,
  };
  const name = companyNameOf(deal);
  const names = doc?.companyNames ?? [];
  return {
    kind: 'timeline',
    opportunityKey: deal.data.opportunityKey,
    companyNames: name !== null && !names.includes(name) ? [...names, name] : names,
    entries: [...(doc?.entries ?? []), entry],
    protection,
    lastRevision: event.revision.toString(),
  };
}

export const dealTimelineProjection: Projection<DealTimelineReadModel> = {
  name: 'deal-timeline',
  version: 1,
  filter: { streamNamePrefixes: [`${STREAM_CATEGORIES.opportunity}-`], eventTypes: [...DEAL_REGISTRATION_EVENT_TYPES] },

  keys(event) {
    const deal = asDealEvent(event);
    if (!deal) return [];
    const name = companyNameOf(deal);
    const normalized = name === null ? '' : normalizeCompanyName(name);
    return normalized === '' ? [timelineKey(deal.data.opportunityKey)] : [timelineKey(deal.data.opportunityKey), aliasKey(normalized)];
  },

  apply(docs: ReadModelDocs<DealTimelineReadModel>, event) {
    const out = new Map<string, DealTimelineReadModel>();
    const deal = asDealEvent(event);
    if (!deal) return out;
    const key = timelineKey(deal.data.opportunityKey);
    const current = docs.get(key);
    const timeline = applyToTimeline(current?.kind === 'timeline' ? current : undefined, deal, event);
    if (timeline === null) return out;
    out.set(key, timeline);

    const name = companyNameOf(deal);
    const normalized = name === null ? '' : normalizeCompanyName(name);
    if (normalized !== '') {
      const alias = docs.get(aliasKey(normalized));
      const keys = alias?.kind === 'alias' ? alias.opportunityKeys : [];
      if (!keys.includes(deal.data.opportunityKey)) {
        out.set(aliasKey(normalized), { kind: 'alias', normalizedName: normalized, opportunityKeys: [...keys, deal.data.opportunityKey].sort() });
      }
    }
    return out;
  },
};
