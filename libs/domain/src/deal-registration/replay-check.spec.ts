import { fold } from '../shared/decider';
import { DEFAULT_PROGRAM_TERMS, DEFAULT_TERMS_BOOK } from '../program-terms/default-program-terms';
import { bookWith, type ProgramTermsBook } from '../program-terms/program-terms';
import type { PartnerState } from '../partner/partner.state';
import type { DealRegistrationCommand } from './deal-registration.commands';
import { dealRegistrationDecider as decider } from './deal-registration.decider';
import type { DealRegistrationEvent } from './deal-registration.events';
import { replayCheck, type ReplayableEvent } from './replay-check';

const partner = (partnerId: string): PartnerState => ({
  partnerId,
  legalName: partnerId,
  country: 'US',
  staffCount: 3,
  taxForm: 'W-9',
  enrolledAt: '2025-01-02T15:00:00Z',
  tierHistory: [{ tier: 'certified', effectiveFrom: '2025-01-02' }],
  bonusQuarters: [],
});

const KEY = 'acme';
const contact = { name: 'Wile E. Coyote', email: 'wile@acme.example' };
const arr = { amountMinor: '5000000', currency: 'USD' };

let seq = 0;
const cmd = (type: DealRegistrationCommand['type'], data: object, now: string, actor = 'user:results-anna') => {
  seq += 1;
  return { type, data, metadata: { now, commandId: `cmd-${seq}`, actor } } as DealRegistrationCommand;
};
const register = (registrationId: string, partnerId: string, now: string, extra: object = {}) =>
  cmd('RegisterDeal', { registrationId, partnerId, companyName: 'ACME, Inc.', primaryContact: contact, estimatedArr: arr, expectedCloseDate: '2026-04-30', description: 'FSM rollout', ...extra }, now, `partner:${partnerId}`);

/** Runs commands through the decider and records them as the store would (metadata per command). */
function record(commands: readonly DealRegistrationCommand[], terms: ProgramTermsBook = DEFAULT_TERMS_BOOK): ReplayableEvent[] {
  const recorded: ReplayableEvent[] = [];
  for (const command of commands) {
    const state = fold(decider.evolve, decider.initialState(), recorded as unknown as DealRegistrationEvent[]);
    const partnerId = 'partnerId' in (command.data as object) ? (command.data as { partnerId: string }).partnerId : (command.data as { newPartnerId?: string }).newPartnerId;
    const events = decider.decide(command, state, { terms, partner: partnerId ? partner(partnerId) : null });
    for (const e of events) {
      recorded.push({ type: e.type, data: JSON.parse(JSON.stringify(e.data)), metadata: { commandId: command.metadata.commandId, actor: command.metadata.actor, recordedAt: command.metadata.now } });
    }
  }
  return recorded;
}

/** A disputed opportunity: registration, a rejected duplicate, approval, extension, inbound lead, close won. */
const disputed = () =>
  record([
    register('reg-1', 'p-north', '2026-01-16T20:00:00Z'),
    register('reg-2', 'p-south', '2026-01-16T20:00:00Z'),
    cmd('FlagOverdueApprovals', { opportunityKey: KEY }, '2026-01-22T05:00:00Z', 'system:sweeper'),
    cmd('ApproveDealRegistration', { opportunityKey: KEY, registrationId: 'reg-1' }, '2026-01-22T15:00:00Z'),
    cmd('ExtendProtection', { opportunityKey: KEY, registrationId: 'reg-1', progressNote: 'POC running' }, '2026-03-01T15:00:00Z', 'partner:p-north'),
    cmd('RecordInboundLead', { opportunityKey: KEY, receivedAt: '2026-03-10T15:00:00Z' }, '2026-03-11T15:00:00Z'),
    cmd('CloseDealWon', { opportunityKey: KEY, registrationId: 'reg-1', closedAt: '2026-04-01T15:00:00Z' }, '2026-04-02T15:00:00Z'),
  ]);

describe('replayCheck (D-12)', () => {
  it('D-12: with unchanged terms every recorded decision replays the same', () => {
    const events = disputed();
    const report = replayCheck(events, DEFAULT_TERMS_BOOK);
    expect(report.opportunityKey).toBe('acme');
    expect(report.steps.map((s) => [s.commandType, s.outcome])).toEqual([
      ['RegisterDeal', 'same'],
      ['RegisterDeal', 'same'],
      ['FlagOverdueApprovals', 'same'],
      ['ApproveDealRegistration', 'same'],
      ['ExtendProtection', 'same'],
      ['RecordInboundLead', 'same'],
      ['CloseDealWon', 'same'],
    ]);
    expect(report.allSame).toBe(true);
    expect(report.steps[3]!.expected).toEqual(report.steps[3]!.recorded);
  });

  it('D-12: after amending the terms (protection 30 days from 2026-01-01) the approval step differs, naming the fields', () => {
    const amended = bookWith(DEFAULT_TERMS_BOOK, {
      ...DEFAULT_PROGRAM_TERMS,
      version: '2026.1',
      effectiveFrom: '2026-01-01',
      registration: { ...DEFAULT_PROGRAM_TERMS.registration, protectionDays: 30 },
    });
    const report = replayCheck(disputed(), amended);
    expect(report.allSame).toBe(false);
    const differing = report.steps.filter((s) => s.outcome === 'differs');
    expect(differing.map((s) => s.commandType)).toEqual(['ApproveDealRegistration']);
    expect(differing[0]!.differences).toEqual([
      '[0] DealRegistrationApproved.protectionEndsAt: recorded "2026-03-08T14:00:00Z", expected "2026-02-21T15:00:00Z"',
    ]);
    // Every step decided under the new version cites it; that alone is reported, not a difference.
    expect(differing[0]!.termsVersionChanges).toEqual(['[0] DealRegistrationApproved.termsVersion: recorded "2024.1", expected "2026.1"']);
    expect(report.steps[0]).toMatchObject({
      outcome: 'same',
      termsVersionChanges: ['[0] DealRegistered.termsVersion: recorded "2024.1", expected "2026.1"'],
    });
  });

  it('D-12: groups the events of one command: a registration after a lapse replays as one step', () => {
    const events = record([
      register('reg-1', 'p-north', '2026-01-16T20:00:00Z'),
      cmd('ApproveDealRegistration', { opportunityKey: KEY, registrationId: 'reg-1' }, '2026-01-20T15:00:00Z'),
      register('reg-2', 'p-south', '2026-03-07T15:00:00Z'),
    ]);
    expect(events.map((e) => e.type)).toEqual(['DealRegistered', 'DealRegistrationApproved', 'ProtectionLapsed', 'DealRegistered']);
    const report = replayCheck(events, DEFAULT_TERMS_BOOK);
    expect(report.steps.map((s) => [s.fromIndex, s.commandType, s.recorded.length, s.outcome])).toEqual([
      [0, 'RegisterDeal', 1, 'same'],
      [1, 'ApproveDealRegistration', 1, 'same'],
      [2, 'RegisterDeal', 2, 'same'],
    ]);
  });

  it('D-12: historical imports, overrides, declines, lapses and lost deals replay the same', () => {
    const events = record([
      register('reg-1', 'p-north', '2026-02-01T00:00:00Z', { registeredAt: '2025-11-03T14:00:00Z', expectedCloseDate: '2025-12-31' }),
      cmd('DeclineDealRegistration', { opportunityKey: KEY, registrationId: 'reg-1', reason: 'no fit', declinedAt: '2025-11-04T14:00:00Z' }, '2026-02-01T00:00:01Z'),
      register('reg-2', 'p-north', '2026-02-02T15:00:00Z'),
      cmd('OverrideDealRegistration', { opportunityKey: KEY, registrationId: 'reg-2', requestedBy: 'CFO', reason: 'local team', newPartnerId: 'p-south', newRegistrationId: 'reg-3' }, '2026-02-03T15:00:00Z'),
      cmd('ExpireProtection', { opportunityKey: KEY }, '2026-03-21T15:00:00Z', 'system:sweeper'),
      register('reg-4', 'p-west', '2026-03-22T15:00:00Z'),
      cmd('ApproveDealRegistration', { opportunityKey: KEY, registrationId: 'reg-4' }, '2026-03-23T15:00:00Z'),
      cmd('CloseDealLost', { opportunityKey: KEY, registrationId: 'reg-4', reason: 'budget cut' }, '2026-03-30T15:00:00Z'),
    ]);
    expect(events.map((e) => e.type)).toEqual([
      'DealRegistered',
      'DealRegistrationDeclined',
      'DealRegistered',
      'DealRegistrationOverridden',
      'ProtectionLapsed',
      'DealRegistered',
      'DealRegistrationApproved',
      'DealClosedLost',
    ]);
    const report = replayCheck(events, DEFAULT_TERMS_BOOK);
    expect(report.steps.map((s) => s.differences)).toEqual(events.map(() => []));
    expect(report.allSame).toBe(true);
  });

  it('D-12: a decision today\'s decider refuses is reported as differing with the refusal', () => {
    // Recorded by an older version that did not check the expected close date against the registration date.
    const recorded: ReplayableEvent = {
      type: 'DealRegistered',
      data: {
        registrationId: 'reg-1',
        opportunityKey: KEY,
        partnerId: 'p-north',
        companyName: 'ACME, Inc.',
        companyDomain: null,
        primaryContact: contact,
        estimatedArr: arr,
        expectedCloseDate: '2025-12-31',
        description: 'FSM rollout',
        registeredAt: '2026-01-16T20:00:00Z',
        approvalDueBy: '2026-01-22T05:00:00Z',
        termsVersion: '2024.1',
      },
      metadata: { commandId: 'old-1', actor: 'partner:p-north', recordedAt: '2026-01-16T20:00:00Z' },
    };
    const [step] = replayCheck([recorded], DEFAULT_TERMS_BOOK).steps;
    expect(step).toMatchObject({ commandId: 'old-1', commandType: 'RegisterDeal', outcome: 'differs', expected: null });
    expect(step!.differences).toEqual([expect.stringMatching(/^today's decider refuses the command: Invalid input: expectedCloseDate: must not be in the past/)]);
  });

  it('D-12: a rejection recorded without the attempt\'s data is reported as not replayable', () => {
    const events = disputed();
    const rejection = events[1]!;
    const { primaryContact: _c, estimatedArr: _a, expectedCloseDate: _d, description: _x, ...bare } = rejection.data as Record<string, unknown>;
    const report = replayCheck([events[0]!, { ...rejection, data: bare }], DEFAULT_TERMS_BOOK);
    expect(report.steps[1]).toMatchObject({ outcome: 'differs', commandType: null, differences: [expect.stringMatching(/^not replayable: the recorded rejection lacks/)] });
  });

  it('D-12: an event type the decider does not know is reported as not replayable', () => {
    const events = disputed();
    const report = replayCheck([events[0]!, { ...events[2]!, type: 'DealTeleported' }], DEFAULT_TERMS_BOOK);
    expect(report.steps[1]).toMatchObject({ outcome: 'differs', differences: ['not replayable: unknown event type "DealTeleported"'] });
  });

  it('D-12: with partner states, a registration by a partner not enrolled at the time differs', () => {
    const events = disputed();
    const report = replayCheck(events, DEFAULT_TERMS_BOOK, { partnerAt: (id) => (id === 'p-south' ? null : partner(id)) });
    expect(report.steps.map((s) => s.outcome)).toEqual(['same', 'differs', 'same', 'same', 'same', 'same', 'same']);
    expect(report.steps[1]!.differences[0]).toMatch(/unknown partner "p-south"/);
  });
});
