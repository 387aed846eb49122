import { describe, expect, it } from 'vitest';
import { isLow, parseSurveyButton, type Score, surveyButtonId, surveyTimes, typedScore } from '../../../src/app/survey/buttons.js';

const TZ = 'Asia/Shanghai';
const QUIET = { from: '07:30', to: '21:30' };

describe('survey buttons', () => {
  it('reads back every id it makes', () => {
    for (const score of [1, 2, 3, 4, 5] as const) {
      const press = { number: 'FX-2026-000123', action: 'score', score } as const;
      expect(parseSurveyButton(surveyButtonId(press))).toEqual(press);
    }
    expect(parseSurveyButton('survey:FX-2026-000123:skip')).toEqual({ number: 'FX-2026-000123', action: 'skip' });
    expect(parseSurveyButton('survey:FX-2026-000123:reopen')).toEqual({ number: 'FX-2026-000123', action: 'reopen' });
  });

  it('refuses scores out of range and other buttons', () => {
    for (const id of ['survey:FX-1:0', 'survey:FX-1:6', 'survey:FX-1:', 'survey::5', 'eng:FX-1:fixed', 'survey:FX-1:5:x']) {
      expect(parseSurveyButton(id)).toBeNull();
    }
  });

  it('calls 不满意 and 非常不满意 low, and nothing else', () => {
    expect([1, 2, 3, 4, 5].map(isLow)).toEqual([true, true, false, false, false]);
  });
});

describe('typed scores', () => {
  const NAMES: Record<Score, readonly string[]> = {
    5: ['非常满意', 'Very satisfied'],
    4: ['满意', 'Satisfied'],
    3: ['一般', 'Neutral'],
    2: ['不满意', 'Dissatisfied'],
    1: ['非常不满意', 'Very dissatisfied'],
  };
  const read = (text: string) => typedScore(text, (score) => NAMES[score]);

  it('reads a digit or a level named whole, in either language', () => {
    expect(read('5')).toBe(5);
    expect(read(' 1 ')).toBe(1);
    expect(read('满意')).toBe(4);
    expect(read('非常满意！')).toBe(5);
    expect(read('不满意。')).toBe(2);
    expect(read('very SATISFIED')).toBe(5);
  });

  it('takes nothing else for a score', () => {
    for (const text of ['6', '0', '45', '还算满意吧', 'satisfied with the panel', '', '一体机黑屏了']) expect(read(text)).toBeNull();
  });
});

describe('survey times', () => {
  it('asks at once in waking hours, reminds a day later, expires 7 days after the question', () => {
    const now = new Date('2026-10-12T06:00:00Z'); // 14:00 in Shanghai
    const t = surveyTimes(now, QUIET, TZ);
    expect(t.askAt).toEqual(now);
    expect(t.remindAt.toISOString()).toBe('2026-10-13T06:00:00.000Z');
    expect(t.expiresAt.toISOString()).toBe('2026-10-19T06:00:00.000Z');
  });

  it('waits for 07:30 when solved in the quiet hours, and keeps the reminder out of them too', () => {
    const t = surveyTimes(new Date('2026-10-12T14:00:00Z'), QUIET, TZ); // 22:00 in Shanghai
    expect(t.askAt.toISOString()).toBe('2026-10-12T23:30:00.000Z');
    expect(t.remindAt.toISOString()).toBe('2026-10-13T23:30:00.000Z');
    expect(t.expiresAt.toISOString()).toBe('2026-10-19T23:30:00.000Z');
  });

  it('without quiet hours asks at once', () => {
    const now = new Date('2026-10-12T14:00:00Z');
    expect(surveyTimes(now, undefined, TZ).askAt).toEqual(now);
  });
});
