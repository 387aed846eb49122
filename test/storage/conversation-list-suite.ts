import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueEntry } from '../../src/ports/console-store.js';
import type { Store } from '../../src/ports/store.js';
import { seedDemo, syncContracts } from '../../src/storage/seed.js';
import { drizzleStore } from '../../src/storage/store.js';
import { shippedCatalog } from '../support/desk.js';
import { type TestDatabaseKind, testDatabase } from '../support/database.js';

const T0 = new Date('2026-10-12T06:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

/**
 * The console's list of every conversation (any state, newest activity first, a page at a time,
 * searchable), on every database fixline runs on.
 */
export function conversationListSuite(kind: TestDatabaseKind) {
  describe(`the list of conversations on ${kind}`, () => {
    let database: Awaited<ReturnType<typeof testDatabase>>;
    let store: Store;
    const ids: Record<string, string> = {};

    /** A conversation with one message from the teacher at `at`. */
    async function conversation(key: string, name: string, text: string, at: Date, extra: { phone?: string; photo?: boolean } = {}) {
      const contact = await store.read.contacts.identify('webchat', `u-${key}`, undefined, 'zh-CN');
      await store.read.contacts.updateProfile(contact.id, { name });
      if (extra.phone) await store.read.contacts.setPhone(contact.id, extra.phone);
      const conv = await store.transaction((r) =>
        r.conversations.create('webchat', key, contact.id, { v: 1, lang: 'zh-CN', frames: [], prompt: 0, waiting: false }),
      );
      const entry = {
        seq: 1,
        direction: 'in' as const,
        sender: 'user' as const,
        kind: extra.photo ? 'photo' : 'text',
        text,
        choices: null,
        attachmentId: null,
        inboundEventId: null,
      };
      await store.read.turns.commit({
        conversationId: conv.id,
        channel: 'webchat',
        at,
        entries: [entry],
        outbox: [],
        state: { v: 1, lang: 'zh-CN', frames: [], prompt: 0, waiting: false },
        lastSeq: 1,
        blockedAt: null,
        processedIds: [],
      });
      ids[key] = conv.id;
      return { contact, conv };
    }

    beforeAll(async () => {
      database = await testDatabase(kind);
      store = drizzleStore(database);
      const catalog = await shippedCatalog();
      await syncContracts(database.db, catalog.contracts);
      await seedDemo(database.db, catalog, T0);
      await conversation('old', '老李', '上个月的投影仪', minutes(-60 * 24 * 40));
      await conversation('bot', '孙老师', '屏幕黑了', minutes(1), { phone: '8613800001111' });
      const { contact, conv } = await conversation('ticket', '周老师', '触摸失灵', minutes(2));
      const panel = await store.read.places.findAssetByTag('FX-PNL-0101');
      await store.transaction((r) =>
        r.tickets.create(
          {
            reporterId: contact.id,
            conversationId: conv.id,
            assetId: panel!.id,
            siteId: panel!.site.id,
            roomId: panel!.room?.id ?? null,
            contractId: 'GX-EDU',
            description: '触摸失灵',
            facts: { symptom: 'touch_failure' },
            severity: 'C',
            warranty: 'in_warranty',
            billable: false,
            reasons: [],
            reportedAt: minutes(2),
            responseDueAt: minutes(60),
            onSiteDueAt: null,
            repairDueAt: null,
            loanerDueAt: null,
            attachmentIds: [],
            numberPrefix: 'FX',
            year: 2026,
          },
          'bot',
        ),
      );
      await conversation('photo', '吴老师', '', minutes(3), { photo: true });
    });
    afterAll(async () => database?.drop());

    const keys = (entries: readonly QueueEntry[]) => entries.map((e) => Object.entries(ids).find(([, id]) => id === e.id)?.[0]);

    it('lists conversations in any state, newest activity first; `since` leaves out the old ones', async () => {
      expect(keys(await store.read.console.queue.list({ since: null, limit: 10 }))).toEqual(['photo', 'ticket', 'bot', 'old']);
      expect(keys(await store.read.console.queue.list({ since: minutes(-60 * 24 * 30), limit: 10 }))).toEqual(['photo', 'ticket', 'bot']);
      // None of them waits for a human: the queue has none of them.
      const queued = (await store.read.console.queue.queue()).map((e) => e.id);
      expect(Object.values(ids).filter((id) => queued.includes(id))).toEqual([]);
    });

    it('pages on: each page continues after the last entry of the one before, nothing twice or lost', async () => {
      const seen: string[] = [];
      let after: { at: Date; id: string } | undefined;
      for (let i = 0; i < 5; i++) {
        const page = await store.read.console.queue.list({ since: null, limit: 1, ...(after ? { after } : {}) });
        if (page.length === 0) break;
        seen.push(...page.map((e) => e.id));
        after = { at: page[0]!.activityAt, id: page[0]!.id };
      }
      expect(seen.filter((id) => Object.values(ids).includes(id))).toEqual([ids.photo, ids.ticket, ids.bot, ids.old]);
    });

    it('finds by contact name, phone (as typed, with spaces), ticket number, asset tag and message text', async () => {
      const find = async (query: string) => keys(await store.read.console.queue.list({ since: null, query, limit: 10 }));
      expect(await find('孙老师')).toEqual(['bot']);
      expect(await find('138 0000 1111')).toEqual(['bot']);
      expect(await find('FX-2026-000001')).toEqual(['ticket']);
      expect(await find('fx-pnl-0101')).toEqual(['ticket']);
      expect(await find('投影仪')).toEqual(['old']);
      expect(await find('100%_')).toEqual([]);
    });

    it('gives the last message as stored, for a preview (a photo without words)', async () => {
      const [photo] = await store.read.console.queue.list({ since: null, query: '吴老师', limit: 1 });
      expect(photo).toMatchObject({
        contactName: '吴老师',
        mode: 'bot',
        lastText: '',
        lastMessage: { direction: 'in', kind: 'photo', text: '' },
      });
      const [ticket] = await store.read.console.queue.list({ since: null, query: '周老师', limit: 1 });
      expect(ticket?.ticket).toMatchObject({ number: 'FX-2026-000001', contractId: 'GX-EDU', severity: 'C' });
    });
  });
}
