/**
 * Business time (T-3): calendar quarters and years in the program time zone, with Temporal.
 */
import { Temporal } from 'temporal-polyfill';

/** "2026-Q1" */
export type QuarterId = `${number}-Q${1 | 2 | 3 | 4}`;

export function parseInstant(iso: string): Temporal.Instant {
  return Temporal.Instant.from(iso);
}

export function isValidInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    Temporal.Instant.from(value);
    return true;
  } catch {
    return false;
  }
}

export function isValidPlainDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  try {
    Temporal.PlainDate.from(value, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
}

export function localDate(instant: string | Temporal.Instant, timeZone: string): Temporal.PlainDate {
  const i = typeof instant === 'string' ? Temporal.Instant.from(instant) : instant;
  return i.toZonedDateTimeISO(timeZone).toPlainDate();
}

export function quarterOfDate(date: Temporal.PlainDate): QuarterId {
  return `${date.year}-Q${Math.floor((date.month - 1) / 3) + 1}` as QuarterId;
}

/** The quarter an instant falls in, in the program time zone. */
export function quarterOf(instant: string | Temporal.Instant, timeZone: string): QuarterId {
  return quarterOfDate(localDate(instant, timeZone));
}

export function parseQuarter(q: string): { year: number; quarter: 1 | 2 | 3 | 4 } {
  const m = /^(\d{4})-Q([1-4])$/.exec(q);
  if (!m) throw new Error(`not a quarter id: ${q}`);
  return { year: Number(m[1]), quarter: Number(m[2]) as 1 | 2 | 3 | 4 };
}

export function isQuarterId(q: unknown): q is QuarterId {
  return typeof q === 'string' && /^\d{4}-Q[1-4]$/.test(q);
}

export function quarterStart(q: string): Temporal.PlainDate {
  const { year, quarter } = parseQuarter(q);
  return Temporal.PlainDate.from({ year, month: (quarter - 1) * 3 + 1, day: 1 });
}

/** Last calendar day of the quarter. */
export function quarterEnd(q: string): Temporal.PlainDate {
  return quarterStart(nextQuarter(q)).subtract({ days: 1 });
}

export function nextQuarter(q: string): QuarterId {
  const { year, quarter } = parseQuarter(q);
  return (quarter === 4 ? `${year + 1}-Q1` : `${year}-Q${quarter + 1}`) as QuarterId;
}

export function previousQuarter(q: string): QuarterId {
  const { year, quarter } = parseQuarter(q);
  return (quarter === 1 ? `${year - 1}-Q4` : `${year}-Q${quarter - 1}`) as QuarterId;
}

export function compareQuarters(a: string, b: string): number {
  const x = parseQuarter(a);
  const y = parseQuarter(b);
  return x.year - y.year || x.quarter - y.quarter;
}

/** The first instant after the quarter, in the zone (exclusive end bound). */
export function quarterEndExclusive(q: string, timeZone: string): Temporal.Instant {
  return quarterStart(nextQuarter(q)).toZonedDateTime({ timeZone }).toInstant();
}
