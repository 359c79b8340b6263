/**
 * The pure pieces of the benchmark harness (bench/, issue 8, ADR 0007): deterministic workloads
 * and the median/spread statistics the report is built from. No timing is asserted here: the
 * benchmarks themselves run only through `npm run bench`.
 */
import { summarizeCpuProfile } from '../../bench/src/harness/cpu-profile';
import { createRng, intBetween, uuidFrom } from '../../bench/src/harness/prng';
import { median, ratio, rotation, summarize } from '../../bench/src/harness/stats';
import { b1Event, b1Plan, planEvents, writerAppends } from '../../bench/src/harness/workload';
import { DomainGenerator } from '../../bench/src/b2/domain-generator';

describe('bench PRNG', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const take = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 8 }, () => rng());
    };
    expect(take(8)).toEqual(take(8));
    expect(take(8)).not.toEqual(take(9));
    for (const value of take(8)) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });

  it('draws integers within both bounds and reaches both of them', () => {
    const rng = createRng(1);
    const seen = new Set(Array.from({ length: 500 }, () => intBetween(rng, 1, 3)));
    expect([...seen].sort()).toEqual([1, 2, 3]);
  });

  it('builds version-4-shaped UUIDs deterministically', () => {
    const a = uuidFrom(createRng(5));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidFrom(createRng(5))).toBe(a);
  });
});

describe('B1 workload', () => {
  const plan = b1Plan({ events: 5_000, streams: 200, seed: 8 });

  it('holds exactly N events in appends of 1–3 events over the given streams', () => {
    const counts = Array.from(plan.count);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(5_000);
    expect(new Set(counts)).toEqual(new Set([1, 2, 3]));
    expect(Math.max(...plan.stream)).toBeLessThan(200);
    const contiguous = Array.from(plan.firstEvent).every((first, a) => first === (a === 0 ? 0 : plan.firstEvent[a - 1]! + plan.count[a - 1]!));
    expect(contiguous).toBe(true);
  });

  it('is the same plan and the same events for the same seed', () => {
    const again = b1Plan({ events: 5_000, streams: 200, seed: 8 });
    expect(Array.from(again.stream)).toEqual(Array.from(plan.stream));
    expect(planEvents(again, 17)).toEqual(planEvents(plan, 17));
    expect(b1Plan({ events: 5_000, streams: 200, seed: 9 }).stream).not.toEqual(plan.stream);
  });

  it('makes events with unique UUID ids and the metadata the store requires', () => {
    const ids = new Set(Array.from({ length: 1_000 }, (_, i) => b1Event(8, i).id));
    expect(ids.size).toBe(1_000);
    expect(b1Event(8, 3).metadata).toMatchObject({ schemaVersion: 1, actor: 'system:bench' });
    expect(JSON.stringify(b1Event(8, 3)).length).toBeGreaterThan(300);
  });

  it('splits the appends between writers by stream, each append exactly once', () => {
    const shares = Array.from({ length: 64 }, (_, w) => writerAppends(plan, 64, w));
    expect(shares.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: plan.appends }, (_, a) => a));
    expect(shares.every((appends, w) => appends.every((a) => plan.stream[a]! % 64 === w))).toBe(true);
  });
});

describe('B2 domain generator', () => {
  it('is deterministic and predicts positions 1, 2, 3… with per-stream revisions', () => {
    const first = new DomainGenerator(7);
    const second = new DomainGenerator(7);
    const a = Array.from({ length: 600 }, () => first.next());
    expect(Array.from({ length: 600 }, () => second.next())).toEqual(a);
    expect(a.map((x) => x.position)).toEqual(a.map((_, i) => BigInt(i + 1)));
    const revisions = new Map<string, bigint>();
    const expected = a.map((x) => {
      const previous = revisions.get(x.streamName);
      revisions.set(x.streamName, previous === undefined ? 0n : previous + 1n);
      return previous === undefined ? 'no_stream' : previous;
    });
    expect(a.map((x) => x.expectedRevision)).toEqual(expected);
    expect(first.typeCounts['ProgramTermsAmended']).toBe(1);
    expect(first.typeCounts['PartnerEnrolled']).toBeGreaterThan(0);
    expect(Object.values(first.typeCounts).reduce((x, y) => x + y, 0)).toBe(600);
  });
});

describe('bench statistics', () => {
  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });

  it('summarises runs as median and spread, and refuses non-finite measurements', () => {
    expect(summarize([10, 30, 20])).toEqual({ median: 20, min: 10, max: 30, runs: [10, 30, 20] });
    expect(() => summarize([1, Number.NaN])).toThrow(RangeError);
    expect(ratio(summarize([50]), summarize([200]))).toBe(0.25);
  });

  it('rotates the contenders so that each one runs first once per cycle', () => {
    const contenders = ['ours', 'emmett', 'floor'];
    expect([0, 1, 2, 3].map((rep) => rotation(contenders, rep)[0])).toEqual(['ours', 'emmett', 'floor', 'ours']);
    expect(rotation(contenders, 1)).toEqual(['emmett', 'floor', 'ours']);
  });

  it('sums self time per function from a V8 CPU profile', () => {
    const summary = summarizeCpuProfile(
      {
        nodes: [
          { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2, 3] },
          { id: 2, callFrame: { functionName: 'hot', url: 'file:///x/a.js', lineNumber: 9 } },
          { id: 3, callFrame: { functionName: 'cold', url: 'file:///x/b.js', lineNumber: 0 } },
        ],
        samples: [2, 2, 2, 3],
        timeDeltas: [1000, 1000, 1000, 1000],
        startTime: 0,
        endTime: 4000,
      },
      5,
    );
    expect(summary.totalMs).toBe(4);
    expect(summary.top[0]).toMatchObject({ selfMs: 3, selfPercent: 75 });
    expect(summary.top[0]?.frame).toMatch(/^hot \(.*a\.js:10\)$/);
  });
});
