import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationWriter } from '../../src/app/conversation-writer.js';
import { OutboxSender } from '../../src/app/outbox-sender.js';
import type { OutboxItem } from '../../src/ports/outbox.js';
import type { ChannelTransport, DeliveryOutcome } from '../../src/ports/transport.js';
import { conversations, outbox } from '../../src/storage/schema.js';
import type { TestDatabaseKind } from '../support/database.js';
import { type TestDesk, testDesk } from '../support/desk.js';

type Script = (item: OutboxItem, attempt: number) => DeliveryOutcome['failure'] | undefined;

/** A platform that records what it shows and fails as the test scripts it to. */
class FakeTransport implements ChannelTransport {
  readonly channel = 'telegram' as const;
  readonly batchSize = 3;
  readonly perChatPerSecond = 1000;
  readonly perChatBurst = 1000;
  readonly globalPerSecond = 1000;
  readonly shown: { to: string; text: string }[] = [];
  readonly tries = new Map<number, number>();
  script: Script = () => undefined;
  /** Chats whose deliveries wait for the promise (a slow platform answer). */
  readonly holds = new Map<string, Promise<void>>();

  async deliver(items: readonly OutboxItem[], pace: () => Promise<void>): Promise<DeliveryOutcome> {
    for (const [i, item] of items.entries()) {
      await this.holds.get(item.payload.to);
      await pace();
      const attempt = (this.tries.get(item.id) ?? 0) + 1;
      this.tries.set(item.id, attempt);
      const failure = this.script(item, attempt);
      if (failure) return { delivered: i, failure };
      this.shown.push({ to: item.payload.to, text: item.payload.text });
    }
    return { delivered: items.length };
  }
}

/** The outbox sender on every database: order, retries, limits, blocking, several instances. */
export function outboxSuite(kind: TestDatabaseKind) {
  describe(`outbox sender on ${kind}`, () => {
    let desk: TestDesk;
    let transport: FakeTransport;
    const log = pino({ level: 'silent' });
    const sender = (clock = () => desk.now) =>
      new OutboxSender(desk.store, transport, log, { leaseMs: 30_000, conversationsPerRound: 50, maxAttempts: 4, idleMs: 10, clock });
    /** Runs rounds until nothing is due at the desk's current time. */
    const drain = async (s: OutboxSender) => {
      for (let i = 0; i < 50 && (await s.round()) > 0; i++);
    };
    const statusOf = async (key: string) => {
      const rows = await desk.outbox();
      return rows.filter((r) => (r.payload as { to: string }).to === key).map((r) => r.status);
    };

    beforeAll(async () => {
      desk = await testDesk(kind);
    });
    afterAll(async () => desk?.close());

    it('sends each conversation in order, and only once', async () => {
      transport = new FakeTransport();
      for (const key of ['a', 'b']) {
        await desk.send(key, { kind: 'start' }, { channel: 'telegram' });
        await desk.send(key, '报修', { channel: 'telegram' });
        await desk.send(key, '吴老师', { channel: 'telegram' });
      }
      await drain(sender());
      for (const key of ['a', 'b']) {
        expect(transport.shown.filter((s) => s.to === key).map((s) => s.text)).toEqual([
          expect.stringMatching(/设备报修服务/),
          expect.stringMatching(/请选择需要的服务/),
          expect.stringMatching(/怎么称呼/),
          expect.stringMatching(/学校或场馆/),
        ]);
        expect(await statusOf(key)).toEqual(['sent', 'sent', 'sent', 'sent']);
      }
      await drain(sender());
      expect(transport.shown).toHaveLength(8);
    });

    it('a conversation whose delivery is slow does not hold up the others', async () => {
      transport = new FakeTransport();
      let release!: () => void;
      transport.holds.set('slow', new Promise<void>((r) => (release = r)));
      const texts = (key: string) => transport.shown.filter((x) => x.to === key).map((x) => x.text);
      const shown = async (key: string, n: number) => {
        for (let i = 0; i < 300 && texts(key).length < n; i++) await new Promise((r) => setTimeout(r, 10));
        return texts(key);
      };
      await desk.send('slow', { kind: 'start' }, { channel: 'telegram' });
      const s = sender();
      s.start();
      try {
        // Each of these replies is queued after the slow delivery began: later rounds carry them.
        await desk.send('fast', { kind: 'start' }, { channel: 'telegram' });
        s.wake();
        expect(await shown('fast', 2)).toEqual([expect.stringMatching(/设备报修服务/), expect.stringMatching(/请选择需要的服务/)]);
        await desk.send('fast', '报修', { channel: 'telegram' });
        s.wake();
        expect(await shown('fast', 3)).toEqual([
          expect.stringMatching(/设备报修服务/),
          expect.stringMatching(/请选择需要的服务/),
          expect.stringMatching(/怎么称呼/),
        ]);
        expect(texts('slow')).toEqual([]);
        release();
        expect(await shown('slow', 2)).toEqual([expect.stringMatching(/设备报修服务/), expect.stringMatching(/请选择需要的服务/)]);
      } finally {
        release();
        await s.stop();
      }
      expect(await statusOf('slow')).toEqual(['sent', 'sent']);
      expect(await statusOf('fast')).toEqual(['sent', 'sent', 'sent']);
    });

    it('a delivery that outlasts its lease is not leased and sent again by the same sender', async () => {
      transport = new FakeTransport();
      let release!: () => void;
      transport.holds.set('stuck', new Promise<void>((r) => (release = r)));
      const texts = () => transport.shown.filter((x) => x.to === 'stuck').map((x) => x.text);
      await desk.send('stuck', { kind: 'start' }, { channel: 'telegram' });
      const s = sender();
      s.start();
      try {
        await new Promise((r) => setTimeout(r, 100)); // the delivery has begun and waits on the platform
        desk.advance(60_000); // its 30 s lease has run out meanwhile (a backlog behind the rate limits, a slow platform)
        for (let i = 0; i < 5; i++) {
          s.wake();
          await new Promise((r) => setTimeout(r, 30));
        }
        release();
        for (let i = 0; i < 300 && texts().length < 2; i++) await new Promise((r) => setTimeout(r, 10));
        await new Promise((r) => setTimeout(r, 100));
      } finally {
        release();
        await s.stop();
      }
      expect(texts()).toEqual([expect.stringMatching(/设备报修服务/), expect.stringMatching(/请选择需要的服务/)]);
      expect(await statusOf('stuck')).toEqual(['sent', 'sent']);
    });

    it('a delivery that outlasts its lease keeps it: another instance does not send it again', async () => {
      transport = new FakeTransport();
      let release!: () => void;
      transport.holds.set('renewed', new Promise<void>((r) => (release = r)));
      const texts = () => transport.shown.filter((x) => x.to === 'renewed').map((x) => x.text);
      await desk.send('renewed', { kind: 'start' }, { channel: 'telegram' });
      const one = sender();
      one.start();
      try {
        await new Promise((r) => setTimeout(r, 100)); // instance one's delivery has begun and waits on the platform
        desk.advance(25_000); // most of its 30 s lease has gone by
        await one.renewLeases(); // what its timer does every third of a lease
        desk.advance(25_000); // 50 s after the lease was taken: without the renewal it would have run out
        const two = sender();
        await two.round(); // another instance looks for due messages
        expect(texts()).toEqual([]);
        release();
        for (let i = 0; i < 300 && texts().length < 2; i++) await new Promise((r) => setTimeout(r, 10));
        await new Promise((r) => setTimeout(r, 100));
        await two.round();
      } finally {
        release();
        await one.stop();
      }
      expect(texts()).toEqual([expect.stringMatching(/设备报修服务/), expect.stringMatching(/请选择需要的服务/)]);
      expect(await statusOf('renewed')).toEqual(['sent', 'sent']);
    });

    it('waits as long as the platform asks (429 retry_after), keeping the order', async () => {
      transport = new FakeTransport();
      transport.script = (item, attempt) =>
        item.payload.text.includes('请选择需要的服务') && attempt === 1 ? { kind: 'retry', error: '429', retryAfterMs: 5_000 } : undefined;
      await desk.send('c', { kind: 'start' }, { channel: 'telegram' });
      const s = sender();
      await drain(s);
      expect(transport.shown.map((x) => x.text)).toEqual([expect.stringMatching(/设备报修服务/)]);
      desk.advance(4_000);
      await drain(s);
      expect(transport.shown).toHaveLength(1);
      desk.advance(1_500);
      await drain(s);
      expect(transport.shown.map((x) => x.text)).toEqual([
        expect.stringMatching(/设备报修服务/),
        expect.stringMatching(/请选择需要的服务/),
      ]);
    });

    it('retries server errors with backoff, then marks the message failed and sends the next', async () => {
      transport = new FakeTransport();
      transport.script = (item) =>
        item.payload.text.includes('请选择需要的服务') ? { kind: 'retry', error: '502 Bad Gateway' } : undefined;
      await desk.send('d', { kind: 'start' }, { channel: 'telegram' });
      await desk.send('d', '报修', { channel: 'telegram' });
      const s = sender();
      for (let i = 0; i < 8; i++) {
        await drain(s);
        desk.advance(10 * 60_000);
      }
      expect(transport.shown.map((x) => x.text)).toEqual([expect.stringMatching(/设备报修服务/), expect.stringMatching(/怎么称呼/)]);
      const rows = (await desk.outbox()).filter((r) => (r.payload as { to: string }).to === 'd');
      expect(rows.map((r) => [r.status, r.attempts])).toEqual([
        ['sent', 1],
        ['failed', 4],
        ['sent', 1],
      ]);
      expect(rows[1]!.lastError).toBe('502 Bad Gateway');
      const conv = (await desk.database.db.select().from(conversations).where(eq(conversations.externalKey, 'd')))[0]!;
      expect(await desk.store.read.outbox.failed(conv.id)).toEqual([
        { id: rows[1]!.id, messageId: rows[1]!.messageId, seq: expect.any(Number), lastError: '502 Bad Gateway', reviewed: false },
      ]);
    });

    it('a message the platform refuses for good is failed at once; the next ones still go', async () => {
      transport = new FakeTransport();
      transport.script = (item) =>
        item.payload.text.includes('请选择需要的服务') ? { kind: 'rejected', error: '400 Bad Request: message text is empty' } : undefined;
      await desk.send('e', { kind: 'start' }, { channel: 'telegram' });
      await desk.send('e', '报修', { channel: 'telegram' });
      await drain(sender());
      expect(await statusOf('e')).toEqual(['sent', 'failed', 'sent']);
    });

    it('stops sending to a user who blocked the bot, until they write again', async () => {
      transport = new FakeTransport();
      transport.script = (item) =>
        item.payload.to === 'f' ? { kind: 'blocked', error: '403 Forbidden: bot was blocked by the user' } : undefined;
      await desk.send('f', { kind: 'start' }, { channel: 'telegram' });
      await drain(sender());
      expect(transport.shown).toEqual([]);
      expect(await statusOf('f')).toEqual(['failed', 'failed']);
      const [conv] = await desk.database.db.select().from(conversations).where(eq(conversations.externalKey, 'f'));
      expect(conv!.blockedAt).not.toBeNull();
      // What the bot says meanwhile (an agent hands back, say) is recorded as not delivered.
      const writer = await desk.store.transaction(async (r) => {
        const c = (await r.conversations.lock('telegram', 'f'))!;
        const w = new ConversationWriter(r, c, true, desk.now);
        w.outbound({ text: '工单已处理完毕' }, { lang: 'zh-CN' });
        await w.flush();
        return w;
      });
      expect(writer.lastSeq).toBeGreaterThan(0);
      const notSent = (await desk.outbox()).filter((r) => (r.payload as { to: string }).to === 'f').at(-1)!;
      expect([notSent.status, notSent.lastError]).toEqual(['failed', 'not sent: the user blocked the bot']);
      // A user who writes again has unblocked the bot: replies flow.
      transport.script = () => undefined;
      await desk.send('f', '帮助', { channel: 'telegram' });
      await drain(sender());
      expect(transport.shown.map((x) => x.text)).toEqual([
        expect.stringMatching(/我可以帮您报修/),
        expect.stringMatching(/请选择需要的服务/),
      ]);
      const [after] = await desk.database.db.select().from(conversations).where(eq(conversations.externalKey, 'f'));
      expect(after!.blockedAt).toBeNull();
    });

    it('a blocked event from the platform fails what was still queued', async () => {
      transport = new FakeTransport();
      await desk.send('g', { kind: 'start' }, { channel: 'telegram' });
      await desk.send('g', { kind: 'blocked' }, { channel: 'telegram' });
      await drain(sender());
      expect(transport.shown).toEqual([]);
      expect(await statusOf('g')).toEqual(['failed', 'failed']);
    });

    it('two instances sending at once deliver every message once, in order', async () => {
      transport = new FakeTransport();
      const keys = Array.from({ length: 6 }, (_, i) => `multi-${i}`);
      for (const key of keys) {
        await desk.send(key, { kind: 'start' }, { channel: 'telegram' });
        await desk.send(key, '报修', { channel: 'telegram' });
      }
      const one = sender();
      const two = sender();
      for (let i = 0; i < 10; i++) await Promise.all([one.round(), two.round()]);
      for (const key of keys) {
        expect(transport.shown.filter((s) => s.to === key).map((s) => s.text)).toEqual([
          expect.stringMatching(/设备报修服务/),
          expect.stringMatching(/请选择需要的服务/),
          expect.stringMatching(/怎么称呼/),
        ]);
      }
      expect([...transport.tries.values()].every((n) => n === 1)).toBe(true);
    });

    it('an instance that dies holding a lease is replaced once the lease runs out', async () => {
      transport = new FakeTransport();
      await desk.send('h', { kind: 'start' }, { channel: 'telegram' });
      const leased = await desk.store.transaction((r) => r.outbox.lease('telegram', desk.now, 30_000, 50, 3));
      expect(leased.some((b) => b.items.some((i) => i.payload.to === 'h'))).toBe(true);
      await drain(sender());
      expect(transport.shown.filter((s) => s.to === 'h')).toEqual([]);
      desk.advance(31_000);
      await drain(sender());
      expect(transport.shown.filter((s) => s.to === 'h')).toHaveLength(2);
      const rows = (await desk.outbox()).filter((r) => (r.payload as { to: string }).to === 'h');
      expect(rows.every((r) => r.status === 'sent' && r.leaseUntil === null)).toBe(true);
      await desk.database.db.delete(outbox).where(eq(outbox.status, 'pending'));
    });
  });
}
