import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receive } from '../../src/app/receive.js';
import type { Lang } from '../../src/domain/i18n.js';
import type { ChannelName, InboundContent } from '../../src/domain/messages.js';
import { type TestDesk, testDesk } from '../support/desk.js';

/**
 * A new chat's language on Telegram and LINE: the app's language is the hint, the teacher's first
 * message decides (settleLanguage, in the one place a turn reads it), the language command switches.
 */
describe("a new chat's language, from the first message", () => {
  let desk: TestDesk;
  beforeAll(async () => {
    desk = await testDesk('pglite');
  });
  afterAll(async () => desk?.close());

  let counter = 0;
  /** A message from a one-to-one chat whose app reports its language (`langHint`), processed. */
  async function send(key: string, content: InboundContent | string, from: { channel: ChannelName; langHint: Lang }) {
    await receive(desk.store, desk.processor, {
      channel: from.channel,
      externalId: `lang-${++counter}`,
      conversationKey: key,
      userId: key,
      receivedAt: desk.now.toISOString(),
      content: typeof content === 'string' ? { kind: 'text', text: content } : content,
      langHint: from.langHint,
    });
    await desk.processor.idle();
  }
  const telegram = (langHint: Lang) => ({ channel: 'telegram' as const, langHint });

  it('Telegram in Chinese, "the panel won\'t turn on" after /start: answered in English', async () => {
    await send('tg-en', { kind: 'start' }, telegram('zh-CN'));
    expect(await desk.botTextsSince('tg-en', 0)).toMatch(/您好，这里是设备报修服务/);
    const before = await desk.lastSeq('tg-en');
    await send('tg-en', "the panel won't turn on", telegram('zh-CN'));
    expect(await desk.botTextsSince('tg-en', before)).toMatch(/What is your name\?/);
    // The next message, in Chinese, does not flip it back.
    const next = await desk.lastSeq('tg-en');
    await send('tg-en', '王老师', telegram('zh-CN'));
    expect(await desk.botTextsSince('tg-en', next)).toMatch(/Which school or venue\?/);
  });

  it('LINE in English, a first message in Chinese: answered in Chinese', async () => {
    await send('U-zh', '投影仪没有画面', { channel: 'line', langHint: 'en' });
    expect(await desk.botTextsSince('U-zh', 0)).toMatch(/请问怎么称呼您/);
  });

  it('a teacher who switched language is never flipped back by what they type next', async () => {
    await send('tg-switch', { kind: 'start' }, telegram('zh-CN'));
    await send('tg-switch', 'English', telegram('zh-CN'));
    expect(await desk.botTextsSince('tg-switch', 0)).toMatch(/Switched to English/);
    const before = await desk.lastSeq('tg-switch');
    await send('tg-switch', '投影仪没有画面', telegram('zh-CN'));
    expect(await desk.botTextsSince('tg-switch', before)).toMatch(/What is your name\?/);
  });

  it('a first message that does not tell (a device tag) keeps the app language', async () => {
    await send('tg-tag', 'FX-PNL-0001', telegram('zh-CN'));
    expect(await desk.botTextsSince('tg-tag', 0)).toMatch(/请问怎么称呼您/);
  });
});
