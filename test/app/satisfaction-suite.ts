import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDueAlerts } from '../../src/app/alerts/worker.js';
import type { TicketService } from '../../src/app/ticket-service.js';
import type { ChannelName } from '../../src/domain/messages.js';
import type { Agent } from '../../src/ports/console-store.js';
import type { OutboxPayload } from '../../src/ports/outbox.js';
import { outbox, surveys, ticketAlerts, ticketEvents, tickets } from '../../src/storage/schema.js';
import type { TestDatabaseKind } from '../support/database.js';
import { type TestDesk, testDesk } from '../support/desk.js';
import { seedTriagedTicket } from '../support/triaged-ticket.js';
import { adminOf, chatTexts, nextNumber, staffWithChat, workerDeps } from './alerts-suite.js';
import { pushingTicketService } from './survey/survey-desk.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const LEVELS_ZH = ['非常满意', '满意', '一般', '不满意', '非常不满意'];
const LEVELS_EN = ['Very satisfied', 'Satisfied', 'Neutral', 'Dissatisfied', 'Very dissatisfied'];

/**
 * Satisfaction in the chat (issue 15 item 1): a solved ticket's teacher is asked by the alerts
 * worker on their own channel with buttons, reminded once, answers with a press (and a comment),
 * a low score reaches the coordinator and may reopen the ticket; late and forged presses change nothing.
 */
export function satisfactionSuite(kind: TestDatabaseKind) {
  describe(`satisfaction survey in the chat, on ${kind}`, () => {
    let desk: TestDesk;
    let admin: Agent;
    let coordinator: { agent: Agent; conversationId: string };
    let engineer: { agent: Agent; conversationId: string };
    let service: TicketService;

    beforeAll(async () => {
      desk = await testDesk(kind);
      admin = await adminOf(desk);
      coordinator = await staffWithChat(desk, 'coordinator', 'zh-CN', 'line', '李协调');
      engineer = await staffWithChat(desk, 'engineer', 'en', 'telegram', 'Wang Engineer');
      service = pushingTicketService(desk);
    });
    afterAll(async () => desk?.close());

    const run = () => sendDueAlerts(workerDeps(desk));
    let teachers = 0;

    /** A teacher's chat on a channel (begun with a greeting) and a ticket of theirs, solved now. */
    async function solvedTicket(channel: ChannelName, lang: 'zh-CN' | 'en', options: { dispatched?: boolean } = {}) {
      const key = `teacher-${channel}-${++teachers}`;
      await desk.send(key, lang === 'en' ? 'hello' : '你好', { channel, langHint: lang });
      const conversation = (await desk.conversation(key))!;
      const seeded = await seedTriagedTicket(desk.database.db, desk.catalog, desk.now, { number: nextNumber() });
      await desk.database.db.update(tickets).set({ conversationId: conversation.id }).where(eq(tickets.id, seeded.ticketId));
      await service.command(admin, seeded.ticketId, { kind: 'responded' });
      if (options.dispatched) {
        const appointmentAt = new Date(desk.now.getTime() + HOUR);
        await service.command(admin, seeded.ticketId, {
          kind: 'dispatch',
          engineerId: engineer.agent.id,
          engineerName: engineer.agent.displayName,
          appointmentAt,
        });
      }
      await service.command(admin, seeded.ticketId, { kind: 'move', to: 'resolved' });
      return { key, channel, conversationId: conversation.id, ticketId: seeded.ticketId, number: seeded.number };
    }
    type Teacher = Awaited<ReturnType<typeof solvedTicket>>;

    const payloads = async (t: Teacher) =>
      (await desk.database.db.select().from(outbox).where(eq(outbox.conversationId, t.conversationId)).orderBy(asc(outbox.id))).map(
        (r) => r.payload as unknown as OutboxPayload,
      );
    const surveyOf = async (t: Teacher) => (await desk.database.db.select().from(surveys).where(eq(surveys.ticketId, t.ticketId)))[0]!;
    const statusOf = async (t: Teacher) =>
      (await desk.database.db.select({ status: tickets.status }).from(tickets).where(eq(tickets.id, t.ticketId)))[0]!.status;
    const pressScore = (t: Teacher, label: string) => desk.press(t.key, label, { channel: t.channel });

    it('asks on Telegram (en), LINE and web chat with the five levels as buttons', async () => {
      const telegram = await solvedTicket('telegram', 'en');
      const line = await solvedTicket('line', 'zh-CN');
      const web = await solvedTicket('webchat', 'zh-CN');
      expect((await run()).sent).toBeGreaterThanOrEqual(3);
      const tg = (await payloads(telegram)).find((p) => p.text.includes('How satisfied'));
      expect(tg?.choices?.map((c) => c.label)).toEqual(LEVELS_EN);
      expect(tg?.choices?.[0]?.id).toBe(`survey:${telegram.number}:5`);
      const ln = (await payloads(line)).find((p) => p.text.includes('满意吗'));
      expect(ln?.choices?.map((c) => c.label)).toEqual(LEVELS_ZH);
      // The web chat reads its transcript: the question is there with its buttons.
      const asked = (await desk.transcript(web.key)).find((m) => m.text.includes('满意吗'));
      expect(asked?.choices?.map((c) => c.label)).toEqual(LEVELS_ZH);
      expect((await surveyOf(web)).askedAt).not.toBeNull();
      // Sent once: another round sends nothing more to them.
      await run();
      expect((await desk.transcript(web.key)).filter((m) => m.text.includes('满意吗'))).toHaveLength(1);
    });

    it('stores a 5 with its comment, with the ticket and the engineer; no reminder after an answer', async () => {
      const t = await solvedTicket('webchat', 'zh-CN', { dispatched: true });
      await run();
      await pressScore(t, '非常满意');
      expect((await desk.lastBot(t.key))?.text).toContain('有什么想补充的吗');
      await desk.send(t.key, '工程师很专业，谢谢', { channel: t.channel });
      expect((await desk.lastBot(t.key))?.text).toContain('您的意见已记录');
      const s = await surveyOf(t);
      expect(s.score).toBe(5);
      expect(s.comment).toBe('工程师很专业，谢谢');
      expect(s.ticketId).toBe(t.ticketId);
      expect(s.engineerId).toBe(engineer.agent.id);
      expect(s.answeredAt?.getTime()).toBe(desk.now.getTime());
      // The console's ticket view shows it.
      expect((await service.detail(admin, t.ticketId)).satisfaction).toMatchObject({ score: 5, comment: '工程师很专业，谢谢' });
      desk.advance(25 * HOUR);
      await run();
      expect((await desk.transcript(t.key)).filter((m) => m.text.includes('还没有评价'))).toHaveLength(0);
    });

    it('a 1 tells the coordinator in their chat, and the reopen button reopens the ticket by the bot', async () => {
      const t = await solvedTicket('line', 'zh-CN');
      await run();
      const before = (await chatTexts(desk, coordinator.conversationId)).length;
      await pressScore(t, '非常不满意');
      const answer = await desk.lastBot(t.key);
      expect(answer?.choices?.map((c) => c.label)).toEqual(['不用了', '问题没解决，重新打开']);
      await run();
      const told = (await chatTexts(desk, coordinator.conversationId)).slice(before);
      expect(told.some((x) => x.includes(t.number) && x.includes('非常不满意'))).toBe(true);
      await desk.press(t.key, '问题没解决，重新打开', { channel: t.channel });
      expect(await statusOf(t)).toBe('remote_support');
      expect((await desk.lastBot(t.key))?.text).toContain('已重新打开');
      const events = await desk.database.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, t.ticketId));
      const reopened = events.find((e) => e.kind === 'reopened');
      expect(reopened?.actor).toBe('bot');
      expect(JSON.stringify(reopened?.data)).toContain('低分');
    });

    it('a comment written after a low score was sent reaches the coordinators too, once', async () => {
      const t = await solvedTicket('line', 'zh-CN');
      await run();
      const before = (await chatTexts(desk, coordinator.conversationId)).length;
      await pressScore(t, '不满意');
      await run();
      await desk.send(t.key, '老师们上课还是看不清', { channel: t.channel });
      await run();
      await run();
      const told = (await chatTexts(desk, coordinator.conversationId)).slice(before).filter((x) => x.includes(t.number));
      expect(told).toHaveLength(2);
      expect(told[0]).toContain('不满意');
      expect(told[0]).not.toContain('看不清');
      expect(told[1]).toContain('「老师们上课还是看不清」');
    });

    it('a comment written before the low score was sent goes with it, not again', async () => {
      const t = await solvedTicket('line', 'zh-CN');
      await run();
      const before = (await chatTexts(desk, coordinator.conversationId)).length;
      await pressScore(t, '非常不满意');
      await desk.send(t.key, '等了三天才来', { channel: t.channel });
      await run();
      await run();
      const told = (await chatTexts(desk, coordinator.conversationId)).slice(before).filter((x) => x.includes(t.number));
      expect(told).toHaveLength(1);
      expect(told[0]).toContain('「等了三天才来」');
      const rows = await desk.database.db.select().from(ticketAlerts).where(eq(ticketAlerts.ticketId, t.ticketId));
      expect(rows.find((a) => a.kind === 'satisfaction_comment')?.status).toBe('cancelled');
    });

    it('answered in the middle of another report: the report asks its question again, and its answers are not the comment', async () => {
      const t = await solvedTicket('webchat', 'zh-CN');
      await run();
      await desk.send(t.key, '投影仪不亮了', { channel: t.channel });
      const question = (await desk.lastBot(t.key))!.text;
      const seq = await desk.lastSeq(t.key);
      await pressScore(t, '满意');
      const said = await desk.botTextsSince(t.key, seq);
      expect(said).toContain('有什么想补充的吗');
      expect(said.endsWith(question)).toBe(true);
      await desk.send(t.key, '王老师', { channel: t.channel });
      const s = await surveyOf(t);
      expect(s.score).toBe(4);
      expect(s.comment).toBeNull();
    });

    it('understands a level typed right after the question', async () => {
      const t = await solvedTicket('line', 'zh-CN');
      await run();
      await desk.send(t.key, '满意', { channel: t.channel });
      expect((await surveyOf(t)).score).toBe(4);
      expect((await desk.lastBot(t.key))?.text).toContain('有什么想补充的吗');
      await desk.send(t.key, '不用了', { channel: t.channel });
      expect((await surveyOf(t)).comment).toBeNull();
      expect((await surveyOf(t)).commentUntil).toBeNull();
    });

    it('a ticket reopened before the question is asked when solved again, once', async () => {
      const t = await solvedTicket('telegram', 'en');
      await service.command(admin, t.ticketId, { kind: 'reopen', reason: 'still black' });
      await run();
      expect((await payloads(t)).some((p) => p.text.includes('How satisfied'))).toBe(false);
      await service.command(admin, t.ticketId, { kind: 'move', to: 'resolved' });
      await run();
      await service.command(admin, t.ticketId, { kind: 'reopen', reason: 'again' });
      await service.command(admin, t.ticketId, { kind: 'move', to: 'resolved' });
      await run();
      expect((await payloads(t)).filter((p) => p.text.includes('How satisfied'))).toHaveLength(1);
    });

    it('reminds once after 24 hours when unanswered', async () => {
      const t = await solvedTicket('telegram', 'en');
      await run();
      desk.advance(23 * HOUR);
      await run();
      expect((await payloads(t)).filter((p) => p.text.includes('A reminder'))).toHaveLength(0);
      desk.advance(2 * HOUR);
      await run();
      desk.advance(2 * DAY);
      await run();
      const reminders = (await payloads(t)).filter((p) => p.text.includes('A reminder'));
      expect(reminders).toHaveLength(1);
      expect(reminders[0]?.choices).toHaveLength(5);
    });

    it('an answer after 7 days gets a polite reply and changes nothing', async () => {
      const t = await solvedTicket('webchat', 'zh-CN');
      await run();
      desk.advance(7 * DAY + HOUR);
      await desk.send(t.key, { kind: 'choice', id: `survey:${t.number}:4` }, { channel: t.channel });
      expect((await desk.lastBot(t.key))?.text).toContain('已超过 7 天');
      expect((await surveyOf(t)).score).toBeNull();
    });

    it('a forged press from another chat changes nothing', async () => {
      const t = await solvedTicket('webchat', 'zh-CN');
      const other = await solvedTicket('webchat', 'zh-CN');
      await run();
      await desk.send(other.key, { kind: 'choice', id: `survey:${t.number}:1` }, { channel: other.channel });
      const s = await surveyOf(t);
      expect(s.score).toBeNull();
      const low = await desk.database.db.select().from(ticketAlerts).where(eq(ticketAlerts.ticketId, t.ticketId));
      expect(low.some((a) => a.kind === 'satisfaction_low')).toBe(false);
    });

    it('waits for the end of the quiet hours to ask', async () => {
      // 22:00 in Shanghai: the question waits for 07:30.
      const late = new Date('2026-10-20T14:00:00Z');
      desk.advance(late.getTime() - desk.now.getTime());
      const t = await solvedTicket('line', 'zh-CN');
      const [row] = await desk.database.db.select().from(ticketAlerts).where(eq(ticketAlerts.ticketId, t.ticketId));
      expect(row?.kind).toBe('survey');
      expect(row?.at.toISOString()).toBe('2026-10-20T23:30:00.000Z');
      await run();
      expect((await payloads(t)).some((p) => p.text.includes('满意吗'))).toBe(false);
      desk.advance(9 * HOUR + 30 * 60_000);
      await run();
      expect((await payloads(t)).some((p) => p.text.includes('满意吗'))).toBe(true);
    });
  });
}
