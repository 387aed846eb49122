import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteWorkComposer, Written } from '../../src/app/alerts/types.js';
import { sendDueAlerts } from '../../src/app/alerts/worker.js';
import { initialState } from '../../src/flows/state.js';
import { channelIdentities, contacts, conversations, ticketAlerts } from '../../src/storage/schema.js';
import type { Agent } from '../../src/ports/console-store.js';
import type { TestDatabaseKind } from '../support/database.js';
import { type TestDesk, testDesk } from '../support/desk.js';
import { chatTexts, staffWithChat, workerDeps } from './alerts-suite.js';

const MIN = 60_000;

/**
 * Site work (issue 15 item 6): rows of ticket_alerts without a ticket — a return visit round, an
 * inspection's notice — sent by the same worker under the same lease as the SLA warnings: once,
 * to staff and to teachers, postponed when claimed outside their window, cancelled when void.
 */
export function siteWorkSuite(kind: TestDatabaseKind) {
  describe(`site work through the alerts worker, on ${kind}`, () => {
    let desk: TestDesk;
    let coordinator: { agent: Agent; conversationId: string };
    let teacherChat: string;
    const recorded: Map<string, Written>[] = [];
    let opensAt = new Date(0);

    // A round that may go only from `opensAt`, to the coordinator and the teacher; one that no longer applies.
    const round: SiteWorkComposer = async (alert, scene) => {
      if (scene.now < opensAt) return { later: opensAt };
      const [coordinatorAgent] = await scene.repos.staff.coordinators();
      return {
        send: coordinatorAgent ? [{ agent: coordinatorAgent, reply: (lang) => ({ text: `${lang}: round ${String(alert.data.n)}` }) }] : [],
        teachers: [{ conversationId: teacherChat, reply: (lang) => ({ text: `${lang}: is everything working?` }) }],
        recorded: async (written) => void recorded.push(new Map(written)),
      };
    };
    const gone: SiteWorkComposer = () => Promise.resolve({ cancel: 'the site left the contract' });
    // A round that leaves a busy teacher out rather than wait (a visit round waiting too long).
    const skipping: SiteWorkComposer = async (_alert, scene) => {
      const [coordinatorAgent] = await scene.repos.staff.coordinators();
      return {
        send: coordinatorAgent ? [{ agent: coordinatorAgent, reply: () => ({ text: 'a round that did not wait' }) }] : [],
        teachers: [{ conversationId: teacherChat, reply: () => ({ text: 'is everything working now?' }), ifBusy: 'skip' as const }],
        recorded: async (written) => void recorded.push(new Map(written)),
      };
    };
    const run = () => sendDueAlerts({ ...workerDeps(desk), siteComposers: { round, gone, skipping } });

    beforeAll(async () => {
      desk = await testDesk(kind);
      coordinator = await staffWithChat(desk, 'coordinator', 'zh-CN', 'line', '周协调');
      const db = desk.database.db;
      const [contact] = await db.insert(contacts).values({ name: '林老师', lang: 'en' }).returning();
      const userId = `tg-${randomUUID()}`;
      await db.insert(channelIdentities).values({ channel: 'telegram', externalId: userId, contactId: contact!.id });
      const [conversation] = await db
        .insert(conversations)
        .values({ channel: 'telegram', externalKey: userId, contactId: contact!.id, state: initialState('en'), lastMessageAt: desk.now })
        .returning();
      teacherChat = conversation!.id;
    });
    afterAll(async () => desk?.close());

    const rowOf = async (key: string) => {
      const [row] = await desk.database.db.select().from(ticketAlerts).where(eq(ticketAlerts.key, key));
      return row!;
    };

    it('adds a site row once per key', async () => {
      const first = await desk.store.transaction((r) =>
        r.alerts.addSiteWork({ key: 'round:a', kind: 'round', at: desk.now, data: { n: 1 } }),
      );
      const again = await desk.store.transaction((r) =>
        r.alerts.addSiteWork({ key: 'round:a', kind: 'round', at: desk.now, data: { n: 2 } }),
      );
      expect([first, again]).toEqual([true, false]);
      expect((await rowOf('round:a')).ticketId).toBeNull();
    });

    it('postpones a row claimed before its window, without counting the attempt, and sends it once when it opens', async () => {
      opensAt = new Date(desk.now.getTime() + 30 * MIN);
      expect(await run()).toEqual({ sent: 0, cancelled: 0, postponed: 1, failed: 0 });
      const waiting = await rowOf('round:a');
      expect(waiting.status).toBe('pending');
      expect(waiting.at.getTime()).toBe(opensAt.getTime());
      expect(waiting.attempts).toBe(0);
      expect(await run()).toEqual({ sent: 0, cancelled: 0, postponed: 0, failed: 0 });

      desk.advance(30 * MIN);
      const rounds = await Promise.all([run(), run()]);
      expect(rounds.reduce((n, r) => n + r.sent, 0)).toBe(1);
      expect(await chatTexts(desk, coordinator.conversationId)).toEqual(['zh-CN: round 1']);
      expect(await chatTexts(desk, teacherChat)).toEqual(['en: is everything working?']);
      expect((await rowOf('round:a')).status).toBe('sent');
      // Where the teacher's question went: their conversation, and its place in it.
      expect(recorded).toHaveLength(1);
      const written = recorded[0]!.get(teacherChat);
      expect(written?.conversationId).toBe(teacherChat);
      expect(written?.seq).toBeGreaterThan(0);
      expect(await run()).toEqual({ sent: 0, cancelled: 0, postponed: 0, failed: 0 });
    });

    it('waits while the teacher is in the middle of a report or with a person, then asks when they are free', async () => {
      const db = desk.database.db;
      const setTeacher = (values: Partial<typeof conversations.$inferInsert>) =>
        db.update(conversations).set(values).where(eq(conversations.id, teacherChat));
      // Answering a report's question a minute ago: the round's buttons would push the report's aside.
      const reporting = { ...initialState('en'), frames: [{ flow: 'report_fault', step: 'symptom', vars: {} }], waiting: true };
      await setTeacher({ state: { ...reporting, lastActiveAt: new Date(desk.now.getTime() - MIN).toISOString() } });
      const before = { teacher: await chatTexts(desk, teacherChat), coordinator: await chatTexts(desk, coordinator.conversationId) };
      await desk.store.transaction((r) => r.alerts.addSiteWork({ key: 'round:busy', kind: 'round', at: desk.now, data: { n: 2 } }));
      expect(await run()).toEqual({ sent: 0, cancelled: 0, postponed: 1, failed: 0 });
      const waiting = await rowOf('round:busy');
      expect([waiting.status, waiting.attempts]).toEqual(['pending', 0]);
      expect(waiting.at.getTime()).toBe(desk.now.getTime() + 10 * MIN);
      // Nothing went, to the teacher or to the coordinator: the round goes as one.
      expect(await chatTexts(desk, teacherChat)).toEqual(before.teacher);
      expect(await chatTexts(desk, coordinator.conversationId)).toEqual(before.coordinator);

      // Ten minutes on, an agent holds the conversation: still waiting.
      desk.advance(10 * MIN);
      await setTeacher({ state: initialState('en'), mode: 'human' });
      expect((await run()).postponed).toBe(1);
      // Back with the bot, the report finished: the question goes.
      desk.advance(10 * MIN);
      await setTeacher({ mode: 'bot' });
      expect((await run()).sent).toBe(1);
      expect((await chatTexts(desk, teacherChat)).slice(before.teacher.length)).toEqual(['en: is everything working?']);
      expect((await rowOf('round:busy')).status).toBe('sent');
    });

    it('does not wait for a report abandoned longer than the flow timeout', async () => {
      const stale = new Date(desk.now.getTime() - 3 * 60 * MIN).toISOString();
      const abandoned = {
        ...initialState('en'),
        frames: [{ flow: 'report_fault', step: 'symptom', vars: {} }],
        waiting: true,
        lastActiveAt: stale,
      };
      await desk.database.db.update(conversations).set({ state: abandoned }).where(eq(conversations.id, teacherChat));
      await desk.store.transaction((r) => r.alerts.addSiteWork({ key: 'round:stale', kind: 'round', at: desk.now, data: { n: 3 } }));
      expect((await run()).sent).toBe(1);
      await desk.database.db
        .update(conversations)
        .set({ state: initialState('en') })
        .where(eq(conversations.id, teacherChat));
    });

    it("leaves a busy teacher out of a row that says ifBusy 'skip': the others are written, the teacher is not", async () => {
      const db = desk.database.db;
      await db.update(conversations).set({ mode: 'human' }).where(eq(conversations.id, teacherChat));
      const before = { teacher: await chatTexts(desk, teacherChat), coordinator: await chatTexts(desk, coordinator.conversationId) };
      await desk.store.transaction((r) => r.alerts.addSiteWork({ key: 'skipping:a', kind: 'skipping', at: desk.now, data: {} }));
      expect(await run()).toEqual({ sent: 1, cancelled: 0, postponed: 0, failed: 0 });
      expect((await chatTexts(desk, coordinator.conversationId)).slice(before.coordinator.length)).toEqual(['a round that did not wait']);
      expect(await chatTexts(desk, teacherChat)).toEqual(before.teacher);
      expect(recorded.at(-1)?.has(teacherChat)).toBe(false);
      await db.update(conversations).set({ mode: 'bot' }).where(eq(conversations.id, teacherChat));
    });

    it('cancels a row whose composer says it no longer applies, and sends nothing', async () => {
      await desk.store.transaction((r) => r.alerts.addSiteWork({ key: 'gone:b', kind: 'gone', at: desk.now, data: {} }));
      const before = await chatTexts(desk, coordinator.conversationId);
      expect(await run()).toEqual({ sent: 0, cancelled: 1, postponed: 0, failed: 0 });
      expect((await rowOf('gone:b')).status).toBe('cancelled');
      expect(await chatTexts(desk, coordinator.conversationId)).toEqual(before);
    });

    it('retries a row of a kind nobody composes, keeping its error', async () => {
      await desk.store.transaction((r) => r.alerts.addSiteWork({ key: 'odd:c', kind: 'odd', at: desk.now, data: {} }));
      expect(await run()).toEqual({ sent: 0, cancelled: 0, postponed: 0, failed: 1 });
      const row = await rowOf('odd:c');
      expect(row.status).toBe('pending');
      expect(row.lastError).toContain('no composer for site work of kind "odd"');
    });
  });
}
