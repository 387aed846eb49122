import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, ticketEvents, tickets } from '../../src/storage/schema.js';
import type { TestDatabaseKind } from '../support/database.js';
import { type TestDesk, testDesk } from '../support/desk.js';

/** Thanks, status questions, adding to and reopening tickets, and interruptions, on the whole desk. */
export function followUpSuite(kind: TestDatabaseKind) {
  let desk: TestDesk;
  beforeAll(async () => {
    desk = await testDesk(kind);
  });
  afterAll(async () => desk?.close());

  /** A teacher scans the QR sticker of a device and reports a fault with the zh-CN buttons; returns the ticket number. */
  async function reportByQr(key: string, tag: string, description: string, name = '王老师') {
    await desk.send(key, { kind: 'start', assetTag: tag });
    await desk.send(key, name);
    await desk.send(key, description);
    for (const label of ['正常使用中出现', '完全不能用', '只有这台设备', '否', '跳过']) await desk.press(key, label);
    if ((await desk.lastBot(key))?.choices?.some((c) => c.label === '没有解决')) await desk.press(key, '没有解决');
    await desk.press(key, '确认提交');
    const number = /工单号：(FX-\d{4}-\d{6})/.exec(await desk.botTextsSince(key, 0))?.[1];
    if (!number) throw new Error('no ticket was opened');
    return number;
  }

  async function ticket(number: string) {
    const [row] = await desk.database.db.select().from(tickets).where(eq(tickets.number, number));
    if (!row) throw new Error(`no ticket ${number}`);
    const events = await desk.database.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, row.id)).orderBy(ticketEvents.id);
    return { ...row, events };
  }

  const ticketCount = async () => (await desk.tickets()).length;

  describe(`messages after a ticket, on the whole desk, on ${kind}`, () => {
    let number = '';
    const key = 'w-follow';

    it('"谢谢" after the ticket is answered kindly and opens nothing', async () => {
      number = await reportByQr(key, 'FX-PNL-0001', '一体机黑屏了，按电源键没反应');
      const before = await ticketCount();
      const seq = await desk.lastSeq(key);
      await desk.send(key, '好的，谢谢！');
      const said = await desk.botTextsSince(key, seq);
      expect(said).toMatch(/不客气/);
      expect(said).not.toMatch(/怎么称呼|描述一下故障/);
      expect(await ticketCount()).toBe(before);
    });

    it('"工程师什么时候到" shows the open ticket, its status and clocks', async () => {
      const seq = await desk.lastSeq(key);
      await desk.send(key, '工程师什么时候到？');
      const said = await desk.botTextsSince(key, seq);
      expect(said).toContain(number);
      expect(said).toMatch(/已登记/);
    });

    it('another teacher reporting the same panel is told of the open ticket and adds to it, with a photo', async () => {
      const other = 'w-other';
      const before = await ticketCount();
      await desk.send(other, { kind: 'start', assetTag: 'FX-PNL-0001' });
      await desk.send(other, '李老师');
      const offer = await desk.lastBot(other);
      expect(offer?.text).toMatch(new RegExp(`FX-PNL-0001 已有未完成的工单 ${number}（已登记）`));
      await desk.press(other, `补充到工单 ${number}`);
      const [photo] = await desk.database.db
        .insert(attachments)
        .values({ mime: 'image/png', size: 60, sha256: 'x', storageKey: 'k-follow' })
        .returning({ id: attachments.id });
      let seq = await desk.lastSeq(other);
      await desk.send(other, { kind: 'photo', attachmentId: photo!.id });
      expect(await desk.botTextsSince(other, seq)).toMatch(/照片已收到[\s\S]*我会补充到工单/);
      seq = await desk.lastSeq(other);
      await desk.send(other, '下午又试了一次，还是没画面');
      expect(await desk.botTextsSince(other, seq)).toMatch(new RegExp(`已补充到工单 ${number}`));
      expect(await ticketCount()).toBe(before);
      const t = await ticket(number);
      expect(t.events.map((e) => [e.kind, e.actor])).toContainEqual(['reporter_added', 'bot']);
      expect(t.events.find((e) => e.kind === 'reporter_added')?.data).toMatchObject({ text: '下午又试了一次，还是没画面' });
      // The console's ticket view, which agents watch live, shows the addition.
      const detail = await desk.store.read.console.tickets.detail(t.id);
      expect(detail?.events.at(-1)).toMatchObject({ kind: 'reporter_added', data: { text: '下午又试了一次，还是没画面', photos: 1 } });
      expect(detail?.attachments.map((a) => a.id)).toContain(photo!.id);
    });

    it('after the desk resolved it, "还是黑屏，没修好" reopens it with those words as the reason', async () => {
      const t = await ticket(number);
      await desk.database.db
        .update(tickets)
        .set({ status: 'resolved', resolvedAt: desk.now, respondedAt: desk.now })
        .where(eq(tickets.id, t.id));
      desk.advance(2 * 86_400_000);
      const before = await ticketCount();
      await desk.send(key, '还是黑屏，没修好');
      const offer = await desk.lastBot(key);
      expect(offer?.text).toMatch(new RegExp(`${number}（已解决）`));
      expect(offer?.choices?.map((c) => c.label)).toEqual([`重新打开工单 ${number}`, `补充到工单 ${number}`, '这是新的故障']);
      await desk.press(key, `重新打开工单 ${number}`);
      expect((await desk.lastBot(key))?.text ?? '').toMatch(/请选择需要的服务/);
      expect(await desk.botTextsSince(key, 0)).toMatch(new RegExp(`已重新打开工单 ${number}`));
      const after = await ticket(number);
      expect(after.status).toBe('remote_support');
      expect(after.resolvedAt).toBeNull();
      expect(after.events.at(-1)).toMatchObject({
        kind: 'reopened',
        actor: 'bot',
        data: { from: 'resolved', to: 'remote_support', reason: '还是黑屏，没修好' },
      });
      expect(await ticketCount()).toBe(before);
    });

    it('a ticket resolved longer ago than recentDays is not offered: the words start a new report', async () => {
      const t = await ticket(number);
      await desk.database.db.update(tickets).set({ status: 'resolved', resolvedAt: desk.now }).where(eq(tickets.id, t.id));
      desk.advance(15 * 86_400_000);
      const seq = await desk.lastSeq(key);
      await desk.send(key, '又坏了');
      const said = await desk.botTextsSince(key, seq);
      expect(said).not.toMatch(/重新打开/);
      expect(said).toMatch(/还是在|学校|哪台设备/);
      await desk.send(key, '取消');
    });
  });

  describe(`interruptions on the whole desk, in English, on ${kind}`, () => {
    it('"hello" mid-report asks, "Continue" keeps the answers; a photo at a text question is kept for the ticket', async () => {
      const key = 'w-en';
      await desk.send(key, { kind: 'start' });
      await desk.send(key, 'English');
      await desk.press(key, 'Report a fault');
      await desk.send(key, 'Ms Lee');
      await desk.press(key, '东山中学');
      await desk.send(key, 'hello');
      expect((await desk.lastBot(key))?.text).toMatch(/Continue the report, or start over\?/);
      await desk.press(key, 'Continue');
      expect((await desk.lastBot(key))?.text).toMatch(/Which room at 东山中学/);
      await desk.press(key, '物理实验室');
      await desk.press(key, /FX-PC-0101/);
      const [photo] = await desk.database.db
        .insert(attachments)
        .values({ mime: 'image/png', size: 60, sha256: 'y', storageKey: 'k-en' })
        .returning({ id: attachments.id });
      await desk.send(key, { kind: 'photo', attachmentId: photo!.id });
      const seq = await desk.lastSeq(key);
      expect(await desk.botTextsSince(key, seq - 2)).toMatch(/Got the photo[\s\S]*What happens\?/);
      await desk.send(key, 'the computer keeps freezing');
      for (const label of ['During normal use', 'Yes, with problems', 'Just this device', 'No']) await desk.press(key, label);
      if ((await desk.lastBot(key))?.choices?.some((c) => c.label === 'No, still broken')) await desk.press(key, 'No, still broken');
      expect((await desk.lastBot(key))?.text).toMatch(/Please check your report/);
      await desk.press(key, 'Submit');
      const number = /registered as ticket (FX-\d{4}-\d{6})/.exec(await desk.botTextsSince(key, 0))?.[1];
      const t = await ticket(number!);
      const [filed] = await desk.database.db.select().from(attachments).where(eq(attachments.id, photo!.id));
      expect(filed?.ticketId).toBe(t.id);
    });
  });
}
