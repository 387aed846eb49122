import type { messagingApi } from '@line/bot-sdk';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode as decodeLine } from '../../../src/channels/line/decode.js';
import { encode as encodeLine } from '../../../src/channels/line/encode.js';
import { decodeUpdate, type RawUpdate } from '../../../src/channels/telegram/decode.js';
import { encode as encodeTelegram } from '../../../src/channels/telegram/encode.js';
import { conversations } from '../../../src/storage/schema.js';
import type { TestDatabaseKind } from '../../support/database.js';
import { chatTexts } from '../alerts-suite.js';
import { type SolvedTicket, type SurveyDesk, surveyDesk } from './survey-desk.js';

const HOUR = 3_600_000;
const LEVELS_ZH = ['非常满意', '满意', '一般', '不满意', '非常不满意'];
/** A quick reply's postback actions (what LINE shows and sends back). */
const postbacks = (items: readonly messagingApi.QuickReplyItem[] = []): messagingApi.PostbackAction[] =>
  items.flatMap((i) => (i.action?.type === 'postback' ? [i.action] : []));
const LEVELS_EN = ['Very satisfied', 'Satisfied', 'Neutral', 'Dissatisfied', 'Very dissatisfied'];

/**
 * The survey as the platforms carry it (issue 15 item 1): the question's outbox message encoded as
 * Telegram's inline keyboard and LINE's quick reply, and the teacher's press coming back as the
 * platform sends it (a Telegram callback_query, a LINE postback event), decoded by the channels'
 * own decoders, then handled by the desk: a score, a low score to the coordinator, a reopen.
 */
export function surveyChannelsSuite(kind: TestDatabaseKind) {
  describe(`satisfaction on the platforms' own buttons, on ${kind}`, () => {
    let s: SurveyDesk;
    let update = 0;
    beforeAll(async () => {
      s = await surveyDesk(kind);
    });
    afterAll(async () => s?.desk.close());

    /** The last message to the teacher with buttons, as the outbox holds it. */
    const question = async (t: SolvedTicket) => (await s.payloads(t)).filter((p) => p.choices?.length).at(-1)!;

    /** Telegram: the inline keyboard's button with this text, pressed as a callback_query update. */
    async function telegramPress(t: SolvedTicket, chatId: number, text: string) {
      const [call] = encodeTelegram(await question(t)).slice(-1);
      const markup = call?.body.reply_markup;
      const buttons = markup && 'inline_keyboard' in markup ? markup.inline_keyboard.flat() : [];
      const button = buttons.find((b) => b.text === text);
      if (!button) throw new Error(`no inline button ${text} in ${JSON.stringify(buttons)}`);
      const from = { id: chatId, is_bot: false, first_name: 'Mei', language_code: 'en' };
      const raw = {
        update_id: ++update,
        callback_query: {
          id: `cb-${update}`,
          from,
          chat_instance: '-4000000001',
          message: { message_id: 100 + update, chat: { id: chatId, type: 'private', first_name: 'Mei' }, date: 1, text: call!.body.text },
          data: button.callback_data,
        },
      } as RawUpdate;
      const decoded = decodeUpdate(raw, {
        botId: 1,
        botUsername: 'fixline_bot',
        commands: s.desk.catalog.flowSet.commands,
        now: s.desk.now,
      });
      if (decoded.kind !== 'message') throw new Error(`not decoded: ${decoded.reason}`);
      const m = decoded.message;
      expect(m.conversationKey).toBe(t.key);
      await s.desk.send(m.conversationKey, m.content, { channel: 'telegram', userId: m.userId, externalId: m.externalId });
    }

    /** LINE: the quick reply's item with this label, pressed: a postback event in a webhook body. */
    async function linePress(t: SolvedTicket, label: string) {
      const messages = encodeLine(await question(t));
      const items = postbacks(messages.at(-1)?.quickReply?.items);
      const action = items.find((a) => a.label === label);
      if (!action) throw new Error(`no quick reply ${label} in ${JSON.stringify(items)}`);
      expect(action.displayText).toBe(label);
      const body = JSON.stringify({
        destination: 'Ubot00000000000000000000000000000',
        events: [
          {
            type: 'postback',
            mode: 'active',
            timestamp: s.desk.now.getTime(),
            webhookEventId: `01HSURVEY${++update}`,
            deliveryContext: { isRedelivery: false },
            replyToken: `reply-${update}`,
            source: { type: 'user', userId: t.key },
            postback: { data: action.data },
          },
        ],
      });
      const decoded = decodeLine(new TextEncoder().encode(body), {
        receivedAt: s.desk.now.toISOString(),
        commands: s.desk.catalog.flowSet.commands,
      });
      const m = decoded.events[0];
      if (!m) throw new Error(`not decoded: ${JSON.stringify(decoded.ignored)}`);
      expect(m.conversationKey).toBe(t.key);
      await s.desk.send(m.conversationKey, m.content, { channel: 'line', userId: m.userId, externalId: m.externalId });
    }

    it('Telegram: the five levels as an inline keyboard; a press (callback_query) is the score, then the comment', async () => {
      const chatId = 7_100_200_300;
      const t = await s.solvedTicket('telegram', 'en', String(chatId));
      await s.run();
      const asked = await question(t);
      // The ticket named with its place and device: a teacher with two solved tickets knows which is asked.
      expect(asked.text).toContain(`Ticket ${t.number} (明湖小学 三年级二班 Interactive panel) is solved`);
      const [call] = encodeTelegram(asked);
      const markup = call?.body.reply_markup;
      const keyboard = markup && 'inline_keyboard' in markup ? markup.inline_keyboard.flat() : [];
      expect(keyboard.map((b) => b.text)).toEqual(LEVELS_EN);
      expect(keyboard.map((b) => b.callback_data)).toEqual([5, 4, 3, 2, 1].map((n) => `survey:${t.number}:${n}`));
      await telegramPress(t, chatId, 'Very satisfied');
      const survey = await s.surveyOf(t);
      expect(survey.score).toBe(5);
      expect((await question(t)).text).toContain('Anything to add?');
      await s.desk.send(t.key, 'Quick and friendly, thank you', { channel: 'telegram', userId: String(chatId) });
      expect((await s.surveyOf(t)).comment).toBe('Quick and friendly, thank you');
    });

    it('LINE: the five levels as quick reply postbacks; 非常不满意 pressed tells the coordinator, and 重新打开 reopens', async () => {
      const t = await s.solvedTicket('line', 'zh-CN', 'U5a1e000000000000000000000000c0de');
      await s.run();
      const messages = encodeLine(await question(t));
      const items = messages.at(-1)?.quickReply?.items ?? [];
      expect(items.map((i) => i.action?.type)).toEqual(Array(5).fill('postback'));
      expect(postbacks(items).map((a) => a.label)).toEqual(LEVELS_ZH);
      const before = (await chatTexts(s.desk, s.coordinator.conversationId)).length;
      await linePress(t, '非常不满意');
      expect((await s.surveyOf(t)).score).toBe(1);
      await s.run();
      const told = (await chatTexts(s.desk, s.coordinator.conversationId)).slice(before);
      expect(told.some((x) => x.includes(t.number) && x.includes('非常不满意'))).toBe(true);
      await linePress(t, '问题没解决，重新打开');
      expect(await s.statusOf(t)).toBe('remote_support');
      expect((await s.payloads(t)).at(-1)?.text).toContain('已重新打开');
    });

    it('a question due while the teacher is in the middle of a report waits, and goes once the report is done', async () => {
      const t = await s.solvedTicket('webchat', 'zh-CN');
      await s.desk.send(t.key, '投影仪不亮了', { channel: 'webchat' });
      const inReport = (await s.desk.lastBot(t.key))?.text;
      await s.run();
      const asked = async () => (await s.desk.transcript(t.key)).filter((m) => m.text.includes('满意吗')).length;
      expect(await asked()).toBe(0);
      // Still answering the report 10 minutes later: still not asked, the report's question is the last word.
      s.desk.advance(11 * 60_000);
      await s.desk.send(t.key, '王老师', { channel: 'webchat' });
      const next = (await s.desk.lastBot(t.key))?.text;
      await s.run();
      expect(await asked()).toBe(0);
      expect((await s.desk.lastBot(t.key))?.text).toBe(next);
      expect(next).not.toBe(inReport);
      // The report given up (back to the menu): the next round asks.
      await s.desk.send(t.key, '取消', { channel: 'webchat' });
      s.desk.advance(11 * 60_000);
      await s.run();
      expect(await asked()).toBe(1);
    });

    it('a question held a day (the teacher waited for a person) goes alone: the reminder follows a day after it, not with it', async () => {
      const t = await s.solvedTicket('webchat', 'zh-CN');
      const db = s.desk.database.db;
      await db.update(conversations).set({ humanRequestedAt: s.desk.now }).where(eq(conversations.id, t.conversationId));
      await s.run();
      s.desk.advance(25 * HOUR);
      await s.run();
      await db.update(conversations).set({ humanRequestedAt: null }).where(eq(conversations.id, t.conversationId));
      s.desk.advance(11 * 60_000);
      await s.run();
      await s.run();
      const texts = async () => (await s.desk.transcript(t.key)).filter((m) => m.direction === 'out').map((m) => m.text);
      expect((await texts()).filter((x) => x.includes('满意吗'))).toHaveLength(1);
      expect((await texts()).filter((x) => x.includes('还没有评价'))).toHaveLength(0);
      s.desk.advance(24 * HOUR);
      await s.run();
      expect((await texts()).filter((x) => x.includes('还没有评价'))).toHaveLength(1);
    });

    it('a question that went two days late still has its seven days', async () => {
      const t = await s.solvedTicket('webchat', 'zh-CN');
      const db = s.desk.database.db;
      await db.update(conversations).set({ humanRequestedAt: s.desk.now }).where(eq(conversations.id, t.conversationId));
      await s.run();
      s.desk.advance(48 * HOUR);
      await db.update(conversations).set({ humanRequestedAt: null }).where(eq(conversations.id, t.conversationId));
      await s.run();
      s.desk.advance(11 * 60_000);
      await s.run();
      expect((await s.desk.transcript(t.key)).filter((m) => m.text.includes('满意吗'))).toHaveLength(1);
      s.desk.advance(6 * 24 * HOUR);
      await s.desk.press(t.key, '满意', { channel: 'webchat' });
      expect((await s.surveyOf(t)).score).toBe(4);
      expect((await s.desk.lastBot(t.key))?.text).toContain('有什么想补充的吗');
    });

    it('web chat: the buttons are in the transcript the page reads, and a press is the score', async () => {
      const t = await s.solvedTicket('webchat', 'zh-CN');
      await s.run();
      const asked = (await s.desk.transcript(t.key)).find((m) => m.text.includes('满意吗'));
      expect(asked?.choices?.map((c) => c.label)).toEqual(LEVELS_ZH);
      await s.desk.press(t.key, '一般', { channel: 'webchat' });
      expect((await s.surveyOf(t)).score).toBe(3);
    });
  });
}
