/**
 * D-11: the partner a customer's revenue is attributed to — the partner of the latest deal on the
 * customer's opportunity stream that was approved and closed won while protected
 * (`DealClosedWon.eligibleForCommission`). Null when there is none: that revenue earns nothing.
 * The application computes the revenue decider's `partnerId` and the renewal decider's
 * `originalPartnerId` with it, from `opportunityStreamId(customerKey)`.
 */
import type { DealRegistrationEvent } from '../deal-registration/deal-registration.events';

export function attributedPartner(opportunityEvents: Iterable<DealRegistrationEvent>): string | null {
  let partnerId: string | null = null;
  for (const event of opportunityEvents) {
    if (event.type === 'DealClosedWon' && event.data.eligibleForCommission) partnerId = event.data.partnerId;
  }
  return partnerId;
}
