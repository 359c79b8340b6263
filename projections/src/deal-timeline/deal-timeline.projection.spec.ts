import type { Json, RecordedEvent } from '@ledger/event-store';
import type { DealRegistrationEvent } from '@ledger/domain';
import { canonicalJson } from '@ledger/domain';
import {
  aliasKey,
  dealTimelineProjection as projection,
  timelineKey,
  type DealTimelineDoc,
  type DealTimelineReadModel,
  type OpportunityAliasDoc,
} from './deal-timeline.projection';
import { aliasKeyForCompanyName, timelineAsOf } from './deal-timeline.query';

const contact = { name: 'Wile E. Coyote', email: 'wile@acme.example' };
const arr = { amountMinor: '5000000', currency: 'USD' };

interface Step {
  readonly event: DealRegistrationEvent;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: string;
  readonly commandId: string;
}

/** Builds RecordedEvents by hand: one stream per opportunity key, global positions 1, 2, 3 … */
function recordAll(steps: readonly Step[]): RecordedEvent[] {
  const revisions = new Map<string, bigint>();
  return steps.map((s, i) => {
    const streamName = `opportunity-${s.event.data.opportunityKey}`;
    const revision = (revisions.get(streamName) ?? -1n) + 1n;
    revisions.set(streamName, revision);
    return {
      id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      type: s.event.type,
      data: s.event.data as unknown as Json,
      metadata: {
        correlationId: s.commandId,
        causationId: s.commandId,
        actor: s.actor,
        commandId: s.commandId,
        occurredAt: s.occurredAt,
        recordedAt: s.recordedAt,
        schemaVersion: 1,
      },
      streamName,
      revision,
      position: BigInt(i + 1),
    };
  });
}

/** A minimal runner: keys → load → apply → store. */
function run(events: readonly RecordedEvent[], store = new Map<string, DealTimelineReadModel>()): Map<string, DealTimelineReadModel> {
  for (const event of events) {
    const docs = new Map(projection.keys(event).map((k) => [k, store.get(k)]));
    for (const [k, doc] of projection.apply(docs, event)) {
      expect(docs.has(k)).toBe(true); // only declared keys are written
      if (doc === null) store.delete(k);
      else store.set(k, doc);
    }
  }
  return store;
}

const step = (event: DealRegistrationEvent, occurredAt: string, recordedAt = occurredAt, actor = 'user:results-anna', commandId = `cmd-${occurredAt}`): Step => ({
  event,
  occurredAt,
  recordedAt,
  actor,
  commandId,
});

// America/New_York: registered Fri 16 Jan 2026 15:00 EST, approved Tue 20 Jan.
const T = {
  registered: '2026-01-16T20:00:00Z',
  rejected: '2026-01-16T20:00:00Z',
  approved: '2026-01-20T15:00:00Z',
  ends45: '2026-03-06T15:00:00Z',
  extended: '2026-03-01T15:00:00Z',
  ends90: '2026-04-20T14:00:00Z',
  limit: '2026-07-19T14:00:00Z',
  inbound: '2026-03-10T15:00:00Z',
  lapseRecorded: '2026-04-21T09:00:00Z',
  overridden: '2026-04-22T15:00:00Z',
  ends4: '2026-06-06T15:00:00Z',
  limit4: '2026-10-19T15:00:00Z',
  closed: '2026-05-01T15:00:00Z',
};

const disputed: Step[] = [
  step(
    {
      type: 'DealRegistered',
      data: {
        registrationId: 'reg-1', opportunityKey: 'acme', partnerId: 'p-north', companyName: 'ACME, Inc.', companyDomain: null, primaryContact: contact,
        estimatedArr: arr, expectedCloseDate: '2026-04-30', description: 'FSM rollout', registeredAt: T.registered, approvalDueBy: '2026-01-22T05:00:00Z', termsVersion: '2024.1',
      },
    },
    T.registered, T.registered, 'partner:p-north',
  ),
  step(
    {
      type: 'DealRegistrationRejected',
      data: {
        registrationId: 'reg-2', opportunityKey: 'acme', partnerId: 'p-south', companyName: 'Acme Inc', reason: 'duplicate-pending', ruleId: 'D-3',
        notice: 'Registration reg-2 for "Acme Inc" was rejected automatically: an earlier registration for this opportunity is awaiting approval (D-3: first registration wins).',
        attemptedAt: T.rejected,
      },
    },
    T.rejected, '2026-01-16T20:00:00.001Z', 'partner:p-south',
  ),
  step(
    {
      type: 'DealRegistrationApproved',
      data: {
        registrationId: 'reg-1', opportunityKey: 'acme', partnerId: 'p-north', approvedBy: 'user:results-anna', approvedAt: T.approved, protectionStartsAt: T.approved,
        protectionEndsAt: T.ends45, protectionLimitAt: T.limit, approvedAfterSla: false, termsVersion: '2024.1',
      },
    },
    T.approved,
  ),
  step(
    {
      type: 'ProtectionExtended',
      data: {
        registrationId: 'reg-1', opportunityKey: 'acme', partnerId: 'p-north', progressNote: 'POC running', extendedBy: 'partner:p-north', extendedAt: T.extended,
        previousEndsAt: T.ends45, protectionEndsAt: T.ends90, extensionNumber: 1, termsVersion: '2024.1',
      },
    },
    T.extended, T.extended, 'partner:p-north',
  ),
  step(
    { type: 'InboundLeadRecorded', data: { registrationId: 'reg-1', opportunityKey: 'acme', partnerId: 'p-north', receivedAt: T.inbound, retainedByPartner: true, ruleId: 'D-10' } },
    T.inbound,
  ),
  step(
    { type: 'ProtectionLapsed', data: { registrationId: 'reg-1', opportunityKey: 'acme', partnerId: 'p-north', protectionEndedAt: T.ends90, recordedAt: T.lapseRecorded } },
    T.ends90, T.lapseRecorded, 'partner:p-south', 'cmd-reg-3',
  ),
  step(
    {
      type: 'DealRegistered',
      data: {
        registrationId: 'reg-3', opportunityKey: 'acme', partnerId: 'p-south', companyName: 'Acme Incorporated', companyDomain: null, primaryContact: contact,
        estimatedArr: arr, expectedCloseDate: '2026-06-30', description: 'FSM rollout', registeredAt: T.lapseRecorded, approvalDueBy: '2026-04-24T04:00:00Z', termsVersion: '2024.1',
      },
    },
    T.lapseRecorded, T.lapseRecorded, 'partner:p-south', 'cmd-reg-3',
  ),
  step(
    {
      type: 'DealRegistrationOverridden',
      data: {
        registrationId: 'reg-3', opportunityKey: 'acme', originalPartnerId: 'p-south', newPartnerId: 'p-west', newRegistrationId: 'reg-4', requestedBy: 'Road Runner, CTO',
        reason: 'local team', overriddenBy: 'user:results-director', overriddenAt: T.overridden, originalPartnerNotified: true, notice: 'Your registration reg-3 …',
        protectionEndsAt: T.ends4, protectionLimitAt: T.limit4, termsVersion: '2024.1',
      },
    },
    T.overridden, T.overridden, 'user:results-director',
  ),
  step(
    {
      type: 'DealClosedWon',
      data: {
        registrationId: 'reg-4', opportunityKey: 'acme', partnerId: 'p-west', customerKey: 'acme', closedAt: T.closed, eligibleForCommission: true,
        eligibilityReason: `approved and closed won while protected (protection until ${T.ends4}) (D-11)`, ruleId: 'D-11',
      },
    },
    T.closed, '2026-05-02T15:00:00Z',
  ),
];

const timelineOf = (store: Map<string, DealTimelineReadModel>, key = 'acme') => store.get(timelineKey(key)) as DealTimelineDoc;

describe('deal timeline projection (D-12)', () => {
  it('D-12: keeps every event of the opportunity in order with position, revision, id, times, actor and partner', () => {
    const events = recordAll(disputed);
    const doc = timelineOf(run(events));
    expect(doc.opportunityKey).toBe('acme');
    expect(doc.entries.map((e) => [e.position, e.revision, e.eventId, e.type, e.partnerId])).toEqual(
      events.map((e) => [e.position.toString(), e.revision.toString(), e.id, e.type, expect.any(String)]),
    );
    expect(doc.entries[1]).toMatchObject({ occurredAt: T.rejected, recordedAt: '2026-01-16T20:00:00.001Z', actor: 'partner:p-south', partnerId: 'p-south', registrationId: 'reg-2' });
    expect(doc.entries[7]).toMatchObject({ partnerId: 'p-south', registrationId: 'reg-3' }); // the overridden partner
    expect(doc.companyNames).toEqual(['ACME, Inc.', 'Acme Inc', 'Acme Incorporated']);
    expect(doc.lastRevision).toBe('8');
  });

  it('D-12: names the rule that decided each step and says what was decided', () => {
    const doc = timelineOf(run(recordAll(disputed)));
    expect(doc.entries.map((e) => [e.type, e.ruleId])).toEqual([
      ['DealRegistered', 'D-3'],
      ['DealRegistrationRejected', 'D-3'],
      ['DealRegistrationApproved', 'D-5'],
      ['ProtectionExtended', 'D-6'],
      ['InboundLeadRecorded', 'D-10'],
      ['ProtectionLapsed', 'D-8'],
      ['DealRegistered', 'D-3'],
      ['DealRegistrationOverridden', 'D-9'],
      ['DealClosedWon', 'D-11'],
    ]);
    expect(doc.entries.map((e) => e.decision)).toEqual([
      `registered first by p-north at ${T.registered}: pending approval, due before 2026-01-22T05:00:00Z (D-4)`,
      `registration by p-south at ${T.rejected} rejected automatically: an earlier registration is awaiting approval`,
      `approved by user:results-anna: protected from ${T.approved} until ${T.ends45}, at most until ${T.limit} (D-7)`,
      `extension 1 by partner:p-north: protection until ${T.ends90} (was ${T.ends45}); progress: POC running`,
      `customer came inbound to Results at ${T.inbound}: retained by p-north (protected then)`,
      `protection ended at ${T.ends90} without a close: registration expired, opportunity open`,
      `registered first by p-south at ${T.lapseRecorded}: pending approval, due before 2026-04-24T04:00:00Z (D-4)`,
      `overridden by user:results-director at the customer's request (Road Runner, CTO): local team; the deal goes to p-west (registration reg-4, protected until ${T.ends4}); original partner notified`,
      `closed won at ${T.closed}: eligible for commission — approved and closed won while protected (protection until ${T.ends4}) (D-11)`,
    ]);
  });

  it('D-12: records the protection window after each step', () => {
    const doc = timelineOf(run(recordAll(disputed)));
    expect(doc.entries.map((e) => [e.protection.status, e.protection.registrationId, e.protection.partnerId, e.protection.endsAt, e.protection.extensions])).toEqual([
      ['pending', 'reg-1', 'p-north', null, 0],
      ['pending', 'reg-1', 'p-north', null, 0], // a rejected duplicate changes nothing (D-3)
      ['protected', 'reg-1', 'p-north', T.ends45, 0],
      ['protected', 'reg-1', 'p-north', T.ends90, 1],
      ['protected', 'reg-1', 'p-north', T.ends90, 1],
      ['lapsed', 'reg-1', 'p-north', T.ends90, 1],
      ['pending', 'reg-3', 'p-south', null, 0],
      ['protected', 'reg-4', 'p-west', T.ends4, 0],
      ['closed-won', 'reg-4', 'p-west', T.ends4, 0],
    ]);
    expect(doc.entries[2]!.protection).toEqual({
      status: 'protected',
      registrationId: 'reg-1',
      partnerId: 'p-north',
      approvalDueBy: '2026-01-22T05:00:00Z',
      approvalOverdue: false,
      startsAt: T.approved,
      endsAt: T.ends45,
      limitAt: T.limit,
      extensions: 0,
    });
    expect(doc.protection).toEqual(doc.entries[8]!.protection);
  });

  it('D-4: an overdue flag, a late approval and a decline are on the timeline', () => {
    const key = 'globex';
    const base = { registrationId: 'g-1', opportunityKey: key, partnerId: 'p-north' };
    const doc = timelineOf(
      run(
        recordAll([
          step({ type: 'DealRegistered', data: { ...base, companyName: 'Globex', companyDomain: null, primaryContact: contact, estimatedArr: arr, expectedCloseDate: '2026-04-30', description: 'x', registeredAt: T.registered, approvalDueBy: '2026-01-22T05:00:00Z', termsVersion: '2024.1' } }, T.registered),
          step({ type: 'DealApprovalOverdueFlagged', data: { ...base, approvalDueBy: '2026-01-22T05:00:00Z', flaggedAt: '2026-01-22T05:00:00Z' } }, '2026-01-22T05:00:00Z'),
          step({ type: 'DealRegistrationDeclined', data: { ...base, declinedBy: 'user:results-anna', reason: 'existing customer', declinedAt: '2026-01-23T15:00:00Z', declinedAfterSla: true } }, '2026-01-23T15:00:00Z'),
        ]),
      ),
      key,
    );
    expect(doc.entries.map((e) => [e.ruleId, e.decision, e.protection.status, e.protection.approvalOverdue])).toEqual([
      ['D-3', expect.any(String), 'pending', false],
      ['D-4', 'approval overdue: still undecided at 2026-01-22T05:00:00Z, due before 2026-01-22T05:00:00Z; not auto-approved', 'pending', true],
      ['D-4', 'declined by user:results-anna: existing customer; decided after the approval deadline', 'declined', true],
    ]);
  });

  it('D-2: every spelling of the company name finds the opportunity through its alias, domain-keyed ones too', () => {
    const domainKeyed: Step = step(
      {
        type: 'DealRegistered',
        data: {
          registrationId: 'reg-9', opportunityKey: 'acme.example', partnerId: 'p-east', companyName: 'Acme Corp', companyDomain: 'acme.example', primaryContact: contact,
          estimatedArr: arr, expectedCloseDate: '2026-04-30', description: 'x', registeredAt: T.registered, approvalDueBy: '2026-01-22T05:00:00Z', termsVersion: '2024.1',
        },
      },
      T.registered,
    );
    const store = run(recordAll([...disputed, domainKeyed]));
    for (const spelling of ['ACME, Inc.', 'Acme Inc', '  acme   incorporated ', 'Acme Corp.']) {
      const alias = store.get(aliasKeyForCompanyName(spelling)!) as OpportunityAliasDoc;
      expect(alias).toEqual({ kind: 'alias', normalizedName: 'acme', opportunityKeys: ['acme', 'acme.example'] });
    }
    expect(aliasKeyForCompanyName('!!!')).toBeNull();
    expect([...store.keys()].sort()).toEqual([aliasKey('acme'), timelineKey('acme'), timelineKey('acme.example')]);
  });

  it('is idempotent by stream revision: a redelivered event changes nothing', () => {
    const events = recordAll(disputed);
    const store = run(events);
    const before = canonicalJson(Object.fromEntries(store));
    const redelivered = events[3]!;
    const docs = new Map(projection.keys(redelivered).map((k) => [k, store.get(k)]));
    expect(projection.apply(docs, redelivered).size).toBe(0);
    run(events.slice(0, 5), store);
    expect(canonicalJson(Object.fromEntries(store))).toBe(before);
  });

  it('S-7: a rebuild from zero is byte-identical', () => {
    const events = recordAll(disputed);
    expect(canonicalJson(Object.fromEntries(run(events)))).toBe(canonicalJson(Object.fromEntries(run(events))));
  });

  it('ignores events that are not deal registration events', () => {
    const other: RecordedEvent = { ...recordAll(disputed)[0]!, type: 'SomethingElse', data: {} };
    expect(projection.keys(other)).toEqual([]);
    expect(projection.apply(new Map(), other).size).toBe(0);
    expect(projection.filter).toEqual({ streamNamePrefixes: ['opportunity-'], eventTypes: expect.arrayContaining(['DealRegistered', 'DealClosedLost']) });
  });

  describe('timelineAsOf (D-12)', () => {
    const doc = () => timelineOf(run(recordAll(disputed)));

    it('before the first registration: no entries, open', () => {
      expect(timelineAsOf(doc(), '2026-01-16T19:59:59.999Z')).toMatchObject({ entries: [], protection: { status: 'open' }, protectedAsOf: false });
    });

    it('includes entries recorded at or before the instant', () => {
      expect(timelineAsOf(doc(), T.registered).entries.map((e) => e.type)).toEqual(['DealRegistered']);
      expect(timelineAsOf(doc(), '2026-01-16T20:00:00.001Z').entries.map((e) => e.type)).toEqual(['DealRegistered', 'DealRegistrationRejected']);
    });

    it('shows the protection as it stood then', () => {
      const asOf = timelineAsOf(doc(), '2026-02-01T00:00:00Z');
      expect(asOf.entries).toHaveLength(3);
      expect(asOf.protection).toMatchObject({ status: 'protected', partnerId: 'p-north', endsAt: T.ends45 });
      expect(asOf.protectedAsOf).toBe(true);
      expect(timelineAsOf(doc(), '2026-03-02T00:00:00Z').protection).toMatchObject({ endsAt: T.ends90, extensions: 1 });
    });

    it('D-8: after the protection end but before the lapse was recorded, not protected', () => {
      const asOf = timelineAsOf(doc(), '2026-04-20T20:00:00Z');
      expect(asOf.protection.status).toBe('protected');
      expect(asOf.protectedAsOf).toBe(false);
      expect(timelineAsOf(doc(), T.lapseRecorded).protection).toMatchObject({ status: 'pending', partnerId: 'p-south' });
    });

    it('after everything: the full timeline and the final holder', () => {
      const asOf = timelineAsOf(doc(), '2027-01-01T00:00:00Z');
      expect(asOf.entries).toEqual(doc().entries);
      expect(asOf).toMatchObject({ opportunityKey: 'acme', asOf: '2027-01-01T00:00:00Z', protection: { status: 'closed-won', partnerId: 'p-west' }, protectedAsOf: false });
    });
  });
});
