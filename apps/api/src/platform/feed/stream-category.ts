import { STREAM_CATEGORIES } from '@ledger/domain';

export const FEED_CATEGORIES: readonly string[] = Object.values(STREAM_CATEGORIES);

/**
 * The category of a stream: its name up to the first `-` (`partner-acme` → `partner`), except for
 * categories whose own name contains a `-` (`program-terms`), which are matched whole.
 */
export function categoryOf(streamName: string): string {
  const known = FEED_CATEGORIES.find((c) => c.includes('-') && (streamName === c || streamName.startsWith(`${c}-`)));
  if (known) return known;
  const dash = streamName.indexOf('-');
  return dash === -1 ? streamName : streamName.slice(0, dash);
}
