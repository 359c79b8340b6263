import { Temporal } from 'temporal-polyfill';

/** Record time comes from here, never from the domain (T-3). */
export interface Clock {
  now(): Temporal.Instant;
}

export const CLOCK = Symbol('Clock');

export class SystemClock implements Clock {
  now(): Temporal.Instant {
    return Temporal.Now.instant();
  }
}

/** A settable clock for tests and deterministic demo data. */
export class FixedClock implements Clock {
  private current: Temporal.Instant;
  constructor(start: string | Temporal.Instant) {
    this.current = typeof start === 'string' ? Temporal.Instant.from(start) : start;
  }
  now(): Temporal.Instant {
    return this.current;
  }
  set(instant: string | Temporal.Instant): void {
    this.current = typeof instant === 'string' ? Temporal.Instant.from(instant) : instant;
  }
  advance(duration: Temporal.DurationLike): void {
    this.current = this.current.add(duration);
  }
}
