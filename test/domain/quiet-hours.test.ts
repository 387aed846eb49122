import { describe, expect, it } from 'vitest';
import { sendableAt } from '../../src/domain/quiet-hours.js';

const window = { from: '07:30', to: '21:30' };
const TZ = 'Asia/Shanghai';
// Shanghai is UTC+8 all year.
const sh = (local: string) => new Date(`${local}+08:00`);

describe('sendableAt (quiet hours, Asia/Shanghai)', () => {
  it('sends at once inside the window, from its first minute to its last', () => {
    expect(sendableAt(window, TZ, sh('2026-11-30T07:30:00'))).toEqual(sh('2026-11-30T07:30:00'));
    expect(sendableAt(window, TZ, sh('2026-11-30T12:00:00'))).toEqual(sh('2026-11-30T12:00:00'));
    expect(sendableAt(window, TZ, sh('2026-11-30T21:29:59.999'))).toEqual(sh('2026-11-30T21:29:59.999'));
  });

  it('holds a message from the window’s end until it opens the next morning', () => {
    expect(sendableAt(window, TZ, sh('2026-11-30T21:30:00'))).toEqual(sh('2026-12-01T07:30:00'));
    expect(sendableAt(window, TZ, sh('2026-11-30T23:59:00'))).toEqual(sh('2026-12-01T07:30:00'));
  });

  it('after midnight and just before the opening, waits for the same morning', () => {
    expect(sendableAt(window, TZ, sh('2026-12-01T00:00:00'))).toEqual(sh('2026-12-01T07:30:00'));
    expect(sendableAt(window, TZ, sh('2026-12-01T07:29:59.999'))).toEqual(sh('2026-12-01T07:30:00'));
  });

  it('crosses the month and the year', () => {
    expect(sendableAt(window, TZ, sh('2026-12-31T22:00:00'))).toEqual(sh('2027-01-01T07:30:00'));
  });
});
