import { Inject, Injectable } from '@nestjs/common';
import { opportunityStreamId, replayCheck, type ReplayReport } from '@ledger/domain';
import { StreamNotFoundError, type EventStore } from '@ledger/event-store';
import {
  aliasKeyForCompanyName,
  dealTimelineProjection,
  timelineAsOf,
  timelineKey,
  type DealTimelineDoc,
  type OpportunityAliasDoc,
  type ReadModelDatabase,
  type TimelineAsOf,
} from '@ledger/projections';
import { EVENT_STORE, READ_MODELS } from '../nest/tokens';
import { PartnerRepository } from '../partners/partner-repository';
import { ProgramTermsService } from '../program-terms/program-terms.service';

/** D-12: dispute timelines (from the deal-timeline projection) and the replay check (from the log). */
@Injectable()
export class DealQueryService {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModelDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly terms: ProgramTermsService,
    private readonly partners: PartnerRepository,
  ) {}

  timeline(opportunityKey: string): DealTimelineDoc | null {
    const doc = this.readModels.getDoc<DealTimelineDoc>(dealTimelineProjection.name, timelineKey(opportunityKey));
    return doc?.kind === 'timeline' ? doc : null;
  }

  /** The view as of a past instant (entries recorded at or before it). */
  timelineAsOf(opportunityKey: string, asOf: string): TimelineAsOf | null {
    const doc = this.timeline(opportunityKey);
    return doc ? timelineAsOf(doc, asOf) : null;
  }

  /** D-2: every opportunity whose company name normalizes like this one. */
  lookup(companyName: string): readonly string[] {
    const key = aliasKeyForCompanyName(companyName);
    if (!key) return [];
    const doc = this.readModels.getDoc<OpportunityAliasDoc>(dealTimelineProjection.name, key);
    return doc?.kind === 'alias' ? doc.opportunityKeys : [];
  }

  /** D-12: re-runs each recorded decision through today's decider and terms. */
  async replay(opportunityKey: string): Promise<ReplayReport | null> {
    let events;
    try {
      events = await this.store.readStream(opportunityStreamId(opportunityKey));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return null;
      throw error;
    }
    // Every partner a decision may consult: the registering, the original and the new partner (D-9).
    const partnerIds = new Set(
      events.flatMap((e) => {
        const d = e.data as { partnerId?: string; originalPartnerId?: string; newPartnerId?: string | null };
        return [d.partnerId, d.originalPartnerId, d.newPartnerId].filter((id): id is string => typeof id === 'string');
      }),
    );
    const partners = new Map(await Promise.all([...partnerIds].map(async (id) => [id, await this.partners.find(id)] as const)));
    return replayCheck(events, await this.terms.book(), { partnerAt: (partnerId) => partners.get(partnerId) ?? null });
  }
}
