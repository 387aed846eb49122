import { and, count, desc, eq, ilike, inArray, isNotNull, isNull, ne, or, type SQL, sql } from 'drizzle-orm';
import type { ConsoleConversationsRepo, ConversationSearch, QueueEntry } from '../../ports/console-store.js';
import { isLang } from '../../domain/i18n.js';
import type { ChannelName } from '../../domain/messages.js';
import { OPEN_STATUSES } from '../../domain/ticket-life.js';
import type { Db } from '../database.js';
import { agents, assets, contacts, conversations, messages, outbox, tickets } from '../schema.js';
import { isUuid } from './places.js';

/** When a conversation last moved: its last message, or its start (to the millisecond, as pages' cursors hold it). */
const ACTIVITY = sql`date_trunc('milliseconds', coalesce(${conversations.lastMessageAt}, ${conversations.createdAt}))`;

export class DrizzleConsoleConversations implements ConsoleConversationsRepo {
  constructor(private readonly db: Db) {}

  private async entries(where: SQL | undefined, page?: { limit: number }): Promise<QueueEntry[]> {
    const query = this.db
      .select({ c: conversations, contactName: contacts.name, agentName: agents.displayName })
      .from(conversations)
      .innerJoin(contacts, eq(contacts.id, conversations.contactId))
      .leftJoin(agents, eq(agents.id, conversations.agentId))
      .where(where);
    const rows = page ? await query.orderBy(desc(ACTIVITY), desc(conversations.id)).limit(page.limit) : await query;
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.c.id);
    const open = await this.db
      .select({
        id: tickets.id,
        number: tickets.number,
        contractId: tickets.contractId,
        severity: tickets.severity,
        status: tickets.status,
        conversationId: tickets.conversationId,
      })
      .from(tickets)
      .where(and(inArray(tickets.conversationId, ids), inArray(tickets.status, [...OPEN_STATUSES])))
      .orderBy(desc(tickets.createdAt));
    const undelivered = await this.db
      .select({ conversationId: outbox.conversationId, n: count() })
      .from(outbox)
      .where(and(inArray(outbox.conversationId, ids), eq(outbox.status, 'failed'), isNull(outbox.reviewedAt)))
      .groupBy(outbox.conversationId);
    const newest = (among: string[], direction: SQL) =>
      among.length === 0
        ? Promise.resolve([])
        : this.db
            .selectDistinctOn([messages.conversationId], {
              conversationId: messages.conversationId,
              direction: messages.direction,
              kind: messages.kind,
              text: messages.text,
              attachmentId: messages.attachmentId,
            })
            .from(messages)
            .where(and(inArray(messages.conversationId, among), direction))
            .orderBy(messages.conversationId, desc(messages.seq));
    // A conversation waiting for a human or held by one previews what the teacher wrote last, not
    // the bot's question or the agent's reply; any other its last message.
    const teacherFirst = new Set(rows.filter(({ c }) => c.humanRequestedAt !== null || c.mode === 'human').map(({ c }) => c.id));
    const last = await newest(ids, ne(messages.direction, 'note'));
    const fromTeacher = await newest([...teacherFirst], eq(messages.direction, 'in'));
    return rows.map(({ c, contactName, agentName }) => {
      const ticket = open.find((t) => t.conversationId === c.id);
      const state = c.state as { lang?: unknown };
      const lastMessage =
        (teacherFirst.has(c.id) ? fromTeacher.find((m) => m.conversationId === c.id) : undefined) ??
        last.find((m) => m.conversationId === c.id);
      return {
        id: c.id,
        channel: c.channel as ChannelName,
        mode: c.mode,
        agentId: c.agentId,
        agentName: agentName ?? null,
        contactName,
        humanRequestedAt: c.humanRequestedAt,
        lastMessageAt: c.lastMessageAt,
        activityAt: c.lastMessageAt ?? c.createdAt,
        lastText: lastMessage?.text ?? null,
        lastMessage: lastMessage
          ? {
              direction: lastMessage.direction === 'in' ? 'in' : 'out',
              kind: lastMessage.kind,
              text: lastMessage.text,
              attachmentId: lastMessage.attachmentId,
            }
          : null,
        lang: isLang(state.lang) ? state.lang : 'zh-CN',
        state: c.state,
        ticket: ticket
          ? { id: ticket.id, number: ticket.number, contractId: ticket.contractId, severity: ticket.severity, status: ticket.status }
          : null,
        undelivered: undelivered.find((u) => u.conversationId === c.id)?.n ?? 0,
        summary: c.summary ?? null,
      };
    });
  }

  queue(): Promise<QueueEntry[]> {
    const undelivered = sql`exists (select 1 from ${outbox} where ${outbox.conversationId} = ${conversations.id} and ${outbox.status} = 'failed' and ${outbox.reviewedAt} is null)`;
    return this.entries(or(isNotNull(conversations.humanRequestedAt), eq(conversations.mode, 'human'), undelivered));
  }

  /**
   * Conversations in any state, the latest activity first, a page at a time: those active since
   * `since` (all when null), matching `query` in the contact's name or phone, a ticket's number or
   * asset tag, or any message's text.
   */
  list(search: ConversationSearch): Promise<QueueEntry[]> {
    const where: SQL[] = [];
    if (search.since) where.push(sql`${ACTIVITY} >= ${search.since.toISOString()}::timestamptz`);
    if (search.after && isUuid(search.after.id)) {
      where.push(sql`(${ACTIVITY}, ${conversations.id}) < (${search.after.at.toISOString()}::timestamptz, ${search.after.id}::uuid)`);
    }
    const q = search.query?.trim();
    if (q) {
      const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const digits = q.replace(/\D/g, '');
      const matches: SQL[] = [
        ilike(contacts.name, like),
        ilike(contacts.phone, like),
        sql`exists (select 1 from ${tickets} left join ${assets} on ${assets.id} = ${tickets.assetId}
                    where ${tickets.conversationId} = ${conversations.id} and (${tickets.number} ilike ${like} or ${assets.tag} ilike ${like}))`,
        sql`exists (select 1 from ${messages} where ${messages.conversationId} = ${conversations.id} and ${messages.text} ilike ${like})`,
      ];
      if (digits.length >= 3 && digits !== q) matches.push(ilike(contacts.phone, `%${digits}%`));
      const anyMatch = or(...matches);
      if (anyMatch) where.push(anyMatch);
    }
    return this.entries(where.length > 0 ? and(...where) : undefined, { limit: search.limit });
  }

  async entry(id: string): Promise<QueueEntry | null> {
    if (!isUuid(id)) return null;
    return (await this.entries(and(eq(conversations.id, id))))[0] ?? null;
  }

  async claim(id: string, agentId: string, at: Date): Promise<boolean> {
    const rows = await this.db
      .update(conversations)
      .set({ mode: 'human', agentId, humanRequestedAt: sql`coalesce(${conversations.humanRequestedAt}, ${at.toISOString()}::timestamptz)` })
      .where(and(eq(conversations.id, id), isNull(conversations.agentId)))
      .returning({ id: conversations.id });
    return rows.length > 0;
  }

  async transfer(id: string, from: string | null, to: string): Promise<boolean> {
    const owner = from === null ? isNotNull(conversations.agentId) : eq(conversations.agentId, from);
    const rows = await this.db
      .update(conversations)
      .set({ agentId: to, mode: 'human' })
      .where(and(eq(conversations.id, id), owner))
      .returning({ id: conversations.id });
    return rows.length > 0;
  }

  async release(id: string): Promise<boolean> {
    const rows = await this.db
      .update(conversations)
      .set({ mode: 'bot', agentId: null, humanRequestedAt: null })
      .where(eq(conversations.id, id))
      .returning({ id: conversations.id });
    return rows.length > 0;
  }
}
