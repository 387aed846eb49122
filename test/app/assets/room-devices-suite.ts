import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetWarranty } from '../../../src/domain/asset-warranty.js';
import { assets } from '../../../src/storage/schema.js';
import type { TestDatabaseKind } from '../../support/database.js';
import { type TestDesk, testDesk } from '../../support/desk.js';

/**
 * "Which devices are in my room?" in the chat (issue 16): the room's registered devices with their
 * tag, kind and warranty end, the room asked when not known, retired devices left out, and a
 * button per device that starts a report on it.
 */
export function roomDevicesSuite(kind: TestDatabaseKind) {
  describe(`the devices of a teacher's room, on ${kind}`, () => {
    let desk: TestDesk;
    beforeAll(async () => {
      desk = await testDesk(kind);
    });
    afterAll(async () => desk?.close());

    /** The last day covered of a demo asset's warranty, as the register computes it. */
    const lastDay = async (tag: string) => {
      const [a] = await desk.database.db.select().from(assets).where(eq(assets.tag, tag));
      return assetWarranty(a!, desk.catalog.contracts.get(a!.contractId)!, desk.now)!.lastDay;
    };

    it('zh-CN: asked the room once, lists its devices with their warranty, and a button reports on one', async () => {
      const key = 'mr-zh';
      await desk.send(key, { kind: 'start' });
      await desk.send(key, '我们教室有哪些设备？');
      expect((await desk.lastBot(key))?.text).toBe('请选择学校或场馆：');
      await desk.press(key, '明湖小学');
      await desk.press(key, '三年级二班');
      const shown = await desk.lastBot(key);
      expect(shown?.text).toBe(
        [
          '明湖小学 三年级二班 登记的设备（共 2 台）：',
          `一体机 FX-PNL-0001：质保至 ${await lastDay('FX-PNL-0001')}（含）`,
          `展台 FX-VIS-0001：质保至 ${await lastDay('FX-VIS-0001')}（含）`,
          '哪台设备有问题，点选它即可报修。',
        ].join('\n'),
      );
      expect(shown?.choices?.map((c) => c.label)).toEqual(['一体机 FX-PNL-0001', '展台 FX-VIS-0001', '返回主菜单']);

      // Retired, the visualizer leaves the list; the room is remembered.
      await desk.database.db.update(assets).set({ retiredAt: desk.now }).where(eq(assets.tag, 'FX-VIS-0001'));
      await desk.press(key, '返回主菜单');
      await desk.send(key, '这个教室的设备');
      const again = await desk.lastBot(key);
      expect(again?.text).toMatch(/^明湖小学 三年级二班 登记的设备（共 1 台）：\n一体机 FX-PNL-0001：质保至/);
      expect(again?.choices?.map((c) => c.label)).toEqual(['一体机 FX-PNL-0001', '返回主菜单']);
      await desk.database.db.update(assets).set({ retiredAt: null }).where(eq(assets.tag, 'FX-VIS-0001'));

      const before = await desk.lastSeq(key);
      await desk.press(key, '一体机 FX-PNL-0001');
      await desk.send(key, '赵老师');
      expect(await desk.botTextsSince(key, before)).toContain('您正在为 一体机 FX-PNL-0001（明湖小学 三年级二班）报修。');
    });

    it('en: an out-of-warranty device says so; the teacher typed it in a hurry', async () => {
      const key = 'mr-en';
      await desk.send(key, { kind: 'start' });
      await desk.send(key, 'English');
      await desk.send(key, 'what devices are in my room');
      await desk.press(key, '明湖小学');
      await desk.press(key, '录播教室');
      const shown = await desk.lastBot(key);
      expect(shown?.text).toBe(
        [
          'Devices registered at 明湖小学 录播教室 (1):',
          `Interactive panel FX-PNL-0003: out of warranty (ended ${await lastDay('FX-PNL-0003')})`,
          'If one of them has a problem, pick it to report a fault.',
        ].join('\n'),
      );
      const before = await desk.lastSeq(key);
      await desk.send(key, '1');
      await desk.send(key, 'Ms Zhao');
      expect(await desk.botTextsSince(key, before)).toContain('You are reporting a fault on Interactive panel FX-PNL-0003');
    });

    it('a room without registered devices says so', async () => {
      const key = 'mr-empty';
      await desk.send(key, { kind: 'start' });
      await desk.send(key, '教室有哪些设备');
      await desk.press(key, '东山中学');
      await desk.database.db.update(assets).set({ retiredAt: desk.now }).where(eq(assets.tag, 'FX-PC-0101'));
      const before = await desk.lastSeq(key);
      await desk.press(key, '物理实验室');
      expect(await desk.botTextsSince(key, before)).toMatch(/^这个教室还没有登记的设备。如有故障，发送「报修」即可报修。/);
    });
  });
}
