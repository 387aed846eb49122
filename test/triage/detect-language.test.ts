import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/triage/normalise.js';

describe('the language a report is read in', () => {
  it('follows its script, and for a mix the larger part of the text', () => {
    expect(detectLanguage('投影仪不亮了')).toBe('zh-CN');
    expect(detectLanguage("the panel won't turn on")).toBe('en');
    // An English sentence with a Chinese room name is read in English (its device and symptom are English words).
    expect(detectLanguage('the projector in 录播教室 wont turn on')).toBe('en');
    // A Chinese sentence with an English word stays Chinese.
    expect(detectLanguage('三年级二班的 panel 黑屏了')).toBe('zh-CN');
    expect(detectLanguage('FX-PNL-0001')).toBe('en');
  });
});
