import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { OutboxBatch, OutboxPayload, OutboxRepo } from '../../ports/outbox.js';
import type { ChannelName } from '../../domain/messages.js';
import type { Db } from '../database.js';
import { messages, outbox } from '../schema.js';
import { rowsOf } from '../rows.js';

interface Row {
  /** A bigint: postgres.js reads it as a string, PGlite as a number. */
  id: number | string;
  conversation_id: string;
  payload: OutboxPayload;
  attempts: number;
  created_at: string | Date;
}

/** A notice held for quiet hours and not yet due: it neither goes nor holds up the replies after it. */
const held = (alias: string, at: string) =>
  sql`(${sql.raw(alias)}.payload ? 'heldUntil' and ${sql.raw(alias)}.next_attempt_at > ${at}::timestamptz)`;

export class DrizzleOutbox implements OutboxRepo {
  constructor(private readonly db: Db) {}

  async lease(
    channel: ChannelName,
    now: Date,
    leaseMs: number,
    conversations: number,
    perConversation: number,
    busy: readonly string[] = [],
  ): Promise<OutboxBatch[]> {
    const at = now.toISOString();
    const until = new Date(now.getTime() + leaseMs).toISOString();
    const notBusy =
      busy.length === 0
        ? sql``
        : sql`and o.conversation_id not in (${sql.join(
            busy.map((id) => sql`${id}`),
            sql`, `,
          )})`;
    // Each conversation's pending messages numbered in order, held ones left out, in one pass over
    // the channel's pending rows (asking, for each row, whether an earlier one waits was quadratic
    // in the backlog: 3.3 s a round at 4,000 pending). The heads of queue that are due and not
    // leased are locked, so that a second instance skips them; then the first messages of each of
    // those conversations are leased together.
    const result = await this.db.execute(sql`
      with ranked as (
        select o.id, o.conversation_id, o.next_attempt_at, o.lease_until,
               row_number() over (partition by o.conversation_id order by o.id) as n
          from outbox o
         where o.channel = ${channel} and o.status = 'pending' and not ${held('o', at)}
      ), heads as (
        select o.id, o.conversation_id from outbox o
         where o.id in (select r.id from ranked r where r.n = 1)
           and o.status = 'pending' and o.next_attempt_at <= ${at}::timestamptz
           and (o.lease_until is null or o.lease_until < ${at}::timestamptz)
           ${notBusy}
         order by o.id
         limit ${conversations}
         for update skip locked
      ), picked as (
        select r.id from ranked r where r.n <= ${perConversation} and r.conversation_id in (select h.conversation_id from heads h)
      )
      update outbox set lease_until = ${until}::timestamptz
      where id in (select id from picked)
      returning id, conversation_id, payload, attempts, created_at`);
    const byConversation = new Map<string, OutboxBatch['items'][number][]>();
    for (const row of rowsOf<Row>(result).sort((a, b) => Number(a.id) - Number(b.id))) {
      const items = byConversation.get(row.conversation_id) ?? [];
      items.push({ id: Number(row.id), payload: row.payload, attempts: row.attempts, createdAt: new Date(row.created_at) });
      byConversation.set(row.conversation_id, items);
    }
    return [...byConversation].map(([conversationId, items]) => ({ conversationId, items }));
  }

  async renew(ids: readonly number[], until: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .update(outbox)
      .set({ leaseUntil: until })
      .where(and(inArray(outbox.id, [...ids]), eq(outbox.status, 'pending')));
  }

  async markSent(ids: readonly number[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .update(outbox)
      .set({ status: 'sent', sentAt: at, leaseUntil: null, lastError: null, attempts: sql`${outbox.attempts} + 1` })
      .where(inArray(outbox.id, [...ids]));
  }

  async retryAt(ids: readonly number[], at: Date, error: string, tried?: number): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .update(outbox)
      .set({
        nextAttemptAt: at,
        leaseUntil: null,
        lastError: error.slice(0, 2000),
        attempts: tried === undefined ? outbox.attempts : sql`${outbox.attempts} + case when ${outbox.id} = ${tried} then 1 else 0 end`,
      })
      .where(inArray(outbox.id, [...ids]));
  }

  async markFailed(ids: readonly number[], error: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .update(outbox)
      .set({ status: 'failed', leaseUntil: null, lastError: error.slice(0, 2000), attempts: sql`${outbox.attempts} + 1` })
      .where(inArray(outbox.id, [...ids]));
  }

  async failPending(conversationId: string, error: string): Promise<void> {
    await this.db
      .update(outbox)
      .set({ status: 'failed', leaseUntil: null, lastError: error })
      .where(and(eq(outbox.conversationId, conversationId), eq(outbox.status, 'pending')));
  }

  async failed(
    conversationId: string,
  ): Promise<{ id: number; messageId: number; seq: number | null; lastError: string | null; reviewed: boolean }[]> {
    return this.db
      .select({
        id: outbox.id,
        messageId: outbox.messageId,
        seq: messages.seq,
        lastError: outbox.lastError,
        reviewed: sql<boolean>`${outbox.reviewedAt} is not null`,
      })
      .from(outbox)
      .leftJoin(messages, eq(messages.id, outbox.messageId))
      .where(and(eq(outbox.conversationId, conversationId), eq(outbox.status, 'failed')))
      .orderBy(asc(outbox.id));
  }

  async markReviewed(conversationId: string, agentId: string, at: Date): Promise<number> {
    const rows = await this.db
      .update(outbox)
      .set({ reviewedAt: at, reviewedBy: agentId })
      .where(and(eq(outbox.conversationId, conversationId), eq(outbox.status, 'failed'), isNull(outbox.reviewedAt)))
      .returning({ id: outbox.id });
    return rows.length;
  }
}
