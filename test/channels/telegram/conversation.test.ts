import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botSays } from '../../support/bot-says.js';
import { attachments, contacts, tickets } from '../../../src/storage/schema.js';
import { BOT, type Body } from './fake-telegram.js';
import { type TelegramDesk, telegramDesk, type TgUser } from './harness.js';

/**
 * Conversations end to end over one fixline (fast sending limits) and the fake Bot API: a whole
 * report, group chats, failures of the API and users who block the bot.
 */
let desk: TelegramDesk;
beforeAll(async () => {
  desk = await telegramDesk();
});
afterAll(async () => desk?.stop());

const to = (chatId: number) => (body: Body) => String(body.chat_id) === String(chatId);

/** A teacher reports a fault on Telegram from start to ticket, pressing the buttons the bot sent. */
describe('Telegram: a whole fault report', () => {
  let teacher: TgUser;
  let number: string;

  beforeAll(() => {
    teacher = desk.user(5550001, { lang: 'zh-hans', name: '王' });
  });

  it('walks the report with inline buttons and a photo, and ends with a ticket number', async () => {
    await teacher.say('/start');
    await teacher.expect(/请选择需要的服务/);
    await teacher.press('我要报修');
    await teacher.expect(/怎么称呼/);
    await teacher.say('王老师');
    await teacher.expect(/请选择学校或场馆/);
    desk.fake.fail('answerCallbackQuery', '500'); // logged, not fatal: the press still counts
    await teacher.press('明湖小学');
    await teacher.expect(/哪个教室/);
    await teacher.press('三年级二班');
    await teacher.expect(/哪台设备出了问题/);
    await teacher.press(/FX-PNL-0001/);
    await teacher.expect(/请描述一下故障现象/);
    await teacher.say('一体机开不了机，按电源键没反应');
    await teacher.expect(/故障是怎么发生的/);
    await teacher.press('正常使用中出现');
    await teacher.expect(/还能用吗/);
    await teacher.press('完全不能用');
    await teacher.expect(/受影响的范围/);
    await teacher.press('只有这台设备');
    await teacher.expect(/重大活动/);
    await teacher.press('否');
    await teacher.expect(/拍一张故障照片/);
    await teacher.photo('屏幕是黑的');
    const next = await teacher.expect(/问题解决了吗|请确认报修信息/);
    if (/问题解决了吗/.test(next.text)) {
      await teacher.press('没有解决');
      await teacher.expect(/请确认报修信息/);
    }
    await teacher.press('确认提交');
    const done = await teacher.expect(/工单号：FX-\d{4}-\d{6}/);
    number = /工单号：(FX-\d{4}-\d{6})/.exec(done.text)![1]!;

    // The photo: the largest size fetched with getFile, downloaded, and attached to the ticket.
    expect(desk.fake.callsOf('getFile').map((c) => c.body.file_id)).toEqual([expect.stringMatching(/^photo-\d+-1280$/)]);
    expect(desk.fake.downloads).toEqual([expect.stringMatching(/^photos\/file_\d+\.jpg$/)]);
    const [ticket] = await desk.db.select().from(tickets).where(eq(tickets.number, number));
    expect(ticket).toMatchObject({ contractId: 'GX-EDU', status: 'registered' });
    const files = await desk.db.select().from(attachments).where(eq(attachments.ticketId, ticket!.id));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ mime: 'image/jpeg' });
  });

  it('answered every button press (answerCallbackQuery) and kept every callback_data within 1–64 bytes', async () => {
    const answeredAll = () => desk.fake.callsOf('answerCallbackQuery').length === teacher.presses;
    await desk.fake.waitFor(answeredAll, 'every callback query answered');
    const answered = desk.fake.callsOf('answerCallbackQuery').map((c) => c.body.callback_query_id as string);
    expect(new Set(answered).size).toBe(answered.length);
    const buttons = desk.fake
      .sent()
      .flatMap((m) => (m.reply_markup?.inline_keyboard ?? []).flat() as { text: string; callback_data: string }[]);
    expect(buttons.length).toBeGreaterThan(20);
    for (const b of buttons) {
      const bytes = Buffer.byteLength(b.callback_data, 'utf8');
      expect(bytes, b.callback_data).toBeGreaterThanOrEqual(1);
      expect(bytes, b.callback_data).toBeLessThanOrEqual(64);
    }
    for (const m of desk.fake.sent()) {
      for (const row of m.reply_markup?.inline_keyboard ?? []) expect(row.length).toBeLessThanOrEqual(3);
    }
  });

  it('/status then lists the ticket', async () => {
    await teacher.say('/status');
    const list = await teacher.expect(/您最近的工单/);
    expect(list.text).toContain(number);
    await teacher.press(number);
    const detail = await teacher.expect(/状态：已登记/);
    expect(detail.text).toContain(number);
  });

  it('/lang switches to English and the next question comes in English', async () => {
    await teacher.say('/lang');
    await teacher.expect(/Switched to English/);
    await teacher.expect(/What can I do for you/); // the menu, repeated in English, comes next
    await teacher.press('Report a fault');
    const question = await teacher.expect(/again\?/);
    expect(question.text).toBe('Is it at 明湖小学, 三年级二班 again?');
    expect(question.reply_markup.inline_keyboard.flat().map((b: { text: string }) => b.text)).toEqual(['Yes', 'Somewhere else']);
    await teacher.say('/cancel');
    await teacher.expect(/Cancelled/);
  });

  it('the contact button’s card gives the teacher’s phone number to their contact', async () => {
    await teacher.send(teacher.message({ contact: { phone_number: '+86 138 0013 8000', first_name: '王', user_id: teacher.from.id } }));
    await desk.settled(teacher.chat.id);
    const conversation = await desk.conversation(teacher.chat.id);
    const [contact] = await desk.db.select().from(contacts).where(eq(contacts.id, conversation!.contactId));
    expect(contact!.phone).toMatch(/13800138000$/);
    expect((await desk.transcript(teacher.chat.id)).filter((m) => m.direction === 'in').at(-1)).toMatchObject({ kind: 'contact' });
  });
});

/** In a group the bot answers only when addressed: a command, a mention, or a reply to its message. */
describe('Telegram group chats', () => {
  let alice: TgUser;
  let bob: TgUser;
  const group = { id: -1001234567890, type: 'supergroup', title: '三年级教研组' };

  beforeAll(async () => {
    alice = desk.user(5552001, { chat: group, name: 'Alice' });
    bob = desk.user(5552002, { chat: group, name: 'Bob' });
    await desk.fake.waitFor(() => desk.fake.callsOf('getMe').some((c) => c.status === 200), 'getMe at start');
  });

  it('ignores messages not addressed to the bot, without recording them', async () => {
    const before = await desk.inboundCount();
    const unaddressed = [
      alice.text('大家好，明天的公开课用三年级二班'),
      bob.text('/start@some_other_bot'),
      bob.text('/weather'),
      alice.message({ text: '@someone_else 你看一下', entities: [{ type: 'mention', offset: 0, length: 13 }] }),
      alice.message({
        sticker: {
          file_id: 'st-1',
          file_unique_id: 'st-u1',
          type: 'regular',
          width: 512,
          height: 512,
          is_animated: false,
          is_video: false,
        },
      }),
      bob.message({ new_chat_members: [{ id: 5552003, is_bot: false, first_name: 'Carol' }] }),
      alice.message({ text: '回复鲍勃', reply_to_message: { message_id: 3, from: bob.from, chat: group, date: 1, text: '?' } }),
    ];
    for (const update of unaddressed) expect(await alice.send(update)).toEqual({ ok: true, accepted: 0, duplicates: 0, ignored: 1 });
    expect(await desk.inboundCount()).toBe(before);
    expect(desk.fake.sent(group.id)).toEqual([]);
  });

  it('answers a command to it, a reply to its message and a mention, in the group', async () => {
    await alice.say('/report@fixline_test_bot');
    const question = await alice.expect(/怎么称呼/);

    const reply = alice.message({
      text: '王老师',
      reply_to_message: { message_id: 99, from: BOT, chat: group, date: 1, text: question.text },
    });
    expect(await alice.send(reply)).toMatchObject({ accepted: 1 });
    await alice.expect(/请选择学校或场馆/);

    expect(
      await bob.send(bob.message({ text: '@fixline_test_bot 取消', entities: [{ type: 'mention', offset: 0, length: 17 }] })),
    ).toMatchObject({ accepted: 1 });
    await bob.expect(/已取消/);
    expect(
      await bob.send(bob.message({ text: '@Fixline_Test_Bot', entities: [{ type: 'mention', offset: 0, length: 17 }] })),
    ).toMatchObject({ accepted: 1 });
    await bob.expect(/我可以帮您报修设备故障/);

    const transcript = await desk.transcript(group.id);
    expect(transcript.filter((m) => m.direction === 'in').map((m) => m.text)).toEqual([
      '/report@fixline_test_bot',
      '王老师',
      '取消',
      '/help',
    ]);
    // Buttons work in a group too; a phone keyboard or its removal is never sent to a group.
    expect(desk.fake.sent(group.id).some((m) => m.reply_markup?.inline_keyboard)).toBe(true);
    expect(desk.fake.sent(group.id).every((m) => !m.reply_markup || m.reply_markup.inline_keyboard)).toBe(true);
  });
});

/** Sending through the outbox to the fake Bot API: failures, order, and users who block the bot. */
describe('Telegram delivery', () => {
  /** Texts the chat was shown, in order, against the bot's side of the transcript. */
  async function expectShownOnceInOrder(user: TgUser) {
    await desk.settled(user.chat.id);
    const out = (await desk.transcript(user.chat.id)).filter((m) => m.direction === 'out').map((m) => m.text);
    expect(desk.fake.sent(user.chat.id).map((m) => m.text)).toEqual(out);
  }

  it('429 with retry_after and 500 on some sends: every reply still arrives, in order, none twice', async () => {
    const teacher = desk.user(5551001);
    const chat = teacher.chat.id;
    desk.fake.fail('sendMessage', '429', { when: to(chat) });
    desk.fake.fail('sendMessage', '500', { when: (b) => to(chat)(b) && /怎么称呼/.test(b.text) });

    const started = Date.now();
    await teacher.say('/start');
    await teacher.expect(/请选择需要的服务/);
    // retry_after 1 s was honoured: the first successful send came at least ~1 s after the 429.
    const calls = desk.fake.callsOf('sendMessage').filter((c) => to(chat)(c.body));
    expect(calls[0]!.status).toBe(429);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(900);
    await teacher.press('我要报修');
    await teacher.expect(/怎么称呼/);
    await teacher.say('赵老师');
    await teacher.expect(/学校或场馆/);

    await expectShownOnceInOrder(teacher);
    const statuses = desk.fake
      .callsOf('sendMessage')
      .filter((c) => to(chat)(c.body))
      .map((c) => c.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
    expect(statuses.filter((s) => s === 500)).toHaveLength(1);
    const rows = await desk.outboxOf(chat);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(rows.filter((r) => r.attempts > 1)).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('my_chat_member "kicked" stops all sending to the chat; "member" again resumes it', async () => {
    const teacher = desk.user(5551002, { lang: 'en' });
    const chat = teacher.chat.id;
    await teacher.say('/start');
    await teacher.expect(/What can I do for you/);
    const member = (oldStatus: string, newStatus: string) => ({
      update_id: desk.nextUpdateId(),
      my_chat_member: {
        chat: { id: chat, type: 'private', first_name: teacher.from.first_name },
        from: teacher.from,
        date: Math.floor(Date.now() / 1000),
        old_chat_member: { user: { id: 123456789, is_bot: true, first_name: 'Fixline' }, status: oldStatus },
        new_chat_member: { user: { id: 123456789, is_bot: true, first_name: 'Fixline' }, status: newStatus, until_date: 0 },
      },
    });
    expect(await teacher.send(member('member', 'kicked'))).toMatchObject({ accepted: 1 });
    await desk.settled(chat);
    expect((await desk.conversation(chat))!.blockedAt).not.toBeNull();
    const shown = desk.fake.sent(chat).length;
    const queued = (await desk.outboxOf(chat)).length;

    // What the bot says meanwhile (a ticket notice) is kept in the transcript for agents, recorded
    // as not delivered, and not sent.
    await botSays(desk.fixline.store, 'telegram', String(chat), 'Your ticket FX-2026-000009 has been resolved.');
    await desk.settled(chat);
    expect((await desk.transcript(chat)).at(-1)).toMatchObject({ direction: 'out', text: expect.stringMatching(/resolved/) });
    const after = (await desk.outboxOf(chat)).slice(queued);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((r) => r.status === 'failed' && (r.lastError ?? '').includes('blocked'))).toBe(true);
    expect(desk.fake.callsOf('sendMessage').filter((c) => to(chat)(c.body))).toHaveLength(shown);

    await teacher.send(member('kicked', 'member'));
    await desk.settled(chat);
    expect((await desk.conversation(chat))!.blockedAt).toBeNull();
    await teacher.say('help');
    await teacher.expect(/I can record a fault report/);
  });

  it('403 "bot was blocked by the user" from sendMessage marks the chat blocked; nothing more is tried', async () => {
    const teacher = desk.user(5551003);
    const chat = teacher.chat.id;
    desk.fake.fail('sendMessage', '403', { times: 100, when: to(chat) });
    await teacher.say('/start');
    await desk.settled(chat);
    expect((await desk.conversation(chat))!.blockedAt).not.toBeNull();
    const rows = await desk.outboxOf(chat);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.every((r) => r.status === 'failed' && (r.lastError ?? '').includes('blocked'))).toBe(true);
    expect(desk.fake.callsOf('sendMessage').filter((c) => to(chat)(c.body))).toHaveLength(1);

    await botSays(desk.fixline.store, 'telegram', String(chat), '您的工单已处理完毕。');
    await desk.settled(chat);
    expect(desk.fake.callsOf('sendMessage').filter((c) => to(chat)(c.body))).toHaveLength(1);

    // Writing again means they unblocked the bot: they are answered.
    desk.fake.clearFailures();
    await teacher.say('帮助');
    await teacher.expect(/我可以帮您报修/);
    expect((await desk.conversation(chat))!.blockedAt).toBeNull();
  });
});
