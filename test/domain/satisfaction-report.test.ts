import { describe, expect, it } from 'vitest';
import { quarterOf, reportPeriod, surveyStats } from '../../src/domain/satisfaction-report.js';

const SH = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso);

describe('the satisfaction report period', () => {
  it('is the calendar year in the contract zone', () => {
    const p = reportPeriod(2026, null, SH);
    expect(p.from.toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(p.to.toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(p.quarters).toEqual([1, 2, 3, 4]);
  });

  it('has H1 from January to June and H2 from July to December', () => {
    const h1 = reportPeriod(2026, 1, SH);
    const h2 = reportPeriod(2026, 2, SH);
    expect([h1.from.toISOString(), h1.to.toISOString()]).toEqual(['2025-12-31T16:00:00.000Z', '2026-06-30T16:00:00.000Z']);
    expect([h2.from.toISOString(), h2.to.toISOString()]).toEqual(['2026-06-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z']);
    expect(h1.quarters).toEqual([1, 2]);
    expect(h2.quarters).toEqual([3, 4]);
  });

  it('puts an instant in the quarter of its local date (31 March 17:00 UTC is 1 April in Shanghai)', () => {
    expect(quarterOf(at('2026-03-31T15:59:00Z'), SH)).toBe(1);
    expect(quarterOf(at('2026-03-31T17:00:00Z'), SH)).toBe(2);
    expect(quarterOf(at('2026-12-31T15:00:00Z'), SH)).toBe(4);
  });
});

describe('survey figures', () => {
  const now = at('2026-06-01T00:00:00Z');
  const lapse = at('2026-05-01T00:00:00Z');
  const open = at('2026-06-05T00:00:00Z');
  const answered = (score: number) => ({ answeredAt: at('2026-04-01T00:00:00Z'), expiresAt: lapse, score });

  it('counts expired and still open surveys as unanswered in the response rate', () => {
    const s = surveyStats(
      [
        answered(5),
        answered(4),
        answered(4),
        answered(2),
        answered(1),
        { answeredAt: null, expiresAt: lapse, score: null },
        { answeredAt: null, expiresAt: lapse, score: null },
        { answeredAt: null, expiresAt: open, score: null },
      ],
      now,
    );
    expect(s.asked).toBe(8);
    expect(s.answered).toBe(5);
    expect(s.expired).toBe(2);
    expect(s.open).toBe(1);
    expect(s.responseRate).toBe(5 / 8);
    // (5 + 4 + 4 + 2 + 1) / 5
    expect(s.mean).toBe(3.2);
    expect(s.distribution).toEqual([1, 1, 0, 2, 1]);
    expect(s.satisfied).toBe(3 / 5);
    expect(s.dissatisfied).toBe(2 / 5);
  });

  it('has no rate or mean without surveys or answers', () => {
    expect(surveyStats([], now)).toMatchObject({ asked: 0, responseRate: null, mean: null, satisfied: null });
    const none = surveyStats([{ answeredAt: null, expiresAt: lapse, score: null }], now);
    expect(none).toMatchObject({ asked: 1, answered: 0, expired: 1, responseRate: 0, mean: null, dissatisfied: null });
  });
});
