import { describe, expect, it } from 'vitest';
import { addDays, addMonths, localDateOf, parseInstant, parseLocalDate, startOfLocalDate } from '../../src/domain/calendar.js';

const SH = 'Asia/Shanghai';

describe('calendar arithmetic in the contract zone', () => {
  it('reads dates and instants', () => {
    expect(parseLocalDate('2026-05-20', SH)).toEqual({ year: 2026, month: 5, day: 20 });
    expect(parseLocalDate('2026-02-30', SH)).toBeNull();
    expect(parseLocalDate('20.5.2026', SH)).toBeNull();
    // 23:30 UTC is already the next day in Shanghai
    expect(parseLocalDate('2026-05-19T23:30:00Z', SH)).toEqual({ year: 2026, month: 5, day: 20 });
    expect(parseInstant('2026-05-20', SH)?.toISOString()).toBe('2026-05-19T16:00:00.000Z');
    expect(parseInstant('2026-05-20T08:00', SH)?.toISOString()).toBe('2026-05-20T00:00:00.000Z');
    expect(parseInstant('2026-10-12T14:10:00+08:00', SH)?.toISOString()).toBe('2026-10-12T06:10:00.000Z');
    expect(parseInstant('yesterday', SH)).toBeNull();
    expect(parseInstant('2026-13-01T00:00', SH)).toBeNull();
  });

  it('adds months clamping to the end of the month, and days across years', () => {
    expect(addMonths({ year: 2024, month: 2, day: 29 }, 12)).toEqual({ year: 2025, month: 2, day: 28 });
    expect(addMonths({ year: 2025, month: 1, day: 31 }, 1)).toEqual({ year: 2025, month: 2, day: 28 });
    expect(addMonths({ year: 2025, month: 11, day: 15 }, 36)).toEqual({ year: 2028, month: 11, day: 15 });
    expect(addDays({ year: 2026, month: 12, day: 20 }, 90)).toEqual({ year: 2027, month: 3, day: 20 });
  });

  it('finds local midnight in zones with and without daylight saving', () => {
    expect(startOfLocalDate({ year: 2026, month: 1, day: 1 }, SH).toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(startOfLocalDate({ year: 2026, month: 7, day: 1 }, 'Europe/Berlin').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(localDateOf(new Date('2026-03-29T00:30:00Z'), 'Europe/Berlin')).toEqual({ year: 2026, month: 3, day: 29 });
  });
});
