import { describe, expect, it } from 'vitest';
import { browserLanguage, scriptLanguage } from '../../src/domain/script-language.js';

describe('scriptLanguage: the language a first message is written in', () => {
  it.each([
    ["the panel won't turn on", 'en'],
    ['projector broken', 'en'],
    ['help', 'en'],
    ['Hello', 'en'],
    ['Écran noir', 'en'],
    ['投影仪不亮了', 'zh-CN'],
    ['三年级二班一体机开不了机', 'zh-CN'],
    ['我的iPad坏了', 'zh-CN'],
    ['FX-PNL-0001 投影仪没有画面', 'zh-CN'],
    ['报修', 'zh-CN'],
  ] as const)('%s → %s', (text, lang) => {
    expect(scriptLanguage(text)).toBe(lang);
  });

  it.each([
    'ok',
    'hi',
    'a b',
    'a\uFFFDb',
    'a\uD800b',
    '1',
    '301',
    'FX-PNL-0001',
    'A301',
    '👍',
    '',
    '   ',
    '投影仪 won’t turn on',
    'こんにちは',
    '?!',
    '/status',
    ' /link',
    '/start FX-PNL-0001',
  ])('cannot tell from %j', (text) => {
    expect(scriptLanguage(text)).toBeUndefined();
  });
});

describe("browserLanguage: the first of the browser's languages the desk speaks", () => {
  it.each([
    [['en-GB', 'zh-CN'], 'en'],
    [['zh-TW', 'en'], 'zh-CN'],
    [['fr-FR', 'en-US'], 'en'],
    [['ZH'], 'zh-CN'],
    [['fr', 'de'], undefined],
    [['english'], undefined],
    [['*'], undefined],
    [[], undefined],
  ] as const)('%j → %s', (tags, lang) => {
    expect(browserLanguage(tags)).toBe(lang);
  });
});
