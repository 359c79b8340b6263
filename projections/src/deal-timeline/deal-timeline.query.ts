/** Queries over the dispute timeline (D-12). Pure functions over the read-model documents. */
import { normalizeCompanyName } from '@ledger/domain/deal-registration/opportunity-key';
import { Temporal } from 'temporal-polyfill';
import { aliasKey, OPEN_PROTECTION, type DealTimelineDoc, type ProtectionView, type TimelineEntry } from './deal-timeline.projection';

export interface TimelineAsOf {
  readonly opportunityKey: string;
  readonly asOf: string;
  /** The entries the ledger had recorded at `asOf` (recordedAt ≤ asOf), in stream order. */
  readonly entries: readonly TimelineEntry[];
  /** The protection view after the last of those entries; `open` before the first. */
  readonly protection: ProtectionView;
  /**
   * Whether the holder was protected at `asOf` (D-5..D-8): protected status and asOf before the
   * protection end. False when the end had passed even if the lapse was not yet recorded.
   */
  readonly protectedAsOf: boolean;
}

/** D-12: the timeline as it stood at a past instant (ISO-8601). */
export function timelineAsOf(doc: DealTimelineDoc, instant: string): TimelineAsOf {
  const at = Temporal.Instant.from(instant);
  const entries = doc.entries.filter((e) => Temporal.Instant.compare(Temporal.Instant.from(e.recordedAt), at) <= 0);
  const protection = entries[entries.length - 1]?.protection ?? OPEN_PROTECTION;
  const protectedAsOf =
    protection.status === 'protected' && protection.endsAt !== null && Temporal.Instant.compare(at, Temporal.Instant.from(protection.endsAt)) < 0;
  return { opportunityKey: doc.opportunityKey, asOf: at.toString(), entries, protection, protectedAsOf };
}

/** D-2, D-12: the alias document key under which any spelling of a company name finds its opportunities. */
export function aliasKeyForCompanyName(companyName: string): string | null {
  const normalized = normalizeCompanyName(companyName);
  return normalized === '' ? null : aliasKey(normalized);
}
