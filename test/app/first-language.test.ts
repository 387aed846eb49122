import { describe, expect, it } from 'vitest';
import { openLanguage, settleLanguage } from '../../src/app/first-language.js';
import { initialState } from '../../src/flows/state.js';

const open = (lang: 'zh-CN' | 'en' = 'zh-CN') => openLanguage(initialState(lang));

describe("settleLanguage: a new conversation's first message sets its language", () => {
  it('English typed in a zh-CN conversation nobody chose: English, and settled', () => {
    const state = settleLanguage(open('zh-CN'), { kind: 'text', text: "the panel won't turn on" });
    expect(state.lang).toBe('en');
    expect(state.langOpen).toBeUndefined();
  });

  it('Chinese typed in an English one: zh-CN', () => {
    expect(settleLanguage(open('en'), { kind: 'text', text: '投影仪不亮了' }).lang).toBe('zh-CN');
  });

  it('only the first message: the second one, in the other script, changes nothing', () => {
    const first = settleLanguage(open('zh-CN'), { kind: 'text', text: 'the projector is broken' });
    expect(settleLanguage(first, { kind: 'text', text: '投影仪不亮了' }).lang).toBe('en');
  });

  it('a chosen language (?lang=, the language command) is never flipped', () => {
    const chosen = initialState('zh-CN');
    expect(settleLanguage(chosen, { kind: 'text', text: "the panel won't turn on" })).toBe(chosen);
  });

  it('a first message that does not tell (a tag, a number, "ok") settles the language as it is', () => {
    for (const text of ['FX-PNL-0001', '3', 'ok']) {
      const state = settleLanguage(open('zh-CN'), { kind: 'text', text });
      expect(state.lang).toBe('zh-CN');
      expect(state.langOpen).toBeUndefined();
    }
  });

  it('a pressed button or a command settles it as it is; an opening leaves it open', () => {
    expect(settleLanguage(open('zh-CN'), { kind: 'choice', id: 'menu.report' }).langOpen).toBeUndefined();
    expect(settleLanguage(open('zh-CN'), { kind: 'command', command: 'lang', text: '/lang' }).langOpen).toBeUndefined();
    expect(settleLanguage(open('zh-CN'), { kind: 'start' }).langOpen).toBe(true);
    expect(settleLanguage(open('zh-CN'), { kind: 'start', assetTag: 'FX-PNL-0001' }).langOpen).toBe(true);
  });

  it("a photo's caption counts as typed text", () => {
    expect(settleLanguage(open('zh-CN'), { kind: 'photo', attachmentId: 'a', caption: 'broken screen' }).lang).toBe('en');
  });
});
