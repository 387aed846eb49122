import type { ReportSummary } from '../../domain/triage-record.js';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { ConversationRecord, ConversationsRepo } from '../../ports/store.js';
import type { ChannelName } from '../../domain/messages.js';
import type { Db } from '../database.js';
import { conversations } from '../schema.js';
import { isUuid } from './places.js';

export class DrizzleConversations implements ConversationsRepo {
  constructor(private readonly db: Db) {}

  async lock(channel: ChannelName, externalKey: string): Promise<ConversationRecord | null> {
    const rows = await this.db
      .select()
      .from(conversations)
      .where(and(eq(conversations.channel, channel), eq(conversations.externalKey, externalKey)))
      .for('update');
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async create(channel: ChannelName, externalKey: string, contactId: string, initialState: unknown): Promise<ConversationRecord> {
    const [created] = await this.db
      .insert(conversations)
      .values({ channel, externalKey, contactId, state: initialState as Record<string, unknown> })
      .onConflictDoNothing()
      .returning();
    if (created) return toRecord(created);
    const [existing] = await this.db
      .select()
      .from(conversations)
      .where(and(eq(conversations.channel, channel), eq(conversations.externalKey, externalKey)));
    if (!existing)
      throw new Error(`The insert of conversation ${channel}/${externalKey} met a conflict, so the row it conflicted with exists.`);
    return toRecord(existing);
  }

  async get(id: string): Promise<ConversationRecord | null> {
    if (!isUuid(id)) return null;
    const rows = await this.db.select().from(conversations).where(eq(conversations.id, id)).limit(1);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async setBlocked(id: string, blockedAt: Date | null): Promise<void> {
    await this.db.update(conversations).set({ blockedAt }).where(eq(conversations.id, id));
  }

  async requestHuman(id: string, at: Date): Promise<void> {
    await this.db
      .update(conversations)
      .set({ humanRequestedAt: sql`coalesce(${conversations.humanRequestedAt}, ${at.toISOString()}::timestamptz)` })
      .where(eq(conversations.id, id));
  }

  async setSummary(id: string, summary: ReportSummary | null): Promise<void> {
    await this.db.update(conversations).set({ summary }).where(eq(conversations.id, id));
  }

  async withdrawHuman(id: string): Promise<boolean> {
    const rows = await this.db
      .update(conversations)
      .set({ humanRequestedAt: null })
      .where(and(eq(conversations.id, id), eq(conversations.mode, 'bot'), isNull(conversations.agentId)))
      .returning({ id: conversations.id });
    return rows.length > 0;
  }
}

function toRecord(row: typeof conversations.$inferSelect): ConversationRecord {
  return {
    id: row.id,
    channel: row.channel as ChannelName,
    externalKey: row.externalKey,
    contactId: row.contactId,
    state: row.state,
    mode: row.mode,
    agentId: row.agentId,
    lastSeq: row.lastSeq,
    humanRequestedAt: row.humanRequestedAt,
    blockedAt: row.blockedAt,
  };
}
