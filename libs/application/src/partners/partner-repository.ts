import { Inject, Injectable } from '@nestjs/common';
import { partnerDecider, partnerStreamId, type PartnerState } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import { loadStream } from '../command-path/handle-command';
import { EVENT_STORE } from '../nest/tokens';

/** Reads a partner's current state (context for other aggregates' deciders). */
@Injectable()
export class PartnerRepository {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async find(partnerId: string | null | undefined): Promise<PartnerState | null> {
    if (!partnerId || typeof partnerId !== 'string') return null;
    const { state } = await loadStream(this.store, partnerStreamId(partnerId), partnerDecider);
    return state;
  }
}
