import { eq, sql } from 'drizzle-orm';
import type { AttachmentsRepo } from '../../ports/store.js';
import type { ChannelName } from '../../domain/messages.js';
import { isUuid } from './places.js';
import type { Db } from '../database.js';
import { attachments, conversations } from '../schema.js';

export class DrizzleAttachments implements AttachmentsRepo {
  constructor(private readonly db: Db) {}

  async create(a: { conversationId: string | null; mime: string; size: number; sha256: string; storageKey: string }): Promise<string> {
    const [row] = await this.db.insert(attachments).values(a).returning({ id: attachments.id });
    return row!.id;
  }

  async get(id: string): Promise<{ storageKey: string; mime: string } | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db.select({ storageKey: attachments.storageKey, mime: attachments.mime }).from(attachments).where(eq(attachments.id, id));
    return row ?? null;
  }

  async usage(channel: ChannelName, conversationKey: string): Promise<{ conversationId: string | null; conversation: number; total: number }> {
    // One pass over the attachments: the conversation's bytes and everyone's.
    const chat = this.db
      .select({ id: conversations.id })
      .from(conversations)
      .where(sql`${conversations.channel} = ${channel} and ${conversations.externalKey} = ${conversationKey}`);
    const [row] = await this.db
      .select({
        conversationId: sql<string | null>`(${chat})`,
        conversation: sql<string>`coalesce(sum(${attachments.size}) filter (where ${attachments.conversationId} = (${chat})), 0)`,
        total: sql<string>`coalesce(sum(${attachments.size}), 0)`,
      })
      .from(attachments);
    return { conversationId: row?.conversationId ?? null, conversation: Number(row?.conversation ?? 0), total: Number(row?.total ?? 0) };
  }
}
