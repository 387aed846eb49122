import { and, eq } from 'drizzle-orm';
import type { WebchatRepo } from '../../ports/store.js';
import type { Lang } from '../../domain/i18n.js';
import type { Db } from '../database.js';
import { attachments, channelIdentities, contacts, conversations } from '../schema.js';
import { firstRow } from '../rows.js';
import { isUuid } from './places.js';

export class DrizzleWebchat implements WebchatRepo {
  constructor(private readonly db: Db) {}

  async createSession(sessionId: string, secretHash: string, lang: Lang, initialState: unknown, now: Date): Promise<void> {
    const contact = firstRow(
      await this.db.insert(contacts).values({ lang }).returning({ id: contacts.id }),
      'An insert of a contact returns its row.',
    );
    await this.db
      .insert(channelIdentities)
      .values({ channel: 'webchat', externalId: sessionId, contactId: contact.id, secretHash, createdAt: now });
    await this.db
      .insert(conversations)
      .values({ channel: 'webchat', externalKey: sessionId, contactId: contact.id, state: initialState as Record<string, unknown> });
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
