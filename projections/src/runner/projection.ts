/**
 * A projection: a pure step over keyed read-model documents.
 *
 * For each event the runner asks `keys(event)` which documents the event reads or writes,
 * loads those documents (from its batch cache or SQLite), calls the pure `apply`, and writes the
 * returned documents together with the checkpoint in ONE SQLite transaction (exactly-once
 * effect, ADR 0004). Documents are JSON; the runner serialises them canonically (sorted keys) so
 * a rebuild from zero is byte-identical (S-7).
 *
 * `apply` must be pure: no clock, no randomness, no I/O; time comes from the event. The documents
 * it receives are deep-frozen (the runner caches them across batches): build new ones instead of
 * mutating. Documents are plain JSON — money and positions as strings, never bigint.
 */
import type { RecordedEvent, SubscriptionFilter } from '@ledger/event-store';

export type ReadModelDocs<Doc> = ReadonlyMap<string, Doc | undefined>;

export interface Projection<Doc = unknown> {
  /** Unique name; also the read-model table suffix. */
  readonly name: string;
  /** Bump when the step or document shape changes: the runner then rebuilds from zero. */
  readonly version: number;
  /** Only events matching this reach the projection (the runner still advances its checkpoint). */
  readonly filter?: SubscriptionFilter;
  /** Keys (non-empty strings) of every document `apply` reads or writes for this event (may be empty). */
  keys(event: RecordedEvent): readonly string[];
  /**
   * Optional: key prefixes (non-empty) whose documents `apply` reads, for the rare event that must
   * visit documents it cannot name from the event alone (e.g. every line of a partner-quarter on a
   * re-pricing). The runner loads every present document under each prefix — committed or written
   * earlier in the batch — into `docs` in key order, after the `keys(event)` documents, and `apply`
   * may also write new keys under these prefixes.
   */
  prefixes?(event: RecordedEvent): readonly string[];
  /**
   * Pure step. Receives the current documents for `keys(event)` (undefined = absent) and returns
   * the documents to write: a Doc to upsert, null to delete. Keys not returned stay unchanged.
   * Returned keys must be among `keys(event)` or under one of `prefixes(event)`.
   */
  apply(docs: ReadModelDocs<Doc>, event: RecordedEvent): ReadonlyMap<string, Doc | null>;
}
