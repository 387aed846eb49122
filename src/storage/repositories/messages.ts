import { and, asc, desc, eq, gt, inArray, isNotNull, sql } from 'drizzle-orm';
import type { MessagesRepo, TranscriptEntry } from '../../ports/store.js';
import type { Db } from '../database.js';
import { messages } from '../schema.js';

export class DrizzleMessages implements MessagesRepo {
  constructor(private readonly db: Db) {}

  async after(conversationId: string, seq: number, limit: number): Promise<TranscriptEntry[]> {
    const rows = await this.db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), gt(messages.seq, seq)))
      .orderBy(asc(messages.seq))
      .limit(limit);
    return rows.map(toEntry);
  }

  async lastWithChoices(conversationId: string): Promise<TranscriptEntry | null> {
    const rows = await this.db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, 'out'), isNotNull(messages.choices)))
      .orderBy(desc(messages.seq))
      .limit(1);
    return rows[0] ? toEntry(rows[0]) : null;
  }

  async offeredLabel(conversationId: string, choiceId: string): Promise<string | null> {
    const rows = await this.db
      .select({ choices: messages.choices })
      .from(messages)
      .where(
        and(
          eq(messages.conversationId, conversationId),
          eq(messages.direction, 'out'),
          sql`${messages.choices} @> ${JSON.stringify([{ id: choiceId }])}::jsonb`,
        ),
      )
      .orderBy(desc(messages.seq))
      .limit(1);
    return rows[0]?.choices?.find((c) => c.id === choiceId)?.label ?? null;
  }

  async lastOutbound(conversationId: string): Promise<TranscriptEntry | null> {
    const rows = await this.db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, 'out'), inArray(messages.sender, ['bot', 'agent'])))
      .orderBy(desc(messages.seq))
      .limit(1);
    return rows[0] ? toEntry(rows[0]) : null;
  }

  async lastInboundAt(conversationId: string): Promise<Date | null> {
    const rows = await this.db
      .select({ at: messages.createdAt })
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, 'in'), eq(messages.sender, 'user')))
      .orderBy(desc(messages.seq))
      .limit(1);
    return rows[0]?.at ?? null;
  }
}

function toEntry(r: typeof messages.$inferSelect): TranscriptEntry {
  return {
    seq: r.seq,
    direction: r.direction,
    sender: r.sender,
    kind: r.kind,
    text: r.text,
    choices: r.choices,
    attachmentId: r.attachmentId,
    inboundEventId: r.inboundEventId,
    createdAt: r.createdAt,
    agentId: r.agentId,
  };
}
