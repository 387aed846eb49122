import { and, asc, eq, max, sql } from 'drizzle-orm';
import type { NewWebchatSession, WebchatBrowser, WebchatRepo } from '../../ports/webchat.js';
import { isLang } from '../../domain/i18n.js';
import type { Db } from '../database.js';
import { attachments, channelIdentities, contacts, conversations, webchatBrowsers } from '../schema.js';
import { firstRow } from '../rows.js';
import { isUuid } from './places.js';

export class DrizzleWebchat implements WebchatRepo {
  constructor(private readonly db: Db) {}

  async browser(secretHash: string): Promise<WebchatBrowser | null> {
    const oldest = this.db
      .select({ contactId: channelIdentities.contactId })
      .from(channelIdentities)
      .where(eq(channelIdentities.browserId, webchatBrowsers.id))
      .orderBy(asc(channelIdentities.createdAt), asc(channelIdentities.id))
      .limit(1);
    const lastMessage = this.db
      .select({ at: max(conversations.lastMessageAt) })
      .from(channelIdentities)
      .innerJoin(conversations, and(eq(conversations.channel, 'webchat'), eq(conversations.externalKey, channelIdentities.externalId)))
      .where(eq(channelIdentities.browserId, webchatBrowsers.id));
    const rows = await this.db
      .select({
        id: webchatBrowsers.id,
        lastUsedAt: webchatBrowsers.lastUsedAt,
        contactId: sql<string | null>`(${oldest})`,
        lastMessageAt: sql<Date | string | null>`(${lastMessage})`,
      })
      .from(webchatBrowsers)
      .where(eq(webchatBrowsers.secretHash, secretHash))
      .limit(1);
    const row = rows[0];
    if (!row) return null;
    const [contact] = row.contactId
      ? await this.db.select({ lang: contacts.lang }).from(contacts).where(eq(contacts.id, row.contactId))
      : [];
    const lastMessageAt = row.lastMessageAt === null ? null : new Date(row.lastMessageAt);
    const lastUsedAt = lastMessageAt && lastMessageAt > row.lastUsedAt ? lastMessageAt : row.lastUsedAt;
    const lang = contact?.lang;
    return { id: row.id, contactId: contact ? row.contactId : null, contactLang: lang && isLang(lang) ? lang : null, lastUsedAt };
  }

  async createBrowser(secretHash: string, now: Date): Promise<string> {
    const rows = await this.db
      .insert(webchatBrowsers)
      .values({ secretHash, createdAt: now, lastUsedAt: now })
      .returning({ id: webchatBrowsers.id });
    return firstRow(rows, 'An insert of a web chat browser returns its row.').id;
  }

  async touchBrowser(id: string, now: Date): Promise<void> {
    await this.db.update(webchatBrowsers).set({ lastUsedAt: now }).where(eq(webchatBrowsers.id, id));
  }

  async dropBrowser(id: string): Promise<void> {
    await this.db.delete(webchatBrowsers).where(eq(webchatBrowsers.id, id));
  }

  async createSession(session: NewWebchatSession): Promise<void> {
    const { sessionId, secretHash, browserId, lang, now } = session;
    let contactId = session.contactId;
    if (!contactId) {
      const created = await this.db.insert(contacts).values({ lang }).returning({ id: contacts.id });
      contactId = firstRow(created, 'An insert of a contact returns its row.').id;
    } else if (session.langChosen) {
      await this.db.update(contacts).set({ lang, updatedAt: now }).where(eq(contacts.id, contactId));
    }
    await this.db
      .insert(channelIdentities)
      .values({ channel: 'webchat', externalId: sessionId, contactId, secretHash, browserId, createdAt: now });
    await this.db
      .insert(conversations)
      .values({ channel: 'webchat', externalKey: sessionId, contactId, state: session.initialState as Record<string, unknown> });
  }

  async session(sessionId: string): Promise<{ secretHash: string; createdAt: Date; lastActiveAt: Date } | null> {
    const rows = await this.db
      .select({ hash: channelIdentities.secretHash, createdAt: channelIdentities.createdAt, lastMessageAt: conversations.lastMessageAt })
      .from(channelIdentities)
      .leftJoin(conversations, and(eq(conversations.channel, 'webchat'), eq(conversations.externalKey, channelIdentities.externalId)))
      .where(and(eq(channelIdentities.channel, 'webchat'), eq(channelIdentities.externalId, sessionId)))
      .limit(1);
    const row = rows[0];
    if (!row?.hash) return null;
    const lastActiveAt = row.lastMessageAt && row.lastMessageAt > row.createdAt ? row.lastMessageAt : row.createdAt;
    return { secretHash: row.hash, createdAt: row.createdAt, lastActiveAt };
  }

  async conversation(sessionId: string): Promise<{ id: string; state: unknown } | null> {
    const rows = await this.db
      .select({ id: conversations.id, state: conversations.state })
      .from(conversations)
      .where(and(eq(conversations.channel, 'webchat'), eq(conversations.externalKey, sessionId)))
      .limit(1);
    return rows[0] ?? null;
  }

  async ownsAttachment(sessionId: string, attachmentId: string): Promise<{ storageKey: string; mime: string } | null> {
    if (!isUuid(attachmentId)) return null;
    const rows = await this.db
      .select({ storageKey: attachments.storageKey, mime: attachments.mime })
      .from(attachments)
      .innerJoin(conversations, eq(conversations.id, attachments.conversationId))
      .where(and(eq(attachments.id, attachmentId), eq(conversations.channel, 'webchat'), eq(conversations.externalKey, sessionId)))
      .limit(1);
    return rows[0] ?? null;
  }
}
