/**
 * The pure pieces of the B3/B4 harness: exact percentiles, and the check of every acknowledged
 * command against the log. No timing is asserted here. (Under bench/, outside jest's testMatch:
 * run with `npx jest --config bench/src/b3/jest.b34.config.js`.)
 */
import { verify } from './b3-run';
import { percentiles } from './load';

describe('B3/B4 percentiles (nearest rank, exact)', () => {
  it('reads p50/p99/max from the sorted values, not from a histogram', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i + 1) / 10); // 0.1 … 100.0 ms
    const p = percentiles([...values].reverse());
    expect(p.p50).toBe(50);
    expect(p.p90).toBe(90);
    expect(p.p99).toBe(99);
    expect(p.p999).toBe(99.9);
    expect(p.max).toBe(100);
    expect(p.mean).toBeCloseTo(50.05, 6);
  });

  it('gives the only value for every percentile of one sample, and zeros for none', () => {
    expect(percentiles([3.25])).toEqual({ p50: 3.25, p90: 3.25, p99: 3.25, p999: 3.25, max: 3.25, mean: 3.25 });
    expect(percentiles([])).toEqual({ p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0 });
  });
});

describe('B3 check of acknowledged commands against the log', () => {
  const appended = (ids: string[], extra: Record<string, number> = {}) => ({ byType: { DealRegistered: ids.length, ...extra }, ids });

  it('passes when every 2xx command is in the log once and the rest were in flight when the load stopped', () => {
    const v = verify('register', { ok: ['a', 'b', 'c'], failed: [], unanswered: ['d', 'e'] }, appended(['a', 'b', 'c', 'd']), 3, 0, 0);
    expect(v).toMatchObject({ ok: true, ok2xx: 3, appended: 4, missing: 0, duplicates: 0, inFlightAtStop: 1, unexplained: 0 });
  });

  it('fails when an acknowledged command is missing from the log', () => {
    const v = verify('register', { ok: ['a', 'b'], failed: [], unanswered: [] }, appended(['a']), 2, 0, 0);
    expect(v).toMatchObject({ ok: false, missing: 1 });
  });

  it('fails on a command appended twice, or appended although it was refused', () => {
    expect(verify('register', { ok: ['a'], failed: [], unanswered: [] }, appended(['a', 'a']), 1, 0, 0)).toMatchObject({ ok: false, duplicates: 1 });
    expect(verify('register', { ok: ['a'], failed: ['b'], unanswered: [] }, appended(['a', 'b']), 1, 1, 0)).toMatchObject({ ok: false, unexplained: 1 });
  });

  it('fails on events of another type, on non-2xx answers and on socket errors', () => {
    expect(verify('register', { ok: ['a'], failed: [], unanswered: [] }, appended(['a'], { DealRegistrationRejected: 1 }), 1, 0, 0).ok).toBe(false);
    expect(verify('register', { ok: ['a'], failed: [], unanswered: [] }, appended(['a']), 1, 1, 0).ok).toBe(false);
    expect(verify('register', { ok: ['a'], failed: [], unanswered: [] }, appended(['a']), 1, 0, 1).ok).toBe(false);
  });

  it('requires a query to append nothing at all', () => {
    expect(verify('statement', { ok: [], failed: [], unanswered: [] }, { byType: {}, ids: [] }, 500, 0, 0).ok).toBe(true);
    expect(verify('statement', { ok: [], failed: [], unanswered: [] }, { byType: { StatementConfirmed: 1 }, ids: [] }, 500, 0, 0).ok).toBe(false);
  });
});
