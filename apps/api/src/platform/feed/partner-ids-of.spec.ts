import { isVisibleToPartner, partnerIdsOf } from './partner-ids-of';

describe('partnerIdsOf / isVisibleToPartner (feed partner scope, ADR 0005)', () => {
  it('names the partner of partner-owned facts (D-1, S-1, C-5 …)', () => {
    expect(partnerIdsOf({ type: 'DealRegistered', data: { partnerId: 'acme' } })).toEqual(['acme']);
    expect(partnerIdsOf({ type: 'StatementIssued', data: { partnerId: 'acme' } })).toEqual(['acme']);
    expect(partnerIdsOf({ type: 'LadderDecisionRecorded', data: { partnerId: 'acme' } })).toEqual(['acme']);
    expect(isVisibleToPartner({ type: 'DealRegistered', data: { partnerId: 'acme' } }, 'acme')).toBe(true);
    expect(isVisibleToPartner({ type: 'DealRegistered', data: { partnerId: 'acme' } }, 'globex')).toBe(false);
  });

  it('names both partners of a D-9 override and delivers it to neither (no competitor identity leaks)', () => {
    const override = { type: 'DealRegistrationOverridden', data: { originalPartnerId: 'acme', newPartnerId: 'globex' } };
    expect(partnerIdsOf(override)).toEqual(['acme', 'globex']);
    expect(isVisibleToPartner(override, 'acme')).toBe(false);
    expect(isVisibleToPartner(override, 'globex')).toBe(false);
    const toResultsDirect = { type: 'DealRegistrationOverridden', data: { originalPartnerId: 'acme', newPartnerId: null } };
    expect(isVisibleToPartner(toResultsDirect, 'acme')).toBe(true);
  });

  it('reads RenewalPlaced placedBy.partnerId and originalPartnerId (R-6, R-7)', () => {
    const byOwner = { type: 'RenewalPlaced', data: { originalPartnerId: 'acme', placedBy: { type: 'partner', partnerId: 'acme' } } };
    expect(partnerIdsOf(byOwner)).toEqual(['acme']);
    const byResults = { type: 'RenewalPlaced', data: { originalPartnerId: 'acme', placedBy: { type: 'results' } } };
    expect(isVisibleToPartner(byResults, 'acme')).toBe(true);
    const byOther = { type: 'RenewalPlaced', data: { originalPartnerId: 'acme', placedBy: { type: 'partner', partnerId: 'globex' } } };
    expect(isVisibleToPartner(byOther, 'acme')).toBe(false);
    expect(isVisibleToPartner(byOther, 'globex')).toBe(false);
  });

  it('delivers customer-scoped and program-wide facts to no partner key (R-1, T-1, S-3)', () => {
    for (const type of ['RevenueCollected', 'RevenueRefunded', 'ChargebackRecorded', 'ProgramTermsAmended', 'QuarterClosed']) {
      const event = { type, data: { partnerId: 'acme', customerKey: 'acme-corp' } };
      expect(partnerIdsOf(event)).toEqual([]);
      expect(isVisibleToPartner(event, 'acme')).toBe(false);
    }
  });

  it('fails closed on unknown types and unexpected data', () => {
    expect(isVisibleToPartner({ type: 'SomethingNew', data: { partnerId: 'acme' } }, 'acme')).toBe(false);
    expect(isVisibleToPartner({ type: 'toString', data: { partnerId: 'acme' } }, 'acme')).toBe(false);
    expect(isVisibleToPartner({ type: 'RenewalPlaced', data: { originalPartnerId: 'acme' } }, 'acme')).toBe(false);
    expect(isVisibleToPartner({ type: 'DealRegistered', data: null }, 'acme')).toBe(false);
    expect(isVisibleToPartner({ type: 'DealRegistered', data: { partnerId: '' } }, '')).toBe(false);
  });
});
