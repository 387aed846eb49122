import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetEditBody, AssetListQuery } from '../../src/app/asset-register/edit.js';
import { AssetRegisterDesk } from '../../src/app/asset-register/register-desk.js';
import type { Agent } from '../../src/ports/console-store.js';
import { drizzleStore } from '../../src/storage/store.js';
import { agents, assetChanges, assets, rooms, sites } from '../../src/storage/schema.js';
import type { TestDatabaseKind } from '../support/database.js';
import { type TestDesk, testDesk } from '../support/desk.js';

/** Monday 30 November 2026, 10:00 in Shanghai: "today" is 2026-11-30. */
const NOW = new Date('2026-11-30T02:00:00Z');
const DAY = 86_400_000;

const query = (q: Partial<AssetListQuery> = {}): AssetListQuery => ({ status: 'active', limit: 50, ...q });

/**
 * The asset register (issue 16 item 2 and 4): search and filters, the warranty-expiry list around
 * its boundaries, edits and moves with one audit row each (none for an edit that changes nothing),
 * retirement hiding an asset from the teachers' choices and the default list, restoration.
 */
export function assetRegisterSuite(kind: TestDatabaseKind) {
  describe(`the asset register, on ${kind}`, () => {
    let desk: TestDesk;
    let register: AssetRegisterDesk;
    let coordinator: Agent;
    let siteId = '';
    let otherSiteId = '';
    const room: Record<string, string> = {};
    const id: Record<string, string> = {};

    beforeAll(async () => {
      desk = await testDesk(kind, { now: NOW });
      const db = desk.database.db;
      register = new AssetRegisterDesk(desk.store, desk.catalog);
      const [a] = await db
        .insert(agents)
        .values({ username: 'reg-coord', displayName: '台账协调', role: 'coordinator', passwordHash: 'x' })
        .returning();
      coordinator = { ...a!, lang: 'zh-CN' } as unknown as Agent;
      const [gx] = await db.select().from(sites).where(eq(sites.contractId, 'GX-EDU')).limit(1);
      const insertSite = async (name: string) =>
        (await db.insert(sites).values({ organisationId: gx!.organisationId, name, aliases: [], contractId: 'GX-EDU' }).returning())[0]!.id;
      siteId = await insertSite('台账测试小学');
      otherSiteId = await insertSite('台账测试中学');
      for (const [key, site, name] of [
        ['one', siteId, '一班'],
        ['two', siteId, '二班'],
        ['lab', otherSiteId, '机房'],
      ] as const) {
        room[key] = (await db.insert(rooms).values({ siteId: site, name, aliases: [] }).returning())[0]!.id;
      }
      // GX-EDU: 12 months unless the asset says otherwise; today is 2026-11-30.
      const rows = [
        ['RG-0001', 'interactive_panel', 'one', '2025-12-01', null, 'EduBoard 75'], // ends 2026-12-01: 1 day left
        ['RG-0002', 'computer', 'one', '2025-11-30', null, 'ClassPC'], // ends today: over
        ['RG-0003', 'projector', 'two', '2025-12-30', null, 'Beam 3'], // 30 days left
        ['RG-0004', 'visualizer', 'two', '2025-12-31', null, 'DocCam'], // 31 days left
        ['RG-0005', 'blackboard', 'two', '2024-03-01', 36, 'SlideBoard'], // ends 2027-03-01: 91 days
        ['RG-0006', 'blackboard', 'one', '2024-02-28', 36, 'SlideBoard'], // ends 2027-02-28: 90 days
        ['RG-0007', 'server', 'lab', '2026-01-15', null, 'Model_X%'],
        ['RG-0008', 'server', 'lab', '2026-01-15', null, 'ModelAX'],
      ] as const;
      for (const [tag, k, r, acceptedAt, warrantyMonths, model] of rows) {
        const inserted = await db
          .insert(assets)
          .values({
            tag,
            kind: k,
            model,
            serial: `SN-${tag}`,
            siteId: r === 'lab' ? otherSiteId : siteId,
            roomId: room[r]!,
            contractId: 'GX-EDU',
            acceptedAt,
            warrantyMonths,
          })
          .returning();
        id[tag] = inserted[0]!.id;
      }
    }, 60_000);
    afterAll(async () => desk?.close());

    const tags = async (q: Partial<AssetListQuery>, now = NOW) =>
      (await register.list(coordinator, query(q), now)).assets.map((a) => a.tag);
    const changesOf = (assetId: string) => desk.database.db.select().from(assetChanges).where(eq(assetChanges.assetId, assetId));

    it('filters by school, room and kind, sorted by tag, with the total', async () => {
      expect(await tags({ site: siteId })).toEqual(['RG-0001', 'RG-0002', 'RG-0003', 'RG-0004', 'RG-0005', 'RG-0006']);
      expect(await tags({ room: room.two })).toEqual(['RG-0003', 'RG-0004', 'RG-0005']);
      expect(await tags({ site: siteId, kind: 'blackboard' })).toEqual(['RG-0005', 'RG-0006']);
      const page = await register.list(coordinator, query({ site: siteId }), NOW);
      expect(page.total).toBe(6);
      expect(page.assets[0]).toMatchObject({ site: { name: '台账测试小学' }, room: { name: '一班' }, acceptedOn: '2025-12-01' });
      expect(page.assets[0]!.warranty).toMatchObject({ ends: '2026-12-01', lastDay: '2026-11-30', daysLeft: 1, months: 12 });
    });

    it('searches tag, serial, model, school and room names, with % and _ taken literally', async () => {
      expect(await tags({ q: 'rg-000' })).toHaveLength(8);
      expect(await tags({ q: 'sn-rg-0003' })).toEqual(['RG-0003']);
      expect(await tags({ q: 'model_x%' })).toEqual(['RG-0007']);
      expect(await tags({ q: '机房', site: otherSiteId })).toEqual(['RG-0007', 'RG-0008']);
      expect(await tags({ q: '一班', site: siteId })).toEqual(['RG-0001', 'RG-0002', 'RG-0006']);
      expect(await tags({ q: '台账测试中' })).toEqual(['RG-0007', 'RG-0008']);
      expect(await tags({ q: '%' })).toEqual(['RG-0007']);
    });

    it('pages with a cursor: every asset once, in order, the total on each page', async () => {
      const seen: string[] = [];
      let after: string | undefined;
      for (let i = 0; i < 5; i++) {
        const page = await register.list(coordinator, query({ site: siteId, limit: 4, ...(after ? { after } : {}) }), NOW);
        expect(page.total).toBe(6);
        seen.push(...page.assets.map((a) => a.tag));
        if (!page.next) break;
        after = page.next;
      }
      expect(seen).toEqual(['RG-0001', 'RG-0002', 'RG-0003', 'RG-0004', 'RG-0005', 'RG-0006']);
      // A cursor that is not one of ours starts from the top instead of failing.
      expect(await tags({ site: siteId, after: 'not-a-cursor', limit: 1 })).toEqual(['RG-0001']);
    });

    it('lists the warranties ending within 30, 60 or 90 days, soonest first, on the boundary days', async () => {
      expect(await tags({ site: siteId, warrantyWithin: '30' })).toEqual(['RG-0001', 'RG-0003']);
      expect(await tags({ site: siteId, warrantyWithin: '60' })).toEqual(['RG-0001', 'RG-0003', 'RG-0004']);
      expect(await tags({ site: siteId, warrantyWithin: '90' })).toEqual(['RG-0001', 'RG-0003', 'RG-0004', 'RG-0006']);
      // A day later RG-0001's warranty is over (its end is today) and RG-0005 comes within 90 days.
      const tomorrow = new Date(NOW.getTime() + DAY);
      expect(await tags({ site: siteId, warrantyWithin: '90' }, tomorrow)).toEqual(['RG-0003', 'RG-0004', 'RG-0006', 'RG-0005']);
      // Days are Shanghai's: 23:59 there is still the 30th; at midnight RG-0001 is over and RG-0004 comes within 30 days.
      expect(await tags({ site: siteId, warrantyWithin: '30' }, new Date('2026-11-30T15:59:00Z'))).toEqual(['RG-0001', 'RG-0003']);
      expect(await tags({ site: siteId, warrantyWithin: '30' }, new Date('2026-11-30T16:00:00Z'))).toEqual(['RG-0003', 'RG-0004']);
      const paged = await register.list(coordinator, query({ site: siteId, warrantyWithin: '90', limit: 2 }), NOW);
      expect(paged.total).toBe(4);
      const rest = await register.list(coordinator, query({ site: siteId, warrantyWithin: '90', limit: 2, after: paged.next! }), NOW);
      expect(rest.assets.map((a) => [a.tag, a.warranty?.daysLeft])).toEqual([
        ['RG-0004', 31],
        ['RG-0006', 90],
      ]);
      expect(rest.next).toBeNull();
    });

    it('writes an edit with one audit row of before and after; an edit that changes nothing writes none', async () => {
      const page = await register.update(coordinator, id['RG-0003']!, { model: 'Beam 4', warrantyMonths: 24 }, NOW);
      expect(page.asset).toMatchObject({ model: 'Beam 4', warrantyMonths: 24 });
      expect(page.warranty?.ends).toBe('2027-12-30');
      const rows = await changesOf(id['RG-0003']!);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        action: 'updated',
        agentId: coordinator.id,
        changes: { model: { before: 'Beam 3', after: 'Beam 4' }, warrantyMonths: { before: null, after: 24 } },
      });
      expect(page.history[0]).toMatchObject({ action: 'updated', agentName: '台账协调' });
      await register.update(coordinator, id['RG-0003']!, { model: 'Beam 4', kind: 'projector', tag: 'rg-0003' }, NOW);
      expect(await changesOf(id['RG-0003']!)).toHaveLength(1);
    });

    it('refuses a changed tag, a future acceptance and a room of another school', async () => {
      const edit = (body: AssetEditBody) => register.update(coordinator, id['RG-0004']!, body, NOW);
      await expect(edit({ tag: 'RG-9999' })).rejects.toMatchObject({ code: 'tag_unchanged' });
      await expect(edit({ acceptedOn: '2026-12-01' })).rejects.toMatchObject({ code: 'accepted_in_future' });
      await expect(edit({ roomId: room.lab! })).rejects.toMatchObject({ code: 'unknown_room' });
      expect(await changesOf(id['RG-0004']!)).toHaveLength(0);
    });

    it('moves an asset to another room and another school, the rooms and schools by name', async () => {
      const tag = id['RG-0004']!;
      await register.update(coordinator, tag, { roomId: room.one! }, NOW);
      await register.update(coordinator, tag, { siteId: otherSiteId }, NOW);
      const page = await register.page(coordinator, tag, NOW);
      expect(page.asset).toMatchObject({ site: { name: '台账测试中学' }, room: null });
      expect(page.history.map((h) => [h.action, h.changes])).toEqual([
        ['moved', { site: { before: '台账测试小学', after: '台账测试中学' }, room: { before: '一班', after: null } }],
        ['moved', { room: { before: '二班', after: '一班' } }],
      ]);
    });

    it('retires an asset: gone from the room offered in chat, its tag unknown, off the default list; restored, back', async () => {
      // The places as a server keeps them, cached: the retirement must reach them at once.
      const cached = drizzleStore(desk.database, { placesTtlMs: 60_000 });
      const cachedRegister = new AssetRegisterDesk(cached, desk.catalog);
      const offered = async () => (await cached.read.places.listAssetsInRoom(room.one!)).map((a) => a.tag);
      expect(await offered()).toContain('RG-0001');
      expect(await cached.read.places.findAssetByTag('rg-0001')).not.toBeNull();

      const page = await cachedRegister.retire(coordinator, id['RG-0001']!, '屏幕损坏，已报废', NOW);
      expect(page.asset.retiredAt).toEqual(NOW);
      expect(page.history[0]).toMatchObject({ action: 'retired', note: '屏幕损坏，已报废' });
      expect(await offered()).not.toContain('RG-0001');
      expect(await cached.read.places.findAssetByTag('RG-0001')).toBeNull();
      expect(await tags({ site: siteId })).not.toContain('RG-0001');
      expect(await tags({ site: siteId, status: 'retired' })).toEqual(['RG-0001']);
      expect(await tags({ site: siteId, status: 'all' })).toContain('RG-0001');
      await expect(cachedRegister.retire(coordinator, id['RG-0001']!, 'again', NOW)).rejects.toMatchObject({ code: 'unchanged' });

      const back = await cachedRegister.restore(coordinator, id['RG-0001']!, NOW);
      expect(back.asset.retiredAt).toBeNull();
      expect(back.history.map((h) => h.action).slice(0, 2)).toEqual(['restored', 'retired']);
      expect(await offered()).toContain('RG-0001');
      expect(await cached.read.places.findAssetByTag('RG-0001')).not.toBeNull();
      expect(await tags({ site: siteId })).toContain('RG-0001');
    });

    it('a teacher reporting from the room is not offered a retired device, and its typed tag is not found', async () => {
      const [seeded] = await desk.database.db.select().from(assets).where(eq(assets.tag, 'FX-PNL-0003'));
      await register.retire(coordinator, seeded!.id, '已拆除', NOW);
      const key = 'register-retired-tag';
      await desk.send(key, { kind: 'start' });
      await desk.send(key, '报修');
      await desk.send(key, '钱老师');
      await desk.press(key, '明湖小学');
      await desk.press(key, '录播教室');
      const offered = (await desk.transcript(key)).flatMap((m) => m.choices?.map((c) => c.label) ?? []);
      expect(offered.join(' ')).not.toContain('FX-PNL-0003');
      await desk.send(key, 'FX-PNL-0003');
      expect(JSON.stringify(await desk.transcript(key))).toContain('没有找到标签为 FX-PNL-0003 的设备');
      await register.restore(coordinator, seeded!.id, NOW);
    });

    it("shows the asset's tickets and its replaced parts with the 90-day cover", async () => {
      await desk.database.db
        .update(assets)
        .set({
          replacedParts: [
            { part: 'touch_frame', replacedAt: '2026-11-01' },
            { part: 'side_cover', replacedAt: '2025-06-01' },
          ],
        })
        .where(eq(assets.id, id['RG-0002']!));
      const page = await register.page(coordinator, id['RG-0002']!, NOW);
      expect(page.warranty?.daysLeft).toBe(0);
      expect(page.partsRule).toEqual({ days: 90, clause: '5.21.2' });
      expect(page.replacedParts).toEqual([
        {
          part: 'touch_frame',
          name: { 'zh-CN': '触摸框', en: 'touch frame' },
          replacedAt: '2026-11-01',
          ticketNumber: null,
          coveredThrough: '2027-01-29',
          covered: true,
        },
        {
          part: 'side_cover',
          name: { 'zh-CN': 'side_cover', en: 'side_cover' },
          replacedAt: '2025-06-01',
          ticketNumber: null,
          coveredThrough: '2026-11-29',
          covered: false,
        },
      ]);
      expect(page.tickets).toEqual([]);
      await expect(register.page(coordinator, '00000000-0000-4000-8000-000000000000', NOW)).rejects.toMatchObject({ name: 'NotFound' });
    });

    it("names no clause for a parts rule the contract does not hold (CG-CULTURE's is the desk's policy)", async () => {
      const db = desk.database.db;
      const [cg] = await db.select().from(sites).where(eq(sites.contractId, 'CG-CULTURE')).limit(1);
      const [asset] = await db
        .insert(assets)
        .values({ tag: 'RG-CG-1', kind: 'server', siteId: cg!.id, contractId: 'CG-CULTURE', acceptedAt: '2026-01-15' })
        .returning();
      expect((await register.page(coordinator, asset!.id, NOW)).partsRule).toEqual({ days: 90, clause: null });
    });

    it('refuses an agent an edit, with the reason', async () => {
      const agent = { ...coordinator, role: 'agent' } as Agent;
      expect((await register.list(agent, query({ site: siteId }), NOW)).total).toBeGreaterThan(0);
      await expect(register.update(agent, id['RG-0005']!, { model: 'x' }, NOW)).rejects.toMatchObject({ name: 'Forbidden' });
      const rows = await desk.database.db
        .select()
        .from(assetChanges)
        .where(and(eq(assetChanges.assetId, id['RG-0005']!)));
      expect(rows).toHaveLength(0);
    });
  });
}
