import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planAfterService } from '../../src/app/after-service/planner.js';
import { assignEngineer, completeInspection } from '../../src/app/inspections/work.js';
import { Invalid } from '../../src/app/permissions.js';
import { afterServicePlanners } from '../../src/compose/alerts.js';
import type { Agent } from '../../src/ports/console-store.js';
import type { Inspection } from '../../src/ports/inspections.js';
import { EVENTS_CHANNEL } from '../../src/storage/events.js';
import { sites } from '../../src/storage/schema.js';
import type { TestDatabaseKind } from '../support/database.js';
import { type TestDesk, testDesk } from '../support/desk.js';
import { adminOf } from './alerts-suite.js';
import { EngineerLine, inspectionReaders } from './engineer-line.js';

const log = pino({ level: 'silent' });
const LINE_USER = 'U1n5pect0r00000000000000000000077';

/**
 * An engineer changing their mind on LINE (English) once lines are recorded, as happens on site: a
 * fault with its ticket changed to OK (the ticket stays open, and they are told so), and a line
 * changed to Fault on an old button, then Complete pressed before its description is written (it is
 * asked for; the console's Complete is refused the same way). The 明湖小学 round of 17 lines.
 */
export function inspectionChangesSuite(kind: TestDatabaseKind) {
  describe(`an inspection's lines changed from LINE, on ${kind}`, () => {
    let desk: TestDesk;
    let admin: Agent;
    let inspection: Inspection;
    let second: Inspection;
    let engineerId = '';
    const line = new EngineerLine(() => desk, LINE_USER);
    const { last, fresh, ticketOf, answers } = inspectionReaders(
      () => desk,
      LINE_USER,
      () => inspection,
    );

    beforeAll(async () => {
      desk = await testDesk(kind);
      admin = await adminOf(desk);
      const engineer = (await desk.store.read.console.agents.create({
        username: 'zhao.eng',
        displayName: 'Zhao',
        role: 'engineer',
        lang: 'en',
        passwordHash: 'not-used',
      }))!;
      await line.say('hello');
      const contact = await desk.store.read.contacts.find('line', LINE_USER);
      await desk.store.transaction((r) => r.staff.linkChat(engineer.id, contact!.id));
      await planAfterService(desk.store, desk.catalog, afterServicePlanners(), desk.now, log);
      const school = (await desk.database.db.select().from(sites).where(eq(sites.name, '明湖小学')))[0]!;
      [inspection, second] = (await desk.store.read.inspections.list({ siteId: school.id })).sort((a, b) =>
        a.dueOn.localeCompare(b.dueOn),
      ) as [Inspection, Inspection];
      engineerId = engineer.id;
      await desk.store.transaction((r) => assignEngineer(r, admin, inspection.id, engineer.id, desk.now));
      await line.postback(`insp:${inspection.number}:start`);
    });
    afterAll(async () => desk?.close());

    it('a fault changed to OK: its ticket stays open, and the engineer is told so with its number', async () => {
      await line.press('Fault');
      await line.say('Black screen after ten minutes');
      const ticket = await ticketOf(0);
      expect(ticket.status).toBe('registered');
      const changed = await answers(() => line.postback(`insp:${inspection.number}:1.ok`));
      expect(changed).toHaveLength(1);
      expect(changed[0]!.text).toMatch(
        new RegExp(
          `^Recorded: Display: OK\\. Ticket ${ticket.number} is still open: changing the item to OK does not close it\\. ` +
            'If it is fixed, update the ticket; if it was a mistake, tell the coordinator\\.\\n\\nItem 2/17',
        ),
      );
      expect((await fresh()).items[0]).toMatchObject({ result: 'ok', ticketId: ticket.id });
      expect((await ticketOf(0)).status).toBe('registered');
      // Pressed again: already recorded, nothing more said about the ticket.
      const again = await answers(() => line.postback(`insp:${inspection.number}:1.ok`));
      expect(again[0]!.text).not.toContain(ticket.number);
    });

    it('Complete pressed while a fault has no description yet: not completed, the description is asked, then it completes', async () => {
      await line.press('Rest of unit OK');
      await line.press('Rest of unit OK');
      await line.press('OK');
      await line.press('Rest of unit OK');
      await line.press('Rest of unit OK');
      expect((await last()).text).toContain(`All 17 items of inspection ${inspection.number} are checked`);
      // An older message's button: item 6 was OK, now a fault; its description is asked.
      await line.postback(`insp:${inspection.number}:6.fault`);
      expect((await last()).text).toBe('Describe the fault of "Touch" in a line; you may send a photo too.');
      const early = await answers(() => line.postback(`insp:${inspection.number}:complete`));
      expect(early.map((m) => m.text)).toEqual([
        `Inspection ${inspection.number} cannot be completed yet: item 6, "Touch", is a fault with no description (its ticket needs one).\n\n` +
          'Describe the fault of "Touch — FX-PNL-0001（三年级二班）" in a line; you may send a photo too.',
      ]);
      expect((await fresh()).status).toBe('in_progress');
      expect((await fresh()).items[5]!.ticketId).toBeNull();
      // The console's Complete (the same work) is refused with its code.
      const refused = await desk.store
        .transaction((r) => completeInspection(r, { catalog: desk.catalog }, admin, inspection.id, null, desk.now))
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(Invalid);
      expect((refused as Invalid).code).toBe('fault_undescribed');

      const described = await answers(() => line.say('Pen does not write on the right half'));
      expect(described[0]!.text).toMatch(/^Recorded: Touch: Fault\. Ticket FX-\d{4}-\d+ is open\.\n\nAll 17 items/);
      expect((await ticketOf(5)).description).toMatch(/^巡检发现：.+：Pen does not write on the right half$/);
      await line.press('Complete');
      expect((await last()).text).toContain(`Inspection ${inspection.number} is complete`);
      expect((await fresh()).status).toBe('done');
    });

    it('every change made from the chat tells the open consoles (the inspection page reloads live)', async () => {
      const received: string[] = [];
      const stop = await desk.database.listen(EVENTS_CHANNEL, (p) => received.push(p));
      try {
        await desk.store.transaction((r) => assignEngineer(r, admin, second.id, engineerId, desk.now));
        await line.postback(`insp:${second.number}:start`);
        await line.press('OK');
        await new Promise((resolve) => setTimeout(resolve, 200));
      } finally {
        await stop();
      }
      const mine = received.map((p) => JSON.parse(p) as { type: string; id?: string }).filter((e) => e.type === 'inspection');
      // Assigned, started, a line marked: each once it is committed.
      expect(mine).toEqual([1, 2, 3].map(() => ({ type: 'inspection', id: second.id })));
    });
  });
}
