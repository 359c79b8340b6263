/**
 * Business days (D-4) in the program time zone (T-3): Monday–Friday, minus the terms' holidays.
 */
import { Temporal } from 'temporal-polyfill';
import type { ProgramTerms } from '../program-terms/program-terms';

export function isBusinessDay(date: Temporal.PlainDate, terms: Pick<ProgramTerms, 'holidays'>): boolean {
  return date.dayOfWeek <= 5 && !terms.holidays.includes(date.toString());
}

/**
 * D-4 deadline: the end of the `n`-th FULL business day after receipt, as an exclusive bound
 * (the first instant of the next calendar day in the program time zone).
 *
 * Reading chosen ("within 2 business days"): the day of receipt never counts, whatever the
 * time of receipt, because it is not a full business day after receipt; the clock then runs over
 * the next `n` business days, whole. The decision is due before the returned instant; a decision
 * at or after it is late (D-4 `approval-overdue`). Examples, program zone America/New_York:
 * - received Tue 10:00 → counts Wed, Thu → due before Fri 00:00.
 * - received Fri 15:00, Mon a holiday → counts Tue, Wed → due before Thu 00:00.
 * - received Sat or Sun → counts Mon, Tue → due before Wed 00:00.
 * - across a DST change the bound is local midnight, so it is 04:00Z in summer, 05:00Z in winter.
 * `n = 0` means the end of the day of receipt.
 */
export function addBusinessDays(
  instant: string | Temporal.Instant,
  n: number,
  terms: Pick<ProgramTerms, 'timeZone' | 'holidays'>,
): Temporal.Instant {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`D-4: business days must be a non-negative integer, got ${n}`);
  const received = typeof instant === 'string' ? Temporal.Instant.from(instant) : instant;
  let day = received.toZonedDateTimeISO(terms.timeZone).toPlainDate();
  for (let counted = 0; counted < n; ) {
    day = day.add({ days: 1 });
    if (isBusinessDay(day, terms)) counted += 1;
  }
  return day.add({ days: 1 }).toZonedDateTime({ timeZone: terms.timeZone }).toInstant();
}
