import { Prng } from './prng';

describe('Prng (demo determinism)', () => {
  const draw = (rng: Prng, n = 20) => Array.from({ length: n }, () => rng.next());

  it('gives the same sequence for the same seed and label, and another for another seed or label', () => {
    expect(draw(Prng.for(1, 'partner:0'))).toEqual(draw(Prng.for(1, 'partner:0')));
    expect(draw(Prng.for(2, 'partner:0'))).not.toEqual(draw(Prng.for(1, 'partner:0')));
    expect(draw(Prng.for(1, 'partner:1'))).not.toEqual(draw(Prng.for(1, 'partner:0')));
  });

  it('draws uniform numbers in [0, 1) and integers in the closed range', () => {
    const rng = Prng.for(7, 'range');
    const values = draw(rng, 10_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
    const ints = new Set(Array.from({ length: 1000 }, () => rng.int(3, 5)));
    expect([...ints].sort()).toEqual([3, 4, 5]);
  });

  it('picks by weight', () => {
    const rng = Prng.for(3, 'weights');
    const picks = Array.from({ length: 10_000 }, () => rng.weighted([['a', 0.9], ['b', 0.1]] as const));
    const share = picks.filter((p) => p === 'b').length / picks.length;
    expect(share).toBeGreaterThan(0.08);
    expect(share).toBeLessThan(0.12);
  });
});
