import { and, count, desc, eq, inArray, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import type { ConsoleConversationsRepo, QueueEntry } from '../../ports/console-store.js';
import { isLang } from '../../domain/i18n.js';
import type { ChannelName } from '../../domain/messages.js';
import { OPEN_STATUSES } from '../../domain/ticket-life.js';
import type { Db } from '../database.js';
import { agents, contacts, conversations, messages, outbox, tickets } from '../schema.js';
import { isUuid } from './places.js';

export class DrizzleConsoleConversations implements ConsoleConversationsRepo {
  constructor(private readonly db: Db) {}

  private async entries(where: ReturnType<typeof and>): Promise<QueueEntry[]> {
    const rows = await this.db
      .select({ c: conversations, contactName: contacts.name, agentName: agents.displayName })
      .from(conversations)
      .innerJoin(contacts, eq(contacts.id, conversations.contactId))
      .leftJoin(agents, eq(agents.id, conversations.agentId))
      .where(where);
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.c.id);
    const open = await this.db
      .select({ id: tickets.id, number: tickets.number, severity: tickets.severity, status: tickets.status, conversationId: tickets.conversationId })
      .from(tickets)
      .where(and(inArray(tickets.conversationId, ids), inArray(tickets.status, [...OPEN_STATUSES])))
      .orderBy(desc(tickets.createdAt));
    const undelivered = await this.db
      .select({ conversationId: outbox.conversationId, n: count() })
      .from(outbox)
      .where(and(inArray(outbox.conversationId, ids), eq(outbox.status, 'failed'), isNull(outbox.reviewedAt)))
      .groupBy(outbox.conversationId);
    const last = await this.db
      .selectDistinctOn([messages.conversationId], { conversationId: messages.conversationId, text: messages.text })
      .from(messages)
      .where(and(inArray(messages.conversationId, ids), ne(messages.direction, 'note')))
      .orderBy(messages.conversationId, desc(messages.seq));
    return rows.map(({ c, contactName, agentName }) => {
      const ticket = open.find((t) => t.conversationId === c.id);
      const state = c.state as { lang?: unknown };
      return {
        id: c.id,
        channel: c.channel as ChannelName,
        mode: c.mode,
        agentId: c.agentId,
        agentName: agentName ?? null,
        contactName,
        humanRequestedAt: c.humanRequestedAt,
        lastMessageAt: c.lastMessageAt,
        lastText: last.find((m) => m.conversationId === c.id)?.text ?? null,
        lang: isLang(state.lang) ? state.lang : 'zh-CN',
        state: c.state,
        ticket: ticket ? { id: ticket.id, number: ticket.number, severity: ticket.severity, status: ticket.status } : null,
        undelivered: Number(undelivered.find((u) => u.conversationId === c.id)?.n ?? 0),
      };
    });
  }

  queue(): Promise<QueueEntry[]> {
    const undelivered = sql`exists (select 1 from ${outbox} where ${outbox.conversationId} = ${conversations.id} and ${outbox.status} = 'failed' and ${outbox.reviewedAt} is null)`;
    return this.entries(or(isNotNull(conversations.humanRequestedAt), eq(conversations.mode, 'human'), undelivered));
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
