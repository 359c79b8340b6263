import { Controller, Get, Headers, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE } from '@ledger/application';
import { recordedEventToJson, type EventStore } from '@ledger/event-store';
import type { FastifyReply } from 'fastify';
import type { Principal as PrincipalValue } from '../auth/principal';
import { Principal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { EVENTS_PAGE_DEFAULT, EventsQueryDto, FeedQueryDto } from './feed-query.dto';
import { feedSelection } from './feed-selection';
import { SseFeedService } from './sse-feed.service';

/** The downstream feed (docs/event-feed.md, docs/asyncapi.yaml). Partner keys see only their own events. */
@ApiTags('feed')
@ApiBearerAuth()
@Roles('admin', 'finance', 'subscriber', 'partner')
@Controller()
export class EventFeedController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly sse: SseFeedService,
  ) {}

  @Get('feed')
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this position (wins over ?from)' })
  @ApiOkResponse({ description: 'An endless text/event-stream; see docs/event-feed.md' })
  feed(
    @Query() query: FeedQueryDto,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Principal() principal: PrincipalValue,
    @Res() reply: FastifyReply,
  ): void {
    this.sse.start(reply, feedSelection(query, principal, lastEventId));
  }

  /** A JSON page of the same events, for polling clients: pass `next` as `from` to continue. */
  @Get('events')
  async events(
    @Query() query: EventsQueryDto,
    @Principal() principal: PrincipalValue,
  ): Promise<{ events: Record<string, unknown>[]; next: string }> {
    const selection = feedSelection(query, principal);
    const limit = query.limit ?? EVENTS_PAGE_DEFAULT;
    const events: Record<string, unknown>[] = [];
    let next = selection.fromPosition.toString();
    for await (const event of this.store.readAll({ fromPosition: selection.fromPosition, filter: selection.storeFilter })) {
      next = event.position.toString();
      if (selection.accepts(event)) events.push(recordedEventToJson(event));
      if (events.length === limit) break;
    }
    return { events, next };
  }
}
