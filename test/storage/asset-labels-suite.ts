import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetRegisterRepo } from '../../src/ports/asset-register.js';
import { assets, rooms, sites } from '../../src/storage/schema.js';
import type { TestDatabaseKind } from '../support/database.js';
import { type TestDesk, testDesk } from '../support/desk.js';

/** What the QR labels read of the register: a school's, a room's or chosen active assets, in order, and the places with their counts. */
export function assetLabelsSuite(kind: TestDatabaseKind) {
  describe(`the register's label reads, on ${kind}`, () => {
    let desk: TestDesk;
    let register: AssetRegisterRepo;
    let siteId: string;
    const roomIds: Record<string, string> = {};
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      desk = await testDesk(kind);
      const db = desk.database.db;
      const [gx] = await db.select().from(sites).where(eq(sites.contractId, 'GX-EDU')).limit(1);
      const [site] = await db
        .insert(sites)
        .values({ organisationId: gx!.organisationId, name: '标签实验小学', aliases: [], contractId: 'GX-EDU' })
        .returning();
      siteId = site!.id;
      for (const name of ['B202', 'A101', 'C303']) {
        const [room] = await db.insert(rooms).values({ siteId, name, aliases: [] }).returning();
        roomIds[name] = room!.id;
      }
      const rows: [string, string | null, boolean][] = [
        ['LBL-0003', 'B202', false],
        ['LBL-0001', 'B202', false],
        ['LBL-0002', 'A101', false],
        ['LBL-0004', null, false],
        ['LBL-0005', 'A101', true],
        ['LBL-0006', 'C303', true],
      ];
      for (const [tag, room, retired] of rows) {
        const [asset] = await db
          .insert(assets)
          .values({
            tag,
            kind: 'projector',
            siteId,
            roomId: room ? roomIds[room]! : null,
            contractId: 'GX-EDU',
            acceptedAt: '2026-03-01',
            ...(retired ? { retiredAt: new Date('2026-06-01T00:00:00Z') } : {}),
          })
          .returning();
        ids[tag] = asset!.id;
      }
      register = desk.store.read.assets.register;
    });
    afterAll(async () => desk?.close());

    it('a school: its active assets by room and tag (no room last), retired ones left out', async () => {
      const found = await register.labelAssets({ siteId }, 100);
      expect(found.map((a) => [a.tag, a.room?.name ?? null])).toEqual([
        ['LBL-0002', 'A101'],
        ['LBL-0001', 'B202'],
        ['LBL-0003', 'B202'],
        ['LBL-0004', null],
      ]);
      expect(found[0]).toEqual({
        id: ids['LBL-0002'],
        tag: 'LBL-0002',
        kind: 'projector',
        site: { id: siteId, name: '标签实验小学' },
        room: { id: roomIds.A101, name: 'A101' },
      });
      expect((await register.labelAssets({ siteId }, 2)).map((a) => a.tag)).toEqual(['LBL-0002', 'LBL-0001']);
    });

    it('a room, chosen ids (with the school, only its own), none', async () => {
      expect((await register.labelAssets({ roomId: roomIds.B202! }, 100)).map((a) => a.tag)).toEqual(['LBL-0001', 'LBL-0003']);
      expect((await register.labelAssets({ roomId: roomIds.C303! }, 100)).map((a) => a.tag)).toEqual([]);
      const chosen = [ids['LBL-0004']!, ids['LBL-0005']!, ids['LBL-0001']!];
      expect((await register.labelAssets({ ids: chosen }, 100)).map((a) => a.tag)).toEqual(['LBL-0001', 'LBL-0004']);
      const elsewhere = (await desk.database.db.select({ id: assets.id }).from(assets).where(eq(assets.tag, 'FX-PNL-0001')))[0]!.id;
      expect((await register.labelAssets({ siteId, ids: [elsewhere, ids['LBL-0002']!] }, 100)).map((a) => a.tag)).toEqual(['LBL-0002']);
      expect(await register.labelAssets({ ids: [] }, 100)).toEqual([]);
    });

    it('the places: schools with their rooms and counts of active assets', async () => {
      const place = (await register.labelPlaces()).find((p) => p.id === siteId);
      expect(place).toEqual({
        id: siteId,
        name: '标签实验小学',
        assets: 4,
        rooms: [
          { id: roomIds.A101, name: 'A101', assets: 1 },
          { id: roomIds.B202, name: 'B202', assets: 2 },
        ],
      });
    });
  });
}
