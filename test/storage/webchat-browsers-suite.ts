import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.js';
import { channelIdentities, conversations } from '../../src/storage/schema.js';
import { drizzleStore } from '../../src/storage/store.js';
import { initialState } from '../../src/flows/state.js';
import { type TestDatabaseKind, testDatabase } from '../support/database.js';

/** The web chat's browsers (contact tokens) on both drivers: the contact they name, their last use. */
export function webchatBrowsersSuite(kind: TestDatabaseKind) {
  describe(`web chat browsers on ${kind}`, () => {
    let database: Awaited<ReturnType<typeof testDatabase>>;
    let store: Store;
    const day0 = new Date('2026-10-12T02:00:00Z');
    const day5 = new Date('2026-10-17T02:00:00Z');

    beforeAll(async () => {
      database = await testDatabase(kind);
      store = drizzleStore(database);
    });
    afterAll(async () => database?.drop());

    const session = (sessionId: string, browserId: string, contactId?: string) => ({
      sessionId,
      secretHash: `hash-${sessionId}`,
      browserId,
      ...(contactId ? { contactId } : {}),
      lang: 'en' as const,
      langChosen: false,
      initialState: initialState('en'),
      now: day0,
    });

    it("names its oldest session's contact and language; its last use is its latest message", async () => {
      const webchat = store.read.webchat;
      expect(await webchat.browser('no-such-hash')).toBeNull();
      const id = await webchat.createBrowser('browser-a', day0);
      expect(await webchat.browser('browser-a')).toEqual({ id, contactId: null, contactLang: null, lastUsedAt: day0 });

      await webchat.createSession(session('s-1', id));
      const first = await webchat.browser('browser-a');
      expect(first?.contactId).toBeTruthy();
      expect(first?.contactLang).toBe('en');
      await webchat.createSession(session('s-2', id, first!.contactId!));
      const ids = await database.db.select().from(channelIdentities).where(eq(channelIdentities.browserId, id));
      expect(new Set(ids.map((i) => i.contactId))).toEqual(new Set([first!.contactId]));

      await database.db.update(conversations).set({ lastMessageAt: day5 }).where(eq(conversations.externalKey, 's-2'));
      expect((await webchat.browser('browser-a'))?.lastUsedAt).toEqual(day5);
      await webchat.touchBrowser(id, new Date('2026-10-20T02:00:00Z'));
      expect((await webchat.browser('browser-a'))?.lastUsedAt).toEqual(new Date('2026-10-20T02:00:00Z'));
    });

    it('a dropped browser is gone; its sessions stay, no longer its', async () => {
      const webchat = store.read.webchat;
      const id = await webchat.createBrowser('browser-b', day0);
      await webchat.createSession(session('s-3', id));
      await webchat.dropBrowser(id);
      expect(await webchat.browser('browser-b')).toBeNull();
      const [identity] = await database.db.select().from(channelIdentities).where(eq(channelIdentities.externalId, 's-3'));
      expect(identity?.browserId).toBeNull();
      expect(await webchat.session('s-3')).not.toBeNull();
    });
  });
}
