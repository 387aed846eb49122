import { describe, expect, it } from 'vitest';
import { countBy, median, percentile } from '../../src/domain/reports/stats.js';
import { isRangeError, reportRange } from '../../src/domain/reports/range.js';

describe('report numbers', () => {
  it('the median is the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('p90 is the nearest rank: the value at rank ⌈0.9 n⌉ of the sorted values, always one of them', () => {
    expect(percentile([], 90)).toBeNull();
    expect(percentile([42], 90)).toBe(42);
    const ten = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(percentile(ten, 90)).toBe(9); // rank 9 of 10
    expect(percentile([...ten, 11], 90)).toBe(10); // ⌈9.9⌉ = rank 10 of 11
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], 90)).toBe(18);
    expect(percentile([3, 1, 2], 50)).toBe(2);
    expect(() => percentile([1], 0)).toThrow(RangeError);
  });

  it('counts by key, the biggest first', () => {
    expect(countBy(['b', 'a', 'b', 'c', 'a', 'b'], (x) => x)).toEqual([
      { key: 'b', count: 3 },
      { key: 'a', count: 2 },
      { key: 'c', count: 1 },
    ]);
  });
});

describe('a report range', () => {
  it('covers the days from and to, both included, in Shanghai time', () => {
    const r = reportRange('2026-11-01', '2026-11-30');
    if (isRangeError(r)) throw new Error(r.reason);
    expect(r.from.toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(r.to.toISOString()).toBe('2026-11-30T16:00:00.000Z'); // 1 December 00:00 in Shanghai, excluded
    const one = reportRange('2026-11-30', '2026-11-30');
    expect(isRangeError(one) ? null : one.to.getTime() - one.from.getTime()).toBe(86_400_000);
  });

  it('refuses what is not a range, saying why', () => {
    expect(reportRange('2026-11-31', '2026-12-01')).toMatchObject({ code: 'invalid_from' });
    expect(reportRange('2026-11-01', 'yesterday')).toMatchObject({ code: 'invalid_to' });
    expect(reportRange(undefined, '2026-11-01')).toMatchObject({ code: 'invalid_from' });
    expect(reportRange('2026-11-02', '2026-11-01')).toMatchObject({ code: 'range_reversed', reason: expect.stringContaining('before') });
    expect(reportRange('2020-01-01', '2026-01-01')).toMatchObject({ code: 'range_too_long' });
  });
});
