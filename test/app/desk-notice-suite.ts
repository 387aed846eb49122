import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketService } from '../../src/app/ticket-service.js';
import { decode as decodeLine } from '../../src/channels/line/decode.js';
import { encode as encodeLine } from '../../src/channels/line/encode.js';
import type { ChannelName } from '../../src/domain/messages.js';
import type { Agent } from '../../src/ports/console-store.js';
import type { OutboxPayload } from '../../src/ports/outbox.js';
import { conversations, outbox, tickets } from '../../src/storage/schema.js';
import type { TestDatabaseKind } from '../support/database.js';
import { type TestDesk, testDesk } from '../support/desk.js';
import { seedTriagedTicket } from '../support/triaged-ticket.js';
import { pushingTicketService } from './survey/survey-desk.js';
import { adminOf, nextNumber, staffWithChat } from './alerts-suite.js';

const MINUTE = 60_000;
const SCHOOLS_ZH = ['东山中学', '明湖小学', '示例市文化馆'];

/** A teacher's chat and an older ticket of theirs, still open (the desk answered it). */
interface Teacher {
  readonly key: string;
  readonly channel: ChannelName;
  readonly conversationId: string;
  readonly ticketId: string;
  readonly number: string;
}

/**
 * Notices the desk writes into a teacher's conversation (the ticket resolved, an engineer on the
 * way) while the teacher is in the middle of a report: the report's question follows the notice
 * again with its buttons (on LINE the quick replies of the question vanish under any later
 * message), unless a person holds the conversation or the report lapsed; notices held for the
 * teacher's quiet hours do not bring it at once. Transcripts printed with FIXLINE_PRINT=1.
 */
export function deskNoticeSuite(kind: TestDatabaseKind) {
  describe(`a desk notice in the middle of a report, on ${kind}`, () => {
    let desk: TestDesk;
    let admin: Agent;
    let service: TicketService;
    let teachers = 0;
    let update = 0;
    beforeAll(async () => {
      desk = await testDesk(kind);
      admin = await adminOf(desk);
      service = pushingTicketService(desk);
    });
    afterAll(async () => desk?.close());

    /** A teacher who greeted the desk, with an older ticket the desk answered (remote support). */
    async function teacher(channel: ChannelName, lang: 'zh-CN' | 'en'): Promise<Teacher> {
      const key = channel === 'line' ? `U0dde0000000000000000000000notice${++teachers}` : `notice-${channel}-${++teachers}`;
      await desk.send(key, lang === 'en' ? 'hi' : '你好', { channel, langHint: lang });
      const conversation = (await desk.conversation(key))!;
      const seeded = await seedTriagedTicket(desk.database.db, desk.catalog, desk.now, { number: nextNumber() });
      await desk.database.db.update(tickets).set({ conversationId: conversation.id }).where(eq(tickets.id, seeded.ticketId));
      await service.command(admin, seeded.ticketId, { kind: 'responded' });
      return { key, channel, conversationId: conversation.id, ticketId: seeded.ticketId, number: seeded.number };
    }

    const resolve = (t: Teacher) => service.command(admin, t.ticketId, { kind: 'move', to: 'resolved' });

    /** What the channel was given to send to the teacher, oldest first. */
    const payloads = async (t: Teacher) =>
      (await desk.database.db.select().from(outbox).where(eq(outbox.conversationId, t.conversationId)).orderBy(asc(outbox.id))).map(
        (r) => r.payload as unknown as OutboxPayload,
      );

    /** The bot's messages after `seq`: texts and button labels. */
    const saidSince = async (t: Teacher, seq: number) =>
      (await desk.transcript(t.key))
        .filter((m) => m.seq > seq && m.direction === 'out')
        .map((m) => ({ text: m.text, labels: m.choices?.map((c) => c.label) ?? [] }));

    /** Types the answers one by one on the teacher's channel. */
    async function type(t: Teacher, ...answers: string[]) {
      for (const answer of answers) await desk.send(t.key, answer, { channel: t.channel });
    }

    /** The transcript as the teacher read it, for a person to look at (FIXLINE_PRINT=1). */
    async function print(t: Teacher, title: string) {
      if (!process.env.FIXLINE_PRINT) return;
      const lines = (await desk.transcript(t.key)).map(
        (m) =>
          `${m.direction === 'in' ? '  >' : '<  '} ${m.text.replace(/\n/g, ' / ')}${m.choices?.length ? `  [${m.choices.map((c) => c.label).join(' | ')}]` : ''}`,
      );
      console.log(`--- ${title}\n${lines.join('\n')}`);
    }

    /** LINE: the quick reply item with this label on the last message sent (not one held for the morning), pressed: a postback event in a webhook body. */
    async function linePress(t: Teacher, label: string) {
      const last = (await payloads(t)).filter((p) => !p.heldUntil).at(-1)!;
      const items = encodeLine(last).at(-1)?.quickReply?.items ?? [];
      const actions = items.flatMap((i) => (i.action?.type === 'postback' ? [i.action] : []));
      const action = actions.find((a) => a.label === label);
      if (!action) throw new Error(`no quick reply ${label} on the last message sent: ${JSON.stringify(last)}`);
      const body = JSON.stringify({
        destination: 'Ubot00000000000000000000000000000',
        events: [
          {
            type: 'postback',
            mode: 'active',
            timestamp: desk.now.getTime(),
            webhookEventId: `01HNOTICE${++update}`,
            deliveryContext: { isRedelivery: false },
            replyToken: `reply-${update}`,
            source: { type: 'user', userId: t.key },
            postback: { data: action.data },
          },
        ],
      });
      const decoded = decodeLine(new TextEncoder().encode(body), {
        receivedAt: desk.now.toISOString(),
        commands: desk.catalog.flowSet.commands,
      });
      const m = decoded.events[0];
      if (!m) throw new Error(`not decoded: ${JSON.stringify(decoded.ignored)}`);
      await desk.send(m.conversationKey, m.content, { channel: 'line', userId: m.userId, externalId: m.externalId });
    }

    /** The quick replies LINE shows under the last message sent (not one held for the morning). */
    const lineQuickReplies = async (t: Teacher) =>
      (encodeLine((await payloads(t)).filter((p) => !p.heldUntil).at(-1)!).at(-1)?.quickReply?.items ?? []).map((i) => i.action?.label);

    it('LINE: "resolved" for an older ticket, then the school question again with its quick replies; a press carries the report on to its ticket', async () => {
      const t = await teacher('line', 'zh-CN');
      await type(t, '投影仪坏了', '王老师');
      const asked = (await payloads(t)).at(-1)!;
      expect(asked.text).toBe('请选择学校或场馆：');
      expect(await lineQuickReplies(t)).toEqual(SCHOOLS_ZH);
      const seq = await desk.lastSeq(t.key);

      desk.advance(3 * MINUTE);
      await resolve(t);
      // The notice, then the question as it was asked: the same text and buttons (ids too: a press of the first still counts).
      expect(await saidSince(t, seq)).toEqual([
        { text: expect.stringContaining(`${t.number} 已处理完毕`), labels: [] },
        { text: '请选择学校或场馆：', labels: SCHOOLS_ZH },
      ]);
      const sent = (await payloads(t)).slice(-2);
      expect(sent[0]?.text).toContain('已处理完毕');
      expect(sent[1]).toEqual({ ...asked, lang: 'zh-CN' });
      expect(await lineQuickReplies(t)).toEqual(SCHOOLS_ZH);

      // The teacher presses on LINE and answers the rest the way a teacher in a hurry types.
      await linePress(t, '明湖小学');
      expect((await desk.lastBot(t.key))?.text).toContain('明湖小学 的哪个教室');
      await type(t, '1', '不知道', '不能用', '就这台', '没有', '跳过', '对');
      await print(t, 'LINE, zh-CN');
      const said = (await saidSince(t, seq)).map((m) => m.text).join('\n');
      expect(said).toMatch(/报修成功，工单号：FX-\d{4}-\d+/);
      const mine = (await desk.tickets()).filter((x) => x.conversationId === t.conversationId);
      expect(mine.map((x) => x.status)).toContain('resolved');
      expect(mine).toHaveLength(2);
    });

    it('web chat, in English: "resolved" lands mid-report and the question follows it; the teacher types on and gets the ticket', async () => {
      const t = await teacher('webchat', 'en');
      await type(t, 'projector dead', 'Ms Lee');
      const question = await desk.lastBot(t.key);
      expect(question?.choices?.length).toBeGreaterThan(0);
      const seq = await desk.lastSeq(t.key);
      desk.advance(5 * MINUTE);
      await resolve(t);
      const said = await saidSince(t, seq);
      expect(said).toHaveLength(2);
      expect(said[0]?.text).toContain(t.number);
      expect(said[1]).toEqual({ text: question?.text, labels: question?.choices?.map((c) => c.label) });
      // The page shows the question's buttons last again; the teacher types instead, in a hurry
      // (the first-aid tips did not fix it: "no", then "yes" to submit).
      await type(t, 'minghu', '1', 'dont know', 'not at all', 'just this one', 'no', 'skip', 'no', 'yes');
      await print(t, 'web chat, en');
      expect((await saidSince(t, seq)).map((m) => m.text).join('\n')).toMatch(/Ticket FX-\d{4}-\d+/i);
    });

    it('web chat: a greeting mid-report asked "continue or start over?"; the notice brings that question back, and 继续 carries on', async () => {
      const t = await teacher('webchat', 'zh-CN');
      await type(t, '投影仪坏了', '王老师', '你好');
      const asked = await desk.lastBot(t.key);
      expect(asked?.choices?.map((c) => c.label)).toEqual(['继续', '重新开始']);
      const seq = await desk.lastSeq(t.key);
      await resolve(t);
      expect(await saidSince(t, seq)).toEqual([
        { text: expect.stringContaining('已处理完毕'), labels: [] },
        { text: asked?.text, labels: ['继续', '重新开始'] },
      ]);
      await desk.press(t.key, '继续');
      expect((await desk.lastBot(t.key))?.text).toBe('请选择学校或场馆：');
      await print(t, 'web chat, interrupted');
    });

    it('a conversation a person holds, or one waiting for a person, gets the notice alone', async () => {
      const held = await teacher('line', 'zh-CN');
      await type(held, '投影仪坏了', '王老师');
      await desk.database.db.update(conversations).set({ mode: 'human' }).where(eq(conversations.id, held.conversationId));
      const seq = await desk.lastSeq(held.key);
      await resolve(held);
      expect((await saidSince(held, seq)).map((m) => m.text)).toEqual([expect.stringContaining('已处理完毕')]);

      const waiting = await teacher('line', 'zh-CN');
      await type(waiting, '投影仪坏了', '王老师');
      await desk.database.db.update(conversations).set({ humanRequestedAt: desk.now }).where(eq(conversations.id, waiting.conversationId));
      const at = await desk.lastSeq(waiting.key);
      await resolve(waiting);
      expect((await saidSince(waiting, at)).map((m) => m.text)).toEqual([expect.stringContaining('已处理完毕')]);
    });

    it('a report left past the timeout is not asked again: the notice comes alone, and the next message offers to resume', async () => {
      const t = await teacher('line', 'zh-CN');
      await type(t, '投影仪坏了', '王老师');
      const seq = await desk.lastSeq(t.key);
      desk.advance((desk.catalog.flowSet.settings.timeoutMinutes + 1) * MINUTE);
      await resolve(t);
      expect((await saidSince(t, seq)).map((m) => m.text)).toEqual([expect.stringContaining('已处理完毕')]);
      await type(t, '明湖');
      expect((await desk.lastBot(t.key))?.choices?.map((c) => c.label)).toEqual(['继续', '重新开始']);
    });

    it('at night on LINE "resolved" waits for the morning and brings no question, "on the way" goes at once with the question after it; the web chat shows both at once', async () => {
      // 22:40 in Asia/Shanghai, in the teachers' quiet hours (07:30–21:30).
      const night = new Date('2026-10-12T14:40:00Z');
      desk.advance(night.getTime() - desk.now.getTime());
      const line = await teacher('line', 'zh-CN');
      await type(line, '投影仪坏了', '王老师');
      const before = await payloads(line);
      await resolve(line);
      expect((await payloads(line)).slice(before.length)).toHaveLength(1);
      const last = (await payloads(line)).at(-1)!;
      expect(last.text).toContain('已处理完毕');
      expect(last.heldUntil).toBe('2026-10-12T23:30:00.000Z');
      // Nothing goes to the teacher now: the school question stays the last message on the screen.
      expect((await payloads(line)).filter((p) => !p.heldUntil).at(-1)).toEqual(before.at(-1));
      await linePress(line, '明湖小学');
      expect((await desk.lastBot(line.key))?.text).toContain('明湖小学 的哪个教室');

      // "On the way" never waits: it goes at once, and the question with it; the engineer's dispatch waits for the morning.
      const engineer = await staffWithChat(desk, 'engineer', 'zh-CN', 'line', '赵工');
      const urgent = await teacher('line', 'zh-CN');
      await type(urgent, '投影仪坏了', '王老师');
      const sent = (await payloads(urgent)).length;
      const appointmentAt = new Date(desk.now.getTime() + 40 * MINUTE);
      await service.command(admin, urgent.ticketId, {
        kind: 'dispatch',
        engineerId: engineer.agent.id,
        engineerName: '赵工',
        appointmentAt,
        lateReason: '夜间',
      });
      await service.command(engineer.agent, urgent.ticketId, { kind: 'accept' });
      await service.command(engineer.agent, urgent.ticketId, { kind: 'on_way', eta: appointmentAt });
      const after = (await payloads(urgent)).slice(sent);
      expect(
        after
          .filter((p) => p.heldUntil)
          .map((p) => p.text)
          .join('\n'),
      ).toContain('赵工');
      const now = after.filter((p) => !p.heldUntil);
      expect(now.map((p) => p.text)).toEqual([expect.stringContaining('出发'), '请选择学校或场馆：']);
      expect(await lineQuickReplies(urgent)).toEqual(SCHOOLS_ZH);
      await linePress(urgent, '东山中学');
      await print(urgent, 'LINE at night, on the way');

      const web = await teacher('webchat', 'zh-CN');
      await type(web, '投影仪坏了', '王老师');
      const seq = await desk.lastSeq(web.key);
      await resolve(web);
      expect((await saidSince(web, seq)).map((m) => m.text)).toEqual([expect.stringContaining('已处理完毕'), '请选择学校或场馆：']);
    });
  });
}
