import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planAfterService } from '../../../src/app/after-service/planner.js';
import { sendDueAlerts } from '../../../src/app/alerts/worker.js';
import { digestKey } from '../../../src/app/assets/warranty-digest.js';
import { afterServicePlanners, siteWorkComposers } from '../../../src/compose/alerts.js';
import type { Agent } from '../../../src/ports/console-store.js';
import { assets, ticketAlerts } from '../../../src/storage/schema.js';
import type { TestDatabaseKind } from '../../support/database.js';
import { type TestDesk, testDesk } from '../../support/desk.js';
import { chatTexts, staffWithChat, workerDeps } from '../alerts-suite.js';

const log = pino({ level: 'silent' });
const PUBLIC_URL = 'https://desk.example.org/';

/**
 * The monthly warranty expiry digest (issue 16): planned for the month's first working day at
 * 09:00 Shanghai, sent once to every coordinator's chat (counts per school within 30, 60 and 90
 * days, and the console's expiry list), nothing when nothing ends within 90 days.
 */
export function warrantyDigestSuite(kind: TestDatabaseKind) {
  describe(`the warranty expiry digest, on ${kind}`, () => {
    let desk: TestDesk;
    let clock: Date;
    let coordinators: { agent: Agent; conversationId: string }[];
    // The digest's planner alone, as composed (the visits' and inspections' have suites of their own).
    const plan = () => planAfterService(desk.store, desk.catalog, { warrantyDigest: afterServicePlanners().warrantyDigest! }, clock, log);
    const run = () => sendDueAlerts({ ...workerDeps(desk), siteComposers: siteWorkComposers(PUBLIC_URL), clock: () => clock });
    const rowOf = async (month: string) =>
      (
        await desk.database.db
          .select()
          .from(ticketAlerts)
          .where(eq(ticketAlerts.key, digestKey(month)))
      )[0];
    const digests = async (c: { conversationId: string }) =>
      (await chatTexts(desk, c.conversationId)).filter((t) => /质保到期提醒|Warranty expiry digest/.test(t));
    const accept = (tag: string, acceptedAt: string) =>
      desk.database.db.update(assets).set({ acceptedAt, warrantyMonths: 12 }).where(eq(assets.tag, tag));

    beforeAll(async () => {
      desk = await testDesk(kind);
      coordinators = [
        await staffWithChat(desk, 'coordinator', 'zh-CN', 'line', '林协调'),
        await staffWithChat(desk, 'coordinator', 'en', 'telegram', 'Ms Grant'),
      ];
      // Every demo warranty long over, but three: ending 2026-11-20, 2026-12-20 and 2027-01-20.
      await desk.database.db
        .update(assets)
        .set({ acceptedAt: '2020-01-01', warrantyMonths: 12 })
        .where(sql`true`);
      await accept('FX-PNL-0101', '2025-11-20'); // 东山中学, 18 days after 2 November
      await accept('FX-PC-0101', '2025-12-20'); // 东山中学, 48 days
      await accept('FX-PNL-0001', '2026-01-20'); // 明湖小学, 79 days
    });
    afterAll(async () => desk?.close());

    it("plans November's digest for Monday 2 November 09:00 Shanghai (the 1st is a Sunday), once", async () => {
      clock = new Date('2026-10-31T17:00:00Z'); // Sunday 1 November, 01:00 in Shanghai
      await Promise.all([plan(), plan()]);
      await plan();
      const rows = await desk.database.db
        .select()
        .from(ticketAlerts)
        .where(sql`${ticketAlerts.key} like 'warranty_digest:%'`);
      expect(rows.map((r) => [r.key, r.at.toISOString(), r.status])).toEqual([
        ['warranty_digest:2026-11', '2026-11-02T01:00:00.000Z', 'pending'],
      ]);
      expect(await run()).toMatchObject({ sent: 0 });
    });

    it('sends it once at 09:00 to every coordinator, in their language, with the counts per school and the link', async () => {
      clock = new Date('2026-11-02T01:00:00Z');
      const rounds = await Promise.all([run(), run()]);
      expect(rounds.reduce((n, r) => n + r.sent, 0)).toBe(1);
      expect(await digests(coordinators[0]!)).toEqual([
        [
          '设备质保到期提醒（2026-11）：以下学校有设备的质保将在 90 天内到期。',
          '东山中学：30 天内 1 台，60 天内 2 台，90 天内 2 台',
          '明湖小学：30 天内 0 台，60 天内 0 台，90 天内 1 台',
          '到期清单：https://desk.example.org/console#/assets?warrantyWithin=90',
        ].join('\n'),
      ]);
      expect(await digests(coordinators[1]!)).toEqual([
        [
          'Warranty expiry digest (2026-11): these schools have devices whose warranty ends within 90 days.',
          '东山中学: 1 within 30 days, 2 within 60, 2 within 90',
          '明湖小学: 0 within 30 days, 0 within 60, 1 within 90',
          'The list: https://desk.example.org/console#/assets?warrantyWithin=90',
        ].join('\n'),
      ]);
      expect((await rowOf('2026-11'))?.status).toBe('sent');
      // Planned again later in the month: nothing new.
      clock = new Date('2026-11-20T02:00:00Z');
      await plan();
      expect(await run()).toMatchObject({ sent: 0 });
      expect(await digests(coordinators[0]!)).toHaveLength(1);
    });

    it('says nothing in a month when no warranty ends within 90 days (retired assets do not count)', async () => {
      await accept('FX-PC-0101', '2020-01-01');
      await accept('FX-PNL-0001', '2020-01-01');
      await desk.database.db.update(assets).set({ retiredAt: clock }).where(eq(assets.tag, 'FX-PNL-0101'));
      clock = new Date('2026-11-30T20:00:00Z'); // Tuesday 1 December, 04:00 in Shanghai
      await plan();
      expect((await rowOf('2026-12'))?.at.toISOString()).toBe('2026-12-01T01:00:00.000Z');
      clock = new Date('2026-12-01T01:00:00Z');
      expect(await run()).toMatchObject({ sent: 0, cancelled: 1 });
      expect((await rowOf('2026-12'))?.status).toBe('cancelled');
      expect(await digests(coordinators[0]!)).toHaveLength(1);
    });
  });
}
