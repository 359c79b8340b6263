/** Small input checks shared by the standing deciders (field-level violations, rule IDs). */
import { Temporal } from 'temporal-polyfill';
import type { Violations } from '../shared/domain-error';
import { isValidInstant } from '../shared/business-time';

export function isNonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/**
 * Checks that `value` is an ISO instant no later than the record time `now` (business facts
 * cannot happen after the ledger learns of them). Returns the parsed instant, or null.
 */
export function checkInstantNotAfter(value: unknown, now: string, field: string, v: Violations): Temporal.Instant | null {
  if (!isValidInstant(value)) {
    v.add(field, 'must be an ISO-8601 instant');
    return null;
  }
  const instant = Temporal.Instant.from(value);
  if (Temporal.Instant.compare(instant, Temporal.Instant.from(now)) > 0) {
    v.add(field, 'is in the future');
    return null;
  }
  return instant;
}

export function sameInstant(a: string, b: Temporal.Instant): boolean {
  return Temporal.Instant.compare(Temporal.Instant.from(a), b) === 0;
}
