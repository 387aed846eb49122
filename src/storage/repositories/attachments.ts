import { eq, sql } from 'drizzle-orm';
import { type PhotoQuota, photoRefusal } from '../../domain/photo-quota.js';
import type { AttachmentsRepo } from '../../ports/store.js';
import type { PhotoRefusal } from '../../domain/messages.js';
import type { ChannelName } from '../../domain/messages.js';
import { isUuid } from './places.js';
import type { Db } from '../database.js';
import { attachments, conversations } from '../schema.js';
import { firstRow } from '../rows.js';

/** The advisory lock that makes photo quotas hold across parallel uploads and instances. */
const PHOTO_QUOTA_LOCK = 0x66_78_70_68; // "fxph"

export class DrizzleAttachments implements AttachmentsRepo {
  constructor(private readonly db: Db) {}

  async createWithin(
    a: { channel: ChannelName; conversationKey: string; mime: string; size: number; sha256: string; storageKey: string },
    quota: PhotoQuota,
  ): Promise<{ readonly id: string } | { readonly refused: PhotoRefusal }> {
    // Checked and recorded under one lock: parallel uploads take turns, so together they cannot
    // pass a limit that each alone would have fitted.
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${PHOTO_QUOTA_LOCK})`);
      const repo = new DrizzleAttachments(tx);
      const usage = await repo.usage(a.channel, a.conversationKey);
      const refused = photoRefusal(usage, a.size, quota);
      if (refused) return { refused };
      return {
        id: await repo.create({
          conversationId: usage.conversationId,
          mime: a.mime,
          size: a.size,
          sha256: a.sha256,
          storageKey: a.storageKey,
        }),
      };
    });
  }

  async create(a: { conversationId: string | null; mime: string; size: number; sha256: string; storageKey: string }): Promise<string> {
    const rows = await this.db.insert(attachments).values(a).returning({ id: attachments.id });
    return firstRow(rows, 'An insert of an attachment returns its row.').id;
  }

  async get(id: string): Promise<{ storageKey: string; mime: string } | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db
      .select({ storageKey: attachments.storageKey, mime: attachments.mime })
      .from(attachments)
      .where(eq(attachments.id, id));
    return row ?? null;
  }

  async usage(
    channel: ChannelName,
    conversationKey: string,
  ): Promise<{ conversationId: string | null; conversation: number; total: number }> {
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
