import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planAfterService } from '../../src/app/after-service/planner.js';
import { TicketService } from '../../src/app/ticket-service.js';
import { recordHtml } from '../../src/app/inspections/record.js';
import { inspectionView } from '../../src/app/inspections/view.js';
import { assignEngineer, markLine } from '../../src/app/inspections/work.js';
import { afterServicePlanners } from '../../src/compose/alerts.js';
import type { Agent } from '../../src/ports/console-store.js';
import type { Inspection } from '../../src/ports/inspections.js';
import { attachments, sites, surveys, ticketAlerts } from '../../src/storage/schema.js';
import type { TestDatabaseKind } from '../support/database.js';
import { type TestDesk, testDesk } from '../support/desk.js';
import { adminOf } from './alerts-suite.js';
import { EngineerLine, inspectionReaders } from './engineer-line.js';

const log = pino({ level: 'silent' });
const LINE_USER = 'U1n5pect0r00000000000000000000042';
const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * An inspection filled in from an engineer's LINE, in English, as an engineer on site does it (issue
 * 15 item 3): a line described by typing without pressing Note, a photo sent before its button,
 * Fault pressed twice, stopping for the night and carrying on with "inspection" (LINE keeps no
 * buttons of older messages), a coordinator marking a line in the console at the same moment; each
 * fault opens a ticket with the contract's severity, warranty and clocks; the record in English.
 * The 明湖小学 round: lines 1–4 the recording room's panel FX-PNL-0003 (accepted 26 months before,
 * out of GX-EDU's 12-month warranty), 5–8 FX-PNL-0001 (4 months, in warranty), 9–17 the rest.
 */
export function inspectionsChatSuite(kind: TestDatabaseKind) {
  describe(`an inspection filled in from LINE, on ${kind}`, () => {
    let desk: TestDesk;
    let admin: Agent;
    let engineer: Agent;
    let inspection: Inspection;
    const line = new EngineerLine(() => desk, LINE_USER);
    const { last, fresh, ticketOf, answers } = inspectionReaders(
      () => desk,
      LINE_USER,
      () => inspection,
    );

    beforeAll(async () => {
      desk = await testDesk(kind);
      admin = await adminOf(desk);
      engineer = (await desk.store.read.console.agents.create({
        username: 'wang.eng',
        displayName: 'Wang',
        role: 'engineer',
        lang: 'en',
        passwordHash: 'not-used',
      }))!;
      await line.say('hello');
      const contact = await desk.store.read.contacts.find('line', LINE_USER);
      await desk.store.transaction((r) => r.staff.linkChat(engineer.id, contact!.id));
      await planAfterService(desk.store, desk.catalog, afterServicePlanners(), desk.now, log);
      const school = (await desk.database.db.select().from(sites).where(eq(sites.name, '明湖小学')))[0]!;
      inspection = (await desk.store.read.inspections.list({ siteId: school.id })).sort((a, b) => a.dueOn.localeCompare(b.dueOn))[0]!;
      await desk.store.transaction((r) => assignEngineer(r, admin, inspection.id, engineer.id, desk.now));
    });
    afterAll(async () => desk?.close());

    it('one message a line: what was recorded, then the next line with its three buttons', async () => {
      const started = await answers(() => line.postback(`insp:${inspection.number}:start`));
      expect(started).toHaveLength(1);
      expect(started[0]!.text).toContain(`Inspection ${inspection.number} started: 17 items`);
      expect(started[0]!.text).toContain('send "inspection" to carry on');
      expect(started[0]!.text).toContain('Item 1/17: Display — FX-PNL-0003（录播教室）');
      expect(started[0]!.choices?.map((c) => c.label)).toEqual(['OK', 'Fault', 'Note', 'Rest of unit OK']);
    });

    it('text typed without pressing Note is kept as the note of the line asked; Fault then opens its ticket with it, out of warranty', async () => {
      const kept = await answers(() => line.say('Flickers for a second at start-up'));
      expect(kept).toHaveLength(1);
      expect(kept[0]!.text).toContain('Kept as the note of "Display"');
      expect(kept[0]!.text).toContain('Item 1/17: Display');
      expect(kept[0]!.choices?.map((c) => c.id)).toEqual(['ok', 'fault', 'note', 'unit_ok'].map((r) => `insp:${inspection.number}:1.${r}`));
      const at = desk.now;
      const fault = await answers(() => line.press('Fault'));
      expect(fault).toHaveLength(1);
      expect(fault[0]!.text).toMatch(/^Recorded: Display: Fault\. Ticket FX-\d{4}-\d+ is open\.\n\nItem 2\/17: Touch — FX-PNL-0003/);
      const ticket = await ticketOf(0);
      expect(ticket.description).toBe('巡检发现：显示：Flickers for a second at start-up');
      expect(ticket.facts).toMatchObject({ device: 'interactive_panel', symptom: 'display_abnormal' });
      // GX-EDU out of warranty (12 months, 5.20): billable, first response in 2 h, on site in 4 h, no loaner.
      expect(ticket).toMatchObject({ severity: 'C', warranty: 'out_of_warranty', billable: true });
      expect(ticket.responseDueAt?.getTime()).toBe(at.getTime() + 2 * HOUR);
      expect(ticket.onSiteDueAt?.getTime()).toBe(at.getTime() + 4 * HOUR);
      expect(ticket.loanerDueAt).toBeNull();
      expect(ticket.repairDueAt).toBeNull();
    });

    it('a photo sent before its button goes with the line asked; Fault pressed twice asks again; the description opens an in-warranty ticket with the photo', async () => {
      for (let i = 2; i <= 4; i++) await line.press('OK');
      expect((await last()).text).toContain('Item 5/17: Display — FX-PNL-0001（三年级二班）');
      const photo = await desk.store.transaction((r) =>
        r.attachments.create({
          conversationId: null,
          mime: 'image/jpeg',
          size: 2048,
          sha256: 'c'.repeat(64),
          storageKey: 'insp/pixels.jpg',
        }),
      );
      const kept = await answers(() =>
        desk.send(LINE_USER, { kind: 'photo', attachmentId: photo }, { channel: 'line', userId: LINE_USER }),
      );
      expect(kept.map((m) => m.text)).toEqual(['The photo is kept with item 5, "Display" — FX-PNL-0001（三年级二班）.']);
      expect((await fresh()).items[4]!.photos).toEqual([photo]);
      expect((await fresh()).items[3]!.photos).toEqual([]);

      await line.postback(`insp:${inspection.number}:5.fault`);
      expect((await last()).text).toBe('Describe the fault of "Display" in a line; you may send a photo too.');
      const again = await answers(() => line.postback(`insp:${inspection.number}:5.fault`));
      expect(again.map((m) => m.text)).toEqual(['Describe the fault of "Display" in a line; you may send a photo too.']);
      expect((await fresh()).items[4]!.ticketId).toBeNull();

      const at = desk.now;
      const described = await answers(() => line.say('Dead pixels in the upper left corner'));
      expect(described).toHaveLength(1);
      expect(described[0]!.text).toMatch(/^Recorded: Display: Fault\. Ticket FX-\d{4}-\d+ is open\.\n\nItem 6\/17: Touch — FX-PNL-0001/);
      const ticket = await ticketOf(4);
      expect(ticket.description).toBe('巡检发现：显示：Dead pixels in the upper left corner');
      expect(ticket.assetId).toBe((await fresh()).items[4]!.assetId);
      // GX-EDU in warranty: free, respond in 15 minutes ("immediately"), on site in 2 h, a loaner if not repaired in 24 h.
      expect(ticket).toMatchObject({ severity: 'C', warranty: 'in_warranty', billable: false });
      expect(ticket.responseDueAt?.getTime()).toBe(at.getTime() + 15 * MIN);
      expect(ticket.onSiteDueAt?.getTime()).toBe(at.getTime() + 2 * HOUR);
      expect(ticket.loanerDueAt?.getTime()).toBe(at.getTime() + 24 * HOUR);
      const [attached] = await desk.database.db.select().from(attachments).where(eq(attachments.id, photo));
      expect(attached!.ticketId).toBe(ticket.id);
      // Its clocks run like a teacher's report's: the SLA warnings are scheduled.
      const alerts = await desk.database.db.select().from(ticketAlerts).where(eq(ticketAlerts.ticketId, ticket.id));
      expect(alerts.length).toBeGreaterThan(0);
    });

    it('stopped for the night: other text goes to the flow; "inspection" brings back the line asked with its buttons', async () => {
      desk.advance(16 * HOUR);
      await line.say('hello');
      expect((await fresh()).items[5]!.note).toBeNull();
      const back = await answers(() => line.say('Inspection'));
      expect(back).toHaveLength(1);
      expect(back[0]!.text).toContain(`Inspection ${inspection.number}: 5 of 17 items checked.`);
      expect(back[0]!.text).toContain('Item 6/17: Touch — FX-PNL-0001');
      // Fault pressed, then left until the next day: "inspection" asks again for its description.
      await line.press('Fault');
      desk.advance(14 * HOUR);
      const asked = await answers(() => line.say('inspection'));
      expect(asked.map((m) => m.text)).toEqual([
        `Inspection ${inspection.number}: 6 of 17 items checked.\n\nDescribe the fault of "Touch — FX-PNL-0001（三年级二班）" in a line; you may send a photo too.`,
      ]);
      await line.say('Pen skips near the left edge');
      expect((await last()).text).toMatch(/^Recorded: Touch: Fault\. Ticket FX-\d{4}-\d+ is open\.\n\nItem 7\/17/);
    });

    it('the engineer in chat and a coordinator in the console at the same moment: both lines kept', async () => {
      await Promise.all([
        line.postback(`insp:${inspection.number}:7.ok`),
        desk.store.transaction((r) =>
          markLine(r, { catalog: desk.catalog }, admin, inspection.id, 7, { result: 'note', note: '遥控器电池电量低' }, desk.now),
        ),
      ]);
      const items = (await fresh()).items;
      expect(items[6]!.result).toBe('ok');
      expect(items[7]).toMatchObject({ result: 'note', note: '遥控器电池电量低' });
      expect(items[4]!.result).toBe('fault');
    });

    it('"Rest of unit OK" checks the unit’s other lines at once (a site of many panels: one press a healthy panel)', async () => {
      expect((await last()).text).toContain('Item 9/17: Visualizer image');
      // The visualizer has one line: no button for the rest of it.
      expect((await last()).choices?.map((c) => c.label)).toEqual(['OK', 'Fault', 'Note']);
      await line.press('OK');
      const unit = await answers(() => line.press('Rest of unit OK'));
      expect(unit).toHaveLength(1);
      expect(unit[0]!.text).toMatch(
        /^Recorded: the other 4 items of FX-BRD-0001（五年级一班）: OK\.\n\nItem 14\/17: Display — FX-PNL-0002/,
      );
      expect((await fresh()).items.slice(9, 13).map((i) => i.result)).toEqual(['ok', 'ok', 'ok', 'ok']);
      // Pressed again on the old line: nothing left there, and the line asked comes again.
      const again = await answers(() => line.postback(`insp:${inspection.number}:10.unit_ok`));
      expect(again[0]!.text).toContain('Item 14/17');
      await line.press('Fault');
      await line.say('Red line across the bottom');
      await line.press('Rest of unit OK');
    });

    it('completes, and the record in English has the tickets and the sign-off', async () => {
      expect((await last()).text).toContain(`All 17 items of inspection ${inspection.number} are checked: OK 12, fault 4, note 1.`);
      // Text once every line is checked is the record's summary (not a teacher's report); Complete comes again.
      const summary = await answers(() => line.say('Two panels need service; the rest works well.'));
      expect(summary).toHaveLength(1);
      expect(summary[0]!.text).toMatch(/^Kept as the inspection's summary: Two panels need service; the rest works well\.\n\nAll 17 items/);
      expect(summary[0]!.choices?.map((c) => c.label)).toEqual(['Complete']);
      await line.press('Complete');
      expect((await last()).text).toContain(`Inspection ${inspection.number} is complete`);
      const done = await fresh();
      const view = await inspectionView(desk.store.read, desk.catalog, done, desk.now);
      const html = recordHtml(desk.catalog, view, 'en');
      for (const index of [0, 4, 5, 13]) expect(html).toContain((await ticketOf(index)).number);
      expect(html).toContain('Dead pixels in the upper left corner');
      expect(html).toContain('17 items: OK 12, fault 4, note 1, not checked 0.');
      expect(html).toContain('Customer signature:');
      expect(done.summary).toBe('Two panels need service; the rest works well.');
      expect(html).toContain('Two panels need service; the rest works well.');
    });

    it('a fault found on the inspection, once solved, tells the engineer in English and asks no satisfaction question', async () => {
      const service = new TicketService(
        desk.store,
        desk.catalog,
        new Set(['line', 'telegram']),
        () => desk.now,
        () => {},
      );
      const ticket = await ticketOf(0);
      await service.command(admin, ticket.id, { kind: 'responded' });
      await service.command(admin, ticket.id, { kind: 'move', to: 'resolved' });
      expect((await desk.tickets()).find((t) => t.id === ticket.id)!.status).toBe('resolved');
      // The engineer's own chat is told in the account's language (English), not the chat's zh-CN.
      expect((await last()).text).toBe(
        `Your ticket ${ticket.number} has been resolved. If the problem is still there, just reply and tell us.`,
      );
      expect(await desk.database.db.select().from(surveys).where(eq(surveys.ticketId, ticket.id))).toEqual([]);
      const rows = await desk.database.db.select().from(ticketAlerts).where(eq(ticketAlerts.ticketId, ticket.id));
      expect(rows.filter((a) => a.kind.startsWith('survey'))).toEqual([]);
    });
  });
}
