/** Summary statistics of repeated measurements: the median and the spread (min–max). */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: readonly number[];
}

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new RangeError('summary of no values');
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`not a finite measurement: ${v}`);
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), runs: [...values] };
}

/** Ratio of two medians, e.g. ours / floor. */
export function ratio(numerator: Summary, denominator: Summary): number {
  return numerator.median / denominator.median;
}

/**
 * The order of the contenders in repetition `rep`: rotated by one each time, so that no contender
 * always runs first (warm page cache, cooler CPU) or last.
 */
export function rotation<T>(contenders: readonly T[], rep: number): T[] {
  const n = contenders.length;
  if (n === 0) return [];
  const shift = ((rep % n) + n) % n;
  return [...contenders.slice(shift), ...contenders.slice(0, shift)];
}
