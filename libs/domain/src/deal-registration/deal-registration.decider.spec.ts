import { fold } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { opportunityStreamId } from '../shared/stream-ids';
import { DEFAULT_PROGRAM_TERMS, DEFAULT_TERMS_BOOK } from '../program-terms/default-program-terms';
import type { ProgramTermsBook } from '../program-terms/program-terms';
import type { PartnerState } from '../partner/partner.state';
import type { DealRegistrationCommand, RegisterDeal } from './deal-registration.commands';
import { dealRegistrationDecider as decider, DEAL_REGISTRATION_LIMITS } from './deal-registration.decider';
import type { DealRegistered, DealRegistrationEvent } from './deal-registration.events';
import { currentRegistration, type OpportunityState } from './deal-registration.state';
import { opportunityKey } from './opportunity-key';

// Program zone America/New_York. Friday 16 Jan 2026 15:00 EST; Monday 19 Jan is a holiday (MLK).
const FRIDAY_3PM = '2026-01-16T20:00:00Z';
const DUE = '2026-01-22T05:00:00Z'; // end of Wednesday 21 Jan (Tue, Wed are the 2 business days)
const APPROVED = '2026-01-20T15:00:00Z'; // Tuesday 10:00 EST
const ENDS_45 = '2026-03-06T15:00:00Z';
const ENDS_90 = '2026-04-20T14:00:00Z'; // same wall-clock time, now EDT
const ENDS_135 = '2026-06-04T14:00:00Z';
const LIMIT_180 = '2026-07-19T14:00:00Z';
const KEY = 'acme';

const partner = (partnerId: string, legalName: string): PartnerState => ({
  partnerId,
  legalName,
  country: 'US',
  staffCount: 5,
  taxForm: 'W-9',
  enrolledAt: '2025-01-02T15:00:00Z',
  tierHistory: [{ tier: 'certified', effectiveFrom: '2025-01-02' }],
  bonusQuarters: [],
});
const NORTHWIND = partner('p-north', 'Northwind Consulting');
const SOUTHWIND = partner('p-south', 'Southwind Partners');

type Ctx = { terms?: ProgramTermsBook; partner?: PartnerState | null };

let commandSeq = 0;
function cmd<T extends DealRegistrationCommand['type']>(
  type: T,
  data: Extract<DealRegistrationCommand, { type: T }>['data'],
  now: string,
  actor = 'user:results-anna',
): DealRegistrationCommand {
  commandSeq += 1;
  return { type, data, metadata: { now, commandId: `cmd-${commandSeq}`, actor } } as DealRegistrationCommand;
}

const registration = (over: Partial<RegisterDeal['data']> = {}): RegisterDeal['data'] => ({
  registrationId: 'reg-1',
  partnerId: NORTHWIND.partnerId,
  companyName: 'ACME, Inc.',
  primaryContact: { name: 'Wile E. Coyote', email: 'wile@acme.example' },
  estimatedArr: { amountMinor: '5000000', currency: 'USD' },
  expectedCloseDate: '2026-04-30',
  description: 'Field service rollout, 40 technicians',
  ...over,
});

const register = (now: string, over: Partial<RegisterDeal['data']> = {}) => cmd('RegisterDeal', registration(over), now);
const approve = (now: string, registrationId = 'reg-1') => cmd('ApproveDealRegistration', { opportunityKey: KEY, registrationId }, now);
const extend = (now: string, note = 'Demo done; proposal sent', registrationId = 'reg-1') =>
  cmd('ExtendProtection', { opportunityKey: KEY, registrationId, progressNote: note }, now, 'partner:p-north');

/** Given events, when a command, then the events it decides. */
function given(events: readonly DealRegistrationEvent[]) {
  const state = fold(decider.evolve, decider.initialState(), events);
  return {
    state,
    when: (command: DealRegistrationCommand, ctx: Ctx = {}) =>
      decider.decide(command, state, { terms: ctx.terms ?? DEFAULT_TERMS_BOOK, partner: ctx.partner === undefined ? NORTHWIND : ctx.partner }),
  };
}

/** Runs commands in order (decide + evolve), returning every event. */
function history(steps: readonly [DealRegistrationCommand, Ctx?][]): DealRegistrationEvent[] {
  const events: DealRegistrationEvent[] = [];
  for (const [command, ctx] of steps) events.push(...given(events).when(command, ctx));
  return events;
}

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected the command to be refused');
}

const registeredAndApproved = () => history([[register(FRIDAY_3PM)], [approve(APPROVED)]]);

describe('deal registration decider (D-1..D-11)', () => {
  describe('RegisterDeal (D-1..D-4)', () => {
    it('D-1, D-4: given an empty opportunity, when registered Friday 15:00 ET before a Monday holiday, then DealRegistered due by end of Wednesday', () => {
      expect(given([]).when(register(FRIDAY_3PM))).toEqual([
        {
          type: 'DealRegistered',
          data: {
            registrationId: 'reg-1',
            opportunityKey: 'acme',
            partnerId: 'p-north',
            companyName: 'ACME, Inc.',
            companyDomain: null,
            primaryContact: { name: 'Wile E. Coyote', email: 'wile@acme.example' },
            estimatedArr: { amountMinor: '5000000', currency: 'USD' },
            expectedCloseDate: '2026-04-30',
            description: 'Field service rollout, 40 technicians',
            registeredAt: FRIDAY_3PM,
            approvalDueBy: DUE,
            termsVersion: '2024.1',
          },
        },
      ]);
    });

    it('D-2: "ACME, Inc." and "Acme Inc" map to the same stream, so the second is a duplicate there (D-3)', () => {
      expect(opportunityStreamId(opportunityKey({ companyName: 'ACME, Inc.' }))).toBe(opportunityStreamId(opportunityKey({ companyName: 'Acme Inc' })));
      const events = given(given([]).when(register(FRIDAY_3PM))).when(
        register(FRIDAY_3PM, { registrationId: 'reg-2', partnerId: 'p-south', companyName: 'Acme Inc' }),
        { partner: SOUTHWIND },
      );
      expect(events).toMatchObject([{ type: 'DealRegistrationRejected', data: { opportunityKey: 'acme', reason: 'duplicate-pending' } }]);
    });

    it('D-1: the registration is recorded trimmed, with only the contract\'s fields', () => {
      const sloppy = {
        companyName: '  ACME, Inc. ',
        primaryContact: { name: ' Wile E. Coyote ', email: 'wile@acme.example', phone: ' +1 555 0100 ', title: 'CTO' } as never,
        estimatedArr: { amountMinor: '5000000', currency: 'USD', note: 'x' } as never,
        description: ' Field service rollout ',
      };
      expect(given([]).when(register(FRIDAY_3PM, sloppy))).toMatchObject([
        {
          data: {
            companyName: 'ACME, Inc.',
            primaryContact: { name: 'Wile E. Coyote', email: 'wile@acme.example', phone: '+1 555 0100' },
            estimatedArr: { amountMinor: '5000000', currency: 'USD' },
            description: 'Field service rollout',
          },
        },
      ]);
      const [event] = given([]).when(register(FRIDAY_3PM, sloppy)) as DealRegistered[];
      expect(Object.keys(event!.data.primaryContact).sort()).toEqual(['email', 'name', 'phone']);
      expect(Object.keys(event!.data.estimatedArr).sort()).toEqual(['amountMinor', 'currency']);
    });

    it('D-2: the domain is the key when given; the event keeps the domain as submitted', () => {
      const [event] = given([]).when(register(FRIDAY_3PM, { companyDomain: ' https://www.Acme.example/ ' }));
      expect(event).toMatchObject({ data: { opportunityKey: 'acme.example', companyDomain: 'https://www.Acme.example/' } });
    });

    it('D-3: two registrations in the same millisecond: the second decided sees the first and is rejected, with a notice that does not name the winner', () => {
      const first = given([]).when(register(FRIDAY_3PM));
      const events = given(first).when(register(FRIDAY_3PM, { registrationId: 'reg-2', partnerId: 'p-south' }), { partner: SOUTHWIND });
      expect(events).toEqual([
        {
          type: 'DealRegistrationRejected',
          data: {
            registrationId: 'reg-2',
            opportunityKey: 'acme',
            partnerId: 'p-south',
            companyName: 'ACME, Inc.',
            reason: 'duplicate-pending',
            ruleId: 'D-3',
            notice: 'Registration reg-2 for "ACME, Inc." was rejected automatically: an earlier registration for this opportunity is awaiting approval (D-3: first registration wins).',
            attemptedAt: FRIDAY_3PM,
            companyDomain: null,
            primaryContact: { name: 'Wile E. Coyote', email: 'wile@acme.example' },
            estimatedArr: { amountMinor: '5000000', currency: 'USD' },
            expectedCloseDate: '2026-04-30',
            description: 'Field service rollout, 40 technicians',
          },
        },
      ]);
      const notice = (events[0] as { data: { notice: string } }).data.notice;
      expect(notice).not.toMatch(/p-north|Northwind/i);
    });

    it('D-3: while protected, a later registration is rejected as duplicate-protected', () => {
      const events = given(registeredAndApproved()).when(register('2026-02-01T12:00:00Z', { registrationId: 'reg-2', partnerId: 'p-south' }), { partner: SOUTHWIND });
      expect(events).toMatchObject([{ type: 'DealRegistrationRejected', data: { reason: 'duplicate-protected', attemptedAt: '2026-02-01T12:00:00Z' } }]);
      expect((events[0] as { data: { notice: string } }).data.notice).not.toMatch(/p-north|Northwind/i);
    });

    it('D-3: the rejected attempt is on the record but does not change who holds the opportunity', () => {
      const events = [...registeredAndApproved()];
      events.push(...given(events).when(register('2026-02-01T12:00:00Z', { registrationId: 'reg-2', partnerId: 'p-south' }), { partner: SOUTHWIND }));
      const state = fold(decider.evolve, decider.initialState(), events);
      expect(currentRegistration(state)).toMatchObject({ registrationId: 'reg-1', partnerId: 'p-north', status: 'approved' });
      expect(state.rejectedRegistrationIds).toEqual(['reg-2']);
    });

    it('D-3: retrying a registration already registered or rejected produces no events', () => {
      const first = given([]).when(register(FRIDAY_3PM));
      expect(given(first).when(register('2026-01-16T20:00:05Z'))).toEqual([]);
      const rejected = given(first).when(register(FRIDAY_3PM, { registrationId: 'reg-2', partnerId: 'p-south' }), { partner: SOUTHWIND });
      expect(given([...first, ...rejected]).when(register(FRIDAY_3PM, { registrationId: 'reg-2', partnerId: 'p-south' }), { partner: SOUTHWIND })).toEqual([]);
      // A retried historical import is a no-op too, even after later events.
      const imported = history([[register('2026-02-01T00:00:00Z', { registeredAt: '2025-11-03T14:00:00Z', expectedCloseDate: '2026-01-31' })], [approve('2026-02-01T00:00:01Z')]]);
      expect(given(imported).when(register('2026-02-01T00:00:02Z', { registeredAt: '2025-11-03T14:00:00Z', expectedCloseDate: '2026-01-31' }))).toEqual([]);
    });

    it('D-1: a registrationId reused by another partner is a conflict', () => {
      const first = given([]).when(register(FRIDAY_3PM));
      expect(refusal(() => given(first).when(register(FRIDAY_3PM, { partnerId: 'p-south' }), { partner: SOUTHWIND }))).toMatchObject({ code: 'conflict' });
    });

    it('D-3: a historical import keeps its timestamp; an import older than the stream\'s latest event is refused', () => {
      const imported = given([]).when(register('2026-02-01T00:00:00Z', { registeredAt: '2025-11-03T14:00:00Z', expectedCloseDate: '2026-01-31' }));
      expect(imported).toMatchObject([{ type: 'DealRegistered', data: { registeredAt: '2025-11-03T14:00:00Z', approvalDueBy: '2025-11-06T05:00:00Z' } }]);
      const older = refusal(() =>
        given(imported).when(register('2026-02-01T00:00:00Z', { registrationId: 'reg-0', partnerId: 'p-south', registeredAt: '2025-11-01T14:00:00Z', expectedCloseDate: '2026-01-31' }), { partner: SOUTHWIND }),
      );
      expect(older.ruleId).toBe('D-3');
      expect(older.violations).toEqual([
        { field: 'registeredAt', message: 'must not be before 2025-11-03T14:00:00Z, the latest event of this opportunity: imports are decided in timestamp order (D-3)' },
      ]);
    });

    it('D-8: after protection lapsed, a new registration records the lapse first, then registers', () => {
      const events = given(registeredAndApproved()).when(register(ENDS_45, { registrationId: 'reg-2', partnerId: 'p-south' }), { partner: SOUTHWIND });
      expect(events).toEqual([
        { type: 'ProtectionLapsed', data: { registrationId: 'reg-1', opportunityKey: 'acme', partnerId: 'p-north', protectionEndedAt: ENDS_45, recordedAt: ENDS_45 } },
        expect.objectContaining({ type: 'DealRegistered', data: expect.objectContaining({ registrationId: 'reg-2', partnerId: 'p-south' }) }),
      ]);
    });

    it('D-3: one millisecond before the protection end the registration is still rejected', () => {
      const events = given(registeredAndApproved()).when(register('2026-03-06T14:59:59.999Z', { registrationId: 'reg-2', partnerId: 'p-south' }), { partner: SOUTHWIND });
      expect(events).toMatchObject([{ type: 'DealRegistrationRejected', data: { reason: 'duplicate-protected' } }]);
    });

    it('D-3: after a decline the opportunity is open again', () => {
      const events = history([[register(FRIDAY_3PM)], [cmd('DeclineDealRegistration', { opportunityKey: KEY, registrationId: 'reg-1', reason: 'existing customer' }, APPROVED)]]);
      expect(given(events).when(register(APPROVED, { registrationId: 'reg-2', partnerId: 'p-south' }), { partner: SOUTHWIND })).toMatchObject([{ type: 'DealRegistered' }]);
    });
  });

  describe('RegisterDeal validation (D-1)', () => {
    const fieldsOf = (data: Partial<RegisterDeal['data']>, ctx: Ctx = {}, now = FRIDAY_3PM) => {
      const e = refusal(() => given([]).when(register(now, data), ctx));
      expect(e).toMatchObject({ code: 'validation', ruleId: 'D-1' });
      return e.violations;
    };

    it('D-1: missing fields are field errors, all at once', () => {
      const missing = {
        registrationId: '',
        partnerId: '',
        companyName: '',
        primaryContact: undefined,
        estimatedArr: undefined,
        expectedCloseDate: '',
        description: '',
      } as unknown as Partial<RegisterDeal['data']>;
      expect(fieldsOf(missing).map((v) => v.field)).toEqual([
        'registrationId',
        'partnerId',
        'companyName',
        'primaryContact',
        'estimatedArr',
        'description',
        'expectedCloseDate',
      ]);
    });

    it.each(['0', '-100', '12.50', '1e6', '', '0100', '1234567890123456789'])('D-1, T-2: estimated ARR %p is refused', (amountMinor) => {
      expect(fieldsOf({ estimatedArr: { amountMinor, currency: 'USD' } })).toEqual([
        { field: 'estimatedArr.amountMinor', message: 'must be a positive integer number of minor units, as a string of at most 18 digits (D-1, T-2)' },
      ]);
    });

    it.each(['XXQ', 'usd', ''])('D-1: unknown currency %p is refused', (currency) => {
      expect(fieldsOf({ estimatedArr: { amountMinor: '100', currency } }).map((v) => v.field)).toEqual(['estimatedArr.currency']);
    });

    it.each(['wile', 'wile@', '@acme.com', 'wile@acme', 'wile @acme.com', 'wile@acme..com'])('D-1: invalid email %p is refused', (email) => {
      expect(fieldsOf({ primaryContact: { name: 'Wile', email } }).map((v) => v.field)).toEqual(['primaryContact.email']);
    });

    it('D-1: an expected close date in the past (program time zone) is refused; today is accepted', () => {
      expect(fieldsOf({ expectedCloseDate: '2026-01-15' })).toEqual([
        { field: 'expectedCloseDate', message: 'must not be in the past (before 2026-01-16, program time zone) (D-1)' },
      ]);
      expect(given([]).when(register(FRIDAY_3PM, { expectedCloseDate: '2026-01-16' }))).toHaveLength(1);
      // 02:00Z on the 17th is still Friday the 16th in New York: the 16th is not in the past there.
      expect(given([]).when(register('2026-01-17T02:00:00Z', { expectedCloseDate: '2026-01-16' }))).toHaveLength(1);
      expect(fieldsOf({ expectedCloseDate: '2026-02-30' }).map((v) => v.field)).toEqual(['expectedCloseDate']);
    });

    it('D-1: overlong strings are refused', () => {
      const long = (n: number) => 'x'.repeat(n);
      expect(
        fieldsOf({
          registrationId: `r${long(DEAL_REGISTRATION_LIMITS.id)}`,
          companyName: long(DEAL_REGISTRATION_LIMITS.companyName + 1),
          primaryContact: { name: long(DEAL_REGISTRATION_LIMITS.contactName + 1), email: `${long(DEAL_REGISTRATION_LIMITS.email)}@acme.com`, phone: long(DEAL_REGISTRATION_LIMITS.phone + 1) },
          description: long(DEAL_REGISTRATION_LIMITS.description + 1),
        }).map((v) => v.field),
      ).toEqual(['registrationId', 'companyName', 'primaryContact.name', 'primaryContact.email', 'primaryContact.phone', 'description']);
      expect(given([]).when(register(FRIDAY_3PM, { companyName: `${long(DEAL_REGISTRATION_LIMITS.companyName - 4)} Inc`, description: long(DEAL_REGISTRATION_LIMITS.description) }))).toHaveLength(1);
    });

    it('D-1, P-2: an unknown partner, or a partner not enrolled at registration time, is a field error on partnerId', () => {
      expect(fieldsOf({}, { partner: null })).toEqual([
        { field: 'partnerId', message: 'unknown partner "p-north": only enrolled partners may register deals (D-1, P-2)' },
      ]);
      expect(fieldsOf({ partnerId: 'p-ghost' })).toEqual([
        { field: 'partnerId', message: 'unknown partner "p-ghost": only enrolled partners may register deals (D-1, P-2)' },
      ]);
      expect(fieldsOf({ registeredAt: '2024-12-31T15:00:00Z', expectedCloseDate: '2025-03-01' }, {}, FRIDAY_3PM)).toEqual([
        { field: 'partnerId', message: 'partner "p-north" was not enrolled on 2024-12-31T15:00:00Z (D-1, P-2)' },
      ]);
    });

    it('D-1: registeredAt must be an instant and not in the future', () => {
      expect(fieldsOf({ registeredAt: '2026-01-16' }).map((v) => v.field)).toEqual(['registeredAt']);
      expect(fieldsOf({ registeredAt: '2026-01-16T20:00:00.001Z' })).toEqual([{ field: 'registeredAt', message: 'must not be in the future' }]);
    });

    it('D-2: a company name with nothing to key on, or a malformed domain, is refused', () => {
      expect(fieldsOf({ companyName: '!!!' })).toEqual([{ field: 'companyName', message: 'must contain at least one letter or digit (D-2)' }]);
      expect(fieldsOf({ companyDomain: 'not a domain' }).map((v) => v.field)).toEqual(['companyDomain']);
    });

    it('refused commands produce no events (the state is untouched)', () => {
      const g = given([]);
      expect(() => g.when(register(FRIDAY_3PM, { description: '' }))).toThrow(DomainError);
      expect(g.state.registrations).toEqual([]);
    });
  });

  describe('approval (D-4, D-5)', () => {
    it('D-5: approval within the SLA starts 45 days of protection, limit 180 days, not flagged late', () => {
      const events = given(history([[register(FRIDAY_3PM)]])).when(approve(APPROVED));
      expect(events).toEqual([
        {
          type: 'DealRegistrationApproved',
          data: {
            registrationId: 'reg-1',
            opportunityKey: 'acme',
            partnerId: 'p-north',
            approvedBy: 'user:results-anna',
            approvedAt: APPROVED,
            protectionStartsAt: APPROVED,
            protectionEndsAt: ENDS_45,
            protectionLimitAt: LIMIT_180,
            approvedAfterSla: false,
            termsVersion: '2024.1',
          },
        },
      ]);
    });

    it('D-4: an approval at or after the deadline is flagged approvedAfterSla; one millisecond before is not', () => {
      const registered = history([[register(FRIDAY_3PM)]]);
      expect(given(registered).when(approve(DUE))).toMatchObject([{ data: { approvedAfterSla: true } }]);
      expect(given(registered).when(approve('2026-01-22T04:59:59.999Z'))).toMatchObject([{ data: { approvedAfterSla: false } }]);
    });

    it('D-5: approving an approved registration again produces no events', () => {
      expect(given(registeredAndApproved()).when(approve('2026-01-21T10:00:00Z'))).toEqual([]);
    });

    it('D-4: a declined registration cannot be approved; an unknown one is not found; a rejected one is named as such', () => {
      const declined = history([[register(FRIDAY_3PM)], [cmd('DeclineDealRegistration', { opportunityKey: KEY, registrationId: 'reg-1', reason: 'no fit' }, APPROVED)]]);
      expect(refusal(() => given(declined).when(approve(APPROVED)))).toMatchObject({ code: 'conflict', ruleId: 'D-4' });
      expect(refusal(() => given(declined).when(approve(APPROVED, 'reg-9')))).toMatchObject({ code: 'not-found', violations: [{ field: 'registrationId' }] });
      const rejected = history([[register(FRIDAY_3PM)], [register(FRIDAY_3PM, { registrationId: 'reg-2', partnerId: 'p-south' }), { partner: SOUTHWIND }]]);
      expect(refusal(() => given(rejected).when(approve(APPROVED, 'reg-2')))).toMatchObject({ code: 'rule-violation', ruleId: 'D-3' });
    });

    it('a command for an opportunity without events is not found', () => {
      expect(refusal(() => given([]).when(approve(APPROVED)))).toMatchObject({ code: 'not-found', violations: [{ field: 'opportunityKey' }] });
    });

    it('D-5: an historical approval time must lie between registration and now', () => {
      const registered = history([[register(FRIDAY_3PM)]]);
      const early = refusal(() => given(registered).when(cmd('ApproveDealRegistration', { opportunityKey: KEY, registrationId: 'reg-1', approvedAt: '2026-01-16T19:00:00Z' }, APPROVED)));
      expect(early.violations).toEqual([{ field: 'approvedAt', message: `must not be before ${FRIDAY_3PM}, when the deal was registered` }]);
      const events = given(registered).when(cmd('ApproveDealRegistration', { opportunityKey: KEY, registrationId: 'reg-1', approvedAt: APPROVED }, '2026-03-01T00:00:00Z'));
      expect(events).toMatchObject([{ data: { approvedAt: APPROVED, protectionEndsAt: ENDS_45 } }]);
    });

    it('D-4: a decline records the reason, whether it was late, and is idempotent', () => {
      const registered = history([[register(FRIDAY_3PM)]]);
      const decline = (now: string) => cmd('DeclineDealRegistration', { opportunityKey: KEY, registrationId: 'reg-1', reason: 'Already a Results customer' }, now);
      const events = given(registered).when(decline('2026-01-23T15:00:00Z'));
      expect(events).toEqual([
        {
          type: 'DealRegistrationDeclined',
          data: {
            registrationId: 'reg-1',
            opportunityKey: 'acme',
            partnerId: 'p-north',
            declinedBy: 'user:results-anna',
            reason: 'Already a Results customer',
            declinedAt: '2026-01-23T15:00:00Z',
            declinedAfterSla: true,
          },
        },
      ]);
      expect(given([...registered, ...events]).when(decline('2026-01-24T15:00:00Z'))).toEqual([]);
      expect(refusal(() => given(registered).when(cmd('DeclineDealRegistration', { opportunityKey: KEY, registrationId: 'reg-1', reason: ' ' }, APPROVED))).violations.map((v) => v.field)).toEqual(['reason']);
      expect(refusal(() => given(registeredAndApproved()).when(decline(APPROVED)))).toMatchObject({ code: 'conflict' });
    });
  });

  describe('FlagOverdueApprovals (D-4)', () => {
    const sweep = (now: string) => cmd('FlagOverdueApprovals', { opportunityKey: KEY }, now, 'system:sweeper');

    it('D-4: flags a registration still undecided at the deadline, once, and never approves it', () => {
      const registered = history([[register(FRIDAY_3PM)]]);
      expect(given(registered).when(sweep('2026-01-22T04:59:59.999Z'))).toEqual([]);
      const flagged = given(registered).when(sweep(DUE));
      expect(flagged).toEqual([
        { type: 'DealApprovalOverdueFlagged', data: { registrationId: 'reg-1', opportunityKey: 'acme', partnerId: 'p-north', approvalDueBy: DUE, flaggedAt: DUE } },
      ]);
      const state = given([...registered, ...flagged]).state;
      expect(currentRegistration(state)).toMatchObject({ status: 'pending', overdueFlagged: true, approvedAt: null });
      expect(given([...registered, ...flagged]).when(sweep('2026-01-23T00:00:00Z'))).toEqual([]);
    });

    it('D-4: an approved registration is never flagged; an overdue one can still be approved, marked late', () => {
      expect(given(registeredAndApproved()).when(sweep('2026-02-01T00:00:00Z'))).toEqual([]);
      const flagged = history([[register(FRIDAY_3PM)], [sweep(DUE)]]);
      expect(given(flagged).when(approve('2026-01-23T15:00:00Z'))).toMatchObject([{ type: 'DealRegistrationApproved', data: { approvedAfterSla: true } }]);
    });
  });

  describe('ExtendProtection (D-6, D-7)', () => {
    it('D-6: an extension adds 45 days to the protection end and records the note, the actor and the count', () => {
      expect(given(registeredAndApproved()).when(extend('2026-03-01T15:00:00Z'))).toEqual([
        {
          type: 'ProtectionExtended',
          data: {
            registrationId: 'reg-1',
            opportunityKey: 'acme',
            partnerId: 'p-north',
            progressNote: 'Demo done; proposal sent',
            extendedBy: 'partner:p-north',
            extendedAt: '2026-03-01T15:00:00Z',
            previousEndsAt: ENDS_45,
            protectionEndsAt: ENDS_90,
            extensionNumber: 1,
            termsVersion: '2024.1',
          },
        },
      ]);
    });

    it('D-7: the third extension reaching exactly 180 days is accepted; a fourth is rejected with a clear error', () => {
      const events = history([[register(FRIDAY_3PM)], [approve(APPROVED)], [extend('2026-03-01T15:00:00Z')], [extend('2026-04-15T15:00:00Z')], [extend('2026-06-01T15:00:00Z')]]);
      expect(events.filter((e) => e.type === 'ProtectionExtended').map((e) => (e as { data: { protectionEndsAt: string } }).data.protectionEndsAt)).toEqual([
        ENDS_90,
        ENDS_135,
        LIMIT_180,
      ]);
      const e = refusal(() => given(events).when(extend('2026-07-01T15:00:00Z')));
      expect(e).toMatchObject({ code: 'rule-violation', ruleId: 'D-7' });
      expect(e.message).toBe(
        `D-7: extending by 45 days would protect until 2026-09-02T14:00:00Z, past the limit of ${LIMIT_180} (180 days from approval)`,
      );
    });

    it('D-7: an extension that would end one day beyond 180 days is rejected', () => {
      const terms: ProgramTermsBook = { versions: [{ ...DEFAULT_PROGRAM_TERMS, registration: { ...DEFAULT_PROGRAM_TERMS.registration, protectionDays: 46 } }] };
      const ctx = { terms };
      const events = history([[register(FRIDAY_3PM), ctx], [approve(APPROVED), ctx], [extend('2026-03-01T15:00:00Z'), ctx], [extend('2026-04-15T15:00:00Z'), ctx]]);
      const e = refusal(() => given(events).when(extend('2026-06-01T15:00:00Z'), ctx));
      expect(e).toMatchObject({ ruleId: 'D-7' });
      expect(e.message).toMatch(/would protect until 2026-07-20T14:00:00Z, past the limit of 2026-07-19T14:00:00Z/);
    });

    it('D-6: another partner extending the registration is told it does not exist (the same answer as a missing one)', () => {
      const other = refusal(() => given(registeredAndApproved()).when(extend('2026-03-01T15:00:00Z'), { partner: SOUTHWIND }));
      const missing = refusal(() => given(registeredAndApproved()).when(extend('2026-03-01T15:00:00Z', 'note', 'reg-404'), { partner: SOUTHWIND }));
      expect(other).toMatchObject({ code: 'not-found', ruleId: 'D-6', violations: [{ field: 'registrationId' }] });
      expect(missing).toMatchObject({ code: 'not-found', ruleId: 'D-6' });
    });

    it('D-6: an extension needs a non-empty progress note', () => {
      const e = refusal(() => given(registeredAndApproved()).when(extend('2026-03-01T15:00:00Z', '   ')));
      expect(e).toMatchObject({ code: 'validation', ruleId: 'D-6', violations: [{ field: 'progressNote' }] });
    });

    it('D-6: an extension must be requested while protection is active (not at or after its end, not while pending)', () => {
      expect(refusal(() => given(registeredAndApproved()).when(extend(ENDS_45)))).toMatchObject({
        ruleId: 'D-6',
        message: `D-6: an extension must be requested while protection is active; protection ended at ${ENDS_45}`,
      });
      expect(given(registeredAndApproved()).when(extend('2026-03-06T14:59:59.999Z'))).toHaveLength(1);
      expect(refusal(() => given(history([[register(FRIDAY_3PM)]])).when(extend('2026-01-17T15:00:00Z')))).toMatchObject({
        ruleId: 'D-6',
        message: 'D-6: an extension must be requested while protection is active; the registration is pending',
      });
    });

    it('D-6: another partner cannot extend the registration', () => {
      expect(refusal(() => given(registeredAndApproved()).when(extend('2026-03-01T15:00:00Z'), { partner: SOUTHWIND }))).toMatchObject({ ruleId: 'D-6' });
    });
  });

  describe('ExpireProtection (D-8)', () => {
    const sweep = (now: string) => cmd('ExpireProtection', { opportunityKey: KEY }, now, 'system:sweeper');

    it('D-8: records the lapse once protection ended without a close, which reopens the opportunity', () => {
      const approved = registeredAndApproved();
      expect(given(approved).when(sweep('2026-03-06T14:59:59.999Z'))).toEqual([]);
      const lapsed = given(approved).when(sweep('2026-03-07T09:00:00Z'));
      expect(lapsed).toEqual([
        { type: 'ProtectionLapsed', data: { registrationId: 'reg-1', opportunityKey: 'acme', partnerId: 'p-north', protectionEndedAt: ENDS_45, recordedAt: '2026-03-07T09:00:00Z' } },
      ]);
      const after = [...approved, ...lapsed];
      expect(given(after).when(sweep('2026-03-08T09:00:00Z'))).toEqual([]);
      expect(given(after).when(register('2026-03-08T09:00:00Z', { registrationId: 'reg-2', partnerId: 'p-south' }), { partner: SOUTHWIND })).toMatchObject([
        { type: 'DealRegistered', data: { registrationId: 'reg-2', partnerId: 'p-south' } },
      ]);
    });

    it('D-8: a pending registration never lapses (it waits for a decision, flagged by D-4)', () => {
      expect(given(history([[register(FRIDAY_3PM)]])).when(sweep('2026-12-01T00:00:00Z'))).toEqual([]);
    });
  });

  describe('OverrideDealRegistration (D-9)', () => {
    const override = (now: string, over: Partial<{ newPartnerId: string | null; newRegistrationId: string | null; requestedBy: string; reason: string }> = {}) =>
      cmd(
        'OverrideDealRegistration',
        { opportunityKey: KEY, registrationId: 'reg-1', requestedBy: 'Road Runner, CTO of Acme', reason: 'Prefers a partner with a local team', newPartnerId: 'p-south', newRegistrationId: 'reg-2', ...over },
        now,
        'user:results-director',
      );

    it('D-9: a customer-requested override to another partner records who asked, the reason and the notice to the original partner; the new partner is protected', () => {
      const events = given(registeredAndApproved()).when(override('2026-02-02T15:00:00Z'), { partner: SOUTHWIND });
      expect(events).toEqual([
        {
          type: 'DealRegistrationOverridden',
          data: {
            registrationId: 'reg-1',
            opportunityKey: 'acme',
            originalPartnerId: 'p-north',
            newPartnerId: 'p-south',
            newRegistrationId: 'reg-2',
            requestedBy: 'Road Runner, CTO of Acme',
            reason: 'Prefers a partner with a local team',
            overriddenBy: 'user:results-director',
            overriddenAt: '2026-02-02T15:00:00Z',
            originalPartnerNotified: true,
            notice:
              'Your registration reg-1 for "ACME, Inc." was overridden on 2026-02-02 at the customer\'s request (D-9): the customer asked to work with another partner. Reason: Prefers a partner with a local team',
            protectionEndsAt: '2026-03-19T14:00:00Z',
            protectionLimitAt: '2026-08-01T14:00:00Z',
            termsVersion: '2024.1',
          },
        },
      ]);
      const state = given([...registeredAndApproved(), ...events]).state;
      expect(state.registrations.map((r) => [r.registrationId, r.partnerId, r.status])).toEqual([
        ['reg-1', 'p-north', 'overridden'],
        ['reg-2', 'p-south', 'approved'],
      ]);
      // The new partner's registration now blocks others (D-3) and is extendable (D-6).
      expect(given([...registeredAndApproved(), ...events]).when(register('2026-02-03T15:00:00Z', { registrationId: 'reg-3' }))).toMatchObject([
        { type: 'DealRegistrationRejected', data: { reason: 'duplicate-protected' } },
      ]);
    });

    it('D-9: an override to Results direct leaves no protected registration; retrying it produces no events', () => {
      const events = given(registeredAndApproved()).when(override('2026-02-02T15:00:00Z', { newPartnerId: null, newRegistrationId: null }), { partner: null });
      expect(events).toMatchObject([
        {
          type: 'DealRegistrationOverridden',
          data: { newPartnerId: null, newRegistrationId: null, protectionEndsAt: null, protectionLimitAt: null, originalPartnerNotified: true, notice: expect.stringMatching(/with Results directly/) },
        },
      ]);
      const after = [...registeredAndApproved(), ...events];
      expect(currentRegistration(given(after).state)).toMatchObject({ status: 'overridden' });
      expect(given(after).when(override('2026-02-02T15:00:01Z', { newPartnerId: null, newRegistrationId: null }), { partner: null })).toEqual([]);
    });

    it('D-9: who asked and why are required; the new partner must be enrolled and different; ids must be consistent', () => {
      const fields = (o: Parameters<typeof override>[1], partner: PartnerState | null = SOUTHWIND) =>
        refusal(() => given(registeredAndApproved()).when(override('2026-02-02T15:00:00Z', o), { partner })).violations.map((v) => v.field);
      expect(fields({ requestedBy: '', reason: '' })).toEqual(['requestedBy', 'reason']);
      expect(fields({}, null)).toEqual(['newPartnerId']);
      expect(fields({ newPartnerId: 'p-north' }, NORTHWIND)).toEqual(['newPartnerId']);
      expect(fields({ newRegistrationId: null })).toEqual(['newRegistrationId']);
      expect(fields({ newRegistrationId: 'reg-1' })).toEqual(['newRegistrationId']);
      expect(fields({ newPartnerId: null, newRegistrationId: 'reg-2' }, null)).toEqual(['newRegistrationId']);
    });

    it('D-9: a registration whose protection ended cannot be overridden (it is open under D-8)', () => {
      expect(refusal(() => given(registeredAndApproved()).when(override(ENDS_45), { partner: SOUTHWIND }))).toMatchObject({ code: 'rule-violation', ruleId: 'D-9' });
    });

    it('D-9: a pending registration can be overridden', () => {
      expect(given(history([[register(FRIDAY_3PM)]])).when(override('2026-01-17T15:00:00Z'), { partner: SOUTHWIND })).toMatchObject([{ type: 'DealRegistrationOverridden' }]);
    });
  });

  describe('RecordInboundLead (D-10)', () => {
    const inbound = (now: string, receivedAt?: string) => cmd('RecordInboundLead', receivedAt ? { opportunityKey: KEY, receivedAt } : { opportunityKey: KEY }, now);

    it('D-10: a customer coming inbound while protected stays the partner\'s', () => {
      expect(given(registeredAndApproved()).when(inbound('2026-02-10T15:00:00Z'))).toEqual([
        { type: 'InboundLeadRecorded', data: { registrationId: 'reg-1', opportunityKey: 'acme', partnerId: 'p-north', receivedAt: '2026-02-10T15:00:00Z', retainedByPartner: true, ruleId: 'D-10' } },
      ]);
    });

    it('D-10: retention is judged at the time the lead came in, even when recorded later', () => {
      const lapsed = history([[register(FRIDAY_3PM)], [approve(APPROVED)], [cmd('ExpireProtection', { opportunityKey: KEY }, '2026-03-07T00:00:00Z')]]);
      expect(given(lapsed).when(inbound('2026-03-09T15:00:00Z', '2026-03-05T15:00:00Z'))).toMatchObject([{ data: { retainedByPartner: true } }]);
      expect(given(lapsed).when(inbound('2026-03-09T15:00:00Z'))).toMatchObject([{ data: { retainedByPartner: false } }]);
    });

    it('D-10: not protected while pending (the registration stays pending); an opportunity never registered is not found', () => {
      expect(given(history([[register(FRIDAY_3PM)]])).when(inbound('2026-01-17T15:00:00Z'))).toMatchObject([{ data: { retainedByPartner: false } }]);
      expect(refusal(() => given([]).when(inbound('2026-01-17T15:00:00Z')))).toMatchObject({ code: 'not-found' });
    });
  });

  describe('CloseDealWon / CloseDealLost (D-11)', () => {
    const won = (now: string, closedAt?: string, registrationId = 'reg-1') =>
      cmd('CloseDealWon', closedAt ? { opportunityKey: KEY, registrationId, closedAt } : { opportunityKey: KEY, registrationId }, now);

    it('D-11: approved and closed won while protected → eligible for commission', () => {
      expect(given(registeredAndApproved()).when(won('2026-02-20T15:00:00Z'))).toEqual([
        {
          type: 'DealClosedWon',
          data: {
            registrationId: 'reg-1',
            opportunityKey: 'acme',
            partnerId: 'p-north',
            customerKey: 'acme',
            closedAt: '2026-02-20T15:00:00Z',
            eligibleForCommission: true,
            eligibilityReason: `approved and closed won while protected (protection until ${ENDS_45}) (D-11)`,
            ruleId: 'D-11',
          },
        },
      ]);
    });

    it('D-11: closed won while still pending → not eligible', () => {
      expect(given(history([[register(FRIDAY_3PM)]])).when(won('2026-01-20T15:00:00Z'))).toMatchObject([
        { data: { eligibleForCommission: false, eligibilityReason: 'not eligible: the registration was never approved (it is pending) (D-11)' } },
      ]);
    });

    it('D-11: closed won after protection ended → not eligible, with the reason', () => {
      expect(given(registeredAndApproved()).when(won('2026-03-10T15:00:00Z'))).toMatchObject([
        { data: { eligibleForCommission: false, eligibilityReason: `not eligible: closed after protection ended at ${ENDS_45} (D-8, D-11)` } },
      ]);
    });

    it('D-11: a close won inside protection but recorded after the lapse sweep is still eligible', () => {
      const lapsed = history([[register(FRIDAY_3PM)], [approve(APPROVED)], [cmd('ExpireProtection', { opportunityKey: KEY }, '2026-03-07T00:00:00Z')]]);
      expect(given(lapsed).when(won('2026-03-09T15:00:00Z', '2026-03-05T20:00:00Z'))).toMatchObject([{ data: { eligibleForCommission: true } }]);
    });

    it('D-11: after an override to Results direct, a close won is not eligible', () => {
      const overridden = history([
        [register(FRIDAY_3PM)],
        [approve(APPROVED)],
        [cmd('OverrideDealRegistration', { opportunityKey: KEY, registrationId: 'reg-1', requestedBy: 'CFO', reason: 'wants direct', newPartnerId: null, newRegistrationId: null }, '2026-02-01T15:00:00Z'), { partner: null }],
      ]);
      expect(given(overridden).when(won('2026-02-20T15:00:00Z'))).toMatchObject([
        { data: { eligibleForCommission: false, eligibilityReason: 'not eligible: closed after the registration was overridden at 2026-02-01T15:00:00Z (D-9, D-11)' } },
      ]);
    });

    it('D-11: a declined registration closing won is not eligible', () => {
      const declined = history([[register(FRIDAY_3PM)], [cmd('DeclineDealRegistration', { opportunityKey: KEY, registrationId: 'reg-1', reason: 'no fit' }, APPROVED)]]);
      expect(given(declined).when(won('2026-02-20T15:00:00Z'))).toMatchObject([{ data: { eligibleForCommission: false, eligibilityReason: expect.stringMatching(/never approved \(it is declined\)/) } }]);
    });

    it('D-11: closing again with the same outcome produces no events; the other outcome is a conflict', () => {
      const closed = history([[register(FRIDAY_3PM)], [approve(APPROVED)], [won('2026-02-20T15:00:00Z')]]);
      expect(given(closed).when(won('2026-02-21T15:00:00Z'))).toEqual([]);
      expect(refusal(() => given(closed).when(cmd('CloseDealLost', { opportunityKey: KEY, registrationId: 'reg-1', reason: 'x' }, '2026-02-21T15:00:00Z')))).toMatchObject({ code: 'conflict' });
    });

    it('D-11: a closed-lost deal records its reason and reopens the opportunity', () => {
      const lost = given(registeredAndApproved()).when(cmd('CloseDealLost', { opportunityKey: KEY, registrationId: 'reg-1', reason: 'Chose a competitor' }, '2026-02-20T15:00:00Z'));
      expect(lost).toEqual([
        { type: 'DealClosedLost', data: { registrationId: 'reg-1', opportunityKey: 'acme', partnerId: 'p-north', closedAt: '2026-02-20T15:00:00Z', reason: 'Chose a competitor' } },
      ]);
      expect(given([...registeredAndApproved(), ...lost]).when(register('2026-02-21T15:00:00Z', { registrationId: 'reg-2', partnerId: 'p-south' }), { partner: SOUTHWIND })).toMatchObject([
        { type: 'DealRegistered' },
      ]);
    });

    it('D-11: closedAt must not precede the registration nor lie in the future; a lost deal needs a reason', () => {
      expect(refusal(() => given(registeredAndApproved()).when(won('2026-02-20T15:00:00Z', '2026-01-01T00:00:00Z'))).violations.map((v) => v.field)).toEqual(['closedAt']);
      expect(refusal(() => given(registeredAndApproved()).when(won('2026-02-20T15:00:00Z', '2026-02-21T00:00:00Z'))).violations.map((v) => v.field)).toEqual(['closedAt']);
      expect(
        refusal(() => given(registeredAndApproved()).when(cmd('CloseDealLost', { opportunityKey: KEY, registrationId: 'reg-1', reason: '' }, '2026-02-20T15:00:00Z'))).violations.map((v) => v.field),
      ).toEqual(['reason']);
    });

    it('D-11: a registration superseded by a later one cannot be closed', () => {
      const events = history([[register(FRIDAY_3PM)], [approve(APPROVED)], [register(ENDS_45, { registrationId: 'reg-2', partnerId: 'p-south' }), { partner: SOUTHWIND }]]);
      expect(refusal(() => given(events).when(won('2026-03-10T15:00:00Z')))).toMatchObject({ code: 'conflict', ruleId: 'D-11' });
    });
  });

  it('the state keeps the opportunity key and the latest business time', () => {
    const state: OpportunityState = given(registeredAndApproved()).state;
    expect(state.opportunityKey).toBe('acme');
    expect(state.latestBusinessTime).toBe(APPROVED);
    const registered = given([]).when(register(FRIDAY_3PM))[0] as DealRegistered;
    expect(registered.data.opportunityKey).toBe(state.opportunityKey);
  });
});
