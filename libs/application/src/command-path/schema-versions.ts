/**
 * Schema version of each published event type (docs/event-catalog.md). Bump a version only
 * together with an upcaster for the old shape.
 */
const SCHEMA_VERSIONS: Readonly<Record<string, number>> = {};

export function schemaVersionOf(eventType: string): number {
  return SCHEMA_VERSIONS[eventType] ?? 1;
}
