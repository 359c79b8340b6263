/**
 * Catch-up subscription over a log read page by page by global position, shared by the embedded
 * and in-memory adapters.
 *
 * One cursor (the last position scanned) drives both phases, so there is never a gap or a
 * duplicate: catch-up reads pages after the cursor until a page comes back short, then emits
 * `caught-up` once; live mode re-reads after the cursor whenever the source signals that new
 * events may exist, and otherwise sleeps (no busy polling). Reads are synchronous page reads; no
 * database cursor is ever held across an `await`. Iteration is pull-based: a slow consumer is
 * never buffered more than one page.
 */
import type {
  ReadAllOptions,
  GlobalPosition,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
  SubscriptionFilter,
  SubscriptionMessage,
} from '../../event-store.port';

export const PAGE_SIZE = 500;

export interface EventPage {
  /** Events of the page that pass the filter, in position order. */
  readonly events: readonly RecordedEvent[];
  /** Position of the last row scanned (matching or not), null when the page is empty. */
  readonly lastPosition: GlobalPosition | null;
  /** True when fewer rows than asked for were found: the end of the log at read time. */
  readonly exhausted: boolean;
}

export interface CatchUpSource {
  /** Reads up to `limit` rows with position > `after`, in order, synchronously. */
  readPage(after: GlobalPosition, limit: number, filter: SubscriptionFilter | undefined): EventPage;
  /** Calls `wake` whenever events may have been appended; returns a function that stops it. */
  watch(wake: () => void): () => void;
}

export function catchUpSubscription(
  source: CatchUpSource,
  options: SubscribeToAllOptions,
  onEnd: (subscription: Subscription) => void,
): Subscription {
  let stopped = false;
  let wakeWaiter: (() => void) | null = null;
  let signalled = false;
  let ended = false;
  let unwatch: (() => void) | null = null;

  const end = (): void => {
    stopped = true;
    wakeWaiter?.();
    unwatch?.();
    unwatch = null;
    if (!ended) {
      ended = true;
      onEnd(subscription);
    }
  };

  async function* run(): AsyncGenerator<SubscriptionMessage, void, undefined> {
    const from = options.fromPosition ?? 'start';
    let cursor: GlobalPosition = from === 'start' ? 0n : from;
    let scannedAny = from !== 'start';
    let watching = false;
    try {
      while (!stopped) {
        signalled = false;
        const page = source.readPage(cursor, PAGE_SIZE, options.filter);
        if (page.lastPosition !== null) {
          cursor = page.lastPosition;
          scannedAny = true;
        }
        for (const event of page.events) {
          if (stopped) return;
          yield { kind: 'event', event };
        }
        if (!page.exhausted) {
          // A long run of filtered-out rows must not starve the event loop.
          if (page.events.length === 0) await new Promise<void>((resolve) => setImmediate(resolve));
          continue;
        }
        if (!watching) {
          // Watch before announcing caught-up; the loop then reads once more, so an append made
          // while the consumer handled the events above is not missed.
          if (stopped) return;
          watching = true;
          unwatch = source.watch(() => {
            signalled = true;
            wakeWaiter?.();
          });
          yield { kind: 'caught-up', position: scannedAny ? cursor : null };
          continue;
        }
        if (signalled || stopped) continue;
        await new Promise<void>((resolve) => {
          wakeWaiter = resolve;
        });
        wakeWaiter = null;
      }
    } finally {
      end();
    }
  }

  const iterator = run();
  const subscription: Subscription = {
    [Symbol.asyncIterator]: () => iterator,
    unsubscribe: async () => {
      end();
    },
  };
  return subscription;
}

/**
 * `readAll` over a paged source: pages of PAGE_SIZE by position, so the log is never loaded into
 * memory. `beforePage` runs before each page (e.g. to refuse reads after `close()`).
 */
export async function* pagedReadAll(
  readPage: CatchUpSource['readPage'],
  options: ReadAllOptions,
  beforePage: () => void = () => undefined,
): AsyncGenerator<RecordedEvent, void, undefined> {
  let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
  let cursor = options.fromPosition === undefined || options.fromPosition === 'start' ? 0n : options.fromPosition;
  while (remaining > 0) {
    beforePage();
    const page = readPage(cursor, PAGE_SIZE, options.filter);
    for (const event of page.events) {
      yield event;
      if (--remaining === 0) return;
    }
    if (page.exhausted || page.lastPosition === null) return;
    cursor = page.lastPosition;
  }
}
