import type { ExpectedRevision, StreamRevision } from './event-store.port';

/** Optimistic concurrency conflict: the stream is not at the expected revision. */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamName: string,
    readonly expectedRevision: ExpectedRevision,
    /** Actual last revision, or 'no_stream' when the stream does not exist. */
    readonly actualRevision: StreamRevision | 'no_stream',
  ) {
    super(
      `Wrong expected revision on stream "${streamName}": expected ${String(expectedRevision)}, actual ${String(actualRevision)}`,
    );
    this.name = 'WrongExpectedRevisionError';
  }
}

export class StreamNotFoundError extends Error {
  constructor(readonly streamName: string) {
    super(`Stream "${streamName}" not found`);
    this.name = 'StreamNotFoundError';
  }
}

/** The store cannot be reached or is not accepting writes. */
export class EventStoreUnavailableError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'EventStoreUnavailableError';
  }
}

/** An append was malformed (empty batch, bad id, non-JSON data …). */
export class InvalidAppendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}
