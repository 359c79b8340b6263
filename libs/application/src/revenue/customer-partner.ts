/**
 * D-11: the partner a customer's revenue and renewals are attributed to, read from the customer's
 * opportunity stream (customerKey = opportunity key, D-2) — strongly consistent, never from a read
 * model. Null when the customer has no approved deal that closed won while protected.
 */
import { attributedPartner, opportunityStreamId, type DealRegistrationEvent } from '@ledger/domain';
import { StreamNotFoundError, type EventStore } from '@ledger/event-store';

export async function customerPartnerOf(store: EventStore, customerKey: unknown): Promise<string | null> {
  if (typeof customerKey !== 'string' || customerKey.trim().length === 0) return null; // the decider reports the field
  try {
    const events = await store.readStream(opportunityStreamId(customerKey));
    return attributedPartner(events.map((e) => ({ type: e.type, data: e.data }) as unknown as DealRegistrationEvent));
  } catch (error) {
    if (error instanceof StreamNotFoundError) return null;
    throw error;
  }
}
