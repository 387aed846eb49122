import { describe, expect, it } from 'vitest';
import { labelChannelProblem, labelLink, type LabelLinkSettings, tagFitsChannel } from '../../src/domain/labels/links.js';

const all: LabelLinkSettings = {
  publicUrl: 'https://desk.example.org/',
  telegram: { botUsername: 'fixline_demo_bot' },
  line: { basicId: '@123abcde' },
};
const webOnly: LabelLinkSettings = { publicUrl: 'http://127.0.0.1:3000', telegram: null, line: null };

describe('the links QR labels carry', () => {
  it('web chat: the chat page with the tag, URL-encoded, under PUBLIC_URL (or the origin given)', () => {
    expect(labelLink(all, 'webchat', 'FX-PNL-0001')).toBe('https://desk.example.org/chat?asset=FX-PNL-0001');
    expect(labelLink(webOnly, 'webchat', 'A&B 1/2')).toBe('http://127.0.0.1:3000/chat?asset=A%26B%201%2F2');
    expect(labelLink(webOnly, 'webchat', '教室-01')).toBe('http://127.0.0.1:3000/chat?asset=%E6%95%99%E5%AE%A4-01');
    expect(new URL(labelLink(webOnly, 'webchat', 'A&B 1/2')).searchParams.get('asset')).toBe('A&B 1/2');
  });

  it('Telegram: the bot started with the tag (/start TAG); tags outside A–Z a–z 0–9 _ - cannot ride it', () => {
    expect(labelLink(all, 'telegram', 'FX-PNL-0001')).toBe('https://t.me/fixline_demo_bot?start=FX-PNL-0001');
    expect(tagFitsChannel('telegram', 'FX PNL')).toBe(false);
    expect(tagFitsChannel('telegram', 'x'.repeat(65))).toBe(false);
    expect(tagFitsChannel('webchat', 'FX PNL')).toBe(true);
    expect(() => labelLink(all, 'telegram', 'FX PNL')).toThrow(/Telegram start link/);
  });

  it('LINE: the official account’s chat with the tag typed in (the basic ID’s @ encoded)', () => {
    expect(labelLink(all, 'line', 'FX-PNL-0001')).toBe('https://line.me/R/oaMessage/%40123abcde/?FX-PNL-0001');
    expect(labelLink(all, 'line', '投影 1')).toBe('https://line.me/R/oaMessage/%40123abcde/?%E6%8A%95%E5%BD%B1%201');
  });

  it('says why a channel that is off, or whose account is not known, cannot be printed', () => {
    expect(labelChannelProblem(webOnly, 'webchat')).toBeNull();
    expect(labelChannelProblem(webOnly, 'telegram')).toMatch(/Telegram is off/);
    expect(labelChannelProblem(webOnly, 'line')).toMatch(/LINE is off/);
    expect(labelChannelProblem({ ...webOnly, telegram: { botUsername: null } }, 'telegram')).toMatch(/TELEGRAM_BOT_USERNAME/);
    expect(labelChannelProblem({ ...webOnly, line: { basicId: null } }, 'line')).toMatch(/LINE_BOT_BASIC_ID/);
    expect(() => labelLink(webOnly, 'line', 'FX-PNL-0001')).toThrow(/LINE is off/);
  });
});
