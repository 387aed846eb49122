import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeDispatch, dispatchComposer } from '../../src/app/alerts/dispatch.js';
import type { AlertScene } from '../../src/app/alerts/types.js';
import { ConversationWriter } from '../../src/app/conversation-writer.js';
import { StaffChatLinks } from '../../src/app/engineer/chat-link.js';
import { formatTime } from '../../src/app/present.js';
import { liveClocks } from '../../src/app/ticket-clocks.js';
import { TicketService } from '../../src/app/ticket-service.js';
import type { InboundContent } from '../../src/domain/messages.js';
import type { Reply } from '../../src/flows/input.js';
import { initialState } from '../../src/flows/state.js';
import type { Agent } from '../../src/ports/console-store.js';
import type { TicketAlert } from '../../src/ports/operations.js';
import { agents, contacts, conversations, messages, ticketAlerts, ticketEvents, tickets } from '../../src/storage/schema.js';
import type { TestDatabaseKind } from '../support/database.js';
import { type TestDesk, testDesk } from '../support/desk.js';
import { seedTriagedTicket } from '../support/triaged-ticket.js';
import { EngineerTelegram } from './engineer-telegram.js';

/** The engineer's Telegram: a private chat (its id is the user's). */
const ENGINEER_TG = 5_550_001;
const TG = { channel: 'telegram' as const, userId: String(ENGINEER_TG) };
const TG_KEY = String(ENGINEER_TG);

/**
 * An engineer works a ticket from their own Telegram: linked by a code from the console, told of
 * the dispatch with the ticket's card, and each button a ticket event the teacher is told of in
 * their own language and channel (one on LINE in English, one on the web chat in Chinese).
 */
export function engineerChatSuite(kind: TestDatabaseKind) {
  describe(`engineers in chat, on ${kind}`, () => {
    let desk: TestDesk;
    let service: TicketService;
    let admin: Agent;
    let engineer: Agent;
    /** The LINE teacher's ticket (en), the web chat teacher's (zh-CN), and one never dispatched. */
    let lineTicket: { ticketId: string; conversationId: string; number: string };
    let webTicket: { ticketId: string; conversationId: string; number: string };
    let otherTicket: { ticketId: string; number: string };

    beforeAll(async () => {
      desk = await testDesk(kind);
      const db = desk.database.db;
      service = new TicketService(
        desk.store,
        desk.catalog,
        new Set(['telegram', 'line']),
        () => desk.now,
        () => {},
      );
      const [adminRow] = await db.select().from(agents).where(eq(agents.username, 'admin'));
      admin = (await desk.store.read.console.agents.get(adminRow!.id))!;
      const [engineerRow] = await db
        .insert(agents)
        .values({ username: 'wang.wei', displayName: 'Wang Wei', role: 'engineer', lang: 'en', passwordHash: 'x' })
        .returning();
      engineer = (await desk.store.read.console.agents.get(engineerRow!.id))!;
      lineTicket = await seedTriagedTicket(db, desk.catalog, desk.now, { number: 'FX-2026-900001', contactName: 'Ms Lee' });
      await db
        .update(conversations)
        .set({ channel: 'line', externalKey: 'U-teacher-en', state: initialState('en') })
        .where(eq(conversations.id, lineTicket.conversationId));
      webTicket = await seedTriagedTicket(db, desk.catalog, desk.now, { number: 'FX-2026-900002', contactName: '周老师' });
      otherTicket = await seedTriagedTicket(db, desk.catalog, desk.now, { number: 'FX-2026-900003' });
      const [line] = await db.select().from(tickets).where(eq(tickets.id, lineTicket.ticketId));
      await db.update(contacts).set({ phone: '+8613800138000' }).where(eq(contacts.id, line!.reporterId));
    });
    afterAll(async () => desk?.close());

    /** The bot's messages to a conversation, in order. */
    async function botTexts(conversationId: string) {
      const rows = await desk.database.db
        .select()
        .from(messages)
        .where(eq(messages.conversationId, conversationId))
        .orderBy(asc(messages.seq));
      return rows.filter((m) => m.direction === 'out');
    }
    async function eventsOf(ticketId: string) {
      return desk.database.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(asc(ticketEvents.id));
    }
    const lastToEngineer = async () => (await desk.lastBot(TG_KEY))!;

    const telegram = new EngineerTelegram(() => desk, ENGINEER_TG);
    const pressOnTelegram = (label: string | RegExp) => telegram.press(label);
    const sendTelegram = (fields: Record<string, unknown>) => telegram.send(fields);
    const locationMessage = (latitude: number, longitude: number) => telegram.location(latitude, longitude);

    it('links the engineer’s Telegram with a code from the console, and says whose chat it now is', async () => {
      const links = new StaffChatLinks(desk.store, () => desk.now);
      expect(await links.state(engineer)).toEqual({ linked: false, channel: null });
      const issued = await links.issue(engineer);
      expect(issued.code).toMatch(/^\d{4} \d{4}$/);
      expect(issued.minutes).toBe(10);
      // Entered on the web chat: refused with the reason (a staff chat is Telegram or LINE).
      await desk.send('web-engineer', '/link');
      await desk.press('web-engineer', '输入关联码');
      const asked = await desk.lastSeq('web-engineer');
      await desk.send('web-engineer', issued.code);
      expect(await desk.botTextsSince('web-engineer', asked)).toContain('员工账号只能关联 Telegram 或 LINE');
      expect(await links.state(engineer)).toEqual({ linked: false, channel: null });

      const again = await links.issue(engineer);
      await desk.send(TG_KEY, '/link', { ...TG, langHint: 'en' });
      await desk.press(TG_KEY, 'Enter a link code', { channel: 'telegram' });
      const entered = await desk.lastSeq(TG_KEY);
      await desk.send(TG_KEY, again.code.replace(' ', ''), { ...TG, langHint: 'en' });
      expect(await desk.botTextsSince(TG_KEY, entered)).toContain('This chat now receives the tickets and warnings of Wang Wei');
      expect(await links.state(engineer)).toEqual({ linked: true, channel: 'telegram' });
      const chat = await desk.store.read.staff.chatOf(engineer.id, ['telegram', 'line']);
      expect(chat?.externalKey).toBe(TG_KEY);
      // A code is used once.
      await desk.send(TG_KEY, '/link', TG);
      await desk.press(TG_KEY, 'Enter a link code', { channel: 'telegram' });
      const reentered = await desk.lastSeq(TG_KEY);
      await desk.send(TG_KEY, again.code, TG);
      expect(await desk.botTextsSince(TG_KEY, reentered)).toMatch(/not valid or has expired/);
    });

    it('a dispatch from the console adds the dispatch alert, and its card reaches the engineer in their language', async () => {
      const appointmentAt = new Date(desk.now.getTime() + 90 * 60_000);
      await service.command(admin, lineTicket.ticketId, {
        kind: 'dispatch',
        engineerId: engineer.id,
        engineerName: engineer.displayName,
        appointmentAt,
      });
      const rows = await desk.database.db.select().from(ticketAlerts).where(eq(ticketAlerts.ticketId, lineTicket.ticketId));
      expect(rows).toHaveLength(1);
      const row = rows[0]!;
      expect(row).toMatchObject({
        kind: 'dispatch',
        status: 'pending',
        data: { engineerId: engineer.id },
        key: `dispatch:${engineer.id}:${desk.now.toISOString()}`,
      });
      // Rescheduling the same engineer is no new dispatch.
      await service.command(admin, lineTicket.ticketId, { kind: 'reschedule', appointmentAt: new Date(appointmentAt.getTime() + 60_000) });
      expect(await desk.database.db.select().from(ticketAlerts).where(eq(ticketAlerts.ticketId, lineTicket.ticketId))).toHaveLength(1);

      const alert: TicketAlert = {
        id: row.id,
        ticketId: row.ticketId,
        key: row.key,
        kind: row.kind,
        data: row.data,
        at: row.at,
        attempts: row.attempts,
      };
      const scene = await sceneOf(lineTicket.ticketId);
      const outcome = await composeDispatch(alert, scene);
      if (!('send' in outcome)) throw new Error(`cancelled: ${JSON.stringify(outcome)}`);
      expect(outcome.send.map((s) => s.agent.id)).toEqual([engineer.id]);
      const card = outcome.send[0]!.reply(engineer.lang);
      const onSite = scene.clocks.find((c) => c.key === 'onSite')!;
      for (const part of [
        'FX-2026-900001',
        '明湖小学',
        '三年级二班',
        'Interactive panel FX-PNL-0001',
        'District education bureau — classroom multimedia after-sales service',
        'Warranty: in warranty',
        'Ms Lee, phone +8613800138000',
        '屏幕没有任何显示',
        'Photos: 0',
        `On site: by ${formatTime(onSite.dueAt!, 'en', 'Asia/Shanghai')}`,
      ])
        expect(card.text).toContain(part);
      expect(card.text).toMatch(/Severity: [A-D] \(/);
      expect(card.text).not.toContain('Console:');
      expect(card.choices?.map((c) => c.label)).toEqual([
        'Accept',
        'On my way',
        'Arrived',
        'Fixed',
        'Needs parts',
        'Loaner delivered',
        'To manufacturer',
        'Hand back',
      ]);
      for (const c of card.choices ?? []) expect(c.label.length).toBeLessThanOrEqual(20);
      expect(card.choices?.[0]?.id).toBe('staff:FX-2026-900001:accept');
      expect(outcome.send[0]!.reply('zh-CN').text).toContain('派工：工单 FX-2026-900001');
      const linked = await dispatchComposer({ publicUrl: 'https://desk.example.edu/' })(alert, scene);
      expect('send' in linked && linked.send[0]!.reply('en').text).toContain(
        `Console: https://desk.example.edu/console#/tickets/${lineTicket.ticketId}`,
      );
      // Another engineer's dispatch row no longer applies.
      expect(await composeDispatch({ ...alert, data: { engineerId: admin.id } }, scene)).toHaveProperty('cancel');
      await deliver(card);
    });

    /** Writes the card into the engineer's chat, as the alerts worker does. */
    async function deliver(reply: Reply) {
      await desk.store.transaction(async (r) => {
        const chat = await r.staff.chatOf(engineer.id, ['telegram', 'line']);
        const conversation = await r.conversations.lock(chat!.channel, chat!.externalKey);
        const writer = new ConversationWriter(r, conversation!, true, desk.now);
        writer.outbound(reply, { lang: engineer.lang });
        await writer.flush();
      });
    }
    async function sceneOf(ticketId: string): Promise<AlertScene> {
      const ticket = (await desk.store.read.console.tickets.detail(ticketId))!;
      return {
        repos: desk.store.read,
        catalog: desk.catalog,
        now: desk.now,
        ticket,
        clocks: liveClocks(desk.catalog.contracts, ticket, desk.now),
      };
    }

    it('accept, on my way with an estimate: ticket events, and the LINE teacher told in English', async () => {
      const before = (await botTexts(lineTicket.conversationId)).length;
      await pressOnTelegram('Accept');
      expect((await lastToEngineer()).text).toBe('Accepted ticket FX-2026-900001. Press "On my way" when you set out.');
      expect((await lastToEngineer()).choices?.map((c) => c.label)).toEqual(['On my way', 'Arrived', 'Hand back']);
      // The transcript shows the button pressed as its label.
      expect((await desk.transcript(TG_KEY)).filter((m) => m.direction === 'in').at(-1)?.text).toBe('Accept');
      // The card's Accept pressed again: already recorded, no second event.
      await telegram.pressId(`staff:${lineTicket.number}:accept`);
      expect((await lastToEngineer()).text).toBe(`Ticket ${lineTicket.number}: "Accept" is already recorded.`);
      expect((await eventsOf(lineTicket.ticketId)).filter((e) => e.kind === 'engineer_accepted')).toHaveLength(1);

      await pressOnTelegram('On my way');
      expect((await lastToEngineer()).choices?.map((c) => c.label)).toEqual(['In 30 min', 'In 1 h', 'In 2 h']);
      desk.advance(60_000);
      await pressOnTelegram('In 1 h');
      const eta = new Date(desk.now.getTime() + 60 * 60_000);
      expect((await lastToEngineer()).text).toContain(`you arrive at ${formatTime(eta, 'en', 'Asia/Shanghai')}`);
      const kinds = (await eventsOf(lineTicket.ticketId)).map((e) => e.kind);
      expect(kinds.slice(-2)).toEqual(['engineer_accepted', 'engineer_on_way']);
      expect((await eventsOf(lineTicket.ticketId)).at(-1)).toMatchObject({ actor: engineer.id, data: { eta: eta.toISOString() } });
      const told = (await botTexts(lineTicket.conversationId)).slice(before).map((m) => m.text);
      expect(told).toEqual([
        `Wang Wei is on the way for ticket FX-2026-900001 and expects to arrive at ${formatTime(eta, 'en', 'Asia/Shanghai')}.`,
      ]);
    });

    it('a shared location with two tickets waiting asks which; "Arrived" pressed checks in the web chat teacher’s ticket, told in Chinese', async () => {
      await service.command(admin, webTicket.ticketId, {
        kind: 'dispatch',
        engineerId: engineer.id,
        engineerName: engineer.displayName,
        appointmentAt: new Date(desk.now.getTime() + 60 * 60_000),
      });
      await deliver(
        (await composeDispatch(await dispatchAlert(webTicket.ticketId), await sceneOf(webTicket.ticketId)).then(sendOf)).reply('en'),
      );
      await sendTelegram(locationMessage(31.2304, 121.4737));
      expect((await lastToEngineer()).text).toContain('2 tickets wait for your check-in (FX-2026-900001, FX-2026-900002)');
      expect((await eventsOf(lineTicket.ticketId)).at(-1)?.kind).toBe('engineer_on_way');

      desk.advance(20 * 60_000);
      const before = (await botTexts(webTicket.conversationId)).length;
      await pressOnTelegram('Arrived');
      expect((await lastToEngineer()).text).toBe(
        `Ticket FX-2026-900002: checked in on site at ${formatTime(desk.now, 'en', 'Asia/Shanghai')}.`,
      );
      expect((await lastToEngineer()).choices?.map((c) => c.label)).toEqual([
        'Fixed',
        'Needs parts',
        'Loaner delivered',
        'To manufacturer',
      ]);
      const told = (await botTexts(webTicket.conversationId)).slice(before).map((m) => m.text);
      expect(told).toEqual([
        `工程师 Wang Wei 已到达现场（${formatTime(desk.now, 'zh-CN', 'Asia/Shanghai')}），正在处理工单 FX-2026-900002。`,
      ]);
    });

    async function dispatchAlert(ticketId: string): Promise<TicketAlert> {
      const [row] = await desk.database.db.select().from(ticketAlerts).where(eq(ticketAlerts.ticketId, ticketId));
      return { id: row!.id, ticketId, key: row!.key, kind: row!.kind, data: row!.data, at: row!.at, attempts: row!.attempts };
    }
    function sendOf(outcome: Awaited<ReturnType<typeof composeDispatch>>) {
      if (!('send' in outcome)) throw new Error(JSON.stringify(outcome));
      return outcome.send[0]!;
    }

    it('a location then checks in the one ticket waiting, with where; the on-site clock is met', async () => {
      desk.advance(10 * 60_000);
      const before = (await botTexts(lineTicket.conversationId)).length;
      const content: InboundContent = await sendTelegram(locationMessage(31.2304, 121.4737));
      expect(content).toEqual({ kind: 'location', latitude: 31.2304, longitude: 121.4737 });
      expect((await lastToEngineer()).text).toBe(
        `Ticket FX-2026-900001: checked in on site at ${formatTime(desk.now, 'en', 'Asia/Shanghai')}.`,
      );
      expect((await eventsOf(lineTicket.ticketId)).at(-1)).toMatchObject({
        kind: 'engineer_arrived',
        actor: engineer.id,
        data: { from: 'on_site_dispatched', location: { latitude: 31.2304, longitude: 121.4737 } },
      });
      const ticket = (await desk.store.read.console.tickets.detail(lineTicket.ticketId))!;
      expect(ticket.status).toBe('engineer_on_site');
      expect(ticket.onSiteAt?.toISOString()).toBe(desk.now.toISOString());
      expect(liveClocks(desk.catalog.contracts, ticket, desk.now).find((c) => c.key === 'onSite')).toMatchObject({ state: 'met' });
      const told = (await botTexts(lineTicket.conversationId)).slice(before).map((m) => m.text);
      expect(told).toEqual([
        `Wang Wei arrived on site at ${formatTime(desk.now, 'en', 'Asia/Shanghai')} and is working on ticket FX-2026-900001.`,
      ]);
    });

    it('loaner delivered, then fixed: recorded, and the teacher told each; the next buttons follow', async () => {
      const before = (await botTexts(lineTicket.conversationId)).length;
      await pressOnTelegram('Loaner delivered');
      expect((await lastToEngineer()).text).toContain('Ticket FX-2026-900001: loaner unit recorded as delivered');
      expect((await lastToEngineer()).choices?.map((c) => c.label)).toEqual(['Fixed', 'Needs parts', 'To manufacturer']);
      desk.advance(30 * 60_000);
      await pressOnTelegram('Fixed');
      expect((await lastToEngineer()).text).toContain('Ticket FX-2026-900001 is marked fixed');
      expect((await lastToEngineer()).choices ?? []).toEqual([]);
      const ticket = (await desk.store.read.console.tickets.detail(lineTicket.ticketId))!;
      expect(ticket.status).toBe('resolved');
      expect(ticket.loanerDeliveredAt).not.toBeNull();
      expect((await eventsOf(lineTicket.ticketId)).slice(-2).map((e) => [e.kind, e.actor])).toEqual([
        ['loaner_delivered', engineer.id],
        ['status_changed', engineer.id],
      ]);
      const told = (await botTexts(lineTicket.conversationId)).slice(before).map((m) => m.text);
      expect(told).toEqual([
        'Ticket FX-2026-900001: a loaner unit has been delivered; please use it until your device is repaired.',
        'Your ticket FX-2026-900001 has been resolved. If the problem is still there, just reply and tell us.',
      ]);
    });

    it('needs parts: the web chat teacher is told in Chinese', async () => {
      const before = (await botTexts(webTicket.conversationId)).length;
      await desk.send(TG_KEY, { kind: 'choice', id: 'staff:FX-2026-900002:parts' }, TG);
      expect((await lastToEngineer()).text).toBe('Ticket FX-2026-900002: recorded as waiting for parts; the teacher is told.');
      expect((await lastToEngineer()).choices?.map((c) => c.label)).toEqual(['Fixed', 'Loaner delivered', 'To manufacturer']);
      expect((await desk.store.read.console.tickets.detail(webTicket.ticketId))!.status).toBe('waiting_parts');
      const told = (await botTexts(webTicket.conversationId)).slice(before).map((m) => m.text);
      expect(told).toEqual(['工单 FX-2026-900002：工程师 Wang Wei 已检查，需要更换配件，配件到货后会尽快修复。']);
    });

    it('a press the lifecycle refuses, or on a ticket not dispatched to the engineer, is answered and changes nothing', async () => {
      const events = (await eventsOf(lineTicket.ticketId)).length;
      await desk.send(TG_KEY, { kind: 'choice', id: 'staff:FX-2026-900001:accept' }, TG);
      expect((await lastToEngineer()).text).toBe(
        'Ticket FX-2026-900001 is now "Resolved": "Accept" cannot be done, and nothing was changed.',
      );
      expect(await eventsOf(lineTicket.ticketId)).toHaveLength(events);

      const others = (await eventsOf(otherTicket.ticketId)).length;
      await desk.send(TG_KEY, { kind: 'choice', id: 'staff:FX-2026-900003:arrived' }, TG);
      expect((await lastToEngineer()).text).toContain('Ticket FX-2026-900003 is not dispatched to you');
      expect(await eventsOf(otherTicket.ticketId)).toHaveLength(others);
      // A teacher's button of this shape is not a staff press: the teacher is no staff member.
      await desk.send('teacher-tg', { kind: 'choice', id: 'staff:FX-2026-900002:fixed' }, { channel: 'telegram', userId: 'teacher-tg' });
      expect((await desk.store.read.console.tickets.detail(webTicket.ticketId))!.status).toBe('waiting_parts');
    });

    it('escalate to the manufacturer, then hand back: logged, the teacher told, and the ticket no longer the engineer’s', async () => {
      const before = (await botTexts(webTicket.conversationId)).length;
      await desk.send(TG_KEY, { kind: 'choice', id: 'staff:FX-2026-900002:escalate' }, TG);
      expect((await lastToEngineer()).text).toContain('Ticket FX-2026-900002: recorded as passed to the manufacturer');
      await desk.send(TG_KEY, { kind: 'choice', id: 'staff:FX-2026-900002:hand_back' }, TG);
      expect((await lastToEngineer()).text).toBe('Ticket FX-2026-900002 is handed back; the agents will arrange it again.');
      expect((await eventsOf(webTicket.ticketId)).slice(-2).map((e) => [e.kind, e.actor])).toEqual([
        ['manufacturer_escalated', engineer.id],
        ['engineer_handed_back', engineer.id],
      ]);
      const ticket = (await desk.store.read.console.tickets.detail(webTicket.ticketId))!;
      expect([ticket.status, ticket.engineerId]).toEqual(['remote_support', null]);
      const told = (await botTexts(webTicket.conversationId)).slice(before).map((m) => m.text);
      expect(told).toEqual(['工单 FX-2026-900002：故障已提交厂家处理，我们会跟进并及时告诉您进展。']);
      await desk.send(TG_KEY, { kind: 'choice', id: 'staff:FX-2026-900002:fixed' }, TG);
      expect((await lastToEngineer()).text).toContain('Ticket FX-2026-900002 is not dispatched to you');
      expect((await desk.store.read.console.tickets.detail(webTicket.ticketId))!.status).toBe('remote_support');
    });

    it('a teacher’s location keeps the polite answer', async () => {
      await desk.send(
        'teacher-loc',
        { kind: 'location', latitude: 31.2, longitude: 121.4 },
        { channel: 'telegram', userId: 'teacher-loc' },
      );
      expect(await desk.botTextsSince('teacher-loc', 0)).toContain('位置');
    });
  });
}
