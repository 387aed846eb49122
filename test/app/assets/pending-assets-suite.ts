import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PendingAssetsDesk } from '../../../src/app/pending-assets.js';
import type { Agent } from '../../../src/ports/console-store.js';
import { agents, assetChanges, assets, conversations, pendingAssets, rooms, sites, tickets } from '../../../src/storage/schema.js';
import type { TestDatabaseKind } from '../../support/database.js';
import { type TestDesk, testDesk } from '../../support/desk.js';

/** Presses the first of these labels the newest question offers, while one is offered. */
async function answer(desk: TestDesk, key: string, labels: readonly string[]): Promise<void> {
  for (;;) {
    const offered = (await desk.lastBot(key))?.choices ?? [];
    const label = labels.find((l) => offered.some((c) => c.label === l));
    if (!label) return;
    await desk.press(key, label);
  }
}

const ZH_ANSWERS = ['正常使用中出现', '完全不能用', '只有这台设备', '否', '跳过', '没有解决', '确认提交'];
const EN_ANSWERS = ['During normal use', 'Not at all', 'Just this device', 'No', 'Skip', 'No, still broken', 'Submit'];

/**
 * A report on a device the register lacks (issue 16): the teacher types (or scans) a tag nobody
 * registered, is offered to go on, names the kind, and the ticket is opened with a pending device
 * for the coordinator, once per tag while it is pending.
 */
export function pendingAssetsSuite(kind: TestDatabaseKind) {
  describe(`reports on an unknown tag, on ${kind}`, () => {
    let desk: TestDesk;
    beforeAll(async () => {
      desk = await testDesk(kind);
    });
    afterAll(async () => desk?.close());

    const rowsOf = (tag: string) => desk.database.db.select().from(pendingAssets).where(eq(pendingAssets.tag, tag));
    const place = async (siteName: string, roomName: string) => {
      const [site] = await desk.database.db.select().from(sites).where(eq(sites.name, siteName));
      const [room] = await desk.database.db.select().from(rooms).where(eq(rooms.name, roomName));
      return { siteId: site!.id, roomId: room!.id };
    };
    /** A zh-CN teacher starts a report in a room of a school (the device question comes next). */
    const reportIn = async (key: string, name: string, school: string, room: string) => {
      await desk.send(key, { kind: 'start' });
      await desk.send(key, '报修');
      await desk.send(key, name);
      await desk.press(key, school);
      await desk.press(key, room);
    };

    it('zh-CN: a hurried teacher types the tag in lower case with spaces, goes on anyway, and the device waits for the coordinator', async () => {
      const key = 'pa-zh';
      await reportIn(key, '钱老师', '明湖小学', '录播教室');
      await desk.press(key, '不在列表中');
      await desk.send(key, 'fx xyz 9999');
      const offer = await desk.lastBot(key);
      expect(offer?.text).toBe(
        '没有找到标签为 FX-XYZ-9999 的设备，可能还没有登记。可以继续报修（我们会请管理员登记这台设备），或重新输入标签号。',
      );
      expect(offer?.choices?.map((c) => c.label)).toEqual(['继续报修', '重新输入']);
      // Typed, not pressed: the words of the option.
      await desk.send(key, '继续报修');
      expect((await desk.lastBot(key))?.text).toBe('是哪一类设备？');
      await desk.press(key, '投影仪');
      await desk.send(key, '投影仪不亮了，马上要上课');
      await answer(desk, key, ZH_ANSWERS);
      const texts = await desk.botTextsSince(key, 0);
      const number = /工单号：(FX-2026-\d{6})/.exec(texts)?.[1];
      expect(number).toBeDefined();
      const [ticket] = await desk.database.db.select().from(tickets).where(eq(tickets.number, number!));
      expect(ticket!.assetId).toBeNull();
      const conversation = await desk.conversation(key);
      const rows = await rowsOf('FX-XYZ-9999');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        ...(await place('明湖小学', '录播教室')),
        kind: 'projector',
        contactId: conversation!.contactId,
        ticketId: ticket!.id,
        status: 'pending',
      });
    });

    it('en: the same tag reported again by another teacher keeps one pending row; a retyped known tag is found', async () => {
      const key = 'pa-en';
      await desk.send(key, { kind: 'start' });
      await desk.send(key, 'English');
      await desk.press(key, 'Report a fault');
      await desk.send(key, 'Ms Lee');
      await desk.press(key, '明湖小学');
      await desk.press(key, '录播教室');
      await desk.press(key, 'Not in the list');
      await desk.send(key, 'Fx-Xyz 9999 ');
      expect((await desk.lastBot(key))?.text).toMatch(/^No device is registered under the tag FX-XYZ-9999 yet\./);
      await desk.send(key, 'anyway');
      expect((await desk.lastBot(key))?.text).toBe('What kind of device is it?');
      await desk.press(key, 'Projector');
      await desk.send(key, 'the projector shows nothing');
      await answer(desk, key, EN_ANSWERS);
      expect(await desk.botTextsSince(key, 0)).toMatch(/registered as ticket FX-2026-\d{6}/);
      expect(await rowsOf('FX-XYZ-9999')).toHaveLength(1);
      expect(await desk.database.db.select().from(pendingAssets)).toHaveLength(1);
    });

    it('a wrong tag typed again is found when it exists; nothing is kept', async () => {
      const key = 'pa-retype';
      await reportIn(key, '孙老师', '明湖小学', '录播教室');
      await desk.press(key, '不在列表中');
      await desk.send(key, 'FX-PNL-0303');
      expect((await desk.lastBot(key))?.choices?.map((c) => c.label)).toEqual(['继续报修', '重新输入']);
      await desk.press(key, '重新输入');
      expect((await desk.lastBot(key))?.text).toMatch(/^请输入设备上贴的资产标签号/);
      await desk.send(key, 'fx pnl 0003');
      expect(await desk.botTextsSince(key, (await desk.lastSeq(key)) - 3)).toMatch(/找到设备：一体机 FX-PNL-0003/);
      expect(await desk.database.db.select().from(pendingAssets)).toHaveLength(1);
    });

    it('a scanned label whose tag is unknown goes on as a normal report and keeps the tag', async () => {
      const key = 'pa-scan';
      await desk.send(key, { kind: 'start', assetTag: 'fx-new-0042' });
      await desk.send(key, '周老师');
      expect(await desk.botTextsSince(key, 0)).toMatch(/没有找到标签为 fx-new-0042 的设备，我们按普通报修继续。/);
      await desk.press(key, '东山中学');
      await desk.press(key, '物理实验室');
      await desk.press(key, '不在列表中');
      await desk.press(key, '不知道标签号');
      await desk.press(key, '电脑');
      await desk.send(key, '电脑开不了机');
      await answer(desk, key, ZH_ANSWERS);
      const [row] = await rowsOf('FX-NEW-0042');
      expect(row).toMatchObject({ ...(await place('东山中学', '物理实验室')), kind: 'computer', status: 'pending' });
      const [conversation] = await desk.database.db.select().from(conversations).where(eq(conversations.externalKey, key));
      expect(row!.contactId).toBe(conversation!.contactId);
    });

    it("zh-CN: a retired panel's tag typed by a teacher waits as pending; the coordinator links it, the panel is back in use and found", async () => {
      const db = desk.database.db;
      const [panel] = await db
        .update(assets)
        .set({ retiredAt: new Date('2026-05-06T02:00:00Z') })
        .where(eq(assets.tag, 'FX-PNL-0003'))
        .returning();
      const key = 'pa-retired';
      await reportIn(key, '吴老师', '明湖小学', '录播教室');
      // The room's only panel is retired: no device to choose, the tag is asked at once.
      await desk.send(key, 'fx pnl 0003');
      expect((await desk.lastBot(key))?.choices?.map((c) => c.label)).toEqual(['继续报修', '重新输入']);
      await desk.send(key, '继续报修');
      await desk.press(key, '一体机/交互大屏');
      await desk.send(key, '一体机黑屏');
      await answer(desk, key, ZH_ANSWERS);
      const number = /工单号：(FX-2026-\d{6})/.exec(await desk.botTextsSince(key, 0))?.[1];
      const [ticket] = await db.select().from(tickets).where(eq(tickets.number, number!));
      const [pending] = await rowsOf('FX-PNL-0003');
      expect(pending).toMatchObject({ status: 'pending', ticketId: ticket!.id });

      const [a] = await db
        .insert(agents)
        .values({ username: 'pa-coord', displayName: '台账协调', role: 'coordinator', passwordHash: 'x' })
        .returning();
      const coordinator = { ...a!, lang: 'zh-CN' } as unknown as Agent;
      const pendingDesk = new PendingAssetsDesk(desk.store, desk.catalog, () => new Date('2026-11-30T02:00:00Z'));
      const [listed] = (await pendingDesk.list(coordinator)).filter((p) => p.tag === 'FX-PNL-0003');
      expect(listed!.registered).toMatchObject({
        assetId: panel!.id,
        kind: 'interactive_panel',
        siteName: '明湖小学',
        roomName: '录播教室',
      });
      await expect(
        pendingDesk.confirm(coordinator, pending!.id, { kind: 'interactive_panel', siteId: panel!.siteId, acceptedOn: '2025-09-01' }),
      ).rejects.toMatchObject({ code: 'tag_taken' });
      expect(await pendingDesk.link(coordinator, pending!.id)).toEqual({ assetId: panel!.id, restored: true });
      await expect(pendingDesk.link(coordinator, pending!.id)).rejects.toMatchObject({ code: 'not_pending' });

      const [back] = await db.select().from(assets).where(eq(assets.id, panel!.id));
      expect(back!.retiredAt).toBeNull();
      const [linked] = await db.select().from(tickets).where(eq(tickets.id, ticket!.id));
      expect(linked!.assetId).toBe(panel!.id);
      const history = await db.select().from(assetChanges).where(eq(assetChanges.assetId, panel!.id));
      expect(history.filter((h) => h.action === 'restored').map((h) => [h.ticketId, h.agentId])).toEqual([[ticket!.id, a!.id]]);
      // The next teacher who types the tag finds the panel.
      const next = 'pa-retired-next';
      await reportIn(next, '郑老师', '明湖小学', '录播教室');
      await desk.press(next, '不在列表中');
      await desk.send(next, 'FX-PNL-0003');
      expect(await desk.botTextsSince(next, (await desk.lastSeq(next)) - 3)).toMatch(/找到设备：一体机 FX-PNL-0003/);
    });
  });
}
