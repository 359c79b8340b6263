import { createHash } from 'node:crypto';

/**
 * Deterministic event ids: UUID (RFC 9562 version 8, name-based) from the command id, the stream
 * and the event's index in the decision. A retried command therefore produces the same ids, and
 * the store's idempotent append (by event id) never writes it twice.
 */
export function eventIdFor(commandId: string, streamName: string, index: number): string {
  const h = createHash('sha256').update(`${commandId}\u0000${streamName}\u0000${index}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x80; // version 8
  h[8] = (h[8]! & 0x3f) | 0x80; // RFC variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
