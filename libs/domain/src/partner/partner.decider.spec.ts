import { fold } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { DEFAULT_TERMS_BOOK } from '../program-terms/default-program-terms';
import type { PartnerCommand } from './partner.commands';
import { partnerDecider as decider } from './partner.decider';
import type { PartnerEnrolled, PartnerEvent } from './partner.events';
import { hasPerformanceBonus, tierOn } from './partner.state';

const context = { terms: DEFAULT_TERMS_BOOK };
const metadata = { now: '2026-01-15T15:00:00Z', commandId: 'cmd-1', actor: 'cli:pm-anna' };

type Data<T extends PartnerCommand['type']> = Extract<PartnerCommand, { type: T }>['data'];
const command = <T extends PartnerCommand['type']>(type: T, data: Data<T>): PartnerCommand => ({ type, data, metadata }) as PartnerCommand;

const enrolData: Data<'EnrolPartner'> = {
  partnerId: 'p-1',
  legalName: 'Northwind Consulting LLC',
  tier: 'certified',
  staffCount: 3,
  country: 'US',
  taxForm: 'W-9',
};

const enrolled: PartnerEnrolled = {
  type: 'PartnerEnrolled',
  data: {
    partnerId: 'p-1',
    legalName: 'Northwind Consulting LLC',
    tier: 'certified',
    staffCount: 3,
    country: 'US',
    taxForm: null,
    enrolledAt: '2025-05-10T14:00:00Z',
    tierEffectiveFrom: '2025-05-10',
    termsVersion: '2024.1',
  },
};

/** Given events, when a command: the events it decides (or the error it throws). */
function given(events: readonly PartnerEvent[]) {
  const state = fold(decider.evolve, decider.initialState(), events);
  return { when: (cmd: PartnerCommand) => decider.decide(cmd, state, context) };
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

describe('partner decider (P-1..P-3, R-3)', () => {
  describe('EnrolPartner', () => {
    it('P-2: given no partner, when enrolled, then PartnerEnrolled with the tier in force from the local enrolment date', () => {
      expect(given([]).when(command('EnrolPartner', { ...enrolData, enrolledAt: '2026-01-01T03:00:00Z' }))).toEqual([
        {
          type: 'PartnerEnrolled',
          data: {
            ...enrolData,
            enrolledAt: '2026-01-01T03:00:00Z',
            tierEffectiveFrom: '2025-12-31', // 22:00 ET on New Year's Eve
            termsVersion: '2024.1',
          },
        },
      ]);
    });

    it('P-2: enrolledAt defaults to metadata.now', () => {
      const [event] = given([]).when(command('EnrolPartner', enrolData));
      expect(event).toMatchObject({ data: { enrolledAt: metadata.now, tierEffectiveFrom: '2026-01-15' } });
    });

    it('P-1: certified needs 2+ staff and premier 5+; below the minimum is refused with a field error', () => {
      expect(given([]).when(command('EnrolPartner', { ...enrolData, tier: 'certified', staffCount: 2 }))).toHaveLength(1);
      expect(given([]).when(command('EnrolPartner', { ...enrolData, tier: 'premier', staffCount: 5 }))).toHaveLength(1);
      const e = refusal(() => given([]).when(command('EnrolPartner', { ...enrolData, tier: 'premier', staffCount: 4 })));
      expect(e).toMatchObject({ code: 'validation', ruleId: 'P-1' });
      expect(e.violations).toEqual([{ field: 'staffCount', message: 'premier partners need at least 5 staff; the partner has 4 (P-1, terms 2024.1)' }]);
      expect(refusal(() => given([]).when(command('EnrolPartner', { ...enrolData, tier: 'certified', staffCount: 1 }))).ruleId).toBe('P-1');
    });

    it('P-1: an unknown tier is a field error', () => {
      const e = refusal(() => given([]).when(command('EnrolPartner', { ...enrolData, tier: 'gold' })));
      expect(e.violations).toEqual([{ field: 'tier', message: 'unknown tier "gold"; tiers are referral, certified, premier (P-1)' }]);
    });

    it('P-2: the country must be ISO 3166-1 alpha-2; W-9 is for US partners and W-8 for all others', () => {
      expect(refusal(() => given([]).when(command('EnrolPartner', { ...enrolData, country: 'USA' }))).violations.map((v) => v.field)).toEqual(['country']);
      expect(refusal(() => given([]).when(command('EnrolPartner', { ...enrolData, country: 'XX' }))).violations.map((v) => v.field)).toEqual(['country']);
      expect(refusal(() => given([]).when(command('EnrolPartner', { ...enrolData, country: 'us' }))).violations.map((v) => v.field)).toEqual(['country']);
      expect(refusal(() => given([]).when(command('EnrolPartner', { ...enrolData, country: 'DE', taxForm: 'W-9' }))).violations).toEqual([
        { field: 'taxForm', message: 'DE partners file a W-8, not a W-9 (P-2, S-5)' },
      ]);
      expect(refusal(() => given([]).when(command('EnrolPartner', { ...enrolData, country: 'US', taxForm: 'W-8' }))).violations).toEqual([
        { field: 'taxForm', message: 'US partners file a W-9, not a W-8 (P-2, S-5)' },
      ]);
      expect(given([]).when(command('EnrolPartner', { ...enrolData, country: 'DE', taxForm: 'W-8' }))).toHaveLength(1);
      expect(given([]).when(command('EnrolPartner', { ...enrolData, country: 'DE', taxForm: null }))).toHaveLength(1);
    });

    it('P-2: reports every bad field at once', () => {
      const e = refusal(() =>
        given([]).when(
          command('EnrolPartner', { partnerId: 'bad id!', legalName: ' ', tier: 'gold', staffCount: -1, country: '', taxForm: 'W-2' as never, enrolledAt: 'yesterday' }),
        ),
      );
      expect(e).toMatchObject({ code: 'validation', ruleId: 'P-2' });
      expect(e.violations.map((v) => v.field)).toEqual(['partnerId', 'legalName', 'tier', 'staffCount', 'country', 'taxForm', 'enrolledAt']);
    });

    it('P-2: an enrolment time in the future is refused', () => {
      expect(refusal(() => given([]).when(command('EnrolPartner', { ...enrolData, enrolledAt: '2026-01-16T00:00:00Z' }))).violations).toEqual([
        { field: 'enrolledAt', message: 'must not be in the future' },
      ]);
    });

    it('P-2: a duplicate enrolment is refused as a conflict', () => {
      expect(refusal(() => given([enrolled]).when(command('EnrolPartner', enrolData)))).toMatchObject({ code: 'conflict', ruleId: 'P-2' });
    });
  });

  describe('commands on an unknown partner', () => {
    it.each([
      command('ChangePartnerTier', { partnerId: 'p-9', toTier: 'premier', effectiveFrom: '2026-02-01', reason: 'grew' }),
      command('ReportStaffCount', { partnerId: 'p-9', staffCount: 3 }),
      command('RecordTaxForm', { partnerId: 'p-9', taxForm: 'W-9' }),
      command('GrantPerformanceBonus', { partnerId: 'p-9', quarter: '2026-Q1', reason: 'top seller' }),
    ])('%# is not-found on partnerId', (cmd) => {
      const e = refusal(() => given([]).when(cmd));
      expect(e).toMatchObject({ code: 'not-found', violations: [{ field: 'partnerId' }] });
    });
  });

  describe('ChangePartnerTier (P-1, P-3)', () => {
    const staffed = { type: 'PartnerStaffCountReported', data: { partnerId: 'p-1', staffCount: 6, reportedAt: '2025-12-01T00:00:00Z' } } as const;

    it('P-3: given a certified partner with 6 staff, when promoted to premier from 1 Feb, then PartnerTierChanged with the actor and terms version', () => {
      expect(given([enrolled, staffed]).when(command('ChangePartnerTier', { partnerId: 'p-1', toTier: 'premier', effectiveFrom: '2026-02-01', reason: 'grew the team' }))).toEqual([
        {
          type: 'PartnerTierChanged',
          data: { partnerId: 'p-1', fromTier: 'certified', toTier: 'premier', effectiveFrom: '2026-02-01', reason: 'grew the team', changedBy: 'cli:pm-anna', termsVersion: '2024.1' },
        },
      ]);
    });

    it('P-3: tierOn gives the old tier before the effective date and the new one from it', () => {
      const [changed] = given([enrolled, staffed]).when(command('ChangePartnerTier', { partnerId: 'p-1', toTier: 'premier', effectiveFrom: '2026-02-15', reason: 'grew' }));
      const state = fold(decider.evolve, decider.initialState(), [enrolled, staffed, changed!])!;
      expect(tierOn(state, '2025-05-09')).toBeNull();
      expect(tierOn(state, '2025-05-10')).toBe('certified');
      expect(tierOn(state, '2026-02-14')).toBe('certified');
      expect(tierOn(state, '2026-02-15')).toBe('premier');
      expect(state.tierHistory).toEqual([
        { tier: 'certified', effectiveFrom: '2025-05-10' },
        { tier: 'premier', effectiveFrom: '2026-02-15' },
      ]);
    });

    it('P-1: a tier change below the new tier\'s staff minimum is refused', () => {
      const e = refusal(() => given([enrolled]).when(command('ChangePartnerTier', { partnerId: 'p-1', toTier: 'premier', effectiveFrom: '2026-02-01', reason: 'grew' })));
      expect(e).toMatchObject({ code: 'validation', ruleId: 'P-1' });
      expect(e.violations).toEqual([{ field: 'toTier', message: 'premier partners need at least 5 staff; the partner has 3 (P-1, terms 2024.1)' }]);
    });

    it('P-1: an unknown tier, a bad date and an empty reason are field errors', () => {
      const e = refusal(() => given([enrolled]).when(command('ChangePartnerTier', { partnerId: 'p-1', toTier: 'platinum', effectiveFrom: '2026-02-30', reason: '' })));
      expect(e.violations.map((v) => v.field)).toEqual(['toTier', 'effectiveFrom', 'reason']);
    });

    it('P-3: changing to the tier already in force from that date is an idempotent no-op', () => {
      expect(given([enrolled]).when(command('ChangePartnerTier', { partnerId: 'p-1', toTier: 'certified', effectiveFrom: '2026-02-01', reason: 'retry' }))).toEqual([]);
    });

    it('P-3: a change may not take effect on or before the latest tier change', () => {
      const e = refusal(() => given([enrolled]).when(command('ChangePartnerTier', { partnerId: 'p-1', toTier: 'referral', effectiveFrom: '2025-05-10', reason: 'downgrade' })));
      expect(e.violations).toEqual([{ field: 'effectiveFrom', message: 'must be after 2025-05-10, the date the certified tier took effect (P-3)' }]);
    });

    it('P-3: a downgrade to referral needs no more staff', () => {
      expect(given([enrolled]).when(command('ChangePartnerTier', { partnerId: 'p-1', toTier: 'referral', effectiveFrom: '2026-04-01', reason: 'CSAT (C-5)' }))).toMatchObject([
        { type: 'PartnerTierChanged', data: { fromTier: 'certified', toTier: 'referral' } },
      ]);
    });
  });

  describe('ReportStaffCount, RecordTaxForm', () => {
    it('P-2: records a new staff count, even below the tier minimum (a fact; standing reviews it)', () => {
      expect(given([enrolled]).when(command('ReportStaffCount', { partnerId: 'p-1', staffCount: 1 }))).toEqual([
        { type: 'PartnerStaffCountReported', data: { partnerId: 'p-1', staffCount: 1, reportedAt: metadata.now } },
      ]);
    });

    it('P-2: the same staff count is a no-op; a negative or fractional count is a field error', () => {
      expect(given([enrolled]).when(command('ReportStaffCount', { partnerId: 'p-1', staffCount: 3 }))).toEqual([]);
      expect(refusal(() => given([enrolled]).when(command('ReportStaffCount', { partnerId: 'p-1', staffCount: -2 }))).violations.map((v) => v.field)).toEqual(['staffCount']);
      expect(refusal(() => given([enrolled]).when(command('ReportStaffCount', { partnerId: 'p-1', staffCount: 2.5 }))).violations.map((v) => v.field)).toEqual(['staffCount']);
    });

    it('S-5: records the W-9 of a US partner; recording it again is a no-op; a W-8 is refused', () => {
      expect(given([enrolled]).when(command('RecordTaxForm', { partnerId: 'p-1', taxForm: 'W-9' }))).toEqual([
        { type: 'PartnerTaxFormRecorded', data: { partnerId: 'p-1', taxForm: 'W-9', recordedAt: metadata.now } },
      ]);
      const onFile = { type: 'PartnerTaxFormRecorded', data: { partnerId: 'p-1', taxForm: 'W-9', recordedAt: metadata.now } } as const;
      expect(given([enrolled, onFile]).when(command('RecordTaxForm', { partnerId: 'p-1', taxForm: 'W-9' }))).toEqual([]);
      expect(refusal(() => given([enrolled]).when(command('RecordTaxForm', { partnerId: 'p-1', taxForm: 'W-8' })))).toMatchObject({
        ruleId: 'S-5',
        violations: [{ field: 'taxForm', message: 'US partners file a W-9, not a W-8 (P-2, S-5)' }],
      });
    });
  });

  describe('GrantPerformanceBonus (R-3)', () => {
    const grant = (quarter: string) => command('GrantPerformanceBonus', { partnerId: 'p-1', quarter, reason: 'top seller' });

    it('R-3: grants the bonus for a quarter, recording the manager', () => {
      const events = given([enrolled]).when(grant('2026-Q1'));
      expect(events).toEqual([
        { type: 'PerformanceBonusGranted', data: { partnerId: 'p-1', quarter: '2026-Q1', grantedBy: 'cli:pm-anna', reason: 'top seller', grantedAt: metadata.now } },
      ]);
      const state = fold(decider.evolve, decider.initialState(), [enrolled, ...events])!;
      expect(hasPerformanceBonus(state, '2026-Q1')).toBe(true);
      expect(hasPerformanceBonus(state, '2025-Q4')).toBe(false);
    });

    it('R-3: once per quarter: a second grant for the same quarter produces no events', () => {
      const [first] = given([enrolled]).when(grant('2026-Q1'));
      expect(given([enrolled, first!]).when(grant('2026-Q1'))).toEqual([]);
      expect(given([enrolled, first!]).when(grant('2026-Q2'))).toHaveLength(1);
    });

    it('R-3: a malformed quarter is a field error; a quarter before enrolment is refused', () => {
      expect(refusal(() => given([enrolled]).when(grant('2026-Q5'))).violations.map((v) => v.field)).toEqual(['quarter']);
      expect(refusal(() => given([enrolled]).when(grant('2025-Q1')))).toMatchObject({ code: 'rule-violation', ruleId: 'R-3' });
      expect(given([enrolled]).when(grant('2025-Q2'))).toHaveLength(1);
    });
  });
});
