import { describe, expect, it } from 'vitest';
import { maskPersonalData } from '../../../src/triage/llm/mask.js';

describe('maskPersonalData: what never leaves the machine', () => {
  it.each([
    ['我的手机13812345678，请回电', '我的手机[PHONE]，请回电'],
    ['电话 138-1234-5678', '电话 [PHONE]'],
    ['电话 138 1234 5678', '电话 [PHONE]'],
    ['+86 13812345678 call me', '[PHONE] call me'],
    ['办公室 010-62345678', '办公室 [PHONE]'],
    ['(0755) 1234 5678 is the office', '[PHONE] is the office'],
    ['call +44 20 7946 0958', 'call [PHONE]'],
    ['身份证110101199003071234', '身份证[ID]'],
    ['ID 11010119900307123X ok', 'ID [ID] ok'],
    ['mail li.ming+desk@school.example.cn please', 'mail [EMAIL] please'],
  ])('%s → %s', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  it('masks the names it is given, longest first, in any case for Latin letters', () => {
    expect(maskPersonalData('王小明老师说王小的屏幕坏了', ['王小', '王小明'])).toBe('[NAME]老师说[NAME]的屏幕坏了');
    expect(maskPersonalData('Ms LEE says the panel is dead', ['Ms Lee'])).toBe('[NAME] says the panel is dead');
    expect(maskPersonalData('a (strange) name', ['(strange)'])).toBe('a [NAME] name');
  });

  it('leaves one-character names, rooms, asset tags, times, dates and short numbers alone', () => {
    const text = '三年级二班 FX-PNL-0001 下午2:30 2026-10-12 第3节课 投影 1080p 王';
    expect(maskPersonalData(text, ['王', ' '])).toBe(text);
  });

  it('does not take part of a longer number for a phone or an ID', () => {
    expect(maskPersonalData('序列号 SN1381234567890123')).toBe('序列号 SN1381234567890123');
    expect(maskPersonalData('1101011990030712345')).toBe('1101011990030712345');
  });
});
