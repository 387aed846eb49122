import { and, desc, eq, inArray, isNull, lte, ne } from 'drizzle-orm';
import type { Agent } from '../../ports/console-store.js';
import type { StaffChat, StaffRepo } from '../../ports/operations.js';
import type { ChannelName } from '../../domain/messages.js';
import type { Db } from '../database.js';
import { agents, channelIdentities, conversations, linkCodes } from '../schema.js';
import { toAgent } from './agents.js';
import { isUuid } from './places.js';

/** Staff accounts' own chats (agents.contact_id), linked by a one-time code like users' identities. */
export class DrizzleStaff implements StaffRepo {
  constructor(private readonly db: Db) {}

  async byContact(contactId: string): Promise<Agent | null> {
    if (!isUuid(contactId)) return null;
    const [row] = await this.db
      .select()
      .from(agents)
      .where(and(eq(agents.contactId, contactId), eq(agents.active, true)));
    return row ? toAgent(row) : null;
  }

  async linkChat(agentId: string, contactId: string): Promise<void> {
    await this.db
      .update(agents)
      .set({ contactId: null })
      .where(and(eq(agents.contactId, contactId), ne(agents.id, agentId)));
    await this.db.update(agents).set({ contactId }).where(eq(agents.id, agentId));
  }

  async unlinkChat(agentId: string): Promise<void> {
    await this.db.update(agents).set({ contactId: null }).where(eq(agents.id, agentId));
  }

  async issueCode(agentId: string, code: string, expiresAt: Date, now: Date): Promise<boolean> {
    // One code in force per account: a new one replaces the one given before.
    await this.db.delete(linkCodes).where(and(eq(linkCodes.agentId, agentId), isNull(linkCodes.usedAt)));
    const rows = await this.db
      .insert(linkCodes)
      .values({ code, agentId, contactId: null, conversationId: null, expiresAt, createdAt: now })
      .onConflictDoUpdate({
        target: linkCodes.code,
        set: { agentId, contactId: null, conversationId: null, expiresAt, usedAt: null, createdAt: now },
        // A code that has expired may be given out again; one in force may not.
        setWhere: lte(linkCodes.expiresAt, now),
      })
      .returning({ code: linkCodes.code });
    return rows.length > 0;
  }

  async chatOf(agentId: string, channels: readonly ChannelName[]): Promise<StaffChat | null> {
    if (!isUuid(agentId) || channels.length === 0) return null;
    const [row] = await this.db
      .select({ conversationId: conversations.id, channel: conversations.channel, externalKey: conversations.externalKey })
      .from(agents)
      .innerJoin(conversations, eq(conversations.contactId, agents.contactId))
      .innerJoin(
        channelIdentities,
        and(eq(channelIdentities.contactId, agents.contactId), eq(channelIdentities.channel, conversations.channel)),
      )
      .where(and(eq(agents.id, agentId), eq(agents.active, true), inArray(conversations.channel, [...channels])))
      // The chat used last: where the person answers.
      .orderBy(desc(conversations.lastMessageAt), desc(conversations.createdAt))
      .limit(1);
    return row ? { conversationId: row.conversationId, channel: row.channel as ChannelName, externalKey: row.externalKey } : null;
  }

  async chatChannel(agentId: string): Promise<ChannelName | null> {
    if (!isUuid(agentId)) return null;
    const [row] = await this.db
      .select({ channel: channelIdentities.channel })
      .from(agents)
      .innerJoin(channelIdentities, eq(channelIdentities.contactId, agents.contactId))
      .where(and(eq(agents.id, agentId), ne(channelIdentities.channel, 'webchat')))
      .orderBy(desc(channelIdentities.createdAt))
      .limit(1);
    return row ? (row.channel as ChannelName) : null;
  }

  async coordinators(): Promise<Agent[]> {
    const rows = await this.db
      .select()
      .from(agents)
      .where(and(eq(agents.role, 'coordinator'), eq(agents.active, true)));
    return rows.map(toAgent);
  }
}
