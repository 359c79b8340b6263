import { DEFAULT_TERMS_BOOK } from '../program-terms/default-program-terms';
import type { Tier } from '../program-terms/program-terms';
import type { NfrLicensesGranted } from './standing.events';
import { nfrDecider, type NfrCommand, type NfrContext } from './nfr.decider';
import { deciderSpecification } from './testing/decider-specification';

const spec = deciderSpecification(nfrDecider);
const NOW = '2027-01-01T00:00:00Z';

function context(tier: Tier | null, verdict: NfrContext['latestStanding'] = null): NfrContext {
  return { partner: tier === null ? null : { partnerId: 'p-1', tier }, latestStanding: verdict, terms: DEFAULT_TERMS_BOOK };
}
const grantCmd = (grantedAt = '2025-03-10T15:00:00Z'): NfrCommand => ({
  type: 'GrantNfrLicenses',
  data: { partnerId: 'p-1', grantedAt },
  metadata: { now: NOW, commandId: 'c-1', actor: 'manager:ann' },
});
const renewCmd = (renewedAt: string): NfrCommand => ({
  type: 'RenewNfrLicenses',
  data: { partnerId: 'p-1', renewedAt },
  metadata: { now: NOW, commandId: 'c-2', actor: 'manager:ann' },
});
function grantedEvent(
  tier: Tier,
  users: number,
  validFrom: string,
  validUntil: string,
  renewal: boolean,
  grantedAt: string,
): NfrLicensesGranted {
  return { type: 'NfrLicensesGranted', data: { partnerId: 'p-1', tier, users, validFrom, validUntil, renewal, termsVersion: '2024.1', grantedAt } };
}
const first = grantedEvent('certified', 5, '2025-03-10', '2025-09-10', false, '2025-03-10T15:00:00Z');

describe('NFR decider (C-7)', () => {
  it('C-7: a certified partner is granted 5 users for 6 months', () => {
    spec.given([]).when(grantCmd(), context('certified')).then([first]);
  });

  it('C-7: a premier partner is granted 10 users', () => {
    spec
      .given([])
      .when(grantCmd(), context('premier'))
      .then([grantedEvent('premier', 10, '2025-03-10', '2025-09-10', false, '2025-03-10T15:00:00Z')]);
  });

  it('C-7: a referral partner has no NFR entitlement: refused, no events', () => {
    spec.given([]).when(grantCmd(), context('referral')).thenRefused({ code: 'rule-violation', ruleId: 'C-7', fields: ['partnerId'] });
  });

  it('C-7: an unknown partner is a field error on partnerId', () => {
    spec.given([]).when(grantCmd(), context(null)).thenRefused({ code: 'validation', ruleId: 'C-7', fields: ['partnerId'] });
  });

  it('C-7: a second grant is a conflict (renew instead); the same grant again is a no-op', () => {
    spec.given([first]).when(grantCmd('2025-04-01T15:00:00Z'), context('certified')).thenRefused({ code: 'conflict', ruleId: 'C-7' });
    spec.given([first]).when(grantCmd(), context('certified')).thenNothing();
  });

  it('C-7: a renewal while the term runs continues from its expiry', () => {
    spec
      .given([first])
      .when(renewCmd('2025-08-20T15:00:00Z'), context('certified', { quarter: '2025-Q2', verdict: 'good-standing' }))
      .then([grantedEvent('certified', 5, '2025-09-10', '2026-03-10', true, '2025-08-20T15:00:00Z')]);
  });

  it('C-7: a renewal after the term lapsed starts on the renewal date', () => {
    spec
      .given([first])
      .when(renewCmd('2025-10-01T15:00:00Z'), context('certified'))
      .then([grantedEvent('certified', 5, '2025-10-01', '2026-04-01', true, '2025-10-01T15:00:00Z')]);
  });

  it('C-7: users follow the tier on the renewal date', () => {
    spec
      .given([first])
      .when(renewCmd('2025-09-01T15:00:00Z'), context('premier'))
      .then([grantedEvent('premier', 10, '2025-09-10', '2026-03-10', true, '2025-09-01T15:00:00Z')]);
  });

  it('C-7: renewal only while the tier is maintained: refused when the latest standing requires action', () => {
    spec
      .given([first])
      .when(renewCmd('2025-09-01T15:00:00Z'), context('certified', { quarter: '2025-Q2', verdict: 'action-required' }))
      .thenRefused({ code: 'rule-violation', ruleId: 'C-7', message: /2025-Q2 standing requires action/ });
    // at risk is still maintained
    spec
      .given([first])
      .when(renewCmd('2025-09-01T15:00:00Z'), context('certified', { quarter: '2025-Q2', verdict: 'at-risk' }))
      .then([grantedEvent('certified', 5, '2025-09-10', '2026-03-10', true, '2025-09-01T15:00:00Z')]);
  });

  it('C-7: renewal is refused after a move to referral, and without a first grant', () => {
    spec.given([first]).when(renewCmd('2025-09-01T15:00:00Z'), context('referral')).thenRefused({ code: 'rule-violation', ruleId: 'C-7' });
    spec.given([]).when(renewCmd('2025-09-01T15:00:00Z'), context('certified')).thenRefused({ code: 'rule-violation', ruleId: 'C-7' });
  });

  it('C-7: a renewal whose term has not started blocks another; the same renewal again is a no-op', () => {
    const renewed = grantedEvent('certified', 5, '2025-09-10', '2026-03-10', true, '2025-08-20T15:00:00Z');
    spec.given([first, renewed]).when(renewCmd('2025-08-25T15:00:00Z'), context('certified')).thenRefused({ code: 'conflict', ruleId: 'C-7' });
    spec.given([first, renewed]).when(renewCmd('2025-08-20T15:00:00Z'), context('certified')).thenNothing();
  });

  it('refuses a grant dated after the record time', () => {
    spec.given([]).when(grantCmd('2027-01-02T00:00:00Z'), context('certified')).thenRefused({ code: 'validation', fields: ['grantedAt'] });
  });
});
