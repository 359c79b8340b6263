import type { ExpectedRevision, StreamRevision } from '../../event-store.port';

/** Does a stream whose last revision is `current` (undefined = no stream) satisfy `expected`? */
export function revisionMatches(expected: ExpectedRevision, current: StreamRevision | undefined): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return current === undefined;
  if (expected === 'stream_exists') return current !== undefined;
  return current === expected;
}
