import { STAFF_ALERT_KINDS } from '../../src/app/alerts/console-alerts.js';
import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketOpened } from '../../src/app/alerts/schedule.js';
import { sendDueAlerts } from '../../src/app/alerts/worker.js';
import { escalateDue } from '../../src/app/escalation-job.js';
import type { TicketService } from '../../src/app/ticket-service.js';
import { composeTicketService } from '../../src/compose/tickets.js';
import { alertComposers } from '../../src/compose/alerts.js';
import { DEFAULT_ALERT_SETTINGS } from '../../src/config.js';
import type { ChannelName } from '../../src/domain/messages.js';
import type { Agent } from '../../src/ports/console-store.js';
import { channelIdentities, contacts, conversations, outbox, ticketAlerts, tickets } from '../../src/storage/schema.js';
import type { TestDatabaseKind } from '../support/database.js';
import { type TestDesk, testDesk } from '../support/desk.js';
import { seedTriagedTicket } from '../support/triaged-ticket.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const log = pino({ level: 'silent' });
let numbered = 0;
/** A ticket number of its own (the seeded ones are random, and two could meet). */
export const nextNumber = () => `FX-2026-7${String(++numbered).padStart(5, '0')}`;

const PUSH = new Set<ChannelName>(['telegram', 'line']);

/** A staff account with its own chat on a channel (as linking with a one-time code leaves it). */
export async function staffWithChat(desk: TestDesk, role: Agent['role'], lang: Agent['lang'], channel: ChannelName, name: string) {
  const agent = await desk.store.read.console.agents.create({
    username: `${name}-${randomUUID().slice(0, 8)}`,
    displayName: name,
    role,
    lang,
    passwordHash: 'not-used',
  });
  if (!agent) throw new Error('the agent was not created');
  const db = desk.database.db;
  const [contact] = await db.insert(contacts).values({ name, lang }).returning();
  const userId = `${channel}-${randomUUID()}`;
  await db.insert(channelIdentities).values({ channel, externalId: userId, contactId: contact!.id });
  const [conversation] = await db
    .insert(conversations)
    .values({ channel, externalKey: userId, contactId: contact!.id, state: { lang }, lastMessageAt: desk.now })
    .returning();
  await desk.store.transaction((r) => r.staff.linkChat(agent.id, contact!.id));
  return { agent, conversationId: conversation!.id };
}

/** The seeded admin account, as the services take it. */
export async function adminOf(desk: TestDesk): Promise<Agent> {
  const found = await desk.store.read.console.agents.byUsername('admin');
  if (!found) throw new Error('the test desk seeds an admin account');
  const { passwordHash: _hash, ...agent } = found;
  return agent;
}

/** What was written to a staff chat for the channel to send, oldest first. */
export async function chatTexts(desk: TestDesk, conversationId: string, options: { cards?: boolean } = {}): Promise<string[]> {
  const rows = await desk.database.db
    .select({ payload: outbox.payload })
    .from(outbox)
    .where(eq(outbox.conversationId, conversationId))
    .orderBy(asc(outbox.id));
  const all = rows.map((r) => String(r.payload.text));
  // The dispatch cards (engineer-chat-suite tests them) are left out unless asked for: these tests count warnings.
  return options.cards ? all : all.filter((t) => !t.startsWith('🔧'));
}

export function workerDeps(desk: TestDesk) {
  return {
    store: desk.store,
    catalog: desk.catalog,
    composers: alertComposers(),
    pushChannels: PUSH,
    clock: () => desk.now,
    log,
    wake: () => {},
  };
}

/**
 * Warnings before and escalation at the breach (issue 14 item 3): a GX-EDU in-warranty ticket with
 * an engineer on Telegram (English) and a coordinator on LINE (Chinese), the alerts worker run as
 * the background runs it, and what each of them finds in their chat.
 */
export function alertsSuite(kind: TestDatabaseKind) {
  describe(`alerts to staff, on ${kind}`, () => {
    let desk: TestDesk;
    let admin: Agent;
    let engineer: { agent: Agent; conversationId: string };
    let coordinator: { agent: Agent; conversationId: string };
    let service: TicketService;

    beforeAll(async () => {
      desk = await testDesk(kind);
      admin = await adminOf(desk);
      engineer = await staffWithChat(desk, 'engineer', 'en', 'telegram', 'Wang Engineer');
      coordinator = await staffWithChat(desk, 'coordinator', 'zh-CN', 'line', '李协调');
      // As the desk builds it: every change schedules the alerts again, notices keep the quiet hours.
      service = composeTicketService(
        { store: desk.store, catalog: desk.catalog, clock: () => desk.now },
        PUSH,
        () => {},
        DEFAULT_ALERT_SETTINGS,
      );
    });
    afterAll(async () => desk?.close());

    const run = () => sendDueAlerts(workerDeps(desk));
    const texts = async () => ({
      engineer: await chatTexts(desk, engineer.conversationId),
      coordinator: await chatTexts(desk, coordinator.conversationId),
    });

    /** A GX-EDU in-warranty panel ticket reported now, answered by a person, the engineer dispatched. */
    async function dispatchedTicket() {
      const reportedAt = desk.now;
      const seeded = await seedTriagedTicket(desk.database.db, desk.catalog, reportedAt, { number: nextNumber() });
      await service.command(admin, seeded.ticketId, { kind: 'responded' });
      await service.command(admin, seeded.ticketId, {
        kind: 'dispatch',
        engineerId: engineer.agent.id,
        engineerName: engineer.agent.displayName,
        appointmentAt: new Date(reportedAt.getTime() + HOUR),
      });
      const detail = await desk.store.read.console.tickets.detail(seeded.ticketId);
      return { ...seeded, reportedAt, detail: detail! };
    }

    const rowsOf = (ticketId: string) =>
      desk.database.db.select().from(ticketAlerts).where(eq(ticketAlerts.ticketId, ticketId)).orderBy(asc(ticketAlerts.id));

    it('warns the engineer and the coordinator once, each in their language, at 75% of the 2-hour on-site clock', async () => {
      const before = await texts();
      const t = await dispatchedTicket();
      expect(t.detail.contractId).toBe('GX-EDU');
      expect(t.detail.warranty).toBe('in_warranty');
      expect(t.detail.onSiteDueAt?.getTime()).toBe(t.reportedAt.getTime() + 2 * HOUR);

      desk.advance(90 * MIN - 1000);
      await run();
      expect(await texts()).toEqual(before); // not yet

      desk.advance(1000);
      await run();
      const after = await texts();
      const eng = after.engineer.slice(before.engineer.length);
      const coord = after.coordinator.slice(before.coordinator.length);
      expect(eng).toHaveLength(1);
      expect(eng[0]).toContain(`Ticket ${t.number}`);
      expect(eng[0]).toContain('30 min');
      expect(eng[0]).toMatch(/left on the on-site deadline/);
      expect(coord).toHaveLength(1);
      expect(coord[0]).toContain(`工单 ${t.number}`);
      expect(coord[0]).toMatch(/上门时限还剩 30 ?分钟/);
      // The dispatch went to the engineer's chat as a card, before the warning.
      const withCards = await chatTexts(desk, engineer.conversationId, { cards: true });
      expect(withCards.filter((c) => c.startsWith('🔧') && c.includes(t.number))).toHaveLength(1);

      // A second round, and a later one before the breach: nothing more.
      await run();
      desk.advance(10 * MIN);
      await run();
      expect(await texts()).toEqual(after);

      // The console lists it for both of them.
      const forEngineer = await desk.store.read.alerts.recent({ agentId: engineer.agent.id, kinds: STAFF_ALERT_KINDS, limit: 10 });
      expect(forEngineer.find((a) => a.ticketId === t.ticketId)).toMatchObject({ number: t.number, kind: 'clock' });
      expect(forEngineer.find((a) => a.ticketId === t.ticketId)?.text?.['zh-CN']).toMatch(/上门时限还剩/);

      // Finish this ticket's clock so that later tests see only their own messages.
      await service.command(admin, t.ticketId, { kind: 'check_in' });
    });

    it('cancels the warning when the engineer checks in before it is due', async () => {
      const before = await texts();
      const t = await dispatchedTicket();
      desk.advance(HOUR);
      await service.command(admin, t.ticketId, { kind: 'check_in' });
      desk.advance(3 * HOUR);
      await run();
      expect(await texts()).toEqual(before);
      const onSite = (await rowsOf(t.ticketId)).filter((r) => r.key.startsWith('clock:onSite:'));
      expect(onSite.length).toBeGreaterThan(0);
      expect(onSite.every((r) => r.status === 'cancelled')).toBe(true);
    });

    it('cancels a due warning whose clock stopped meanwhile (the worker checks the clock, not just the row)', async () => {
      const before = await texts();
      const t = await dispatchedTicket();
      desk.advance(HOUR);
      // Arrival recorded without the rows being scheduled again (as an older instance might).
      await desk.database.db.update(tickets).set({ onSiteAt: desk.now }).where(eq(tickets.id, t.ticketId));
      desk.advance(31 * MIN);
      const round = await run();
      expect(round.cancelled).toBeGreaterThanOrEqual(1);
      expect(await texts()).toEqual(before);
    });

    it('tells both of the breach at 100% when nobody comes', async () => {
      const before = await texts();
      const t = await dispatchedTicket();
      desk.advance(90 * MIN);
      await run();
      desk.advance(30 * MIN);
      await run();
      const after = await texts();
      const eng = after.engineer.slice(before.engineer.length);
      const coord = after.coordinator.slice(before.coordinator.length);
      expect(eng).toHaveLength(2);
      expect(eng[1]).toMatch(new RegExp(`Ticket ${t.number} .*breached its on-site deadline`));
      expect(coord).toHaveLength(2);
      expect(coord[1]).toMatch(new RegExp(`工单 ${t.number}.*上门时限已到期`));
      await run();
      expect(await texts()).toEqual(after);
      await service.command(admin, t.ticketId, { kind: 'check_in' });
    });

    it('a ticket first seen past its breach is told of the breach only', async () => {
      const before = await texts();
      const t = await dispatchedTicket();
      desk.advance(2 * HOUR + MIN);
      await run();
      const eng = (await texts()).engineer.slice(before.engineer.length);
      expect(eng.filter((x) => x.includes(t.number))).toHaveLength(1);
      expect(eng[0]).toMatch(/breached/);
      await service.command(admin, t.ticketId, { kind: 'check_in' });
    });

    it('tells the engineer and the coordinator when escalation raises a ticket', async () => {
      const t = await dispatchedTicket();
      await service.command(admin, t.ticketId, { kind: 'check_in' });
      const before = await texts();
      const from = t.detail.severity;
      desk.advance(73 * HOUR);
      expect(await escalateDue(desk.store, desk.catalog.contracts, desk.now, DEFAULT_ALERT_SETTINGS)).toBeGreaterThan(0);
      await run();
      const after = await texts();
      const raised = after.engineer.slice(before.engineer.length).filter((x) => x.includes(t.number) && x.includes('raised from severity'));
      expect(raised.length).toBeGreaterThanOrEqual(1);
      expect(raised[0]).toContain(`raised from severity ${from} to`);
      const zh = after.coordinator.slice(before.coordinator.length).filter((x) => x.includes(t.number) && x.includes('级升为'));
      expect(zh).toHaveLength(raised.length);
      await run();
      expect(await texts()).toEqual(after);
    });

    it('pages the on-duty engineer at once for an A or B ticket opened outside the agents’ hours', async () => {
      // 23:10 in Shanghai: the agents (08:00–20:00) are gone; the engineer is on duty tonight.
      const night = new Date('2026-10-20T15:10:00Z');
      desk.advance(night.getTime() - desk.now.getTime());
      await desk.store.transaction((r) =>
        r.roster.addShift({
          agentId: engineer.agent.id,
          startsAt: new Date(night.getTime() - HOUR),
          endsAt: new Date(night.getTime() + 8 * HOUR),
          note: null,
          createdBy: admin.id,
        }),
      );
      const before = await texts();
      const seeded = await seedTriagedTicket(desk.database.db, desk.catalog, desk.now, { number: nextNumber() });
      await desk.store.transaction((r) => ticketOpened(r, desk.catalog, DEFAULT_ALERT_SETTINGS, seeded.ticketId, desk.now));
      const detail = await desk.store.read.console.tickets.detail(seeded.ticketId);
      const pages = (await rowsOf(seeded.ticketId)).filter((r) => r.kind === 'page');
      expect(detail?.severity).toBe('B');
      expect(pages.map((p) => p.data)).toEqual([{ reason: 'out_of_hours' }]);
      await run();
      const eng = (await texts()).engineer.slice(before.engineer.length);
      expect(eng.filter((x) => x.includes(seeded.number) && x.includes('Out of hours'))).toHaveLength(1);
      // The unassigned warning goes to the on-duty staff too, at 75% of the response clock.
      desk.advance(15 * MIN);
      await run();
      const later = (await texts()).engineer.slice(before.engineer.length);
      expect(later.filter((x) => x.includes(seeded.number) && x.includes('has nobody on it'))).toHaveLength(1);
    });

    it('with nobody on duty, the page goes to the coordinators: an urgent ticket is never told to no one', async () => {
      // Three nights later, nobody is on the roster.
      desk.advance(3 * 24 * HOUR);
      expect(await desk.store.read.roster.onDuty(desk.now)).toEqual([]);
      const before = await texts();
      const seeded = await seedTriagedTicket(desk.database.db, desk.catalog, desk.now, { number: nextNumber() });
      await desk.store.transaction((r) => ticketOpened(r, desk.catalog, DEFAULT_ALERT_SETTINGS, seeded.ticketId, desk.now));
      await run();
      const after = await texts();
      expect(after.engineer.slice(before.engineer.length).filter((x) => x.includes(seeded.number))).toEqual([]);
      const told = after.coordinator.slice(before.coordinator.length).filter((x) => x.includes(seeded.number));
      expect(told).toHaveLength(1);
      expect(told[0]).toMatch(/非服务时间的 B 级工单/);
    });

    it('a claimed row whose lease ran out is the next instance’s: the first may no longer send it', async () => {
      const t = await dispatchedTicket();
      desk.advance(90 * MIN);
      const lease = 60_000;
      const firstUntil = new Date(desk.now.getTime() + lease);
      const claimed = await desk.store.transaction((r) => r.alerts.claim(desk.now, firstUntil, 100));
      const mine = claimed.find((a) => a.ticketId === t.ticketId && a.key.startsWith('clock:onSite:75'));
      expect(mine).toBeDefined();
      // Claimed again only once the lease has run out.
      expect((await desk.store.transaction((r) => r.alerts.claim(desk.now, firstUntil, 100))).map((a) => a.id)).not.toContain(mine!.id);
      const later = new Date(firstUntil.getTime() + 1);
      const secondUntil = new Date(later.getTime() + lease);
      const again = await desk.store.transaction((r) => r.alerts.claim(later, secondUntil, 100));
      expect(again.map((a) => a.id)).toContain(mine!.id);
      expect(await desk.store.transaction((r) => r.alerts.hold(mine!.id, firstUntil))).toBe(false);
      expect(await desk.store.transaction((r) => r.alerts.hold(mine!.id, secondUntil))).toBe(true);
      await desk.store.transaction(async (r) => {
        for (const a of [...claimed, ...again]) await r.alerts.retry(a.id, 'test', desk.now);
      });
      await service.command(admin, t.ticketId, { kind: 'check_in' });
      await run();
    });

    it('tries a failing alert again later, backing off, and gives it up after the last attempt', async () => {
      const t = await dispatchedTicket();
      desk.advance(90 * MIN);
      const failing = {
        ...workerDeps(desk),
        composers: {
          clock: () => Promise.reject(new Error('the chat platform is down')),
        },
        maxAttempts: 2,
      };
      const row = async () => (await rowsOf(t.ticketId)).find((r) => r.key.startsWith('clock:onSite:75'))!;
      expect((await sendDueAlerts(failing)).failed).toBeGreaterThanOrEqual(1);
      const first = await row();
      expect(first).toMatchObject({ status: 'pending', attempts: 1, lastError: 'the chat platform is down' });
      expect(first.at.getTime()).toBe(desk.now.getTime() + 30_000);
      await sendDueAlerts(failing); // not due again yet
      expect((await row()).attempts).toBe(1);
      desk.advance(30_000);
      await sendDueAlerts(failing);
      expect(await row()).toMatchObject({ status: 'cancelled', attempts: 2, lastError: 'the chat platform is down' });
      await service.command(admin, t.ticketId, { kind: 'check_in' });
    });

    it('holds a desk-started notice to the teacher for quiet hours, but the engineer’s arrival goes at once', async () => {
      // 23:30 in Shanghai; the teacher writes on LINE.
      const night = new Date('2026-10-21T15:30:00Z');
      desk.advance(night.getTime() - desk.now.getTime());
      const seeded = await seedTriagedTicket(desk.database.db, desk.catalog, desk.now, { number: nextNumber() });
      await desk.database.db
        .update(conversations)
        .set({ channel: 'line', externalKey: `line-teacher-${randomUUID()}` })
        .where(eq(conversations.id, seeded.conversationId));
      await service.command(admin, seeded.ticketId, { kind: 'responded' });
      await service.command(admin, seeded.ticketId, {
        kind: 'dispatch',
        engineerId: engineer.agent.id,
        engineerName: engineer.agent.displayName,
        appointmentAt: new Date(night.getTime() + 9 * HOUR),
        lateReason: 'the teacher asked for the morning',
      });
      await service.command(admin, seeded.ticketId, { kind: 'check_in' });
      const rows = await desk.database.db
        .select({ id: outbox.id, text: outbox.payload, nextAttemptAt: outbox.nextAttemptAt })
        .from(outbox)
        .where(eq(outbox.conversationId, seeded.conversationId))
        .orderBy(asc(outbox.id));
      const morning = new Date('2026-10-21T23:30:00Z'); // 07:30 the next day in Shanghai
      const held = rows.filter((r) => r.nextAttemptAt.getTime() === morning.getTime());
      const now = rows.filter((r) => r.nextAttemptAt.getTime() === night.getTime());
      expect(held.length).toBeGreaterThanOrEqual(1); // assigned, visit scheduled
      expect(now.map((r) => String(r.text.text))).toEqual([expect.stringMatching(/已到达现场/)]);
      // The held notices do not hold up the arrival: the LINE sender takes it now, and them in the morning.
      const leased = await desk.store.transaction((r) => r.outbox.lease('line', night, 60_000, 100, 100));
      const mine = leased.filter((b) => b.conversationId === seeded.conversationId).flatMap((b) => b.items.map((i) => i.id));
      expect(mine).toEqual(now.map((r) => r.id));
      const morningLease = await desk.store.transaction((r) =>
        r.outbox.lease('line', new Date(morning.getTime() + 120_000), 60_000, 100, 100),
      );
      const later = morningLease.filter((b) => b.conversationId === seeded.conversationId).flatMap((b) => b.items.map((i) => i.id));
      expect(later).toEqual(expect.arrayContaining(held.map((r) => r.id)));
    });
  });
}
