/**
 * The demo's business calendar in the program time zone: the simulated program runs from
 * 2 January 2025 to the end of 2026 (eight quarters), and the last quarter is closed and
 * settled in January 2027. Each business day's facts are recorded that evening (the FixedClock
 * stands at 20:00 local time while the day's commands run), so record time advances with
 * business time and no business time is ever in the future of its record time (T-3).
 */
import { Temporal } from 'temporal-polyfill';
import { DEFAULT_PROGRAM_TERMS } from '@ledger/domain';

export const DEMO_TIME_ZONE = DEFAULT_PROGRAM_TERMS.timeZone;
export const DEMO_FIRST_DAY = Temporal.PlainDate.from('2025-01-02');
/** Last day of business activity (collections, registrations, surveys …). */
export const DEMO_LAST_BUSINESS_DAY = Temporal.PlainDate.from('2026-12-31');
/** Last simulated day: the 2026-Q4 close and its statements' settlement. */
export const DEMO_LAST_DAY = Temporal.PlainDate.from('2027-01-29');
export const DEMO_QUARTERS = ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'] as const;

const RECORD_HOUR = 20;

/** The instant of a local wall-clock time on a date (program time zone). */
export function instantOn(date: Temporal.PlainDate, hour: number, minute = 0): Temporal.Instant {
  return date.toZonedDateTime({ timeZone: DEMO_TIME_ZONE, plainTime: new Temporal.PlainTime(hour, minute) }).toInstant();
}

/** When the facts of `date` are recorded: 20:00 local that day. */
export function recordTimeOf(date: Temporal.PlainDate): Temporal.Instant {
  return instantOn(date, RECORD_HOUR);
}

export function localDateOf(instant: Temporal.Instant): Temporal.PlainDate {
  return instant.toZonedDateTimeISO(DEMO_TIME_ZONE).toPlainDate();
}

export function isWeekend(date: Temporal.PlainDate): boolean {
  return date.dayOfWeek >= 6;
}

/** The date itself when it is a weekday, else the next Monday. */
export function weekdayOnOrAfter(date: Temporal.PlainDate): Temporal.PlainDate {
  let d = date;
  while (isWeekend(d)) d = d.add({ days: 1 });
  return d;
}

/** `n` weekdays after `date` (n ≥ 1). */
export function addWeekdays(date: Temporal.PlainDate, n: number): Temporal.PlainDate {
  let d = date;
  for (let i = 0; i < n; i++) d = weekdayOnOrAfter(d.add({ days: 1 }));
  return d;
}

export function daysBetween(a: Temporal.PlainDate, b: Temporal.PlainDate): number {
  return a.until(b, { largestUnit: 'days' }).days;
}

export function isAfter(a: Temporal.PlainDate, b: Temporal.PlainDate): boolean {
  return Temporal.PlainDate.compare(a, b) > 0;
}
