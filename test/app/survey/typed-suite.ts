import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketEvents } from '../../../src/storage/schema.js';
import type { TestDatabaseKind } from '../../support/database.js';
import { chatTexts } from '../alerts-suite.js';
import { type SolvedTicket, type SurveyDesk, surveyDesk } from './survey-desk.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** What the main flow asks when a message starts a new report at a known place (the message was not taken as an answer). */
const NEW_REPORT = /还是在|Is it at/;

/**
 * The survey answered the way a hurried teacher types (issue 15 item 1): words that are no button's
 * label ("还行", "very good", "bad", "no thanks", "重新打开"), a level typed after the question
 * scrolled away, a second answer, a reopen typed, and two tickets solved close together.
 */
export function typedSurveySuite(kind: TestDatabaseKind) {
  describe(`satisfaction answered by typing, on ${kind}`, () => {
    let s: SurveyDesk;
    beforeAll(async () => {
      s = await surveyDesk(kind);
    });
    afterAll(async () => s?.desk.close());

    const say = (t: SolvedTicket, text: string) => s.desk.send(t.key, text, { channel: t.channel });
    const lastSeq = (t: SolvedTicket) => s.desk.lastSeq(t.key);
    const asked = async (channel: SolvedTicket['channel'], lang: 'zh-CN' | 'en') => {
      const t = await s.solvedTicket(channel, lang);
      await s.run();
      return t;
    };

    it('takes everyday words for a level, in zh-CN and en, instead of starting a report with them', async () => {
      for (const [lang, text, score] of [
        ['zh-CN', '还行', 3],
        ['zh-CN', '很好！', 5],
        ['zh-CN', '不错啊', 4],
        ['en', 'very good', 5],
        ['en', 'So so', 3],
      ] as const) {
        const t = await asked('webchat', lang);
        const seq = await lastSeq(t);
        await say(t, text);
        expect((await s.surveyOf(t)).score, text).toBe(score);
        const said = await s.saidSince(t, seq);
        expect(said.map((m) => m.text).join('\n'), text).not.toMatch(NEW_REPORT);
        expect(said[0]?.text).toMatch(/有什么想补充的吗|Anything to add/);
        // The transcript keeps what the teacher typed.
        expect((await s.desk.transcript(t.key)).filter((m) => m.direction === 'in').at(-1)?.text).toBe(text);
      }
    });

    it('"好" or "ok" to the "resolved" notice is no rating: the survey stays open', async () => {
      for (const [lang, text] of [
        ['zh-CN', '好'],
        ['en', 'ok'],
      ] as const) {
        const t = await asked('line', lang);
        await say(t, text);
        expect((await s.surveyOf(t)).score, text).toBeNull();
      }
    });

    it('"bad" typed on LINE is a low score: the coordinator is told and the teacher offered to reopen', async () => {
      const t = await asked('line', 'en');
      await say(t, 'bad');
      expect((await s.surveyOf(t)).score).toBe(2);
      expect((await s.desk.lastBot(t.key))?.choices?.map((c) => c.label)).toEqual(['No, thanks', 'Not fixed, reopen']);
      const before = (await chatTexts(s.desk, s.coordinator.conversationId)).length;
      await s.run();
      const told = (await chatTexts(s.desk, s.coordinator.conversationId)).slice(before);
      expect(told.some((x) => x.includes(t.number) && x.includes('不满意'))).toBe(true);
    });

    it('"no thanks", "不用" and "没有" after a score are no comment, not a comment saying so', async () => {
      for (const [lang, level, skip] of [
        ['en', 'Satisfied', 'no thanks'],
        ['zh-CN', '满意', '不用'],
        ['zh-CN', '非常满意', '没有。'],
        ['en', 'Very satisfied', 'OK'],
      ] as const) {
        const t = await asked('webchat', lang);
        await s.desk.press(t.key, level, { channel: t.channel });
        await say(t, skip);
        const survey = await s.surveyOf(t);
        expect(survey.comment, skip).toBeNull();
        expect(survey.commentUntil).toBeNull();
        expect((await s.desk.lastBot(t.key))?.text).toMatch(/意见已记录|feedback is recorded/);
      }
    });

    it('a low score, then a comment: the thanks still offers to reopen, and "重新打开" typed reopens the ticket by the bot', async () => {
      const t = await asked('webchat', 'zh-CN');
      await s.desk.press(t.key, '非常不满意', { channel: t.channel });
      await say(t, '等了三天才来');
      const thanks = await s.desk.lastBot(t.key);
      expect(thanks?.text).toContain('意见已记录');
      expect(thanks?.choices?.map((c) => c.label)).toEqual(['问题没解决，重新打开']);
      s.desk.advance(2 * HOUR); // the comment's half hour is long over
      const seq = await lastSeq(t);
      await say(t, '重新打开');
      expect(await s.statusOf(t)).toBe('remote_support');
      const said = (await s.saidSince(t, seq)).map((m) => m.text).join('\n');
      expect(said).toContain('已重新打开');
      expect(said).not.toMatch(NEW_REPORT);
      const events = await s.desk.database.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, t.ticketId));
      expect(events.find((e) => e.kind === 'reopened')?.actor).toBe('bot');
      expect((await s.surveyOf(t)).comment).toBe('等了三天才来');
    });

    it('"still broken" typed right after a low score reopens the ticket, and is not kept as the comment', async () => {
      const t = await asked('line', 'en');
      await s.desk.press(t.key, 'Dissatisfied', { channel: t.channel });
      await say(t, 'still broken');
      expect(await s.statusOf(t)).toBe('remote_support');
      expect((await s.desk.lastBot(t.key))?.text).toContain('is reopened');
      const survey = await s.surveyOf(t);
      expect(survey.comment).toBeNull();
      expect(survey.commentUntil).toBeNull();
      // Nothing to tell the coordinators about a comment: there was none.
      expect(await s.alertKinds(t)).not.toContain('satisfaction_comment');
    });

    it('a level typed after the question scrolled away answers the one survey open', async () => {
      const t = await asked('webchat', 'zh-CN');
      await say(t, '谢谢');
      const seq = await lastSeq(t);
      await say(t, '5');
      expect((await s.surveyOf(t)).score).toBe(5);
      const said = (await s.saidSince(t, seq)).map((m) => m.text).join('\n');
      expect(said).toContain('有什么想补充的吗');
      expect(said).not.toMatch(NEW_REPORT);
    });

    it('a second answer typed gets "already rated", and changes nothing', async () => {
      const t = await asked('webchat', 'zh-CN');
      await s.desk.press(t.key, '满意', { channel: t.channel });
      await say(t, '不用了');
      const seq = await lastSeq(t);
      await say(t, '非常满意');
      expect((await s.surveyOf(t)).score).toBe(4);
      const said = (await s.saidSince(t, seq)).map((m) => m.text).join('\n');
      expect(said).toContain(`工单 ${t.number} 的评价已经收到了`);
      expect(said).not.toMatch(NEW_REPORT);
    });

    it('a level typed after 7 days, the question long scrolled away, gets the polite reply', async () => {
      const t = await asked('telegram', 'en');
      await say(t, 'thanks');
      s.desk.advance(7 * DAY + HOUR);
      const seq = await lastSeq(t);
      await say(t, 'very good');
      expect((await s.surveyOf(t)).score).toBeNull();
      const said = (await s.saidSince(t, seq)).map((m) => m.text).join('\n');
      expect(said).toContain(`the rating for ticket ${t.number} closed after 7 days`);
      expect(said).not.toMatch(NEW_REPORT);
    });

    it('two tickets solved close together: a level typed away from the questions is not guessed', async () => {
      const a = await asked('line', 'zh-CN');
      const b = await s.solvedTicket('line', 'zh-CN', a.key);
      await s.run();
      await say(a, '谢谢');
      await say(a, '满意');
      expect((await s.surveyOf(a)).score).toBeNull();
      expect((await s.surveyOf(b)).score).toBeNull();
      const last = await s.desk.lastBot(a.key);
      expect(last?.text).toContain(a.number);
      expect(last?.text).toContain(b.number);
      // The newest question's buttons, under its ticket's number.
      expect(last?.text).toContain(`工单 ${b.number}（明湖小学 三年级二班 一体机）已解决`);
      expect(last?.choices?.[0]?.id).toBe(`survey:${b.number}:5`);
      // Right under that question, a level typed is its answer; the other is then the one left.
      await say(a, '满意');
      expect((await s.surveyOf(b)).score).toBe(4);
      await say(a, '不用了');
      await say(a, '一般');
      expect((await s.surveyOf(a)).score).toBe(3);
      // The thanks names the ticket the typed level went to.
      expect((await s.desk.lastBot(a.key))?.text).toContain(`谢谢您对工单 ${a.number} 的评价`);
    });

    it('two tickets open, asked in English: the numbers are listed the English way', async () => {
      const a = await asked('telegram', 'en');
      const b = await s.solvedTicket('telegram', 'en', a.key);
      await s.run();
      await say(a, 'thanks');
      await say(a, 'very good');
      expect((await s.desk.lastBot(a.key))?.text).toContain(`(${b.number}, ${a.number})`);
    });

    it("two tickets solved close together: a level typed after rating the first rates the other, not the first one's comment", async () => {
      const a = await asked('webchat', 'zh-CN');
      const b = await s.solvedTicket('webchat', 'zh-CN', a.key);
      await s.run();
      await s.desk.send(a.key, { kind: 'choice', id: `survey:${a.number}:5` }, { channel: a.channel });
      await say(a, '一般');
      expect((await s.surveyOf(b)).score).toBe(3);
      expect((await s.surveyOf(a)).comment).toBeNull();
      expect((await s.desk.lastBot(a.key))?.text).toContain(`谢谢您对工单 ${b.number} 的评价`);
    });

    it("two tickets scored close together: the comment is the last-scored one's, and a new report after it is nobody's comment", async () => {
      const a = await asked('webchat', 'zh-CN');
      const b = await s.solvedTicket('webchat', 'zh-CN', a.key);
      await s.run();
      await s.desk.send(a.key, { kind: 'choice', id: `survey:${a.number}:5` }, { channel: a.channel });
      await s.desk.send(a.key, { kind: 'choice', id: `survey:${b.number}:2` }, { channel: a.channel });
      await say(a, '第二次来的工程师迟到了');
      expect((await s.surveyOf(b)).comment).toBe('第二次来的工程师迟到了');
      expect((await s.surveyOf(a)).comment).toBeNull();
      await say(a, '五年级三班的投影仪不亮了');
      expect((await s.surveyOf(a)).comment).toBeNull();
      expect((await s.desk.lastBot(a.key))?.text).not.toContain('意见已记录');
    });
  });
}
