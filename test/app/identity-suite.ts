import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelIdentities, contacts } from '../../src/storage/schema.js';
import type { TestDatabaseKind } from '../support/database.js';
import { type TestDesk, testDesk } from '../support/desk.js';

/** One person writing from several channels is one contact: "my tickets" is the same everywhere. */
export function identitySuite(kind: TestDatabaseKind) {
  describe(`one person on several channels, on ${kind}`, () => {
    let desk: TestDesk;
    beforeAll(async () => {
      desk = await testDesk(kind);
    });
    afterAll(async () => desk?.close());

    /** A quick ticket from the web chat, for the person behind `key`. */
    async function ticketFrom(key: string) {
      await desk.send(key, { kind: 'start' });
      await desk.send(key, '一体机没有声音');
      await desk.send(key, '冯老师');
      await desk.press(key, '明湖小学');
      await desk.press(key, '三年级二班'); // the panel: named in the first message
      // The panel may have an open ticket of an earlier test: this is another fault.
      if ((await desk.lastBot(key))?.choices?.some((c) => c.label === '仍然报新故障')) await desk.press(key, '仍然报新故障');
      for (const label of ['正常使用中出现', '还能用，但有问题', '只有这台设备', '否', '跳过', '没有解决', '确认提交'])
        await desk.press(key, label);
      return /工单号：(FX-\d{4}-\d{6})/.exec(await desk.botTextsSince(key, 0))![1]!;
    }

    it('a link code from the web chat, entered on Telegram, shows the same tickets there', async () => {
      const number = await ticketFrom('web-1');
      await desk.send('web-1', '关联');
      await desk.press('web-1', '获取关联码');
      const code = /您的关联码是 (\d{4} \d{4})/.exec((await desk.transcript('web-1')).map((m) => m.text).join('\n'))![1]!;

      const tg = { channel: 'telegram' as const, userId: 'tg-1' };
      await desk.send('tg-1', { kind: 'start' }, tg);
      await desk.send('tg-1', '/status', tg);
      expect(await desk.botTextsSince('tg-1', 0)).toMatch(/您还没有报修记录/);
      await desk.send('tg-1', '/link', tg);
      await desk.send('tg-1', '输入关联码', tg);
      await desk.send('tg-1', '123', tg);
      expect((await desk.lastBot('tg-1'))?.text).toMatch(/8 位关联码/);
      await desk.send('tg-1', code, tg);
      const before = await desk.lastSeq('tg-1');
      expect(await desk.botTextsSince('tg-1', before - 3)).toMatch(/关联成功/);
      await desk.send('tg-1', '我的工单', tg);
      expect(await desk.botTextsSince('tg-1', before)).toContain(number);

      const identities = await desk.database.db.select().from(channelIdentities);
      const web = identities.find((i) => i.externalId === 'web-1')!;
      const telegram = identities.find((i) => i.externalId === 'tg-1')!;
      expect(telegram.contactId).toBe(web.contactId);
      expect((await desk.database.db.select().from(contacts).where(eq(contacts.id, web.contactId)))[0]?.name).toBe('冯老师');
    });

    it('a code works once, and not after ten minutes', async () => {
      await desk.send('web-2', { kind: 'start' });
      await desk.send('web-2', '/link');
      await desk.send('web-2', '1');
      const code = /您的关联码是 (\d{4} \d{4})/.exec(await desk.botTextsSince('web-2', 0))![1]!;
      const tg = { channel: 'telegram' as const, userId: 'tg-2' };
      desk.advance(11 * 60_000);
      await desk.send('tg-2', { kind: 'start' }, tg);
      await desk.send('tg-2', '/link', tg);
      await desk.send('tg-2', '2', tg);
      await desk.send('tg-2', code, tg);
      expect(await desk.botTextsSince('tg-2', 0)).toMatch(/无效或已过期/);
    });

    it('sharing the same phone number on two channels links them', async () => {
      const number = await ticketFrom('web-3');
      await desk.send('web-3', { kind: 'contact', phone: '138 0013 8000' });
      const tg = { channel: 'telegram' as const, userId: 'tg-3' };
      await desk.send('tg-3', { kind: 'start' }, tg);
      await desk.send('tg-3', { kind: 'contact', phone: '+86 13800138000' }, tg);
      await desk.send('tg-3', '我的工单', tg);
      expect(await desk.botTextsSince('tg-3', 0)).toContain(number);
      const [web] = await desk.database.db.select().from(channelIdentities).where(eq(channelIdentities.externalId, 'web-3'));
      const [contact] = await desk.database.db.select().from(contacts).where(eq(contacts.id, web!.contactId));
      expect(contact?.phone).toBe('8613800138000');
    });
  });
}
