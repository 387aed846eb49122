import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationProcessor } from '../../src/app/processor.js';
import { escalateDue } from '../../src/app/escalation-job.js';
import { DEFAULT_ALERT_SETTINGS } from '../../src/config.js';
import { receive } from '../../src/app/receive.js';
import type { FactExtractor } from '../../src/triage/extractor.js';
import { conversations, inboundEvents, ticketEvents, tickets } from '../../src/storage/schema.js';
import type { TestDatabaseKind } from '../support/database.js';
import { type TestDesk, testDesk } from '../support/desk.js';

const MIN = 60_000;
const H = 60 * MIN;

interface Report {
  description: string;
  school: string;
  room: string;
  device: string | RegExp;
  how?: string;
  usable?: string;
  scope?: string;
  event?: string;
}

/** A teacher's fault report on the web chat, answered with the zh-CN buttons. */
export async function reportFault(desk: TestDesk, key: string, r: Report) {
  await desk.send(key, { kind: 'start' });
  await desk.send(key, r.description);
  await desk.send(key, '王老师');
  await desk.press(key, r.school);
  await desk.press(key, r.room);
  // A description naming the device ("一体机开不了机") picks it from the room's assets: no question then.
  const offered = (await desk.lastBot(key))?.choices ?? [];
  if (offered.some((c) => (typeof r.device === 'string' ? c.label === r.device : r.device.test(c.label)))) await desk.press(key, r.device);
  // A device that already has an open ticket (an earlier test's): this is another fault.
  if ((await desk.lastBot(key))?.choices?.some((c) => c.label === '仍然报新故障')) await desk.press(key, '仍然报新故障');
  // What the description already says (how it happened: "学生把屏幕砸碎了") is not asked again.
  for (const label of [r.how ?? '正常使用中出现', r.usable ?? '完全不能用', r.scope ?? '只有这台设备', r.event ?? '否']) {
    if ((await desk.lastBot(key))?.choices?.some((c) => c.label === label)) await desk.press(key, label);
  }
  await desk.press(key, '跳过');
  const after = await desk.lastBot(key);
  if (after?.choices?.some((c) => c.label === '没有解决')) await desk.press(key, '没有解决');
  expect((await desk.lastBot(key))?.text).toMatch(/请确认报修信息/);
  await desk.press(key, '确认提交');
  return (await desk.transcript(key))
    .filter((m) => m.direction === 'out')
    .map((m) => m.text)
    .join('\n');
}

/** The whole desk behind conversation turns, on every database fixline runs on. */
export function turnSuite(kind: TestDatabaseKind) {
  describe(`conversation turns on ${kind}`, () => {
    let desk: TestDesk;
    beforeAll(async () => {
      desk = await testDesk(kind);
    });
    afterAll(async () => desk?.close());

    it('a report on an in-warranty panel opens a B ticket with the GX-EDU in-warranty clocks', async () => {
      const texts = await reportFault(desk, 's-panel', {
        description: '一体机开不了机，按电源键没反应',
        school: '明湖小学',
        room: '三年级二班',
        device: /FX-PNL-0001/,
      });
      expect(texts).toMatch(/检查电源线/); // first aid of clause 5.13.1 came before the ticket
      const number = /工单号：(FX-2026-\d{6})/.exec(texts)?.[1];
      expect(number).toBeDefined();
      expect(texts).toMatch(/故障等级：B级（严重）——设备完全无法使用，教学或工作无法进行/);
      expect(texts).toMatch(/保修判定：在保，免费维修/);
      expect(texts).toMatch(/GX-EDU 第 5\.5, 5\.21\.1 条/);
      expect(texts).toMatch(/15分钟内响应/);
      expect(texts).toMatch(/工程师2小时内到场/);
      const [ticket] = await desk.database.db.select().from(tickets).where(eq(tickets.number, number!));
      expect(ticket).toMatchObject({ severity: 'B', warranty: 'in_warranty', billable: false, status: 'registered', contractId: 'GX-EDU' });
      expect(ticket!.responseDueAt.getTime() - ticket!.reportedAt.getTime()).toBe(15 * MIN);
      expect(ticket!.onSiteDueAt!.getTime() - ticket!.reportedAt.getTime()).toBe(2 * H);
      expect(ticket!.loanerDueAt!.getTime() - ticket!.reportedAt.getTime()).toBe(24 * H);
      expect(ticket!.facts).toMatchObject({ symptom: expect.stringMatching(/no_power|wont_boot/), usable: false, cause: 'none_known' });
      const events = await desk.database.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket!.id));
      expect(events.map((e) => [e.kind, e.actor])).toEqual([['created', 'bot']]);
    });

    it('"my tickets" then lists it with its status, and shows its clocks and engineer', async () => {
      const before = await desk.lastSeq('s-panel');
      await desk.send('s-panel', '我的工单');
      expect(await desk.botTextsSince('s-panel', before)).toMatch(
        /您最近的工单（共 1 张）：\nFX-2026-\d{6} · 已登记 · B级（严重） · 一体机 FX-PNL-0001/,
      );
      desk.advance(20 * MIN);
      await desk.press('s-panel', /FX-2026-/);
      const detail = await desk.botTextsSince('s-panel', before);
      expect(detail).toMatch(/状态：已登记/);
      expect(detail).toMatch(/响应：已超时 5分钟/);
      expect(detail).toMatch(/上门：还剩 1小时40分钟/);
      expect(detail).toMatch(/备用机：如 \d+月\d+日 \d\d:\d\d 前仍未修复，将为您提供/);
      expect(detail).toMatch(/工程师：尚未指派/);
    });

    it('an asset accepted 26 months ago is out of warranty: billable, 2 h response and 4 h on site', async () => {
      const texts = await reportFault(desk, 's-old', {
        description: '触摸没反应',
        school: '明湖小学',
        room: '录播教室',
        device: /FX-PNL-0003/,
        usable: '还能用，但有问题',
      });
      expect(texts).toMatch(/故障等级：C级/);
      expect(texts).toMatch(/已过保，按成本收取配件费/);
      expect(texts).toMatch(/2小时内响应/);
      expect(texts).toMatch(/工程师4小时内到场/);
      const all = await desk.tickets();
      expect(all.at(-1)).toMatchObject({ warranty: 'out_of_warranty', billable: true, severity: 'C' });
    });

    it('a touch fault on a panel whose touch frame was replaced 30 days ago is covered (clause 5.21.2)', async () => {
      const texts = await reportFault(desk, 's-frame', {
        description: '触摸偏移，点不准',
        school: '明湖小学',
        room: '五年级一班',
        device: /FX-PNL-0002/,
        usable: '还能用，但有问题',
      });
      expect(texts).toMatch(/在保，免费维修（触摸框于 .* 更换/);
      expect(texts).toMatch(/5\.21\.2/);
    });

    it('damage a student caused is excluded whatever the age; a major event makes it A', async () => {
      const texts = await reportFault(desk, 's-damage', {
        description: '学生把屏幕砸碎了',
        school: '明湖小学',
        room: '三年级二班',
        device: /FX-PNL-0001/,
        how: '被碰撞、摔落或损坏',
        event: '是',
      });
      expect(texts).toMatch(/故障等级：A级/);
      expect(texts).toMatch(/不在保修范围内/);
      expect(texts).toMatch(/5\.21\.3/);
    });

    it('the whole report works in English too', async () => {
      const key = 's-en';
      await desk.send(key, { kind: 'start' });
      await desk.send(key, 'English');
      await desk.press(key, 'Report a fault');
      await desk.send(key, 'Ms Lee');
      await desk.press(key, '东山中学');
      await desk.press(key, '物理实验室');
      await desk.press(key, /FX-PC-0101/);
      await desk.send(key, 'the computer keeps freezing');
      for (const label of ['During normal use', 'Yes, with problems', 'Just this device', 'No', 'Skip']) await desk.press(key, label);
      if ((await desk.lastBot(key))?.choices?.some((c) => c.label === 'No, still broken')) await desk.press(key, 'No, still broken');
      await desk.press(key, 'Submit');
      const menu = (await desk.lastBot(key))?.choices?.map((c) => c.label);
      const all = (await desk.transcript(key)).map((m) => m.text).join('\n');
      expect(all).toMatch(/registered as ticket FX-2026-\d{6}/);
      expect(all).toMatch(/Severity: C \(minor\)/);
      expect(all).toMatch(/in warranty, free of charge/);
      expect(all).toMatch(/a response within 15 min/);
      expect(menu).toContain('Report a fault');
    });

    it('another user cannot see a ticket by typing its number', async () => {
      const [first] = await desk.tickets();
      const key = 's-other';
      await desk.send(key, { kind: 'start' });
      await desk.send(key, '我的工单');
      expect(await desk.botTextsSince(key, 0)).toMatch(/您还没有报修记录/);
      await desk.send(key, '/status');
      await desk.send(key, first!.number);
      expect(await desk.botTextsSince(key, 0)).not.toContain(first!.description);
    });

    it('a redelivered event, even concurrent, gives one transcript entry, one state change and one reply', async () => {
      const key = 's-dup';
      await desk.send(key, { kind: 'start' });
      const before = await desk.transcript(key);
      const message = {
        channel: 'webchat' as const,
        externalId: 'same-event',
        conversationKey: key,
        userId: `u-${key}`,
        receivedAt: desk.now.toISOString(),
        content: { kind: 'text' as const, text: '我要报修' },
      };
      const results = await Promise.all(Array.from({ length: 5 }, () => receive(desk.store, desk.processor, message)));
      await desk.processor.idle();
      expect(results.filter((r) => r === 'accepted')).toHaveLength(1);
      const after = await desk.transcript(key);
      expect(after.length - before.length).toBe(2);
      expect(after.at(-1)?.text).toMatch(/怎么称呼/);
    });

    it('messages of one conversation are answered strictly in order, even from two instances at once', async () => {
      const key = 's-order';
      await desk.send(key, { kind: 'start' });
      const second = new ConversationProcessor(desk.deps, desk.log, {
        sweepEveryMs: 60_000,
        stalledAfterMs: 0,
        maxAttempts: 3,
        concurrency: 4,
      });
      const texts = ['我要报修', '赵老师', '明湖小学', '三年级二班'];
      for (const [i, text] of texts.entries()) {
        await desk.store.ingest.record([
          {
            channel: 'webchat',
            externalId: `ord-${i}`,
            conversationKey: key,
            userId: `u-${key}`,
            receivedAt: desk.now.toISOString(),
            content: { kind: 'text', text },
          },
        ]);
      }
      await Promise.all([desk.processor.kick('webchat', key), second.kick('webchat', key), desk.processor.kick('webchat', key)]);
      await Promise.all([desk.processor.idle(), second.idle()]);
      const t = await desk.transcript(key);
      const users = t.filter((m) => m.direction === 'in' && m.kind === 'text').map((m) => m.text);
      expect(users).toEqual(texts);
      expect(t.at(-1)?.text).toMatch(/哪台设备出了问题/);
      expect(new Set(t.map((m) => m.seq)).size).toBe(t.length);
    });

    it('bad input gets its answer, the conversation stays put, and the message is kept', async () => {
      const key = 's-bad';
      await desk.send(key, { kind: 'start' });
      await desk.send(key, '报修');
      for (const [text, stored, answer] of [
        ['   ', '   ', /空消息/],
        ['好'.repeat(4001), '好'.repeat(4001), /消息太长了/],
        ['\u0000\u0001binary', '\uFFFD\u0001binary', /无法识别/],
        ['half \uD83D surrogate', 'half \uFFFD surrogate', /无法识别/],
      ] as const) {
        const before = await desk.lastSeq(key);
        await desk.send(key, text);
        const t = await desk.transcript(key);
        expect(t.find((m) => m.seq === before + 1)?.text).toBe(stored);
        expect(await desk.botTextsSince(key, before)).toMatch(answer);
        expect(await desk.botTextsSince(key, before)).toMatch(/怎么称呼/);
      }
      await desk.send(key, { kind: 'unsupported', what: 'sticker' });
      expect(await desk.botTextsSince(key, (await desk.lastSeq(key)) - 2)).toMatch(/暂时无法处理这类消息（表情贴图）/);
    });

    it('an unknown asset tag is answered and asked again', async () => {
      const key = 's-tag';
      await desk.send(key, { kind: 'start' });
      await desk.send(key, '报修');
      await desk.send(key, '钱老师');
      await desk.press(key, '明湖小学');
      await desk.press(key, '录播教室');
      await desk.press(key, '不在列表中');
      await desk.send(key, 'FX-XYZ-9999');
      expect((await desk.lastBot(key))?.text).toMatch(/^没有找到标签为 FX-XYZ-9999 的设备，可能还没有登记/);
      const before = await desk.lastSeq(key);
      await desk.send(key, 'XYZ');
      expect(await desk.botTextsSince(key, before)).toContain('没有找到「XYZ」这台设备');
      await desk.send(key, 'fx-pnl-0001');
      expect(await desk.botTextsSince(key, (await desk.lastSeq(key)) - 3)).toMatch(/找到设备：一体机 FX-PNL-0001/);
    });

    it('the place is remembered for the next report', async () => {
      const key = 's-panel';
      await desk.send(key, '报修');
      expect((await desk.lastBot(key))?.text).toBe('还是在 明湖小学 三年级二班 吗？');
    });

    it('while a human owns the conversation the bot says nothing, but the message is kept', async () => {
      const key = 's-human';
      await desk.send(key, { kind: 'start' });
      await desk.send(key, '人工');
      const [conv] = await desk.database.db.select().from(conversations).where(eq(conversations.externalKey, key));
      expect(conv!.humanRequestedAt).not.toBeNull();
      await desk.database.db.update(conversations).set({ mode: 'human' }).where(eq(conversations.id, conv!.id));
      const before = await desk.lastSeq(key);
      await desk.send(key, '屏幕一直闪');
      const t = await desk.transcript(key);
      expect(t.filter((m) => m.seq > before).map((m) => [m.direction, m.text])).toEqual([['in', '屏幕一直闪']]);
    });

    it('replies of push channels are queued in the outbox, in order', async () => {
      const key = 'tg-chat-1';
      await desk.send(key, { kind: 'start' }, { channel: 'telegram' });
      await desk.send(key, '报修', { channel: 'telegram' });
      const rows = (await desk.outbox()).filter((r) => r.channel === 'telegram' && (r.payload as { to: string }).to === key);
      expect(rows.map((r) => (r.payload as { text: string }).text)).toEqual([
        expect.stringMatching(/设备报修服务/),
        expect.stringMatching(/请选择需要的服务/),
        expect.stringMatching(/怎么称呼/),
      ]);
      expect(rows.every((r) => r.status === 'pending')).toBe(true);
      expect(rows[0]!.id).toBeLessThan(rows[1]!.id);
      expect(rows[1]!.id).toBeLessThan(rows[2]!.id);
    });

    it('escalates an unresolved C ticket to B after 48 h and to A after 24 h more, with the reasons logged', async () => {
      const c = (await desk.tickets()).find((t) => t.severity === 'C')!;
      const severity = async () => (await desk.database.db.select().from(tickets).where(eq(tickets.id, c.id)))[0]!.severity;
      desk.advance(47 * H);
      await escalateDue(desk.store, desk.catalog.contracts, desk.now, DEFAULT_ALERT_SETTINGS);
      expect(await severity()).toBe('C');
      desk.advance(26 * H);
      await escalateDue(desk.store, desk.catalog.contracts, desk.now, DEFAULT_ALERT_SETTINGS);
      const [after] = await desk.database.db.select().from(tickets).where(eq(tickets.id, c.id));
      expect(after!.severity).toBe('A');
      expect(after!.severitySince.getTime() - c.severitySince.getTime()).toBe(72 * H);
      const events = await desk.database.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, c.id));
      expect(events.map((e) => e.kind)).toEqual(['created', 'severity_escalated', 'severity_escalated']);
      expect(events[1]!.data).toMatchObject({ from: 'C', to: 'B', reason: { clause: '5.14' } });
      // One truth: the ticket gives the last raise as the reason for its level, not the C reason it was opened with.
      expect(after!.reasons[0]!.text['zh-CN']).toBe('B级故障 24 小时未解决，升级为A级');
      expect(after!.reasons.filter((r) => r.text['zh-CN'].includes('C级'))).toEqual([]);
      expect(after!.reasons.at(-1)!.text.en).toMatch(/service levels/);
      expect(await escalateDue(desk.store, desk.catalog.contracts, desk.now, DEFAULT_ALERT_SETTINGS)).toBe(0);
    });
  });

  describe(`when processing fails on ${kind}`, () => {
    let desk: TestDesk;
    let failing = true;
    const flaky: FactExtractor = {
      async extract() {
        if (failing) throw new Error('extractor exploded');
        return { facts: {}, evidence: [], lang: 'zh-CN' };
      },
    };
    beforeAll(async () => {
      desk = await testDesk(kind, { extractor: flaky });
    });
    afterAll(async () => desk?.close());

    async function toTriage(key: string) {
      // Reported step by step, so that the description is first read at triage (where the extractor fails).
      await desk.send(key, { kind: 'start' });
      await desk.press(key, '我要报修');
      await desk.send(key, '孙老师');
      await desk.press(key, '明湖小学');
      await desk.press(key, '三年级二班');
      await desk.press(key, /FX-PNL-0001/);
      await desk.send(key, '黑屏了');
      for (const label of ['正常使用中出现', '完全不能用', '只有这台设备', '否']) await desk.press(key, label);
    }

    it('a failure rolls everything back and the event is retried until it works', async () => {
      const key = 'f-retry';
      await toTriage(key);
      const before = await desk.transcript(key);
      await desk.press(key, '跳过');
      expect(await desk.transcript(key)).toEqual(before);
      const [pending] = await desk.database.db
        .select()
        .from(inboundEvents)
        .where(sql`${inboundEvents.processedAt} is null`);
      expect(pending).toMatchObject({ attempts: 1, error: expect.stringContaining('extractor exploded') });
      failing = false;
      desk.advance(1000);
      await desk.processor.sweep();
      await desk.processor.idle();
      expect((await desk.lastBot(key))?.text).toMatch(/请确认报修信息/);
      failing = true;
    });

    it('after repeated failures the message is kept, the user told, and the conversation restarts', async () => {
      const key = 'f-poison';
      await toTriage(key);
      await desk.press(key, '跳过');
      for (let i = 0; i < 2; i++) {
        desk.advance(1000);
        await desk.processor.sweep();
        await desk.processor.idle();
      }
      const t = await desk.transcript(key);
      expect(t.at(-2)).toMatchObject({ direction: 'in', text: '跳过' });
      expect(t.at(-1)?.text).toMatch(/对话出了点问题/);
      const left = await desk.database.db
        .select()
        .from(inboundEvents)
        .where(sql`${inboundEvents.processedAt} is null`);
      expect(left).toEqual([]);
    });
  });
}
