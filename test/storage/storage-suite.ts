// The storage suite that runs on both databases (pglite.test.ts, postgres.pg.ts): over 400 lines on
// purpose, so that one file says everything a store must do, whichever database is behind it.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/catalog.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import type { Store } from '../../src/ports/store.js';
import type { InboundMessage } from '../../src/domain/messages.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MIGRATIONS_FOLDER, openDatabase } from '../../src/storage/database.js';
import { ensureAdmin, seedDemo, syncContracts } from '../../src/storage/seed.js';
import { drizzleStore, EVENTS_CHANNEL } from '../../src/storage/store.js';
import { shippedCatalog } from '../support/desk.js';
import { type TestDatabaseKind, testDatabase } from '../support/database.js';

const NOW = new Date('2026-10-12T06:00:00Z');
const message = (externalId: string, key = 'chat-1', text = 'hello'): InboundMessage => ({
  channel: 'telegram',
  externalId,
  conversationKey: key,
  userId: `user-${key}`,
  receivedAt: NOW.toISOString(),
  content: { kind: 'text', text },
});

/** The same assertions for every database fixline runs on (PGlite and PostgreSQL). */
export function storageSuite(kind: TestDatabaseKind) {
  describe(`storage on ${kind}`, () => {
    let database: Awaited<ReturnType<typeof testDatabase>>;
    let store: Store;
    let catalog: Catalog;

    beforeAll(async () => {
      database = await testDatabase(kind);
      store = drizzleStore(database);
      catalog = await shippedCatalog();
      await syncContracts(database.db, catalog.contracts);
      await seedDemo(database.db, catalog, NOW);
      await ensureAdmin(database.db, { password: 'correct horse battery', generate: () => 'unused' });
    });
    afterAll(async () => database?.drop());

    it('applies the migrations once: running them again changes nothing', async () => {
      if (kind === 'postgres') {
        const again = await openDatabase({ url: database.url! });
        await again.close();
      }
      const result = await database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      const journal = JSON.parse(await readFile(path.join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
      expect(rowsOf<{ n: number }>(result)[0]?.n).toBe(journal.entries.length);
    });

    it('seeds the demo once, with an admin and assets of several ages', async () => {
      expect((await seedDemo(database.db, catalog, NOW)).seeded).toBe(false);
      expect(await ensureAdmin(database.db, { generate: () => 'another-generated-password' })).toEqual({});
      const sites = await store.read.places.listSites();
      expect(sites.map((s) => s.label)).toEqual(expect.arrayContaining(['明湖小学', '东山中学', '示例市文化馆']));
      const panel = await store.read.places.findAssetByTag('fx-pnl-0002');
      expect(panel).toMatchObject({
        tag: 'FX-PNL-0002',
        kind: 'interactive_panel',
        contractId: 'GX-EDU',
        site: { label: '明湖小学' },
        room: { label: '五年级一班' },
      });
      expect(panel?.replacedParts[0]?.part).toBe('touch_frame');
      expect(await store.read.places.listAssetsInRoom(panel!.room!.id)).toHaveLength(2);
      expect(await store.read.places.siteContract(panel!.site.id)).toBe('GX-EDU');
      expect(await store.read.places.findAssetByTag('FX-NONE-1')).toBeNull();
      expect(await store.read.places.getAsset('not-a-uuid')).toBeNull();
    });

    it('builds the demo register by importing seed/demo-equipment.csv, its dates aged to the day it is seeded', async () => {
      const csv = await readFile(path.join(PROJECT_ROOT, 'seed/demo-equipment.csv'), 'utf8');
      const tags = csv
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',').at(-1));
      const register = await store.read.assets.imports.register();
      expect(register.assets.map((a) => a.tag).sort()).toEqual([...tags].sort());
      // Listed as accepted 2025-09-15, four months before the list's day (2026-01-15): four months before NOW's day.
      expect(register.assets.find((a) => a.tag === 'FX-PNL-0001')?.acceptedOn).toBe('2026-06-12');
      expect(register.assets.find((a) => a.tag === 'FX-SRV-0001')?.acceptedOn).toBe('2023-06-12');
      // Through the import: one applied import, a 'created' entry in each asset's audit trail.
      const imports = await database.db.execute(sql`select file_name, created, agent_id from asset_imports`);
      expect(rowsOf(imports)).toEqual([{ file_name: 'demo-equipment.csv', created: tags.length, agent_id: null }]);
      const panel = register.assets.find((a) => a.tag === 'FX-PNL-0002')!;
      expect((await store.read.assets.register.history(panel.id)).map((c) => c.action)).toEqual(['created']);
    });

    it('records an inbound event once, even when the same event arrives concurrently', async () => {
      // As webhooks record (gathered into one statement) and as separate statements racing each other.
      const gathered = await Promise.all(Array.from({ length: 8 }, () => store.ingest.record([message('dup-1')])));
      expect(gathered.flat().filter((r) => r !== null)).toHaveLength(1);
      const racing = await Promise.all(Array.from({ length: 8 }, () => store.read.inbound.recordAll([message('dup-2')])));
      expect(racing.flat().filter((r) => r !== null)).toHaveLength(1);
      const pending = await store.read.inbound.pending('telegram', 'chat-1');
      expect(pending.map((p) => p.message.externalId)).toEqual(['dup-1', 'dup-2']);
      // another channel may reuse the id
      expect((await store.ingest.record([{ ...message('dup-1'), channel: 'line' }]))[0]).not.toBeNull();
    });

    it('lists pending events oldest first, finds stalled ones, and a turn marks them processed', async () => {
      for (const id of ['o-1', 'o-2', 'o-3']) await store.ingest.record([message(id, 'chat-order')]);
      const pending = await store.read.inbound.pending('telegram', 'chat-order');
      expect(pending.map((p) => p.message.externalId)).toEqual(['o-1', 'o-2', 'o-3']);
      expect(await store.read.inbound.stalled(new Date(NOW.getTime() + 1000), 10)).toContainEqual({
        channel: 'telegram',
        conversationKey: 'chat-order',
      });
      expect(await store.read.inbound.markFailed([pending[0]!.id], 'boom')).toBe(1);
      expect(await store.read.inbound.markFailed([pending[0]!.id, pending[1]!.id], 'boom')).toBe(2);
      const contact = await store.read.contacts.identify('telegram', 'order-user', undefined, 'zh-CN');
      const conv = await store.read.conversations.create('telegram', 'chat-order', contact.id, {});
      const processed = await store.read.turns.commit({
        conversationId: conv.id,
        channel: 'telegram',
        at: NOW,
        entries: [],
        outbox: [],
        state: {},
        lastSeq: 0,
        blockedAt: null,
        processedIds: pending.map((p) => p.id),
      });
      expect(processed).toBe(3);
      expect(await store.read.inbound.pending('telegram', 'chat-order')).toEqual([]);
    });

    it('identifies a person once per channel identity, even concurrently', async () => {
      const contacts = await Promise.all(
        Array.from({ length: 5 }, () => store.transaction((r) => r.contacts.identify('telegram', 'tg-42', 'Mia', 'en'))),
      );
      expect(new Set(contacts.map((c) => c.id)).size).toBe(1);
      const site = (await store.read.places.listSites())[0]!;
      const room = (await store.read.places.listRooms(site.id))[0]!;
      await store.read.contacts.updateProfile(contacts[0]!.id, { name: '林老师', siteId: site.id, roomId: room.id });
      const place = (p: { id: string; label: string }) => ({ id: p.id, label: p.label });
      expect(await store.read.contacts.get(contacts[0]!.id)).toMatchObject({
        name: '林老师',
        lang: 'en',
        site: place(site),
        room: place(room),
      });
    });

    it('a transaction whose work decides not to keep what it wrote rolls it back and returns its value, without an error', async () => {
      const undone = await store.transactionOrRollback(async (r) => {
        const c = await r.contacts.identify('telegram', 'tg-undone', 'Undone', 'en');
        return { keep: false, value: c.id };
      });
      expect(await store.read.contacts.get(undone)).toBeNull();
      expect(await store.read.contacts.find('telegram', 'tg-undone')).toBeNull();
      const kept = await store.transactionOrRollback(async (r) => ({
        keep: true,
        value: (await r.contacts.identify('telegram', 'tg-kept', 'Kept', 'en')).id,
      }));
      expect(await store.read.contacts.get(kept)).toMatchObject({ id: kept });
      // An error is still an error: rolled back and thrown.
      await expect(
        store.transactionOrRollback(async (r) => {
          await r.contacts.identify('telegram', 'tg-thrown', 'Thrown', 'en');
          throw new Error('broken');
        }),
      ).rejects.toThrow('broken');
      expect(await store.read.contacts.find('telegram', 'tg-thrown')).toBeNull();
    });

    it('serialises work on one conversation across concurrent transactions', async () => {
      const contact = await store.read.contacts.identify('webchat', 'w-1', undefined, 'zh-CN');
      await store.read.conversations.create('webchat', 'serial', contact.id, {});
      const order: string[] = [];
      const work = (name: string, pause: number) =>
        store.transaction(async (r) => {
          const conv = (await r.conversations.lock('webchat', 'serial'))!;
          order.push(`${name}:start`);
          await new Promise((resolve) => setTimeout(resolve, pause));
          await r.turns.commit({
            conversationId: conv.id,
            channel: 'webchat',
            at: NOW,
            entries: [],
            outbox: [],
            state: { by: name },
            lastSeq: conv.lastSeq + 1,
            blockedAt: null,
            processedIds: [],
          });
          order.push(`${name}:end`);
        });
      await Promise.all([work('a', 60), work('b', 0), work('c', 0)]);
      for (let i = 0; i < order.length; i += 2) expect(order[i]!.split(':')[0]).toBe(order[i + 1]!.split(':')[0]);
      const conv = await store.transaction((r) => r.conversations.lock('webchat', 'serial'));
      expect(conv?.lastSeq).toBe(3);
    });

    it('opens a turn with its waiting events and commits it in one statement, refusing events another turn took', async () => {
      const contact = await store.read.contacts.identify('telegram', 'turn-user', undefined, 'zh-CN');
      expect(await store.transaction((r) => r.turns.open('telegram', 'turn-chat', { lock: true }))).toEqual({
        conversation: null,
        contact: null,
        pending: [],
      });
      await store.ingest.record([message('t-1', 'turn-chat', '你好')]);
      await store.ingest.record([message('t-2', 'turn-chat', '报修')]);
      const conv = await store.read.conversations.create('telegram', 'turn-chat', contact.id, { v: 1 });
      expect((await store.read.conversations.create('telegram', 'turn-chat', contact.id, { other: true })).id).toBe(conv.id);
      const turn = (processedIds: number[], text: string) => ({
        conversationId: conv.id,
        channel: 'telegram' as const,
        at: NOW,
        entries: [
          {
            seq: 1,
            direction: 'in' as const,
            sender: 'user' as const,
            kind: 'text',
            text: '你好',
            choices: null,
            attachmentId: null,
            inboundEventId: processedIds[0] ?? null,
          },
          {
            seq: 2,
            direction: 'out' as const,
            sender: 'bot' as const,
            kind: 'text',
            text,
            choices: [{ id: '1:a', label: 'A' }],
            attachmentId: null,
            inboundEventId: null,
          },
        ],
        outbox: [{ seq: 2, payload: { to: 'turn-chat', lang: 'zh-CN' as const, text } }],
        state: { v: 1, step: 'next' },
        lastSeq: 2,
        blockedAt: null,
        processedIds,
      });
      const [first, second] = await Promise.all([
        store.transaction(async (r) => {
          const opened = await r.turns.open('telegram', 'turn-chat', { lock: true });
          expect(opened.conversation?.id).toBe(conv.id);
          expect(opened.contact?.id).toBe(contact.id);
          expect(opened.pending.map((p) => p.message.externalId)).toEqual(['t-1', 't-2']);
          await new Promise((resolve) => setTimeout(resolve, 50));
          return r.turns.commit(
            turn(
              opened.pending.map((p) => p.id),
              'first',
            ),
          );
        }),
        new Promise((resolve) => setTimeout(resolve, 10)).then(() =>
          store
            .transaction(async (r) => {
              const opened = await r.turns.open('telegram', 'turn-chat', { lock: true });
              const n = await r.turns.commit({
                ...turn(
                  opened.pending.map((p) => p.id),
                  'second',
                ),
                entries: [],
                outbox: [],
              });
              if (n !== opened.pending.length) throw new Error('stale');
              return n;
            })
            .catch((e: unknown) => (e as Error).message),
        ),
      ]);
      expect(first).toBe(2);
      // The second waited for the lock; on PGlite it ran after the first and found nothing left.
      expect([0, 'stale']).toContain(second);
      expect(await store.read.inbound.pending('telegram', 'turn-chat')).toEqual([]);
      const transcript = await store.read.messages.after(conv.id, 0, 10);
      expect(transcript.map((m) => m.text)).toEqual(['你好', 'first']);
      const saved = await store.read.conversations.get(conv.id);
      expect(saved).toMatchObject({ lastSeq: 2, state: { v: 1, step: 'next' } });

      // Without the lock: a turn written at a sequence number that moved writes nothing.
      await store.ingest.record([message('t-3', 'turn-chat', '还在吗')]);
      const unlocked = await store.read.turns.open('telegram', 'turn-chat');
      const late = {
        ...turn(
          unlocked.pending.map((p) => p.id),
          'late',
        ),
        entries: [],
        outbox: [],
        lastSeq: 3,
        expectedSeq: 1,
      };
      expect(await store.read.turns.commit(late)).toBe(-1);
      expect(await store.read.inbound.pending('telegram', 'turn-chat')).toHaveLength(1);
      expect((await store.read.conversations.get(conv.id))?.lastSeq).toBe(2);
      expect(await store.read.turns.commit({ ...late, expectedSeq: 2 })).toBe(1);
    });

    it('numbers tickets per year without gaps or duplicates under concurrency, and keeps reporters apart', async () => {
      const alice = await store.read.contacts.identify('webchat', 'alice', undefined, 'zh-CN');
      const bob = await store.read.contacts.identify('webchat', 'bob', undefined, 'zh-CN');
      const conv = await store.transaction(
        async (r) => (await r.conversations.lock('webchat', 'tickets')) ?? r.conversations.create('webchat', 'tickets', alice.id, {}),
      );
      const base = {
        conversationId: conv.id,
        assetId: null,
        siteId: null,
        roomId: null,
        contractId: 'GX-EDU',
        description: '触摸没反应',
        facts: { symptom: 'touch_failure' },
        severity: 'C' as const,
        warranty: 'unknown' as const,
        billable: false,
        reasons: [],
        reportedAt: NOW,
        responseDueAt: NOW,
        onSiteDueAt: null,
        repairDueAt: null,
        loanerDueAt: null,
        attachmentIds: [],
        numberPrefix: 'FX',
        year: 2026,
      };
      const made = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          store.transaction((r) => r.tickets.create({ ...base, reporterId: i % 2 ? bob.id : alice.id }, 'bot')),
        ),
      );
      expect(made.map((t) => t.number).sort()).toEqual([
        'FX-2026-000001',
        'FX-2026-000002',
        'FX-2026-000003',
        'FX-2026-000004',
        'FX-2026-000005',
        'FX-2026-000006',
      ]);
      const next = await store.transaction((r) => r.tickets.create({ ...base, reporterId: alice.id, year: 2027 }, 'bot'));
      expect(next.number).toBe('FX-2027-000001');
      const mine = await store.read.tickets.listByReporter(alice.id, 10);
      expect(mine).toHaveLength(4);
      const bobs = made.find((_, i) => i % 2 === 1)!;
      expect(await store.read.tickets.findByNumberForReporter(bobs.number, alice.id)).toBeNull();
      expect(await store.read.tickets.findByNumberForReporter(bobs.number, bob.id)).toMatchObject({
        number: bobs.number,
        status: 'registered',
      });
    });

    it('refuses to change or delete the ticket event log', async () => {
      const failure = (statement: ReturnType<typeof sql>) =>
        database.db.execute(statement).then(
          () => 'accepted',
          (e: unknown) => `${(e as Error).message} ${((e as Error).cause as Error | undefined)?.message ?? ''}`,
        );
      expect(await failure(sql`update ticket_events set kind = 'forged'`)).toMatch(/append-only \(UPDATE refused\)/);
      expect(await failure(sql`delete from ticket_events`)).toMatch(/append-only \(DELETE refused\)/);
    });

    it('keeps the transcript in order and finds the last offered choices', async () => {
      const contact = await store.read.contacts.identify('webchat', 'w-2', undefined, 'zh-CN');
      const conv = await store.transaction((r) => r.conversations.create('webchat', 'transcript', contact.id, {}));
      const entry = (seq: number, direction: 'in' | 'out', text: string, choices: { id: string; label: string }[] | null = null) => ({
        seq,
        direction,
        sender: direction === 'in' ? ('user' as const) : ('bot' as const),
        kind: 'text',
        text,
        choices,
        attachmentId: null,
        inboundEventId: null,
      });
      const turn = (entries: ReturnType<typeof entry>[], lastSeq: number) =>
        store.read.turns.commit({
          conversationId: conv.id,
          channel: 'webchat',
          at: NOW,
          entries,
          outbox: [],
          state: {},
          lastSeq,
          blockedAt: null,
          processedIds: [],
        });
      expect(await store.read.messages.lastInboundAt(conv.id)).toBeNull();
      await turn([entry(1, 'in', 'hi'), entry(2, 'out', 'menu', [{ id: '1:a', label: 'A' }]), entry(3, 'out', 'more')], 3);
      // When the user last wrote (the bot's later replies do not count).
      expect(await store.read.messages.lastInboundAt(conv.id)).toEqual(NOW);
      expect((await store.read.messages.after(conv.id, 1, 10)).map((m) => m.text)).toEqual(['menu', 'more']);
      expect((await store.read.messages.lastWithChoices(conv.id))?.choices).toEqual([{ id: '1:a', label: 'A' }]);
      // A pressed button's label, from the message that offered it; the last message to the user.
      expect(await store.read.messages.offeredLabel(conv.id, '1:a')).toBe('A');
      expect(await store.read.messages.offeredLabel(conv.id, '1:b')).toBeNull();
      expect(await store.read.messages.lastOutbound(conv.id)).toMatchObject({ seq: 3, text: 'more', createdAt: NOW });
      await expect(turn([entry(3, 'in', 'dup seq')], 3)).rejects.toThrow();
      expect((await store.read.messages.after(conv.id, 0, 10)).map((m) => m.text)).toEqual(['hi', 'menu', 'more']);
    });

    it('delivers notifications to listeners only when the transaction commits', async () => {
      const received: string[] = [];
      const stop = await database.listen(EVENTS_CHANNEL, (p) => received.push(p));
      await store.transaction(async (r) => {
        await r.notifyConversation('c-1', 5);
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(received).toEqual([]);
      });
      await expect(
        store.transaction(async (r) => {
          await r.notifyConversation('c-2', 1);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      await new Promise((resolve) => setTimeout(resolve, 200));
      await stop();
      expect(received.map((p) => JSON.parse(p))).toEqual([{ type: 'conversation', id: 'c-1', seq: 5 }]);
    });

    it('counts the bytes of photos kept per conversation and in all (the photo limits)', async () => {
      const before = await store.read.attachments.usage('telegram', 'photos-1');
      expect(before.conversationId).toBeNull();
      const contact = await store.read.contacts.identify('telegram', 'user-photos-1', undefined, 'zh-CN');
      const conv = await store.read.conversations.create('telegram', 'photos-1', contact.id, {});
      const photo = { mime: 'image/jpeg', sha256: 'x', storageKey: 'x' };
      await store.read.attachments.create({ ...photo, conversationId: conv.id, size: 1000 });
      await store.read.attachments.create({ ...photo, conversationId: conv.id, size: 500 });
      await store.read.attachments.create({ ...photo, conversationId: null, size: 7 });
      const after = await store.read.attachments.usage('telegram', 'photos-1');
      expect(after).toEqual({ conversationId: conv.id, conversation: 1500, total: before.total + 1507 });
      expect(await store.read.attachments.usage('telegram', 'no-such-chat')).toEqual({
        conversationId: null,
        conversation: 0,
        total: before.total + 1507,
      });
    });

    it('records photos within their limit one at a time: ten at once with room for three keep three', async () => {
      const contact = await store.read.contacts.identify('telegram', 'user-photos-2', undefined, 'zh-CN');
      const conv = await store.read.conversations.create('telegram', 'photos-2', contact.id, {});
      const photo = {
        channel: 'telegram' as const,
        conversationKey: 'photos-2',
        mime: 'image/jpeg',
        size: 100,
        sha256: 'y',
        storageKey: 'y',
      };
      const quota = { perConversationBytes: 300, totalBytes: Number.MAX_SAFE_INTEGER };
      const kept = await Promise.all(Array.from({ length: 10 }, () => store.read.attachments.createWithin(photo, quota)));
      expect(kept.filter((k) => 'id' in k)).toHaveLength(3);
      expect(kept.filter((k) => 'refused' in k && k.refused === 'conversation_quota')).toHaveLength(7);
      expect((await store.read.attachments.usage('telegram', 'photos-2')).conversation).toBe(300);
      expect(conv.id).toBe((await store.read.attachments.usage('telegram', 'photos-2')).conversationId);
    });
  });
}

/** Rows of a raw query, whichever driver ran it (PGlite returns {rows}, postgres.js an array). */
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}
