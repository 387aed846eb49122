/**
 * The web chat page's pure parts: reading the live stream (server-sent events arrive in chunks cut
 * anywhere) and its words (both languages complete, language tags understood).
 */
import { describe, expect, it } from 'vitest';
import { sseParser } from '../../../../src/channels/webchat/page/stream.js';
import { TEXTS, normLang } from '../../../../src/channels/webchat/page/texts.js';

function parse(chunks: readonly string[]): { event: string; data: string; id: string | null }[] {
  const events: { event: string; data: string; id: string | null }[] = [];
  const feed = sseParser((e) => events.push(e));
  for (const chunk of chunks) feed(chunk);
  return events;
}

describe('the web chat stream parser', () => {
  it('yields one event per blank line, whatever the chunks, and skips keep-alives', () => {
    const message = JSON.stringify({ seq: 3, from: 'bot', text: '请问怎么称呼您？' });
    const stream = `: keep-alive\n\nid: 3\ndata: ${message}\n\n: keep-alive\n\nid: 4\nevent: message\ndata: {"seq":4}\n\n`;
    const whole = parse([stream]);
    expect(whole).toEqual([
      { event: 'message', data: message, id: '3' },
      { event: 'message', data: '{"seq":4}', id: '4' },
    ]);
    // Cut into pieces of every size (a multi-byte character is whole by then: TextDecoder streams).
    for (const size of [1, 2, 3, 7, 50]) {
      const chunks = stream.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g')) ?? [];
      expect(parse(chunks)).toEqual(whole);
    }
  });

  it('waits for the \\n of a \\r\\n cut between two chunks, and joins data lines', () => {
    expect(parse(['data: a\r', '\ndata: b\r\n\r\n'])).toEqual([{ event: 'message', data: 'a\nb', id: null }]);
    expect(parse(['event: other\ndata: x\n\n'])).toEqual([{ event: 'other', data: 'x', id: null }]);
    expect(parse(['data: not finished\n'])).toEqual([]);
  });
});

describe("the web chat page's words", () => {
  it('has every word in both languages, none empty', () => {
    const zh = Object.keys(TEXTS['zh-CN']).sort();
    expect(Object.keys(TEXTS.en).sort()).toEqual(zh);
    for (const lang of ['zh-CN', 'en'] as const) {
      for (const [key, word] of Object.entries(TEXTS[lang])) expect(word.trim(), `${lang} ${key}`).not.toBe('');
    }
  });

  it('reads language tags as zh-CN or en', () => {
    expect(normLang('zh-Hans-CN')).toBe('zh-CN');
    expect(normLang('ZH')).toBe('zh-CN');
    expect(normLang('en-GB')).toBe('en');
    expect(normLang('fr')).toBe('');
    expect(normLang(null)).toBe('');
  });
});
