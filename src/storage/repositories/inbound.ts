import { and, asc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { InboundRepo, Recording, StoredInbound } from '../../ports/store.js';
import type { ChannelName, InboundMessage } from '../../domain/messages.js';
import type { Db } from '../database.js';
import { rowsOf } from '../rows.js';
import { inboundEvents } from '../schema.js';

export class DrizzleInbound implements InboundRepo {
  constructor(private readonly db: Db) {}

  async recordAll(messages: readonly Recording[]): Promise<(number | null)[]> {
    if (messages.length === 0) return [];
    // One statement of one shape whatever the number of events (prepared once, built without a
    // query builder: this runs for every webhook), the rows inserted in the order given. A
    // rejected event is recorded as processed, with its reason.
    const rows = rowsOf<{ id: string | number; channel: string; external_id: string }>(
      await this.db.execute(sql`
        insert into inbound_events (channel, external_id, conversation_key, payload, received_at, processed_at, rejected)
        select x.channel, x.external_id, x.conversation_key, x.payload, x.received_at, case when x.rejected is not null then x.received_at end, x.rejected
          from rows from (jsonb_to_recordset(${JSON.stringify(
            messages.map(({ rejected, ...m }) => ({
              channel: m.channel,
              external_id: m.externalId,
              conversation_key: m.conversationKey,
              payload: m,
              received_at: m.receivedAt,
              rejected: rejected ?? null,
            })),
          )}::jsonb) as (channel text, external_id text, conversation_key text, payload jsonb, received_at timestamptz, rejected text))
          with ordinality as x(channel, external_id, conversation_key, payload, received_at, rejected, n)
         order by x.n
        on conflict do nothing
        returning id, channel, external_id`),
    ).map((r) => ({ id: Number(r.id), channel: r.channel, externalId: r.external_id }));
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

  async updateMessage(id: number, message: InboundMessage): Promise<void> {
    await this.db
      .update(inboundEvents)
      .set({ payload: message as unknown as Record<string, unknown> })
      .where(eq(inboundEvents.id, id));
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
