/**
 * Streams a selection of $all as Server-Sent Events on the raw HTTP response (docs/event-feed.md):
 * `id: <position>`, `event: <type>`, `data: <recorded event JSON>`, a `: heartbeat` comment every
 * heartbeatMs, and a `: caught-up <position>` comment once the backlog is sent. The subscription
 * is pull-based: a slow client is waited for (socket drain), never buffered. Client disconnect and
 * app shutdown unsubscribe.
 */
import { Inject, Injectable, Logger, Optional, type BeforeApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE } from '@ledger/application';
import { recordedEventToJson, type EventStore, type RecordedEvent } from '@ledger/event-store';
import type { FastifyReply } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { FeedSelection } from './feed-selection';
import { DEFAULT_FEED_OPTIONS, FEED_OPTIONS, type FeedOptions } from './feed.options';

export function sseMessage(event: RecordedEvent): string {
  return `id: ${event.position}\nevent: ${event.type}\ndata: ${JSON.stringify(recordedEventToJson(event))}\n\n`;
}

@Injectable()
export class SseFeedService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('EventFeed');
  private readonly open = new Set<() => Promise<void>>();
  private readonly options: FeedOptions;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(FEED_OPTIONS) options?: FeedOptions,
  ) {
    this.options = options ?? DEFAULT_FEED_OPTIONS;
  }

  /** Subscribes (errors here are still ordinary problems), then takes over the response. */
  start(reply: FastifyReply, selection: FeedSelection): void {
    const subscription = this.store.subscribeToAll({ fromPosition: selection.fromPosition, filter: selection.storeFilter });
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      ...headersOf(reply),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write('retry: 3000\n\n');

    const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), this.options.heartbeatMs);
    let closed = false;
    const close = async (): Promise<void> => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      this.open.delete(close);
      await subscription.unsubscribe();
      if (!raw.writableEnded) raw.end();
    };
    this.open.add(close);
    raw.on('close', () => void close());

    void (async () => {
      try {
        for await (const message of subscription) {
          if (closed) break;
          if (message.kind === 'caught-up') {
            raw.write(`: caught-up ${message.position ?? 'start'}\n\n`);
          } else if (selection.accepts(message.event)) {
            if (!raw.write(sseMessage(message.event))) await drained(raw);
          }
        }
      } catch (error) {
        // The client reconnects with Last-Event-ID and resumes where it stopped.
        this.logger.error(`feed stopped: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        await close();
      }
    })();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.open].map((close) => close()));
  }
}

function headersOf(reply: FastifyReply): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) out[name] = String(value);
  }
  return out;
}

function drained(raw: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      raw.off('drain', done);
      raw.off('close', done);
      resolve();
    };
    raw.on('drain', done);
    raw.on('close', done);
  });
}
