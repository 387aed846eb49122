/**
 * The numbers the reports are made of, without I/O: counts by a key, the median and the p90 of
 * durations, and a range of days in a zone.
 */

/** How many of the items fall under each key, the biggest first (ties in key order). */
export function countBy<T>(items: readonly T[], key: (item: T) => string): { key: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts]
    .map(([k, count]) => ({ key: k, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * The median: the middle value of the sorted values, or the mean of the two middle ones when their
 * number is even (what a spreadsheet's MEDIAN gives); null without values.
 */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (i: number): number => sorted[i] ?? Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

/**
 * The p-th percentile by the nearest rank: of the n values sorted ascending, the one at rank
 * ⌈p/100 × n⌉ (1-based, at least 1). It is always one of the values: p90 of 10 values is the 9th,
 * of 11 values the 10th, of 1 value that value. Null without values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile ${p} is not in (0, 100]`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

/** Count, median and p90 of durations (ms). */
export interface DurationStats {
  readonly count: number;
  readonly median: number | null;
  readonly p90: number | null;
}

export function durationStats(values: readonly number[]): DurationStats {
  return { count: values.length, median: median(values), p90: percentile(values, 90) };
}

/** A share as a fraction (0–1), null when there is nothing to share. */
export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}
