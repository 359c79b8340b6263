/**
 * Idempotent appends by event id, as in EventStoreDB: an append whose every event id is already
 * in the stream, in the same order, at the place its expected revision implies (anywhere in the
 * stream for 'any' / 'stream_exists') is a retry: it returns the original result and writes
 * nothing. Ids that only partly match an earlier append, or that belong to another stream, are
 * refused (InvalidAppendError) — a retry must repeat the exact same batch.
 */
import { InvalidAppendError } from '../../event-store.errors';
import type { AppendResult, ExpectedRevision, GlobalPosition, StreamRevision } from '../../event-store.port';

export interface StoredEventRef {
  readonly streamName: string;
  readonly revision: StreamRevision;
  readonly position: GlobalPosition;
}

/**
 * `existing[i]` is where the id of the batch's event i is already stored (undefined = nowhere).
 * Returns the original result for a retry, null when no id of the batch is stored yet.
 */
export function resolveRetry(
  streamName: string,
  ids: readonly string[],
  expectedRevision: ExpectedRevision,
  existing: readonly (StoredEventRef | undefined)[],
): AppendResult | null {
  if (existing.every((e) => e === undefined)) return null;
  existing.forEach((e, i) => {
    if (e !== undefined && e.streamName !== streamName) {
      throw new InvalidAppendError(
        `event id ${ids[i]} is already stored in stream "${e.streamName}" (revision ${e.revision}); ` +
          `it cannot be appended to "${streamName}"`,
      );
    }
  });
  const first =
    typeof expectedRevision === 'bigint'
      ? expectedRevision + 1n
      : expectedRevision === 'no_stream'
        ? 0n
        : existing[0]?.revision;
  const isRetry =
    first !== undefined && existing.every((e, i) => e !== undefined && e.revision === first + BigInt(i));
  if (!isRetry) {
    throw new InvalidAppendError(
      `partial overlap on stream "${streamName}": some event ids of this append are already stored, but not as ` +
        `this exact batch at the place expected revision ${String(expectedRevision)} implies; ` +
        `an idempotent retry must repeat the same events`,
    );
  }
  const last = existing[existing.length - 1] as StoredEventRef;
  return { nextExpectedRevision: last.revision, position: last.position };
}
