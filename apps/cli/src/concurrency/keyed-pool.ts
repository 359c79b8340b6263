/**
 * Bounded parallelism with per-key order: tasks submitted under the same key run one after
 * another in submission order (they target the same stream, so running them together would only
 * make them conflict and retry), tasks under different keys run concurrently, at most `limit` at
 * a time. The embedded store group-commits concurrent appends into one transaction, so this is
 * what makes bulk work fast without changing any decision.
 */
export class KeyedPool {
  private readonly tails = new Map<string, Promise<void>>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly all = new Set<Promise<void>>();
  private failure: { error: unknown } | null = null;

  constructor(private readonly limit: number) {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`concurrency must be a positive integer (got ${limit})`);
  }

  /**
   * Queues `task` behind earlier tasks of `key`. Resolves once the task has been queued and the
   * pool has room again (backpressure for streaming producers). A task that throws is a bug,
   * not an outcome: the first such error is rethrown by `drain`, and later tasks of its key
   * still run.
   */
  async submit(key: string, task: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = previous.then(async () => {
      await this.acquire();
      try {
        await task();
      } catch (error) {
        this.failure ??= { error };
      } finally {
        this.release();
      }
    });
    const tail = run.finally(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
      this.all.delete(tail);
    });
    this.tails.set(key, tail);
    this.all.add(tail);
    if (this.all.size >= this.limit * 4) await Promise.race(this.all);
  }

  /** Resolves when every submitted task has finished. */
  async drain(): Promise<void> {
    while (this.all.size > 0) await Promise.all([...this.all]);
    if (this.failure) throw this.failure.error;
  }

  private acquire(): Promise<void> {
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next(); // hand the slot over
    else this.running--;
  }
}
