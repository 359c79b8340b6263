import type { DealClosedWon, DealRegistrationEvent } from '../deal-registration/deal-registration.events';
import { attributedPartner } from './customer-attribution';

const won = (partnerId: string, eligibleForCommission: boolean): DealClosedWon => ({
  type: 'DealClosedWon',
  data: { registrationId: `reg-${partnerId}`, opportunityKey: 'acme', partnerId, customerKey: 'acme', closedAt: '2026-01-10T15:00:00Z', eligibleForCommission, eligibilityReason: 'test', ruleId: 'D-11' },
});
const lost: DealRegistrationEvent = {
  type: 'DealClosedLost',
  data: { registrationId: 'reg-x', opportunityKey: 'acme', partnerId: 'p-x', closedAt: '2026-01-01T00:00:00Z', reason: 'budget' },
};

describe('attributedPartner (D-11)', () => {
  it('D-11: a customer without an approved deal closed won while protected belongs to no partner', () => {
    expect(attributedPartner([])).toBeNull();
    expect(attributedPartner([lost, won('p-1', false)])).toBeNull();
  });

  it('D-11: the partner of the latest eligible win; an ineligible win changes nothing', () => {
    expect(attributedPartner([won('p-1', true)])).toBe('p-1');
    expect(attributedPartner([won('p-1', true), won('p-2', false)])).toBe('p-1');
    expect(attributedPartner([won('p-1', true), won('p-2', true)])).toBe('p-2');
  });
});
