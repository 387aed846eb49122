import { and, asc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { InboundRepo, StoredInbound } from '../../app/ports.js';
import type { ChannelName, InboundMessage } from '../../domain/messages.js';
import type { Db } from '../database.js';
import { inboundEvents } from '../schema.js';

export class DrizzleInbound implements InboundRepo {
  constructor(private readonly db: Db) {}

  async record(message: InboundMessage): Promise<number | null> {
    const [id] = await this.recordAll([message]);
    return id ?? null;
  }

  async recordAll(messages: readonly InboundMessage[]): Promise<(number | null)[]> {
    if (messages.length === 0) return [];
    const rows = await this.db
      .insert(inboundEvents)
      .values(
        messages.map((message) => ({
          channel: message.channel,
          externalId: message.externalId,
          conversationKey: message.conversationKey,
          payload: message as unknown as Record<string, unknown>,
          receivedAt: new Date(message.receivedAt),
        })),
      )
      .onConflictDoNothing()
      .returning({ id: inboundEvents.id, channel: inboundEvents.channel, externalId: inboundEvents.externalId });
    // The same event twice in one request: the first is the one recorded.
    const ids = new Map(rows.map((r) => [`${r.channel}\u0000${r.externalId}`, r.id]));
    return messages.map((m) => {
      const k = `${m.channel}\u0000${m.externalId}`;
      const id = ids.get(k) ?? null;
      ids.delete(k);
      return id;
    });
  }

  async pending(channel: ChannelName, conversationKey: string): Promise<StoredInbound[]> {
    const rows = await this.db
      .select({ id: inboundEvents.id, payload: inboundEvents.payload })
      .from(inboundEvents)
      .where(and(eq(inboundEvents.channel, channel), eq(inboundEvents.conversationKey, conversationKey), isNull(inboundEvents.processedAt)))
      .orderBy(asc(inboundEvents.id));
    return rows.map((r) => ({ id: r.id, message: r.payload as unknown as InboundMessage }));
  }

  async markProcessed(ids: readonly number[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.db.update(inboundEvents).set({ processedAt: at }).where(inArray(inboundEvents.id, [...ids]));
  }

  async updateMessage(id: number, message: InboundMessage): Promise<void> {
    await this.db.update(inboundEvents).set({ payload: message as unknown as Record<string, unknown> }).where(eq(inboundEvents.id, id));
  }

  async markFailed(ids: readonly number[], error: string): Promise<number> {
    if (ids.length === 0) return 0;
    const rows = await this.db
      .update(inboundEvents)
      .set({ attempts: sql`${inboundEvents.attempts} + 1`, error: error.slice(0, 2000) })
      .where(inArray(inboundEvents.id, [...ids]))
      .returning({ attempts: inboundEvents.attempts });
    return Math.max(0, ...rows.map((r) => r.attempts));
  }

  async stalled(before: Date, limit: number): Promise<{ channel: ChannelName; conversationKey: string }[]> {
    const rows = await this.db
      .selectDistinct({ channel: inboundEvents.channel, conversationKey: inboundEvents.conversationKey })
      .from(inboundEvents)
      .where(and(isNull(inboundEvents.processedAt), lt(inboundEvents.receivedAt, before)))
      .limit(limit);
    return rows.map((r) => ({ channel: r.channel as ChannelName, conversationKey: r.conversationKey }));
  }
}

