import { DEFAULT_PROGRAM_TERMS } from '../program-terms/default-program-terms';
import type { ProgramTerms, Tier } from '../program-terms/program-terms';
import { minorUnits, money, shareOf } from '../shared/money';
import { percent, priceCollection, tierInForce, type PricingInput } from './pricing';

const base: PricingInput = {
  revenueKind: 'license',
  order: { type: 'initial' },
  eligible: true,
  tier: 'premier',
  bonusGranted: false,
  renewalChain: null,
  terms: DEFAULT_PROGRAM_TERMS,
};
const shareOfUsd = (minor: bigint, bp: number) => minorUnits(shareOf(money(minor, 'USD'), bp));

describe('pricing (R-2..R-7, D-11, P-3, T-1)', () => {
  it('R-2 seed example: Premier $50K first-year license earns 30% = $15,000.00', () => {
    const p = priceCollection(base);
    expect(p).toEqual({ rateBp: 3000, ruleIds: ['R-2', 'P-3'], termsVersion: '2024.1', reason: 'premier new-business license 30% (R-2)' });
    expect(shareOfUsd(5_000_000n, p.rateBp)).toBe(1_500_000n);
  });

  it('R-6 seed example: a $50K year-2 renewal placed by the Premier partner earns 20% = $10,000.00', () => {
    const p = priceCollection({ ...base, order: { type: 'renewal', year: 2 }, renewalChain: { placedByPartner: true, brokenFromYear: null } });
    expect(p.rateBp).toBe(2000);
    expect(p.ruleIds).toEqual(['R-6', 'P-3']);
    expect(shareOfUsd(5_000_000n, p.rateBp)).toBe(1_000_000n);
  });

  it('R-4 seed example: a $20K Results-delivered implementation earns a Premier partner 20% = $4,000.00', () => {
    const p = priceCollection({ ...base, revenueKind: 'results-services' });
    expect(p.rateBp).toBe(2000);
    expect(p.ruleIds).toEqual(['R-4', 'P-3']);
    expect(shareOfUsd(2_000_000n, p.rateBp)).toBe(400_000n);
  });

  it.each<[Tier, number, number, number, number]>([
    ['referral', 1000, 1500, 1000, 0],
    ['certified', 2000, 2500, 1500, 1500],
    ['premier', 3000, 3500, 2000, 2000],
  ])('%s: license %i bp (%i with the R-3 bonus), Results services %i bp, renewal %i bp', (tier, license, withBonus, services, renewal) => {
    expect(priceCollection({ ...base, tier }).rateBp).toBe(license);
    expect(priceCollection({ ...base, tier, bonusGranted: true }).rateBp).toBe(withBonus);
    expect(priceCollection({ ...base, tier, revenueKind: 'results-services' }).rateBp).toBe(services);
    expect(
      priceCollection({ ...base, tier, order: { type: 'renewal', year: 3 }, renewalChain: { placedByPartner: true, brokenFromYear: null } }).rateBp,
    ).toBe(renewal);
  });

  it('R-3: the bonus adds 5 pp to new-business licenses only, and cites R-3', () => {
    const p = priceCollection({ ...base, bonusGranted: true });
    expect(p).toMatchObject({ rateBp: 3500, ruleIds: ['R-2', 'R-3', 'P-3'] });
    expect(p.reason).toContain('performance bonus 5%');
    expect(priceCollection({ ...base, bonusGranted: true, revenueKind: 'results-services' }).rateBp).toBe(2000);
    expect(
      priceCollection({ ...base, bonusGranted: true, order: { type: 'renewal', year: 2 }, renewalChain: { placedByPartner: true, brokenFromYear: null } }).rateBp,
    ).toBe(2000);
  });

  it('R-5: partner-delivered services pay nothing and are a memo, in any order year', () => {
    expect(priceCollection({ ...base, revenueKind: 'partner-services' })).toMatchObject({ rateBp: 0, ruleIds: ['R-5'] });
    expect(priceCollection({ ...base, revenueKind: 'partner-services', order: { type: 'renewal', year: 2 }, renewalChain: null }).rateBp).toBe(0);
  });

  it('R-6: Results-delivered services in a renewal year earn the renewal rate (licenses + services)', () => {
    const p = priceCollection({ ...base, tier: 'certified', revenueKind: 'results-services', order: { type: 'renewal', year: 2 }, renewalChain: { placedByPartner: true, brokenFromYear: null } });
    expect(p).toMatchObject({ rateBp: 1500, ruleIds: ['R-6', 'P-3'] });
  });

  it('R-6: referral partners earn no renewal commission', () => {
    const p = priceCollection({ ...base, tier: 'referral', order: { type: 'renewal', year: 2 }, renewalChain: { placedByPartner: true, brokenFromYear: null } });
    expect(p).toMatchObject({ rateBp: 0, ruleIds: ['R-6', 'P-3'] });
    expect(p.reason).toMatch(/referral partners earn no renewal commission/);
  });

  it('R-6: a renewal year the partner did not place earns nothing', () => {
    const p = priceCollection({ ...base, order: { type: 'renewal', year: 2 }, renewalChain: { placedByPartner: false, brokenFromYear: null } });
    expect(p).toMatchObject({ rateBp: 0, ruleIds: ['R-6'] });
  });

  it('R-7: a broken chain stops renewal commissions from the broken year on, with the reason', () => {
    const chain = { placedByPartner: true, brokenFromYear: 3 };
    expect(priceCollection({ ...base, order: { type: 'renewal', year: 2 }, renewalChain: chain }).rateBp).toBe(2000);
    const p = priceCollection({ ...base, order: { type: 'renewal', year: 4 }, renewalChain: chain });
    expect(p).toMatchObject({ rateBp: 0, ruleIds: ['R-7'] });
    expect(p.reason).toMatch(/chain broken from year 3/);
  });

  it('D-11: revenue of a customer without an eligible won deal earns nothing', () => {
    expect(priceCollection({ ...base, eligible: false, bonusGranted: true })).toMatchObject({ rateBp: 0, ruleIds: ['D-11'] });
  });

  it('T-1: prices with the terms given and cites their version', () => {
    const amended: ProgramTerms = {
      ...DEFAULT_PROGRAM_TERMS,
      version: '2027.1',
      tiers: { ...DEFAULT_PROGRAM_TERMS.tiers, premier: { ...DEFAULT_PROGRAM_TERMS.tiers.premier, newLicenseBp: 3250 } },
    };
    expect(priceCollection({ ...base, terms: amended })).toMatchObject({ rateBp: 3250, termsVersion: '2027.1' });
  });
});

describe('tierInForce (P-3)', () => {
  const history = [
    { tier: 'certified' as Tier, effectiveFrom: '2026-01-01', id: 'enrolled' },
    { tier: 'premier' as Tier, effectiveFrom: '2026-02-15', id: 'upgrade' },
    { tier: 'certified' as Tier, effectiveFrom: '2026-02-15', id: 'correction' },
  ];
  it('takes the latest effective date on or before the collection date; a later record wins a tie', () => {
    expect(tierInForce(history.slice(0, 2), '2026-02-14')?.id).toBe('enrolled');
    expect(tierInForce(history.slice(0, 2), '2026-02-15')?.id).toBe('upgrade');
    expect(tierInForce(history, '2026-03-01')?.id).toBe('correction');
  });
  it('before the first effective date, the enrolment tier applies', () => {
    expect(tierInForce(history, '2025-12-31')?.id).toBe('enrolled');
    expect(tierInForce([], '2026-01-01')).toBeNull();
  });
});

describe('percent', () => {
  it('renders basis points for humans', () => {
    expect([percent(3000), percent(1550), percent(5), percent(0)]).toEqual(['30%', '15.5%', '0.05%', '0%']);
  });
});
