/**
 * Input checks shared by the adapters: an append is refused with InvalidAppendError before it
 * reaches the log (non-empty batch, UUID ids unique within the batch, a type, JSON data and
 * metadata). Returns the events with data and metadata serialised once, ready to store.
 */
import { InvalidAppendError } from '../../event-store.errors';
import type { EventToAppend, ExpectedRevision } from '../../event-store.port';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SerialisedEvent {
  /** Lower-cased UUID. */
  readonly id: string;
  readonly type: string;
  /** JSON text. */
  readonly data: string;
  /** JSON text. */
  readonly metadata: string;
}

export function validateAppend(
  streamName: string,
  events: readonly EventToAppend[],
  expectedRevision: ExpectedRevision,
): SerialisedEvent[] {
  if (typeof streamName !== 'string' || streamName.length === 0) {
    throw new InvalidAppendError('stream name must be a non-empty string');
  }
  if (!isExpectedRevision(expectedRevision)) {
    throw new InvalidAppendError(
      `expected revision must be 'no_stream', 'stream_exists', 'any' or a bigint >= 0n, got ${describe(expectedRevision)}`,
    );
  }
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidAppendError(`append to "${streamName}" has no events: a batch must hold at least one event`);
  }
  const seen = new Set<string>();
  return events.map((event, index) => {
    const where = `event #${index} of the append to "${streamName}"`;
    if (typeof event !== 'object' || event === null) throw new InvalidAppendError(`${where} is not an object`);
    if (typeof event.id !== 'string' || !UUID.test(event.id)) {
      throw new InvalidAppendError(`${where}: id must be a UUID string, got ${describe(event.id)}`);
    }
    const id = event.id.toLowerCase();
    if (seen.has(id)) throw new InvalidAppendError(`${where}: id ${id} appears twice in the batch`);
    seen.add(id);
    if (typeof event.type !== 'string' || event.type.length === 0) {
      throw new InvalidAppendError(`${where}: type must be a non-empty string`);
    }
    assertJson(event.data, `${where}: data`);
    if (typeof event.metadata !== 'object' || event.metadata === null || Array.isArray(event.metadata)) {
      throw new InvalidAppendError(`${where}: metadata must be an object`);
    }
    assertJson(event.metadata, `${where}: metadata`);
    return { id, type: event.type, data: JSON.stringify(event.data), metadata: JSON.stringify(event.metadata) };
  });
}

function isExpectedRevision(value: unknown): value is ExpectedRevision {
  return (
    value === 'no_stream' || value === 'stream_exists' || value === 'any' || (typeof value === 'bigint' && value >= 0n)
  );
}

/**
 * Strict JSON check: plain objects, arrays, strings, finite numbers, booleans, null. Refuses what
 * JSON.stringify would silently change or drop (bigint money, NaN, Dates, Maps, class instances,
 * functions) so that what is read back is exactly what was appended.
 */
function assertJson(value: unknown, path: string, ancestors: Set<object> = new Set()): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidAppendError(`${path} is ${value}, which JSON cannot hold`);
    return;
  }
  if (typeof value !== 'object') {
    throw new InvalidAppendError(`${path} is a ${typeof value}, which is not JSON`);
  }
  if (ancestors.has(value)) throw new InvalidAppendError(`${path} is circular`);
  ancestors.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (item === undefined) throw new InvalidAppendError(`${path}[${i}] is undefined, which is not JSON`);
      assertJson(item, `${path}[${i}]`, ancestors);
    });
  } else {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      throw new InvalidAppendError(`${path} is a ${value.constructor?.name ?? 'non-plain object'}, not a plain JSON object`);
    }
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) assertJson(item, `${path}.${key}`, ancestors);
    }
  }
  ancestors.delete(value);
}

function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}
