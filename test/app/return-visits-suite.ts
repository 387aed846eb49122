import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planAfterService } from '../../src/app/after-service/planner.js';
import { sendDueAlerts } from '../../src/app/alerts/worker.js';
import { VisitsDesk } from '../../src/app/visits/console.js';
import { afterServicePlanners, siteWorkComposers } from '../../src/compose/alerts.js';
import type { ChannelName } from '../../src/domain/messages.js';
import type { Agent } from '../../src/ports/console-store.js';
import type { OutboxPayload } from '../../src/ports/outbox.js';
import { assets, contacts, conversations, messages, outbox, returnVisits, rooms, sites, ticketAlerts } from '../../src/storage/schema.js';
import type { TestDatabaseKind } from '../support/database.js';
import { type TestDesk, testDesk } from '../support/desk.js';
import { type Database, openDatabase } from '../../src/storage/database.js';
import { drizzleStore } from '../../src/storage/store.js';
import { chatTexts, staffWithChat, workerDeps } from './alerts-suite.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const log = pino({ level: 'silent' });
/** Monday 30 November 2026, 08:00 in Shanghai. */
const MONDAY_8 = new Date('2026-11-30T00:00:00Z');
const shanghai = (local: string) => new Date(`${local}+08:00`);
const BUTTONS_ZH = ['都正常', '有故障要报修', '请给我打电话'];
const BUTTONS_EN = ['All fine', 'Report a fault', 'Please call me'];

/**
 * Return visits (issue 15 items 2 and 6), with an injected clock: planned from a site's first
 * acceptance, written by the alerts worker only inside GX-EDU's windows, once, to the site's
 * contact teachers on their own channels; answered with buttons or words; the undelivered and
 * unanswered ones listed for the coordinator, until a call is recorded.
 */
export function returnVisitsSuite(kind: TestDatabaseKind) {
  describe(`return visits, on ${kind}`, () => {
    let desk: TestDesk;
    let coordinator: { agent: Agent; conversationId: string };
    let siteId: string;
    const SITE = '回访实验小学';

    beforeAll(async () => {
      desk = await testDesk(kind, { now: MONDAY_8 });
      const db = desk.database.db;
      coordinator = await staffWithChat(desk, 'coordinator', 'zh-CN', 'line', '赵协调');
      const [gx] = await db.select().from(sites).where(eq(sites.contractId, 'GX-EDU')).limit(1);
      const [site] = await db
        .insert(sites)
        .values({ organisationId: gx!.organisationId, name: SITE, aliases: [], contractId: 'GX-EDU' })
        .returning();
      siteId = site!.id;
      const [room] = await db.insert(rooms).values({ siteId, name: '五年级一班', aliases: [] }).returning();
      // Accepted on 30 October: the first visit is due one month later, today.
      await db.insert(assets).values({
        tag: 'FX-VISIT-01',
        kind: 'interactive_panel',
        model: 'test panel',
        siteId,
        roomId: room!.id,
        contractId: 'GX-EDU',
        acceptedAt: '2026-10-30',
      });
    });
    /** On PostgreSQL, a second instance: its own pool on the same database (the embedded PGlite has one owner). */
    let other: Database | undefined;
    beforeAll(async () => {
      const url = (desk.database as { url?: string }).url;
      if (kind === 'postgres' && url) other = await openDatabase({ url, poolSize: 5, migrate: false });
    });
    afterAll(async () => {
      await other?.close();
      await desk?.close();
    });

    const deps = () => ({ ...workerDeps(desk), siteComposers: siteWorkComposers() });
    const run = () => sendDueAlerts(deps());
    const plan = () => planAfterService(desk.store, desk.catalog, afterServicePlanners(), desk.now, log);
    /** The other instance (PostgreSQL), or a fresh worker and planner on the same database (a restart: they keep nothing in memory). */
    const otherStore = () => (other ? drizzleStore(other) : desk.store);
    const runOther = () => sendDueAlerts({ ...deps(), store: otherStore() });
    const planOther = () => planAfterService(otherStore(), desk.catalog, afterServicePlanners(), desk.now, log);
    const visitRows = () =>
      desk.database.db.select().from(returnVisits).where(eq(returnVisits.siteId, siteId)).orderBy(asc(returnVisits.createdAt));
    const keyOf = (round: string) => `visit:${siteId}:${round}`;
    const siteWork = async (key: string) => (await desk.database.db.select().from(ticketAlerts).where(eq(ticketAlerts.key, key)))[0];
    const setClock = (at: Date) => desk.advance(at.getTime() - desk.now.getTime());
    /** Another GX-EDU school of the same bureau. */
    const newSite = async (name: string) => {
      const [gx] = await desk.database.db.select().from(sites).where(eq(sites.id, siteId));
      const [site] = await desk.database.db
        .insert(sites)
        .values({ organisationId: gx!.organisationId, name, aliases: [], contractId: 'GX-EDU' })
        .returning();
      return site!;
    };
    const questions = async (key: string) => (await desk.transcript(key)).filter((m) => m.choices?.some((c) => c.id.startsWith('visit:')));
    const payloads = async (conversationId: string) =>
      (await desk.database.db.select().from(outbox).where(eq(outbox.conversationId, conversationId)).orderBy(asc(outbox.id))).map(
        (r) => r.payload as unknown as OutboxPayload,
      );

    /** A teacher who wrote to the desk on a channel, and whose last-reported place is the site. */
    async function teacher(channel: ChannelName, lang: 'zh-CN' | 'en', name: string) {
      const key = `visit-teacher-${channel}-${randomUUID().slice(0, 6)}`;
      await desk.send(key, lang === 'en' ? 'hello' : '你好', { channel, langHint: lang });
      const conversation = (await desk.conversation(key))!;
      await desk.database.db.update(contacts).set({ siteId, name }).where(eq(contacts.id, conversation.contactId));
      return { key, channel, conversationId: conversation.id, contactId: conversation.contactId };
    }

    let telegram: Awaited<ReturnType<typeof teacher>>;
    let line: Awaited<ReturnType<typeof teacher>>;
    let web: Awaited<ReturnType<typeof teacher>>;
    let silent: Awaited<ReturnType<typeof teacher>>;
    let failing: Awaited<ReturnType<typeof teacher>>;
    let leaving: Awaited<ReturnType<typeof teacher>>;
    let nobody: string;

    it('plans the round at 09:30 of its day when planning at Monday 08:00, once', async () => {
      telegram = await teacher('telegram', 'en', 'Ms Lin');
      line = await teacher('line', 'zh-CN', '周老师');
      web = await teacher('webchat', 'zh-CN', '吴老师');
      silent = await teacher('telegram', 'en', 'Mr Xu');
      failing = await teacher('line', 'zh-CN', '冯老师');
      leaving = await teacher('telegram', 'zh-CN', '卫老师');
      const [none] = await desk.database.db.insert(contacts).values({ name: '郑老师', lang: 'zh-CN', siteId }).returning();
      nobody = none!.id;
      // A staff member who last reported at the site is not one of its teachers.
      const staff = await staffWithChat(desk, 'engineer', 'zh-CN', 'telegram', '钱工程师');
      const staffContact = (await desk.store.read.staff.chatOf(staff.agent.id, ['telegram']))!;
      expect(staffContact).toBeTruthy();
      await desk.database.db
        .update(contacts)
        .set({ siteId })
        .where(eq(contacts.id, (await desk.store.read.conversations.get(staff.conversationId))!.contactId));
      await plan();
      await plan();
      const row = await siteWork(keyOf('2026-11-30'));
      expect(row?.kind).toBe('visit');
      expect(row?.at.toISOString()).toBe(shanghai('2026-11-30T09:30:00').toISOString());
      // The next round, a quarter later, is planned too (at that day's 09:30).
      expect((await siteWork(keyOf('2027-02-28')))?.at.toISOString()).toBe(shanghai('2027-03-01T09:30:00').toISOString());
      const rows = await desk.database.db
        .select()
        .from(ticketAlerts)
        .where(and(isNull(ticketAlerts.ticketId), eq(ticketAlerts.kind, 'visit')));
      expect(rows.filter((r) => r.key.startsWith(`visit:${siteId}:`))).toHaveLength(2);
    });

    it('sends nothing at 09:00, and at 09:30 exactly once to each contact teacher, with two instances at once and after a restart', async () => {
      setClock(shanghai('2026-11-30T09:00:00'));
      await run();
      expect(await visitRows()).toHaveLength(0);
      expect(await questions(web.key)).toHaveLength(0);
      setClock(shanghai('2026-11-30T09:30:00'));
      expect(kind === 'pglite' || other !== undefined).toBe(true);
      await Promise.all([run(), runOther(), run()]);
      // Restarted ten minutes later (or the other instance): planning and sending again write nothing more.
      desk.advance(10 * MIN);
      await planOther();
      await runOther();
      await run();
      // Telegram in English, LINE in Chinese: the question with its three buttons leaves through the outbox.
      const tg = (await payloads(telegram.conversationId)).filter((p) => p.choices?.some((c) => c.id.startsWith('visit:')));
      expect(tg).toHaveLength(1);
      expect(tg[0]?.text).toContain('Ms Lin');
      expect(tg[0]?.choices?.map((c) => c.label)).toEqual(BUTTONS_EN);
      const ln = (await payloads(line.conversationId)).filter((p) => p.choices?.some((c) => c.id.startsWith('visit:')));
      expect(ln).toHaveLength(1);
      expect(ln[0]?.text).toContain('5.16');
      expect(ln[0]?.choices?.map((c) => c.label)).toEqual(BUTTONS_ZH);
      // The web chat reads its transcript.
      const asked = await questions(web.key);
      expect(asked).toHaveLength(1);
      expect(asked[0]?.choices?.map((c) => c.label)).toEqual(BUTTONS_ZH);
      const rows = await visitRows();
      expect(rows.map((r) => r.status).sort()).toEqual(['sent', 'sent', 'sent', 'sent', 'sent', 'sent', 'undelivered']);
      expect(rows.find((r) => r.contactId === nobody)?.status).toBe('undelivered');
      expect(rows.find((r) => r.conversationId === web.conversationId)?.messageSeq).toBe(asked[0]?.seq);
      expect(rows.every((r) => r.roundOn === '2026-11-30')).toBe(true);
    });

    it('postpones a round claimed at 11:40 to 14:50', async () => {
      const key = `visit:${siteId}:2026-12-01`;
      await desk.store.transaction((r) =>
        r.alerts.addSiteWork({
          key,
          kind: 'visit',
          at: shanghai('2026-11-30T11:35:00'),
          data: { siteId, contractId: 'GX-EDU', roundOn: '2026-12-01' },
        }),
      );
      setClock(shanghai('2026-11-30T11:40:00'));
      await run();
      const row = await siteWork(key);
      expect(row?.status).toBe('pending');
      expect(row?.at.toISOString()).toBe(shanghai('2026-11-30T14:50:00').toISOString());
      await desk.database.db.update(ticketAlerts).set({ status: 'cancelled' }).where(eq(ticketAlerts.key, key));
    });

    it('records each button once: all fine thanks, a second press is already recorded', async () => {
      await desk.press(line.key, '都正常', { channel: 'line' });
      expect((await desk.lastBot(line.key))?.text).toContain('谢谢您的反馈');
      const row = (await visitRows()).find((r) => r.conversationId === line.conversationId);
      expect(row).toMatchObject({ status: 'answered', answer: 'ok' });
      expect(row?.answeredAt?.getTime()).toBe(desk.now.getTime());
      await desk.press(line.key, '请给我打电话', { channel: 'line' });
      expect((await desk.lastBot(line.key))?.text).toContain('已经记录');
      expect((await visitRows()).find((r) => r.conversationId === line.conversationId)?.answer).toBe('ok');
    });

    it('understands "call me" typed in English, and tells the coordinator in chat', async () => {
      const before = (await chatTexts(desk, coordinator.conversationId)).length;
      await desk.send(telegram.key, 'Call me!', { channel: 'telegram' });
      const said = (await payloads(telegram.conversationId)).at(-1)?.text;
      expect(said).toContain('will call you');
      expect((await visitRows()).find((r) => r.conversationId === telegram.conversationId)?.answer).toBe('call');
      await run();
      const told = (await chatTexts(desk, coordinator.conversationId)).slice(before);
      expect(told.some((t) => t.includes(SITE) && t.includes('Ms Lin'))).toBe(true);
    });

    it('"report a fault" starts the report at the site: the teacher is asked the room, not the school', async () => {
      await desk.press(web.key, '有故障要报修');
      const said = await desk.lastBot(web.key);
      expect(said?.text).toContain(`在 ${SITE} 的哪个教室`);
      expect(said?.choices?.map((c) => c.label)).toContain('五年级一班');
      const row = (await visitRows()).find((r) => r.conversationId === web.conversationId);
      expect(row?.answer).toBe('fault');
      // The report goes on as usual; its ticket is recorded on the visit.
      await desk.press(web.key, '五年级一班');
      await desk.press(web.key, /FX-VISIT-01/);
      await desk.send(web.key, '一体机触摸没反应');
      for (const label of ['正常使用中出现', '还能用，但有问题', '只有这台设备', '否', '跳过', '没有解决'])
        await desk.press(web.key, label);
      await desk.press(web.key, /提交|确认/);
      const ticket = (await desk.tickets()).find((t) => t.conversationId === web.conversationId);
      expect(ticket?.siteId).toBe(siteId);
      expect((await visitRows()).find((r) => r.conversationId === web.conversationId)?.ticketId).toBe(ticket?.id);
    });

    it('lists the undelivered, the failed, the unanswered and a fault left unreported for the coordinator, until a call is recorded', async () => {
      // The coordinator's board (console → 回访): GX-EDU's answerWithin is two days, a report lapses after the flows' two hours.
      const visitsDesk = new VisitsDesk(desk.store, desk.catalog);
      const board = () => visitsDesk.board(coordinator.agent, { siteId }, desk.now);
      // 卫老师 answers "有个故障", and leaves the report at its first question.
      await desk.send(leaving.key, '有个故障', { channel: 'telegram' });
      expect((await payloads(leaving.conversationId)).at(-1)?.text).toContain(`在 ${SITE} 的哪个教室`);
      // 冯老师's LINE message could not be delivered (its outbox row failed).
      const failed = (await visitRows()).find((r) => r.conversationId === failing.conversationId)!;
      const [message] = await desk.database.db
        .select({ id: messages.id })
        .from(messages)
        .where(and(eq(messages.conversationId, failing.conversationId), eq(messages.seq, failed.messageSeq!)));
      await desk.database.db.update(outbox).set({ status: 'failed', lastError: 'blocked' }).where(eq(outbox.messageId, message!.id));
      let list = (await board()).toPhone;
      // Nobody to write to (郑老师 has no chat), a failed message, Ms Lin asked to be called; Mr Xu has time to answer, 卫老师 to report.
      const reasons = () => list.map((l) => `${l.contactName}:${l.reason}`).sort();
      expect(reasons()).toEqual(['Ms Lin:call', '冯老师:failed', '郑老师:undelivered']);
      // Two days on, Mr Xu's unanswered visit is listed too, and 卫老师's fault that no ticket came of (not among the done);
      // typing an answer now is not taken for one.
      desk.advance(2 * DAY + HOUR);
      list = (await board()).toPhone;
      expect(reasons()).toEqual(['Mr Xu:unanswered', 'Ms Lin:call', '冯老师:failed', '卫老师:no_report', '郑老师:undelivered']);
      expect((await board()).done.map((d) => d.contactName)).not.toContain('卫老师');
      await desk.send(silent.key, 'all good', { channel: 'telegram' });
      expect((await visitRows()).find((r) => r.conversationId === silent.conversationId)?.answeredAt).toBeNull();
      const visit = list.find((l) => l.reason === 'undelivered')!;
      await desk.store.transaction((r) => r.returnVisits.recordCall(visit.id, coordinator.agent.id, '电话确认设备正常', desk.now));
      list = (await board()).toPhone;
      expect(reasons()).toEqual(['Mr Xu:unanswered', 'Ms Lin:call', '冯老师:failed', '卫老师:no_report']);
      const { done } = await board();
      expect(done.find((d) => d.id === visit.id)).toMatchObject({ callNote: '电话确认设备正常', calledBy: '赵协调' });
    });

    it('waits until a teacher who just reported has been quiet for ten minutes, then asks once', async () => {
      // Thursday 3 December, in the morning window: a teacher of another school reports a fault.
      const db = desk.database.db;
      const quietSite = await newSite('回访安静小学');
      const [room] = await db.insert(rooms).values({ siteId: quietSite.id, name: '一年级一班', aliases: [] }).returning();
      await db.insert(assets).values({
        tag: 'FX-VISIT-02',
        kind: 'interactive_panel',
        model: 'test panel',
        siteId: quietSite.id,
        roomId: room!.id,
        contractId: 'GX-EDU',
        acceptedAt: '2026-11-03',
      });
      setClock(shanghai('2026-12-03T09:58:00'));
      const key = `visit-quiet-${randomUUID().slice(0, 6)}`;
      await desk.send(key, '你好');
      const conversation = (await desk.conversation(key))!;
      await db.update(contacts).set({ siteId: quietSite.id, name: '孙老师' }).where(eq(contacts.id, conversation.contactId));
      await desk.send(key, '一年级一班的一体机触摸没反应');
      for (const label of ['正常使用中出现', '还能用，但有问题', '只有这台设备', '否', '跳过', '没有解决']) await desk.press(key, label);
      // 10:00: the ticket is confirmed; the site's visit round is due at that moment.
      setClock(shanghai('2026-12-03T10:00:00'));
      const before = await desk.lastSeq(key);
      await desk.press(key, /提交|确认/);
      expect(await desk.botTextsSince(key, before)).toMatch(/工单号/);
      const work = `visit:${quietSite.id}:2026-12-03`;
      await desk.store.transaction((r) =>
        r.alerts.addSiteWork({
          key: work,
          kind: 'visit',
          at: desk.now,
          data: { siteId: quietSite.id, contractId: 'GX-EDU', roundOn: '2026-12-03' },
        }),
      );
      const quietRows = () => db.select().from(returnVisits).where(eq(returnVisits.siteId, quietSite.id));
      // One second later the teacher is not asked "is everything working?": the round waits until 10:10.
      desk.advance(1000);
      await run();
      expect(await questions(key)).toHaveLength(0);
      expect(await quietRows()).toHaveLength(0);
      expect(await siteWork(work)).toMatchObject({ status: 'pending', at: shanghai('2026-12-03T10:10:00') });
      setClock(shanghai('2026-12-03T10:09:59'));
      await run();
      expect(await questions(key)).toHaveLength(0);
      setClock(shanghai('2026-12-03T10:10:00'));
      await Promise.all([run(), run()]);
      await run();
      const asked = await questions(key);
      expect(asked).toHaveLength(1);
      expect(asked[0]?.text).toContain('回访安静小学');
      expect(await quietRows()).toMatchObject([{ status: 'sent', sentAt: shanghai('2026-12-03T10:10:00'), messageSeq: asked[0]?.seq }]);
    });
    it('a round held by a busy teacher waits, and after answerWithin goes to the others, the busy one listed to phone', async () => {
      const db = desk.database.db;
      const held = await newSite('回访繁忙小学');
      setClock(shanghai('2026-12-04T08:00:00'));
      const teachers = [];
      for (const name of ['钱老师', '李老师']) {
        const key = `visit-held-${randomUUID().slice(0, 6)}`;
        await desk.send(key, '你好');
        const conversation = (await desk.conversation(key))!;
        await db.update(contacts).set({ siteId: held.id, name }).where(eq(contacts.id, conversation.contactId));
        teachers.push({ key, conversationId: conversation.id });
      }
      const [busy, free] = teachers as [(typeof teachers)[0], (typeof teachers)[0]];
      // 钱老师 waits for a person, who never comes (nobody takes the conversation over the weekend).
      await db.update(conversations).set({ humanRequestedAt: desk.now }).where(eq(conversations.id, busy.conversationId));
      const work = `visit:${held.id}:2026-12-04`;
      const round = { siteId: held.id, contractId: 'GX-EDU', roundOn: '2026-12-04' };
      await desk.store.transaction((r) =>
        r.alerts.addSiteWork({ key: work, kind: 'visit', at: shanghai('2026-12-04T09:30:00'), data: round }),
      );
      setClock(shanghai('2026-12-04T09:30:00'));
      expect((await run()).postponed).toBe(1);
      // Friday afternoon: still waiting for 钱老师, and so nobody is asked.
      setClock(shanghai('2026-12-04T15:00:00'));
      await run();
      expect(await questions(free.key)).toHaveLength(0);
      // Monday 10:00, past GX-EDU's two days since the round's first slot: 李老师 is asked, 钱老师 is listed to phone.
      setClock(shanghai('2026-12-07T10:00:00'));
      await run();
      await run();
      expect(await questions(free.key)).toHaveLength(1);
      expect(await questions(busy.key)).toHaveLength(0);
      const board = await new VisitsDesk(desk.store, desk.catalog).board(coordinator.agent, { siteId: held.id }, desk.now);
      expect(board.toPhone.map((l) => `${l.contactName}:${l.reason}`)).toEqual(['钱老师:undelivered']);
      expect((await siteWork(work))?.status).toBe('sent');
    });
    it("writes to a teacher's own chat, never to a group they wrote in; one known only from a group is listed to phone", async () => {
      const db = desk.database.db;
      const school = await newSite('回访群聊小学');
      setClock(shanghai('2026-12-08T08:00:00'));
      // 刘老师 writes to the bot on LINE, then in the school's LINE group (the group's first sender: its contact is hers).
      const liu = `visit-own-${randomUUID().slice(0, 6)}`;
      const group = `visit-group-${randomUUID().slice(0, 6)}`;
      await desk.send(liu, '你好', { channel: 'line' });
      desk.advance(5 * MIN);
      await desk.send(group, '大家好', { channel: 'line', userId: liu });
      // 严老师 has only ever written in another group.
      const yan = `visit-yan-${randomUUID().slice(0, 6)}`;
      const otherGroup = `visit-group-${randomUUID().slice(0, 6)}`;
      await desk.send(otherGroup, '你好', { channel: 'line', userId: yan });
      const own = (await desk.conversation(liu))!;
      expect((await desk.conversation(group))?.contactId).toBe(own.contactId);
      const yanContact = (await desk.conversation(otherGroup))!.contactId;
      await db.update(contacts).set({ siteId: school.id, name: '刘老师' }).where(eq(contacts.id, own.contactId));
      await db.update(contacts).set({ siteId: school.id, name: '严老师' }).where(eq(contacts.id, yanContact));
      const round = { siteId: school.id, contractId: 'GX-EDU', roundOn: '2026-12-08' };
      await desk.store.transaction((r) =>
        r.alerts.addSiteWork({ key: `visit:${school.id}:2026-12-08`, kind: 'visit', at: shanghai('2026-12-08T09:30:00'), data: round }),
      );
      setClock(shanghai('2026-12-08T09:30:00'));
      await run();
      expect(await questions(liu)).toHaveLength(1);
      expect(await questions(group)).toHaveLength(0);
      expect(await questions(otherGroup)).toHaveLength(0);
      const rows = await db.select().from(returnVisits).where(eq(returnVisits.siteId, school.id));
      expect(rows.find((r) => r.contactId === own.contactId)).toMatchObject({ status: 'sent', conversationId: own.id });
      expect(rows.find((r) => r.contactId === yanContact)).toMatchObject({ status: 'undelivered', conversationId: null });
    });
  });
}
