/**
 * T-1: the program terms book, read from the `program-terms` stream (cached by revision).
 * On first start the shipped default terms are recorded as the stream's first event.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  DEFAULT_PROGRAM_TERMS,
  bookWith,
  programTermsStreamId,
  type ProgramTermsAmended,
  type ProgramTermsBook,
} from '@ledger/domain';
import { StreamNotFoundError, type EventStore } from '@ledger/event-store';
import { EVENT_STORE } from '../nest/tokens';
import { CLOCK, type Clock } from '../time/clock';
import { eventIdFor } from '../command-path/event-ids';
import { schemaVersionOf } from '../command-path/schema-versions';

const BOOTSTRAP_COMMAND_ID = 'bootstrap:default-program-terms';

@Injectable()
export class ProgramTermsService {
  private cache: { revision: bigint; book: ProgramTermsBook } | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Records the shipped default terms if the program has none yet (idempotent). */
  async ensureRecorded(): Promise<void> {
    try {
      await this.store.readStream(programTermsStreamId(), { maxCount: 1 });
      return;
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    const now = this.clock.now().toString();
    const event: ProgramTermsAmended = {
      type: 'ProgramTermsAmended',
      data: { terms: DEFAULT_PROGRAM_TERMS, amendedBy: 'system:bootstrap', reason: 'Shipped default program terms (seed 000)' },
    };
    try {
      await this.store.appendToStream(
        programTermsStreamId(),
        [
          {
            id: eventIdFor(BOOTSTRAP_COMMAND_ID, programTermsStreamId(), 0),
            type: event.type,
            data: event.data as never,
            metadata: {
              correlationId: BOOTSTRAP_COMMAND_ID,
              causationId: BOOTSTRAP_COMMAND_ID,
              actor: 'system:bootstrap',
              commandId: BOOTSTRAP_COMMAND_ID,
              occurredAt: `${DEFAULT_PROGRAM_TERMS.effectiveFrom}T05:00:00Z`,
              recordedAt: now,
              schemaVersion: schemaVersionOf(event.type),
            },
          },
        ],
        { expectedRevision: 'no_stream' },
      );
    } catch (error) {
      // Another instance recorded them first: fine.
      if ((error as Error).name !== 'WrongExpectedRevisionError') throw error;
    }
  }

  /** The terms book as recorded; the shipped default when nothing is recorded yet. */
  async book(): Promise<ProgramTermsBook> {
    let events;
    try {
      events = await this.store.readStream(programTermsStreamId(), {
        fromRevision: this.cache ? this.cache.revision + 1n : 'start',
      });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return this.cache?.book ?? { versions: [DEFAULT_PROGRAM_TERMS] };
      throw error;
    }
    let book = this.cache?.book ?? { versions: [] };
    let revision = this.cache?.revision ?? -1n;
    for (const e of events) {
      if (e.type === 'ProgramTermsAmended') book = bookWith(book, (e.data as unknown as ProgramTermsAmended['data']).terms);
      revision = e.revision;
    }
    if (book.versions.length === 0) return { versions: [DEFAULT_PROGRAM_TERMS] };
    this.cache = { revision, book };
    return book;
  }
}
