import { and, eq, isNull } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDueAlerts } from '../../src/app/alerts/worker.js';
import { planAfterService } from '../../src/app/after-service/planner.js';
import { recordHtml } from '../../src/app/inspections/record.js';
import { inspectionView } from '../../src/app/inspections/view.js';
import { assignEngineer } from '../../src/app/inspections/work.js';
import { afterServicePlanners, alertComposers, siteWorkComposers } from '../../src/compose/alerts.js';
import { noticeAt, roundsToPlan } from '../../src/domain/inspection.js';
import { parseLocalDate } from '../../src/domain/calendar.js';
import { todayIn } from '../../src/domain/after-service.js';
import type { Agent } from '../../src/ports/console-store.js';
import type { Inspection } from '../../src/ports/inspections.js';
import { inspections, sites, ticketAlerts } from '../../src/storage/schema.js';
import type { TestDatabaseKind } from '../support/database.js';
import { type TestDesk, testDesk } from '../support/desk.js';
import { adminOf, chatTexts, staffWithChat } from './alerts-suite.js';
import { EngineerTelegram } from './engineer-telegram.js';

const log = pino({ level: 'silent' });
const ENGINEER_TG = 5_550_077;
const TG_KEY = String(ENGINEER_TG);

/**
 * Inspections (issue 15 item 3): planned once per site and date from the contract's cadence, the
 * coordinators told once at the notice time, an engineer on Telegram filling one in (OK, a fault
 * with its note and photo that opens a ticket on the asset), completed, and the printable record.
 */
export function inspectionsSuite(kind: TestDatabaseKind) {
  describe(`inspections, on ${kind}`, () => {
    let desk: TestDesk;
    let admin: Agent;
    let engineer: Agent;
    let coordinator: { agent: Agent; conversationId: string };
    let workerClock: Date;
    const telegram = new EngineerTelegram(() => desk, ENGINEER_TG);
    const worker = () =>
      sendDueAlerts({
        store: desk.store,
        catalog: desk.catalog,
        composers: alertComposers(),
        siteComposers: siteWorkComposers(),
        pushChannels: new Set(['telegram', 'line']),
        clock: () => workerClock,
        log,
        wake: () => {},
      });
    const plan = () => planAfterService(desk.store, desk.catalog, afterServicePlanners(), desk.now, log);
    const siteId = async (name: string) => (await desk.database.db.select().from(sites).where(eq(sites.name, name)))[0]!.id;
    const ofSite = async (id: string) =>
      (await desk.store.read.inspections.list({ siteId: id })).sort((a, b) => a.dueOn.localeCompare(b.dueOn));

    beforeAll(async () => {
      desk = await testDesk(kind);
      workerClock = desk.now;
      admin = await adminOf(desk);
      coordinator = await staffWithChat(desk, 'coordinator', 'zh-CN', 'line', '林协调');
      engineer = (await desk.store.read.console.agents.create({
        username: 'zhao.gong',
        displayName: '赵工',
        role: 'engineer',
        lang: 'zh-CN',
        passwordHash: 'not-used',
      }))!;
      // The engineer's Telegram: first a message (their contact), then linked to the account as a code does.
      await telegram.send({
        message: {
          message_id: 1,
          from: { id: ENGINEER_TG, is_bot: false, first_name: '赵' },
          chat: { id: ENGINEER_TG, type: 'private' },
          date: 1,
          text: '你好',
        },
      });
      const contact = await desk.store.read.contacts.find('telegram', TG_KEY);
      await desk.store.transaction((r) => r.staff.linkChat(engineer.id, contact!.id));
    });
    afterAll(async () => desk?.close());

    it('plans the round in progress and the next one per site, once however often it runs, with numbers XJ-<year>-NNNN', async () => {
      await plan();
      await plan();
      const school = await siteId('明湖小学');
      const planned = await ofSite(school);
      const gx = desk.catalog.contracts.get('GX-EDU')!;
      const anchor = parseLocalDate(
        (await desk.store.read.places.afterServiceSites()).find((s) => s.id === school)!.firstAcceptedOn!,
        'UTC',
      )!;
      const rounds = roundsToPlan(anchor, gx.afterService.inspections, todayIn(gx.timeZone, desk.now));
      expect(planned.map((i) => i.dueOn)).toEqual(rounds);
      expect(planned.every((i) => i.status === 'planned' && /^XJ-\d{4}-\d{4}$/.test(i.number))).toBe(true);
      // Each panel's and board's display, touch, computer, accessories, and the visualizer's image.
      expect(planned[0]!.items).toHaveLength(3 * 4 + 1 * 4 + 1);
      const all = await desk.database.db.select().from(inspections);
      expect(new Set(all.map((i) => i.number)).size).toBe(all.length);
      expect(new Set(all.map((i) => `${i.siteId}:${i.dueOn}`)).size).toBe(all.length);
      // The culture centre: network, servers, environment, backups once.
      const centre = await ofSite(await siteId('示例市文化馆'));
      expect(centre[0]!.items.map((i) => i.item)).toEqual(['network', 'servers', 'environment', 'backups']);
      // One notice per inspection, at 09:00 (Asia/Shanghai) noticeBefore ahead.
      const rows = await desk.database.db
        .select()
        .from(ticketAlerts)
        .where(and(isNull(ticketAlerts.ticketId), eq(ticketAlerts.kind, 'inspection_due')));
      expect(rows).toHaveLength(all.length);
      const next = planned.at(-1)!;
      const row = rows.find((r) => r.key === `inspection_due:${next.id}`)!;
      expect(row.at.toISOString()).toBe(noticeAt(next.dueOn, gx.afterService.inspections.noticeBefore, 'Asia/Shanghai').toISOString());
    });

    it('tells the coordinators once, at the notice time, with the engineer and a Start button in the engineer’s chat', async () => {
      const school = await siteId('明湖小学');
      const next = (await ofSite(school)).at(-1)!;
      await desk.store.transaction((r) => assignEngineer(r, admin, next.id, engineer.id, desk.now));
      const at = noticeAt(next.dueOn, 7 * 86_400_000, 'Asia/Shanghai');
      workerClock = new Date(at.getTime() - 60_000);
      await worker();
      const before = await chatTexts(desk, coordinator.conversationId);
      expect(before.filter((t) => t.includes(next.number))).toEqual([]);
      workerClock = at;
      await worker();
      await worker();
      const told = (await chatTexts(desk, coordinator.conversationId)).filter((t) => t.includes(next.number));
      expect(told).toHaveLength(1);
      expect(told[0]).toContain('明湖小学');
      expect(told[0]).toContain(`应于 ${next.dueOn} 完成`);
      expect(told[0]).toContain('工程师：赵工');
      const toEngineer = (await desk.transcript(TG_KEY)).filter((m) => m.direction === 'out' && m.text.includes(next.number));
      // The assignment card and the notice, each with "开始巡检".
      expect(toEngineer.length).toBe(2);
      expect(toEngineer.every((m) => m.choices?.some((c) => c.label === '开始巡检'))).toBe(true);
    });

    it('the engineer fills it in on Telegram: Start, OK, a fault with its note and a photo opens a ticket on the asset, then Complete', async () => {
      const school = await siteId('明湖小学');
      const inspection = (await ofSite(school)).at(-1)!;
      await telegram.pressId(`insp:${inspection.number}:start`);
      let last = await desk.lastBot(TG_KEY);
      expect(last!.text).toContain('第 1/17 项：显示');
      expect(last!.choices?.map((c) => c.label)).toEqual(['正常', '故障', '备注', '本台其余全部正常']);
      await telegram.press('正常');
      last = await desk.lastBot(TG_KEY);
      expect(last!.text).toContain('第 2/17 项：触摸');
      // A repeated press of line 1 says it is recorded and changes nothing (one message, then line 2 again).
      await telegram.pressId(`insp:${inspection.number}:1.ok`);
      last = await desk.lastBot(TG_KEY);
      expect(last!.text).toContain('「显示」已记录为「正常」');
      expect(last!.text).toContain('第 2/17 项');
      expect((await desk.transcript(TG_KEY)).at(-2)!.direction).toBe('in');

      await telegram.press('故障');
      expect((await desk.lastBot(TG_KEY))!.text).toContain('请用一句话描述「触摸」的故障');
      const attachment = await desk.store.transaction((r) =>
        r.attachments.create({
          conversationId: null,
          mime: 'image/jpeg',
          size: 1234,
          sha256: 'a'.repeat(64),
          storageKey: 'inspection/touch.jpg',
        }),
      );
      await desk.send(TG_KEY, { kind: 'photo', attachmentId: attachment }, { channel: 'telegram', userId: TG_KEY });
      expect((await desk.lastBot(TG_KEY))!.text).toBe('照片已附在第 2 项「触摸」 — FX-PNL-0003（录播教室）。');
      await desk.send(TG_KEY, '右下角断触', { channel: 'telegram', userId: TG_KEY });
      const afterNote = (await desk.lastBot(TG_KEY))!.text;
      expect(afterNote).toMatch(/^已记录：触摸：故障。 已开工单 FX-\d{4}-\d+。\n\n第 3\/17 项：电脑（OPS）/);

      const filled = (await desk.store.read.inspections.get(inspection.id))!;
      const touch = filled.items[1]!;
      expect(touch).toMatchObject({ result: 'fault', note: '右下角断触', photos: [attachment], checkedBy: engineer.id });
      const ticket = (await desk.tickets()).find((t) => t.id === touch.ticketId)!;
      expect(ticket.description).toBe('巡检发现：触摸：右下角断触');
      expect(ticket.siteId).toBe(school);
      expect(ticket.assetId).toBe(touch.assetId);
      expect(ticket.facts).toMatchObject({ device: 'interactive_panel', symptom: 'touch_failure' });
      // FX-PNL-0003 was accepted 26 months before: out of GX-EDU's warranty, one component (5.14 C),
      // first response in 2 h and on site in 4 h from the moment the fault was written down.
      expect(ticket).toMatchObject({ severity: 'C', warranty: 'out_of_warranty', billable: true, reportedAt: desk.now });
      expect(ticket.responseDueAt?.getTime()).toBe(desk.now.getTime() + 2 * 3_600_000);
      expect(ticket.onSiteDueAt?.getTime()).toBe(desk.now.getTime() + 4 * 3_600_000);
      expect(ticket.loanerDueAt).toBeNull();

      // Every other line OK, then the summary and Complete.
      for (let i = 3; i <= 17; i++) await telegram.pressId(`insp:${inspection.number}:${i}.ok`);
      last = await desk.lastBot(TG_KEY);
      expect(last!.text).toContain('全部 17 项已检查：正常 16 项，故障 1 项，备注 0 项');
      await telegram.press('完成');
      expect((await desk.lastBot(TG_KEY))!.text).toContain(`巡检 ${inspection.number} 已完成`);
      await telegram.pressId(`insp:${inspection.number}:complete`);
      expect((await desk.lastBot(TG_KEY))!.text).toContain(`巡检 ${inspection.number} 已经完成了`);
      const done = (await desk.store.read.inspections.get(inspection.id))!;
      expect(done.status).toBe('done');
      expect(done.completedAt).not.toBeNull();
      // Done: its notice is no longer sent (cancelled if it comes due).
      expect((await desk.tickets()).filter((t) => t.description.startsWith('巡检发现'))).toHaveLength(1);
    });

    it('the record page has every line with its result, the ticket, and the sign-off lines', async () => {
      const school = await siteId('明湖小学');
      const inspection: Inspection = (await ofSite(school)).at(-1)!;
      const view = await inspectionView(desk.store.read, desk.catalog, inspection, desk.now);
      const html = recordHtml(desk.catalog, view, 'zh-CN');
      expect(html).toContain(`<html lang="zh-CN">`);
      expect(html).toContain('巡检记录');
      expect(html).toContain(inspection.number);
      expect(html).toContain('明湖小学');
      expect(html).toContain('GX-EDU 5.17');
      expect(html).toContain('赵工');
      expect(html.match(/<tr>\s*<td class="no">/g)).toHaveLength(17);
      for (const name of ['显示', '触摸', '电脑（OPS）', '配件', '展台成像', 'FX-PNL-0001', 'FX-VIS-0001', '三年级二班'])
        expect(html).toContain(name);
      const ticket = (await desk.tickets()).find((t) => t.id === inspection.items[1]!.ticketId)!;
      expect(html).toContain(ticket.number);
      expect(html).toContain('右下角断触');
      expect(html).toContain('共 17 项：正常 16 项，故障 1 项，备注 0 项，未检查 0 项。');
      for (const sign of ['客户签字：', '日期：', '工程师签字：']) expect(html).toContain(sign);
      expect(html).toContain('/api/console/inspection-record.css');
      const en = recordHtml(desk.catalog, view, 'en');
      expect(en).toContain('Inspection record');
      expect(en).toContain('Customer signature:');
    });

    it('a press on someone else’s inspection, or one not started, changes nothing', async () => {
      const centre = (await ofSite(await siteId('示例市文化馆'))).at(-1)!;
      await telegram.pressId(`insp:${centre.number}:start`);
      expect((await desk.lastBot(TG_KEY))!.text).toContain(`巡检 ${centre.number} 没有指派给您`);
      expect((await desk.store.read.inspections.get(centre.id))!.status).toBe('planned');
      // Free text with no line waiting for it goes to the flow as usual (not taken as a note).
      await desk.send(TG_KEY, '你好', { channel: 'telegram', userId: TG_KEY });
      expect((await desk.lastBot(TG_KEY))!.text).not.toContain('已记录');
    });
  });
}
