import { afterEach, describe, expect, it } from 'vitest';
import { type Body } from '../channels/telegram/fake-telegram.js';
import { type TelegramDesk, telegramDesk } from '../channels/telegram/harness.js';

const to = (chatId: number) => (body: Body) => String(body.chat_id) === String(chatId);

/** The tuning settings reach the background work the composition root builds (here: the outbox sender). */
describe('tuning settings at work', () => {
  let desk: TelegramDesk | undefined;
  afterEach(async () => {
    await desk?.stop();
    desk = undefined;
  });

  it('OUTBOX_MAX_ATTEMPTS=1: a reply Telegram refuses with a 500 is marked failed at once, where agents see it, and not sent again', async () => {
    desk = await telegramDesk({ env: { OUTBOX_MAX_ATTEMPTS: '1' } });
    const teacher = desk.user(5552001);
    desk.fake.fail('sendMessage', '500', { when: to(teacher.chat.id), times: 100 });
    await teacher.say('/start');
    await desk.fake.waitFor(
      async () => (await desk!.outboxOf(teacher.chat.id)).some((r) => r.status === 'failed'),
      'the reply to be marked failed',
      5_000,
    );
    // The default (10 attempts) would try again after about a second.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const rows = await desk.outboxOf(teacher.chat.id);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(rows.map(() => ['failed', 1]));
    // Each reply was tried once.
    expect(desk.fake.callsOf('sendMessage').filter((c) => to(teacher.chat.id)(c.body))).toHaveLength(rows.length);
  });
});
