import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelContext } from '../../../src/ports/channel-module.js';
import { telegramChannel } from '../../../src/channels/telegram/index.js';
import { webhookApp } from '../webhook-app.js';
import type { InboundMessage } from '../../../src/domain/messages.js';
import { shippedCatalog } from '../../support/desk.js';
import { FakeTelegram, TOKEN } from './fake-telegram.js';
import { type TelegramDesk, telegramDesk } from './harness.js';

/** Without PUBLIC_URL: deleteWebhook, then getUpdates in a loop until stop(). */
describe('Telegram long polling', () => {
  let desk: TelegramDesk;
  beforeAll(async () => {
    desk = await telegramDesk({ polling: true, noSecret: true });
  });
  afterAll(async () => desk?.stop());

  const offsets = () => desk.fake.callsOf('getUpdates').map((c) => c.body.offset as number | undefined);

  it('deletes the webhook, polls, answers, and moves the offset past what it recorded', async () => {
    await desk.fake.waitFor(() => desk.fake.callsOf('getUpdates').length > 0, 'the first getUpdates');
    expect(desk.fake.callsOf('deleteWebhook')).toHaveLength(1);
    expect(desk.fake.callsOf('setWebhook')).toHaveLength(0);
    expect(desk.fake.callsOf('getUpdates')[0]!.body).toMatchObject({
      timeout: 25,
      allowed_updates: ['message', 'edited_message', 'callback_query', 'my_chat_member'],
    });

    const teacher = desk.user(5553001, { lang: 'en' });
    const first = teacher.text('/start');
    desk.fake.queueUpdates(first);
    await teacher.expect(/What can I do for you/);
    await desk.fake.waitFor(() => offsets().includes((first.update_id as number) + 1), 'the offset to move past the first update');

    const second = teacher.text('/lang');
    const third = teacher.text('/help');
    desk.fake.queueUpdates(second, third);
    await teacher.expect(/已切换为中文/);
    await teacher.expect(/我可以帮您报修设备故障/);
    await desk.fake.waitFor(() => offsets().includes((third.update_id as number) + 1), 'the offset to move past the third update');
    expect((await desk.transcript(teacher.chat.id)).filter((m) => m.direction === 'in').map((m) => m.text)).toEqual([
      '/start',
      '/lang',
      '/help',
    ]);
    // Offsets only grow.
    const seen = offsets().filter((o): o is number => o !== undefined);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('without TELEGRAM_WEBHOOK_SECRET the webhook refuses everything', async () => {
    const before = await desk.inboundCount();
    for (const headers of [{}, { 'X-Telegram-Bot-Api-Secret-Token': 'anything-at-all-000000' }] as Record<string, string>[]) {
      const res = await desk.post(desk.user(5553002).text('hi'), headers);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: 'webhook_disabled' });
    }
    expect(await desk.inboundCount()).toBe(before);
  });

  it('stop() ends the loop promptly, even in the middle of a long poll', async () => {
    await desk.fake.waitFor(() => desk.fake.waitingPolls === 1, 'a pending long poll');
    const started = Date.now();
    await desk.fixline.stop();
    expect(Date.now() - started).toBeLessThan(5_000);
    const polls = desk.fake.callsOf('getUpdates').length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(desk.fake.callsOf('getUpdates')).toHaveLength(polls);
  });
});

/** The module alone, with a context whose recording fails once (the database was down). */
describe('Telegram start-up and polling against failures', () => {
  let fake: FakeTelegram;
  beforeAll(async () => {
    fake = await FakeTelegram.start();
  });
  afterAll(async () => fake?.close());

  async function context(receive: ChannelContext['receive']): Promise<ChannelContext> {
    return { log: pino({ level: 'silent' }), receive, flows: (await shippedCatalog()).flowSet, clock: () => new Date() };
  }

  it('retries start-up in the background, and fetches updates again until they are recorded', async () => {
    fake.fail('getMe', '500');
    fake.fail('setMyCommands', '500');
    fake.fail('deleteWebhook', '500');
    const update = {
      update_id: 900001,
      message: {
        message_id: 1,
        from: { id: 42, is_bot: false, first_name: 'Li' },
        chat: { id: 42, type: 'private' },
        date: 1,
        text: '你好',
      },
    };
    fake.queueUpdates(update);
    const recorded: InboundMessage[] = [];
    let attempts = 0;
    const channel = telegramChannel({ token: TOKEN, apiRoot: fake.url });
    const failingOnce = await context(async (messages) => {
      attempts++;
      if (attempts === 1) throw new Error('database down');
      recorded.push(...messages);
      return messages.map(() => 'accepted' as const);
    });
    const started = Date.now(); // start() alone: loading the flows for the context is not its time
    await channel.start(failingOnce);
    expect(Date.now() - started).toBeLessThan(500);

    await fake.waitFor(() => recorded.length === 1, 'the update to be recorded', 15_000);
    expect(recorded[0]).toMatchObject({
      channel: 'telegram',
      conversationKey: '42',
      userId: '42',
      content: { kind: 'start', text: '你好' },
    });
    expect(attempts).toBe(2);
    await fake.waitFor(() => fake.callsOf('getUpdates').some((c) => c.body.offset === 900002), 'the offset to move on');
    // Before it was recorded, the offset stayed put, so the same update was fetched again.
    const polls = fake.callsOf('getUpdates').map((c) => c.body.offset as number | undefined);
    expect(polls.slice(0, 3)).toEqual([undefined, undefined, 900002]);
    for (const method of ['getMe', 'setMyCommands', 'deleteWebhook']) {
      expect(fake.callsOf(method).map((c) => c.status)[0], method).toBe(500);
      expect(
        fake.callsOf(method).some((c) => c.status === 200),
        method,
      ).toBe(true);
    }
    await channel.stop();
  });

  it('a webhook whose recording fails (database down) answers 503, so that Telegram delivers the update again', async () => {
    const channel = telegramChannel({ token: TOKEN, apiRoot: fake.url, webhookSecret: 'secret-secret-secret' });
    let down = true;
    const recorded: InboundMessage[] = [];
    const ctx = await context(async (messages) => {
      if (down) throw new Error('connection refused');
      recorded.push(...messages);
      return messages.map(() => 'accepted' as const);
    });
    const app = webhookApp('telegram', channel.webhook, ctx);
    const update = {
      update_id: 900100,
      message: {
        message_id: 2,
        from: { id: 43, is_bot: false, first_name: 'Zhao' },
        chat: { id: 43, type: 'private' },
        date: 1,
        text: '报修',
      },
    };
    const post = () =>
      app.request('/webhooks/telegram', {
        method: 'POST',
        headers: { 'X-Telegram-Bot-Api-Secret-Token': 'secret-secret-secret' },
        body: JSON.stringify(update),
      });
    const failed = await post();
    expect(failed.status).toBe(503);
    expect(await failed.json()).toMatchObject({ error: 'unavailable' });
    down = false;
    expect((await post()).status).toBe(200);
    // A command word is read as the command on arrival (flows/commands.ts parseCommand).
    expect(recorded.map((m) => m.content)).toEqual([{ kind: 'command', command: 'report', text: '报修' }]);
  });

  it('starts at once and stops cleanly when Telegram cannot be reached at all', async () => {
    const channel = telegramChannel({ token: TOKEN, apiRoot: 'http://127.0.0.1:9' });
    const started = Date.now();
    await channel.start(await context(async () => [] as never));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await channel.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('gives up on start-up steps Telegram refuses for good (a wrong token), without crashing', async () => {
    const channel = telegramChannel({
      token: '987654321:AAWrongTokenForTheFakeServer000000',
      apiRoot: fake.url,
      publicUrl: 'https://x.example',
      webhookSecret: 'secret-secret-secret',
    });
    const before = fake.calls.length;
    await channel.start(await context(async () => [] as never));
    await fake.waitFor(
      () => fake.calls.slice(before).filter((c) => c.status === 401).length === 3,
      'getMe, setMyCommands and setWebhook refused',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Each tried once: a 401 will not change by trying again.
    expect(
      fake.calls
        .slice(before)
        .map((c) => c.method)
        .sort(),
    ).toEqual(['getMe', 'setMyCommands', 'setWebhook']);
    await channel.stop();
  });
});
