import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/domain/messages.js';
import type { Store, TurnRecord } from '../../src/ports/store.js';
import { drizzleStore, EVENTS_CHANNEL } from '../../src/storage/store.js';
import { type TestDatabaseKind, testDatabase } from '../support/database.js';

const NOW = new Date('2026-10-12T06:00:00Z');
const message = (externalId: string, key: string, text: string): InboundMessage => ({
  channel: 'telegram',
  externalId,
  conversationKey: key,
  userId: `user-${key}`,
  receivedAt: NOW.toISOString(),
  content: { kind: 'text', text },
});

/** A turn that answers its conversation's waiting events with one reply. */
function turn(conversationId: string, key: string, processedIds: number[], expectedSeq: number, reply: string): TurnRecord {
  return {
    conversationId,
    channel: 'telegram',
    at: NOW,
    entries: [
      {
        seq: expectedSeq + 1,
        direction: 'in',
        sender: 'user',
        kind: 'text',
        text: 'in',
        choices: null,
        attachmentId: null,
        inboundEventId: processedIds[0] ?? null,
      },
      {
        seq: expectedSeq + 2,
        direction: 'out',
        sender: 'bot',
        kind: 'text',
        text: reply,
        choices: null,
        attachmentId: null,
        inboundEventId: null,
      },
    ],
    outbox: [{ seq: expectedSeq + 2, payload: { to: key, lang: 'zh-CN', text: reply } }],
    state: { reply },
    lastSeq: expectedSeq + 2,
    blockedAt: null,
    processedIds,
    expectedSeq,
  };
}

/** Turns gathered (TURN_GATHER_MS): several conversations opened in one statement and committed in one, each as on its own. */
export function turnBatchesSuite(kind: TestDatabaseKind) {
  describe(`gathered turns on ${kind}`, () => {
    let database: Awaited<ReturnType<typeof testDatabase>>;
    let store: Store;

    beforeAll(async () => {
      database = await testDatabase(kind);
      store = drizzleStore(database, { turnGatherMs: 5 });
    });
    afterAll(async () => database?.drop());

    it('opens several conversations at once, a new one included, and commits their turns together, refusing one that moved', async () => {
      const keys = ['batch-a', 'batch-b', 'batch-c'];
      const conversations = [];
      for (const key of keys.slice(0, 2)) {
        const contact = await store.read.contacts.identify('telegram', `user-${key}`, undefined, 'zh-CN');
        conversations.push(await store.read.conversations.create('telegram', key, contact.id, { v: 1 }));
      }
      for (const [i, key] of keys.entries()) await store.ingest.record([message(`b-${i}`, key, `hello ${key}`)]);

      const opened = await Promise.all(keys.map((key) => store.read.turns.open('telegram', key)));
      expect(opened.map((o) => o.conversation?.externalKey ?? null)).toEqual(['batch-a', 'batch-b', null]);
      expect(opened.map((o) => o.contact?.id ?? null)).toEqual([...conversations.map((c) => c.contactId), null]);
      expect(opened.map((o) => o.pending.map((p) => p.message.externalId))).toEqual([['b-0'], ['b-1'], ['b-2']]);

      const notices: string[] = [];
      const unlisten = await database.listen(EVENTS_CHANNEL, (payload) => notices.push(payload));
      const [a, b] = conversations.map((c, i) =>
        turn(
          c.id,
          c.externalKey,
          opened[i]!.pending.map((p) => p.id),
          0,
          `reply ${i}`,
        ),
      );
      // The second conversation moved meanwhile: its turn writes nothing.
      const counts = await Promise.all([store.read.turns.commit(a!), store.read.turns.commit({ ...b!, expectedSeq: 7 })]);
      expect(counts).toEqual([1, -1]);
      expect((await store.read.messages.after(a!.conversationId, 0, 10)).map((m) => m.text)).toEqual(['in', 'reply 0']);
      expect(await store.read.messages.after(b!.conversationId, 0, 10)).toEqual([]);
      expect(await store.read.inbound.pending('telegram', 'batch-a')).toEqual([]);
      expect(await store.read.inbound.pending('telegram', 'batch-b')).toHaveLength(1);
      expect(await store.read.conversations.get(a!.conversationId)).toMatchObject({ lastSeq: 2, state: { reply: 'reply 0' } });
      const leased = await store.transaction((r) => r.outbox.lease('telegram', new Date(NOW.getTime() + 1000), 60_000, 10, 5));
      expect(leased.map((l) => [l.conversationId, l.items.map((i) => i.payload.text)])).toEqual([[a!.conversationId, ['reply 0']]]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await unlisten();
      expect(notices.map((n) => JSON.parse(n) as unknown)).toContainEqual({ type: 'conversation', id: a!.conversationId, seq: 2 });
      expect(notices.map((n) => JSON.parse(n) as { id?: string }).filter((n) => n.id === b!.conversationId)).toEqual([]);

      // Now at its sequence number, with the contact's language changed: written.
      const again = await Promise.all([
        store.read.turns.commit({ ...b!, contactLang: { contactId: conversations[1]!.contactId, lang: 'en' } }),
        store.read.turns.commit({ ...turn(a!.conversationId, 'batch-a', [], 2, 'more'), entries: [], outbox: [] }),
      ]);
      expect(again).toEqual([1, 0]);
      expect((await store.read.contacts.get(conversations[1]!.contactId))?.lang).toBe('en');
      expect((await store.read.messages.after(b!.conversationId, 0, 10)).map((m) => m.text)).toEqual(['in', 'reply 1']);
    });
  });
}
