/** a statement line cites the recorded events it came from by id, stream and position. */
import type { SourceRef } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';

export function sourceRefOf(event: RecordedEvent): SourceRef {
  return {
    eventId: event.id,
    type: event.type,
    streamName: event.streamName,
    revision: event.revision.toString(),
    position: event.position.toString(),
  };
}

export function positionOf(ref: SourceRef): bigint {
  return BigInt(ref.position);
}
