import { describe, expect, it } from 'vitest';
import { currentRounds, inWindows, nextWindowSlot, roundDate, roundsBetween, roundSlot, todayIn } from '../../src/domain/after-service.js';
import { formatLocalDate, type LocalDate, parseLocalDate } from '../../src/domain/calendar.js';

const TZ = 'Asia/Shanghai';
const d = (s: string): LocalDate =>
  parseLocalDate(s, TZ) ??
  (() => {
    throw new Error(s);
  })();
const f = (date: LocalDate | null) => (date ? formatLocalDate(date) : null);
/** GX-EDU 5.16: one month after the acceptance, then quarterly. */
const GX = { firstMonths: 1, everyMonths: 3 };
const WINDOWS = {
  windows: [
    { from: '09:30', to: '11:30' },
    { from: '14:50', to: '17:00' },
  ],
  days: [1, 2, 3, 4, 5],
};
/** Local time in Shanghai (UTC+8, no daylight saving) as an instant. */
const at = (local: string) => new Date(`${local}+08:00`);

describe('the rounds of a site counted from its first acceptance', () => {
  it('puts the first visit one month after the acceptance, then one every quarter', () => {
    const anchor = d('2026-03-10');
    expect([0, 1, 2, 3].map((n) => f(roundDate(anchor, GX, n)))).toEqual(['2026-04-10', '2026-07-10', '2026-10-10', '2027-01-10']);
  });

  it('clamps 31 January + 1 month to the end of February, and later rounds return to the 31st', () => {
    const anchor = d('2026-01-31');
    expect(f(roundDate(anchor, GX, 0))).toBe('2026-02-28');
    // Always counted from the anchor: the clamp of February does not drift into May.
    expect(f(roundDate(anchor, GX, 1))).toBe('2026-05-31');
    expect(f(roundDate(d('2028-01-31'), GX, 0))).toBe('2028-02-29');
  });

  it('has no latest round before the first one, and the first as the next', () => {
    const r = currentRounds(d('2026-03-10'), GX, d('2026-04-09'));
    expect(f(r.latest)).toBeNull();
    expect(f(r.next)).toBe('2026-04-10');
    // On the acceptance day itself, too.
    expect(f(currentRounds(d('2026-03-10'), GX, d('2026-03-10')).latest)).toBeNull();
  });

  it("takes a round's own day as the latest round, the following as the next", () => {
    const r = currentRounds(d('2026-03-10'), GX, d('2026-07-10'));
    expect(f(r.latest)).toBe('2026-07-10');
    expect(f(r.next)).toBe('2026-10-10');
  });

  it('starts years later with the round in progress, not with every missed one', () => {
    const r = currentRounds(d('2020-03-10'), GX, d('2026-11-30'));
    expect(f(r.latest)).toBe('2026-10-10');
    expect(f(r.next)).toBe('2027-01-10');
    const six = currentRounds(d('2019-08-31'), { firstMonths: 6, everyMonths: 6 }, d('2026-03-01'));
    expect(f(six.latest)).toBe('2026-02-28');
    expect(f(six.next)).toBe('2026-08-31');
  });

  it('lists the rounds between two dates, both ends included', () => {
    const anchor = d('2026-01-15');
    expect(roundsBetween(anchor, GX, d('2026-02-15'), d('2026-11-15')).map(f)).toEqual([
      '2026-02-15',
      '2026-05-15',
      '2026-08-15',
      '2026-11-15',
    ]);
    expect(roundsBetween(anchor, GX, d('2026-02-16'), d('2026-05-14'))).toEqual([]);
    expect(roundsBetween(anchor, GX, d('2025-01-01'), d('2026-01-31'))).toEqual([]);
  });
});

describe("the contract's windows (GX-EDU: 09:30–11:30 and 14:50–17:00 on weekdays, Asia/Shanghai)", () => {
  const slot = (local: string) => nextWindowSlot(WINDOWS, TZ, at(local)).toISOString();

  it('waits until 09:30 before the morning window', () => {
    expect(slot('2026-11-30T08:00:00')).toBe(at('2026-11-30T09:30:00').toISOString());
    expect(inWindows(WINDOWS, TZ, at('2026-11-30T09:29:59'))).toBe(false);
  });

  it('sends at once inside a window', () => {
    expect(slot('2026-11-30T10:15:00')).toBe(at('2026-11-30T10:15:00').toISOString());
    expect(inWindows(WINDOWS, TZ, at('2026-11-30T16:59:00'))).toBe(true);
  });

  it('closes the morning window at 11:30 exactly: the next slot is 14:50', () => {
    expect(inWindows(WINDOWS, TZ, at('2026-11-30T11:30:00'))).toBe(false);
    expect(slot('2026-11-30T11:30:00')).toBe(at('2026-11-30T14:50:00').toISOString());
    expect(slot('2026-11-30T11:40:00')).toBe(at('2026-11-30T14:50:00').toISOString());
    expect(inWindows(WINDOWS, TZ, at('2026-11-30T11:29:59'))).toBe(true);
  });

  it('opens the afternoon window at 14:50 itself, and closes it at 17:00', () => {
    expect(inWindows(WINDOWS, TZ, at('2026-11-30T14:49:59'))).toBe(false);
    expect(inWindows(WINDOWS, TZ, at('2026-11-30T14:50:00'))).toBe(true);
    expect(slot('2026-11-30T14:50:00')).toBe(at('2026-11-30T14:50:00').toISOString());
    expect(inWindows(WINDOWS, TZ, at('2026-11-30T17:00:00'))).toBe(false);
  });

  it('moves an evening to the next weekday at 09:30, and a Friday evening to Monday', () => {
    expect(slot('2026-11-30T17:00:00')).toBe(at('2026-12-01T09:30:00').toISOString());
    // 2026-12-04 is a Friday.
    expect(slot('2026-12-04T18:00:00')).toBe(at('2026-12-07T09:30:00').toISOString());
    expect(slot('2026-12-05T10:00:00')).toBe(at('2026-12-07T09:30:00').toISOString());
  });

  it('reads the windows in the contract zone, not UTC: 02:00 UTC is 10:00 in Shanghai', () => {
    expect(inWindows(WINDOWS, TZ, new Date('2026-11-30T02:00:00Z'))).toBe(true);
    expect(inWindows(WINDOWS, 'UTC', new Date('2026-11-30T02:00:00Z'))).toBe(false);
    // 23:00 UTC on Sunday is Monday 07:00 in Shanghai: the next slot is Monday 09:30 there.
    expect(nextWindowSlot(WINDOWS, TZ, new Date('2026-11-29T23:00:00Z')).toISOString()).toBe('2026-11-30T01:30:00.000Z');
    expect(f(todayIn(TZ, new Date('2026-11-29T23:00:00Z')))).toBe('2026-11-30');
  });

  it("writes a round on its day's first window, or on the next weekday when it falls on a weekend", () => {
    expect(roundSlot(d('2026-11-30'), WINDOWS, TZ).toISOString()).toBe(at('2026-11-30T09:30:00').toISOString());
    // 2026-11-28 is a Saturday.
    expect(roundSlot(d('2026-11-28'), WINDOWS, TZ).toISOString()).toBe(at('2026-11-30T09:30:00').toISOString());
  });
});
