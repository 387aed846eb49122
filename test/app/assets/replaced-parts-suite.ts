import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TicketService } from '../../../src/app/ticket-service.js';
import type { Agent } from '../../../src/ports/console-store.js';
import { assetChanges, assets, tickets } from '../../../src/storage/schema.js';
import type { TestDatabaseKind } from '../../support/database.js';
import { type TestDesk, testDesk } from '../../support/desk.js';
import { adminOf } from '../alerts-suite.js';
import { reportFault } from '../turn-suite.js';

const DAY = 86_400_000;
const REPORT = {
  description: '触摸没反应',
  school: '明湖小学',
  room: '录播教室',
  device: /FX-PNL-0003/,
  usable: '还能用，但有问题',
} as const;

/**
 * Replaced parts recorded when a ticket closes (issue 16): the part goes on the ticket's asset with
 * the closing's local date and an audit row, and drives the replaced-part warranty of clause 5.21.2
 * for the next report, through the real conversation and triage, for 90 days.
 */
export function replacedPartsSuite(kind: TestDatabaseKind) {
  describe(`replaced parts recorded at closing, on ${kind}`, () => {
    let desk: TestDesk;
    let admin: Agent;
    let service: TicketService;
    beforeAll(async () => {
      desk = await testDesk(kind);
      admin = await adminOf(desk);
      service = new TicketService(
        desk.store,
        desk.catalog,
        new Set(),
        () => desk.now,
        () => {},
      );
    });
    afterAll(async () => desk?.close());

    const panel = async () => (await desk.database.db.select().from(assets).where(eq(assets.tag, 'FX-PNL-0003')))[0]!;
    const newest = async () => (await desk.database.db.select().from(tickets).orderBy(desc(tickets.number)).limit(1))[0]!;
    const report = { problemType: '硬件故障', cause: '触摸框老化', solution: '更换触摸框', lossAssessment: '无' };

    it('a touch fault on a panel out of warranty is billable before any part was replaced', async () => {
      const texts = await reportFault(desk, 'rp-1', REPORT);
      expect(texts).toMatch(/已过保/);
      expect(await newest()).toMatchObject({ warranty: 'out_of_warranty', billable: true });
    });

    it('closing with a replaced touch frame puts it on the panel, dated the closing day in Shanghai, with an audit row', async () => {
      const ticket = await newest();
      await service.command(admin, ticket.id, { kind: 'move', to: 'resolved' });
      await service.command(admin, ticket.id, {
        kind: 'close',
        report: { ...report, replacedParts: [' touch_frame ', 'TOUCH_FRAME', '', '遥控器电池'] },
      });
      const after = await panel();
      // DESK_START is 06:00 UTC: 14:00 in Shanghai, the same day.
      const day = desk.now.toISOString().slice(0, 10);
      expect(after.replacedParts).toEqual([
        { part: 'touch_frame', replacedAt: day },
        { part: '遥控器电池', replacedAt: day },
      ]);
      const audit = await desk.database.db
        .select()
        .from(assetChanges)
        .where(and(eq(assetChanges.assetId, after.id), eq(assetChanges.action, 'part_replaced')));
      expect(audit.map((a) => [a.action, a.ticketId, a.agentId, a.changes])).toEqual([
        [
          'part_replaced',
          ticket.id,
          admin.id,
          { replacedParts: { before: null, after: 'touch_frame' }, replacedAt: { before: null, after: day } },
        ],
        [
          'part_replaced',
          ticket.id,
          admin.id,
          { replacedParts: { before: null, after: '遥控器电池' }, replacedAt: { before: null, after: day } },
        ],
      ]);
      // The asset's page names the ticket that replaced each part.
      const page = await desk.store.read.assets.register.detail(after.id);
      expect(page?.replacedParts.map((p) => [p.part, p.ticketNumber])).toEqual([
        ['touch_frame', ticket.number],
        ['遥控器电池', ticket.number],
      ]);
      expect((await newest()).report).toMatchObject({ ...report, replacedParts: ['touch_frame', '遥控器电池'] });
    });

    it('a closing without parts changes nothing on the asset', async () => {
      await reportFault(desk, 'rp-2', { ...REPORT, description: '屏幕不亮了' });
      const ticket = await newest();
      const before = await panel();
      await service.command(admin, ticket.id, { kind: 'move', to: 'resolved' });
      await service.command(admin, ticket.id, { kind: 'close', report });
      expect((await panel()).replacedParts).toEqual(before.replacedParts);
    });

    it('a new touch fault 89 days later is in warranty through the replaced frame (5.21.2), though the panel is not', async () => {
      desk.advance(89 * DAY);
      const texts = await reportFault(desk, 'rp-3', REPORT);
      expect(texts).toMatch(/在保，免费维修（触摸框于 .* 更换/);
      expect(await newest()).toMatchObject({ warranty: 'in_warranty', billable: false });
    });

    it('after 90 days it is out of warranty again', async () => {
      desk.advance(2 * DAY);
      const texts = await reportFault(desk, 'rp-4', REPORT);
      expect(texts).toMatch(/已过保/);
      expect(await newest()).toMatchObject({ warranty: 'out_of_warranty', billable: true });
    });
  });
}
