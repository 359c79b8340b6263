import { fold } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { DEFAULT_PROGRAM_TERMS } from './default-program-terms';
import type { AmendProgramTerms } from './program-terms.commands';
import { programTermsDecider as decider } from './program-terms.decider';
import type { ProgramTermsEvent } from './program-terms.events';
import { termsInForce, type ProgramTerms } from './program-terms';

const metadata = { now: '2026-01-10T12:00:00Z', commandId: 'cmd-1', actor: 'cli:finance' };

const { effectiveFrom: _defaultDate, ...DEFAULT_BODY } = DEFAULT_PROGRAM_TERMS;

function amend(terms: Partial<ProgramTerms>, effectiveFrom: string, reason = 'annual review'): AmendProgramTerms {
  return { type: 'AmendProgramTerms', data: { terms: { ...DEFAULT_BODY, ...terms }, effectiveFrom, reason }, metadata };
}

const amended = (terms: ProgramTerms, reason = 'seed'): ProgramTermsEvent => ({
  type: 'ProgramTermsAmended',
  data: { terms, amendedBy: 'system:seed', reason },
});

function when(given: readonly ProgramTermsEvent[], command: AmendProgramTerms): readonly ProgramTermsEvent[] {
  const state = fold(decider.evolve, decider.initialState(), given);
  return decider.decide(command, state);
}

function violationsOf(fn: () => unknown): { field: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return [...e.violations];
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('program terms decider (T-1)', () => {
  it('T-1: given no terms, when the defaults are amended in, then ProgramTermsAmended records them with the actor', () => {
    const events = when([], amend({}, '2024-01-01', 'shipped defaults'));
    expect(events).toEqual([
      { type: 'ProgramTermsAmended', data: { terms: DEFAULT_PROGRAM_TERMS, amendedBy: 'cli:finance', reason: 'shipped defaults' } },
    ]);
  });

  it('T-1: given the defaults, when a new version is amended from a later date, then the book holds both in effective order', () => {
    const events = when([amended(DEFAULT_PROGRAM_TERMS)], amend({ version: '2026.1', registration: { ...DEFAULT_PROGRAM_TERMS.registration, protectionDays: 30 } }, '2026-02-01'));
    const book = fold(decider.evolve, decider.initialState(), [amended(DEFAULT_PROGRAM_TERMS), ...events]);
    expect(book.versions.map((v) => [v.version, v.effectiveFrom])).toEqual([
      ['2024.1', '2024-01-01'],
      ['2026.1', '2026-02-01'],
    ]);
    expect(termsInForce(book, '2026-01-31').registration.protectionDays).toBe(45);
    expect(termsInForce(book, '2026-02-01').registration.protectionDays).toBe(30);
  });

  it('T-1: the command effectiveFrom wins over a missing terms.effectiveFrom and must match a present one', () => {
    const [event] = when([amended(DEFAULT_PROGRAM_TERMS)], amend({ version: '2026.2' }, '2026-03-01'));
    expect(event?.data.terms.effectiveFrom).toBe('2026-03-01');
    expect(when([], amend({ version: '2026.3', effectiveFrom: '2026-05-01' }, '2026-05-01'))).toHaveLength(1);

    expect(violationsOf(() => when([], amend({ version: '2026.3', effectiveFrom: '2026-04-01' }, '2026-05-01')))).toContainEqual({
      field: 'terms.effectiveFrom',
      message: 'must be omitted or equal effectiveFrom (T-1)',
    });
  });

  it('T-1: re-sending an identical version is an idempotent retry (no events)', () => {
    expect(when([amended(DEFAULT_PROGRAM_TERMS)], amend({}, '2024-01-01'))).toEqual([]);
  });

  it('T-1: the same version with different content is a conflict', () => {
    expect(() => when([amended(DEFAULT_PROGRAM_TERMS)], amend({ performanceBonusBp: 600 }, '2024-01-01'))).toThrow(
      expect.objectContaining({ code: 'conflict', ruleId: 'T-1' }),
    );
  });

  it('T-1: a version may not take effect before the latest version; the same day is a correction', () => {
    const given = [amended(DEFAULT_PROGRAM_TERMS), amended({ ...DEFAULT_PROGRAM_TERMS, version: '2026.1', effectiveFrom: '2026-01-01' })];
    expect(violationsOf(() => when(given, amend({ version: '2026.2' }, '2025-12-31')))).toEqual([
      { field: 'effectiveFrom', message: 'must not be before 2026-01-01, when version "2026.1" took effect (T-1)' },
    ]);
    const [event] = when(given, amend({ version: '2026.1b', performanceBonusBp: 400 }, '2026-01-01'));
    const book = fold(decider.evolve, decider.initialState(), [...given, event!]);
    expect(termsInForce(book, '2026-01-01').version).toBe('2026.1b');
  });

  it('T-1: a missing reason and a bad effectiveFrom are field errors', () => {
    const fields = violationsOf(() => when([], amend({}, '2024-13-01', '  '))).map((v) => v.field);
    expect(fields).toEqual(expect.arrayContaining(['effectiveFrom', 'reason']));
  });

  it('T-1: refuses invalid terms with every field-level violation at once', () => {
    const bad = {
      version: '',
      currency: 'XXQ',
      timeZone: 'Mars/Olympus_Mons',
      holidays: ['2026-02-30', '2026-07-03', '2026-07-03'],
      performanceBonusBp: 10_001,
      partnerDeliveredServicesBp: 1.5,
      tiers: {
        ...DEFAULT_PROGRAM_TERMS.tiers,
        premier: { ...DEFAULT_PROGRAM_TERMS.tiers.premier, newLicenseBp: -1, staffMinimum: 0 },
        gold: DEFAULT_PROGRAM_TERMS.tiers.premier,
      },
      registration: { approvalSlaBusinessDays: 0, protectionDays: 45, extensionDays: -45, maxProtectionDays: 30 },
    } as unknown as Partial<ProgramTerms>;
    const violations = violationsOf(() => when([], amend(bad, '2026-01-01')));
    expect(violations).toEqual(
      expect.arrayContaining([
        { field: 'terms.version', message: expect.stringMatching(/1–40 characters/) },
        { field: 'terms.currency', message: 'must be a known ISO 4217 currency code' },
        { field: 'terms.timeZone', message: expect.stringMatching(/IANA time zone/) },
        { field: 'terms.holidays[0]', message: expect.stringMatching(/ISO date/) },
        { field: 'terms.holidays[2]', message: 'duplicate holiday 2026-07-03' },
        { field: 'terms.performanceBonusBp', message: 'must be between 0 and 10000' },
        { field: 'terms.partnerDeliveredServicesBp', message: 'must be an integer' },
        { field: 'terms.tiers.premier.newLicenseBp', message: 'must be between 0 and 10000' },
        { field: 'terms.tiers.premier.staffMinimum', message: 'must be at least 1' },
        { field: 'terms.tiers.gold', message: expect.stringMatching(/unknown tier/) },
        { field: 'terms.registration.approvalSlaBusinessDays', message: 'must be at least 1' },
        { field: 'terms.registration.extensionDays', message: 'must be at least 1' },
        { field: 'terms.registration.maxProtectionDays', message: 'must be at least protectionDays (D-5, D-7)' },
      ]),
    );
  });
});
