import { KeyedPool } from './keyed-pool';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('KeyedPool', () => {
  it('runs the tasks of one key in submission order and never more than the limit at once', async () => {
    const pool = new KeyedPool(3);
    const order: string[] = [];
    let running = 0;
    let peak = 0;
    for (let i = 0; i < 40; i++) {
      const key = `k${i % 5}`;
      await pool.submit(key, async () => {
        running++;
        peak = Math.max(peak, running);
        await tick();
        order.push(`${key}:${i}`);
        running--;
      });
    }
    await pool.drain();
    expect(order).toHaveLength(40);
    expect(peak).toBe(3);
    for (let k = 0; k < 5; k++) {
      const ofKey = order.filter((o) => o.startsWith(`k${k}:`)).map((o) => Number(o.split(':')[1]));
      expect(ofKey).toEqual([...ofKey].sort((a, b) => a - b));
    }
  });

  it('keeps running after a task throws and rethrows the first error from drain', async () => {
    const pool = new KeyedPool(2);
    const done: number[] = [];
    await pool.submit('a', async () => {
      throw new Error('boom');
    });
    await pool.submit('a', async () => {
      done.push(1);
    });
    await expect(pool.drain()).rejects.toThrow('boom');
    expect(done).toEqual([1]);
  });

  it('refuses a limit below 1', () => {
    expect(() => new KeyedPool(0)).toThrow('positive integer');
  });
});
