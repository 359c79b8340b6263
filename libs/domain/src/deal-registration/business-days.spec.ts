import { Temporal } from 'temporal-polyfill';
import { DEFAULT_PROGRAM_TERMS } from '../program-terms/default-program-terms';
import { addBusinessDays, isBusinessDay } from './business-days';

const ny = { timeZone: 'America/New_York', holidays: ['2026-01-19', '2026-07-03', '2026-12-25'] };
const due = (at: string, n = 2, terms = ny) => addBusinessDays(at, n, terms).toString();

describe('addBusinessDays (D-4: end of the n-th full business day after receipt, program time zone)', () => {
  it('D-4: received Tuesday 10:00 ET → due before Friday 00:00 ET (Wed and Thu are counted)', () => {
    expect(due('2026-01-13T15:00:00Z')).toBe('2026-01-16T05:00:00Z');
  });

  it('D-4: received Friday 15:00 ET before a Monday holiday (MLK day) → due before Thursday 00:00 ET', () => {
    expect(due('2026-01-16T20:00:00Z')).toBe('2026-01-22T05:00:00Z');
  });

  it('D-4: received Thursday before the Friday 3 July 2026 holiday → Mon, Tue → due before Wed 00:00 EDT', () => {
    expect(due('2026-07-02T13:00:00Z')).toBe('2026-07-08T04:00:00Z');
  });

  it('D-4: a weekend receipt counts from Monday → due before Wednesday 00:00', () => {
    expect(due('2026-01-10T12:00:00Z')).toBe('2026-01-14T05:00:00Z'); // Saturday
    expect(due('2026-01-11T23:30:00Z')).toBe('2026-01-14T05:00:00Z'); // Sunday 18:30 ET
  });

  it('D-4: the day of receipt never counts, even received one minute after midnight or one before', () => {
    expect(due('2026-01-13T05:01:00Z')).toBe('2026-01-16T05:00:00Z'); // Tue 00:01 ET
    expect(due('2026-01-14T04:59:00Z')).toBe('2026-01-16T05:00:00Z'); // Tue 23:59 ET
    expect(due('2026-01-14T05:00:00Z')).toBe('2026-01-17T05:00:00Z'); // Wed 00:00 ET
  });

  it('D-4: the local date decides, not the UTC date (Monday 21:00 ET is Tuesday in UTC)', () => {
    expect(due('2026-01-13T02:00:00Z')).toBe('2026-01-15T05:00:00Z'); // Mon 12 Jan 21:00 ET → Tue, Wed
  });

  it('D-4: across the spring-forward DST change the deadline is local midnight (EDT, 04:00Z)', () => {
    // Friday 6 March 2026 15:00 EST; clocks go forward on Sunday 8 March → Mon 9, Tue 10 counted.
    const deadline = addBusinessDays('2026-03-06T20:00:00Z', 2, ny);
    expect(deadline.toString()).toBe('2026-03-11T04:00:00Z');
    expect(deadline.toZonedDateTimeISO('America/New_York').toPlainDateTime().toString()).toBe('2026-03-11T00:00:00');
  });

  it('D-4: across the fall-back DST change the deadline is local midnight (EST, 05:00Z)', () => {
    expect(due('2026-10-30T19:00:00Z')).toBe('2026-11-04T05:00:00Z'); // Fri 30 Oct 15:00 EDT → Mon 2, Tue 3 Nov
  });

  it('D-4: skips holidays falling inside the window and consecutive non-business days', () => {
    // Wed 23 Dec 2026 → Thu 24, (Fri 25 holiday, weekend), Mon 28 → due before Tue 29.
    expect(due('2026-12-23T17:00:00Z')).toBe('2026-12-29T05:00:00Z');
  });

  it('D-4: uses the terms time zone', () => {
    expect(due('2026-01-13T15:00:00Z', 2, { timeZone: 'Europe/Berlin', holidays: [] })).toBe('2026-01-15T23:00:00Z');
  });

  it('D-4: n = 0 is the end of the day of receipt; n must be a non-negative integer', () => {
    expect(due('2026-01-13T15:00:00Z', 0)).toBe('2026-01-14T05:00:00Z');
    expect(() => addBusinessDays('2026-01-13T15:00:00Z', -1, ny)).toThrow(RangeError);
    expect(() => addBusinessDays('2026-01-13T15:00:00Z', 1.5, ny)).toThrow(RangeError);
  });

  it('D-4: the shipped default holidays are used (Presidents Day 16 Feb 2026)', () => {
    expect(addBusinessDays(Temporal.Instant.from('2026-02-13T20:00:00Z'), 2, DEFAULT_PROGRAM_TERMS).toString()).toBe('2026-02-19T05:00:00Z');
  });

  it('isBusinessDay: weekends and holidays are not business days', () => {
    expect(isBusinessDay(Temporal.PlainDate.from('2026-01-16'), ny)).toBe(true);
    expect(isBusinessDay(Temporal.PlainDate.from('2026-01-17'), ny)).toBe(false);
    expect(isBusinessDay(Temporal.PlainDate.from('2026-01-18'), ny)).toBe(false);
    expect(isBusinessDay(Temporal.PlainDate.from('2026-01-19'), ny)).toBe(false);
  });
});
