import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { labelChannelProblem, labelLink } from '../../src/domain/labels/links.js';
import { labelLinkConfig } from '../../src/http/console/asset-label-routes.js';

describe('the label links’ settings (TELEGRAM_BOT_USERNAME, LINE_BOT_BASIC_ID)', () => {
  const TOKEN = '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  it('are optional; a channel that is on without its account name says which setting is missing', () => {
    const none = labelLinkConfig(parseConfig({}));
    expect(none).toEqual({ publicUrl: undefined, telegram: null, line: null });
    const on = labelLinkConfig(
      parseConfig({ TELEGRAM_BOT_TOKEN: TOKEN, LINE_CHANNEL_SECRET: 'secret-1234', LINE_CHANNEL_ACCESS_TOKEN: 'token-1234' }),
    );
    expect(labelChannelProblem({ ...on, publicUrl: 'https://x.example' }, 'telegram')).toMatch(/TELEGRAM_BOT_USERNAME/);
    expect(labelChannelProblem({ ...on, publicUrl: 'https://x.example' }, 'line')).toMatch(/LINE_BOT_BASIC_ID/);
  });

  it('take the names as people copy them (with or without the @), and refuse what cannot be one', () => {
    const config = parseConfig({
      PUBLIC_URL: 'https://desk.example.org',
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_BOT_USERNAME: '@fixline_demo_bot',
      TELEGRAM_WEBHOOK_SECRET: 'a-webhook-secret-of-fixline',
      LINE_CHANNEL_SECRET: 'secret-1234',
      LINE_CHANNEL_ACCESS_TOKEN: 'token-1234',
      LINE_BOT_BASIC_ID: '@123abcde',
    });
    const settings = { ...labelLinkConfig(config), publicUrl: config.PUBLIC_URL ?? '' };
    expect(labelLink(settings, 'telegram', 'FX-PNL-0001')).toBe('https://t.me/fixline_demo_bot?start=FX-PNL-0001');
    expect(labelLink(settings, 'line', 'FX-PNL-0001')).toBe('https://line.me/R/oaMessage/%40123abcde/?FX-PNL-0001');
    expect(() => parseConfig({ TELEGRAM_BOT_USERNAME: 'a b' })).toThrow(/TELEGRAM_BOT_USERNAME/);
    expect(() => parseConfig({ LINE_BOT_BASIC_ID: '123abcde' })).toThrow(/LINE_BOT_BASIC_ID/);
  });
});
