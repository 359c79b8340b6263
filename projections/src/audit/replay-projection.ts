/**
 * Applies a projection step to an in-memory document map, exactly as the runner does (keys, pure
 * apply, upsert/delete), checking the step's contract: it writes only keys it declared, and it
 * never mutates the documents it is given (they are frozen). Used to recompute statements from the
 * log (A-2, S-7) and by tests.
 */
import { matchesFilter, type RecordedEvent } from '@ledger/event-store';
import { DocMap, keysUnder } from '../runner/doc-map';
import type { Projection } from '../runner/projection';

/** `docs` is best a DocMap: documents under `prefixes(event)` are then found without a scan. */
export function applyToDocs<Doc>(projection: Projection<Doc>, docs: Map<string, Doc>, event: RecordedEvent): void {
  if (!matchesFilter(projection.filter, event.streamName, event.type)) return;
  const keys = projection.keys(event);
  const view = new Map<string, Doc | undefined>(keys.map((key) => [key, docs.get(key)]));
  const prefixes = projection.prefixes?.(event) ?? [];
  for (const prefix of prefixes) for (const key of keysUnder(docs, prefix)) if (!view.has(key)) view.set(key, docs.get(key));
  for (const doc of view.values()) deepFreeze(doc);
  const allowed = new Set(keys);
  for (const [key, doc] of projection.apply(view, event)) {
    if (!allowed.has(key) && !prefixes.some((prefix) => key.startsWith(prefix))) {
      throw new Error(`${projection.name}: apply wrote ${key}, which neither keys(event) nor prefixes(event) declared`);
    }
    if (doc === null) docs.delete(key);
    else docs.set(key, doc);
  }
}

export function foldProjection<Doc>(projection: Projection<Doc>, events: Iterable<RecordedEvent>, docs: Map<string, Doc> = new DocMap<Doc>()): Map<string, Doc> {
  for (const event of events) applyToDocs(projection, docs, event);
  return docs;
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
}
