import { and, desc, eq, gt, inArray, isNull, lte, notInArray, sql } from 'drizzle-orm';
import type { RedeemedCode, ContactLink, ContactLinksRepo } from '../../ports/contact-links.js';
import type { ChannelName } from '../../domain/messages.js';
import type { Db } from '../database.js';
import { channelIdentities, contactLinks, contacts, conversations, linkCodes, tickets } from '../schema.js';
import { DrizzleContacts } from './contacts.js';

/** Profile fields a link may fill in on the contact that is kept (each only where it had none). */
const FIELDS = ['name', 'phone', 'siteId', 'roomId'] as const;
type Field = (typeof FIELDS)[number];

export class DrizzleContactLinks implements ContactLinksRepo {
  constructor(private readonly db: Db) {}

  async issue(contactId: string, conversationId: string, code: string, expiresAt: Date, now: Date): Promise<boolean> {
    // One code in force per contact: a new one replaces the one given before.
    await this.db.delete(linkCodes).where(and(eq(linkCodes.contactId, contactId), isNull(linkCodes.usedAt)));
    const rows = await this.db
      .insert(linkCodes)
      .values({ code, contactId, conversationId, expiresAt, createdAt: now })
      .onConflictDoUpdate({
        target: linkCodes.code,
        set: { contactId, conversationId, expiresAt, usedAt: null, createdAt: now },
        // A code that has expired may be given out again; one in force may not.
        setWhere: lte(linkCodes.expiresAt, now),
      })
      .returning({ code: linkCodes.code });
    return rows.length > 0;
  }

  async redeem(code: string, now: Date): Promise<RedeemedCode | null> {
    const [row] = await this.db
      .update(linkCodes)
      .set({ usedAt: now })
      .where(and(eq(linkCodes.code, code), isNull(linkCodes.usedAt), gt(linkCodes.expiresAt, now)))
      .returning({ contactId: linkCodes.contactId, agentId: linkCodes.agentId, conversationId: linkCodes.conversationId });
    if (!row) return null;
    if (row.agentId) return { kind: 'staff', agentId: row.agentId };
    if (!row.contactId) throw new Error('A link code belongs to a contact or to a staff account (link_codes_owner).');
    return { kind: 'contact', contactId: row.contactId, conversationId: row.conversationId };
  }

  async link(from: string, into: string, now: Date): Promise<ContactLink> {
    const identities = await this.db
      .select({ channel: channelIdentities.channel, externalId: channelIdentities.externalId })
      .from(channelIdentities)
      .where(eq(channelIdentities.contactId, from));
    const moved = await this.db.select({ id: conversations.id }).from(conversations).where(eq(conversations.contactId, from));
    const [a] = await this.db.select().from(contacts).where(eq(contacts.id, from));
    const [b] = await this.db.select().from(contacts).where(eq(contacts.id, into));
    const filled: Partial<Record<Field, string>> = {};
    if (a && b) {
      if (!b.name && a.name) filled.name = a.name;
      if (!b.phone && a.phone) filled.phone = a.phone;
      // The place moves as a pair (merge takes the room with its site).
      if (!b.siteId && a.siteId) {
        filled.siteId = a.siteId;
        if (a.roomId) filled.roomId = a.roomId;
      }
    }
    await new DrizzleContacts(this.db).merge(from, into);
    const [row] = await this.db
      .insert(contactLinks)
      .values({
        contactId: into,
        identities,
        conversationIds: moved.map((c) => c.id),
        profile: {
          name: a?.name ?? null,
          phone: a?.phone ?? null,
          lang: a?.lang ?? null,
          siteId: a?.siteId ?? null,
          roomId: a?.roomId ?? null,
        },
        filled,
        linkedAt: now,
      })
      .returning({ id: contactLinks.id });
    if (!row) throw new Error('An insert of a contact link returns its row.');
    return {
      id: row.id,
      identities: identities.map((i) => ({ channel: i.channel as ChannelName, externalId: i.externalId })),
      linkedAt: now,
    };
  }

  async joinedAt(contactId: string, channel: ChannelName, externalId: string): Promise<Date | null> {
    const [row] = await this.db
      .select({ linkedAt: contactLinks.linkedAt })
      .from(contactLinks)
      .where(
        and(
          eq(contactLinks.contactId, contactId),
          isNull(contactLinks.undoneAt),
          sql`${contactLinks.identities} @> ${JSON.stringify([{ channel, externalId }])}::jsonb`,
        ),
      )
      .orderBy(desc(contactLinks.linkedAt))
      .limit(1);
    return row?.linkedAt ?? null;
  }

  async recent(contactId: string, limit: number): Promise<ContactLink[]> {
    const rows = await this.db
      .select()
      .from(contactLinks)
      .where(and(eq(contactLinks.contactId, contactId), isNull(contactLinks.undoneAt)))
      .orderBy(desc(contactLinks.linkedAt))
      .limit(limit);
    return rows.map(toLink);
  }

  /**
   * Web chat sessions the moved browsers opened after the link (with their contact token): they
   * are the same browser, so they go back with it.
   */
  private async laterSessions(identities: readonly { channel: string; externalId: string }[], contactId: string) {
    const sessions = identities.filter((i) => i.channel === 'webchat').map((i) => i.externalId);
    if (sessions.length === 0) return [];
    const browsers = this.db
      .select({ id: channelIdentities.browserId })
      .from(channelIdentities)
      .where(and(eq(channelIdentities.channel, 'webchat'), inArray(channelIdentities.externalId, sessions)));
    return this.db
      .select({ channel: channelIdentities.channel, externalId: channelIdentities.externalId })
      .from(channelIdentities)
      .where(
        and(
          eq(channelIdentities.contactId, contactId),
          eq(channelIdentities.channel, 'webchat'),
          inArray(channelIdentities.browserId, browsers),
          notInArray(channelIdentities.externalId, sessions),
        ),
      );
  }

  async undo(linkId: string, contactId: string, now: Date): Promise<ContactLink | null> {
    if (!/^[0-9a-f-]{36}$/i.test(linkId)) return null;
    const [link] = await this.db
      .select()
      .from(contactLinks)
      .where(and(eq(contactLinks.id, linkId), eq(contactLinks.contactId, contactId), isNull(contactLinks.undoneAt)))
      .for('update');
    if (!link) return null;
    const p = link.profile;
    const [created] = await this.db
      .insert(contacts)
      .values({ name: p.name ?? null, phone: p.phone ?? null, lang: p.lang ?? 'zh-CN', siteId: p.siteId ?? null, roomId: p.roomId ?? null })
      .returning({ id: contacts.id });
    if (!created) throw new Error('An insert of the contact an unlink restores returns its row.');
    const away = created.id;
    const chats = new Set(link.conversationIds);
    /** The moved identities' one-to-one chats: only the tickets reported there go with them. */
    const ownChats = new Set<string>();
    for (const { channel, externalId } of [...link.identities, ...(await this.laterSessions(link.identities, contactId))]) {
      const mine = and(
        eq(channelIdentities.contactId, contactId),
        eq(channelIdentities.channel, channel),
        eq(channelIdentities.externalId, externalId),
      );
      await this.db.update(channelIdentities).set({ contactId: away }).where(mine);
      // Their one-to-one chat, also when it began after the link.
      const own = await this.db
        .select({ id: conversations.id })
        .from(conversations)
        .where(and(eq(conversations.contactId, contactId), eq(conversations.channel, channel), eq(conversations.externalKey, externalId)));
      for (const c of own) {
        chats.add(c.id);
        ownChats.add(c.id);
      }
    }
    if (chats.size > 0) {
      const ids = [...chats];
      await this.db
        .update(conversations)
        .set({ contactId: away })
        .where(and(eq(conversations.contactId, contactId), inArray(conversations.id, ids)));
    }
    // Tickets follow only the one-to-one chats: in a group, the kept contact may have reported too.
    if (ownChats.size > 0) {
      await this.db
        .update(tickets)
        .set({ reporterId: away })
        .where(and(eq(tickets.reporterId, contactId), inArray(tickets.conversationId, [...ownChats])));
    }
    // Codes given out while linked (perhaps by the identity now sent away) must not let it back in.
    await this.db.delete(linkCodes).where(and(eq(linkCodes.contactId, contactId), isNull(linkCodes.usedAt)));
    // What the link filled in on the contact goes away with it, unless it was changed since.
    const filled = link.filled as Partial<Record<Field, string>>;
    for (const field of FIELDS) {
      const value = filled[field];
      if (value === undefined) continue;
      await this.db
        .update(contacts)
        .set({ [field]: null, updatedAt: now })
        .where(and(eq(contacts.id, contactId), eq(contacts[field], value)));
    }
    await this.db.update(contactLinks).set({ undoneAt: now }).where(eq(contactLinks.id, linkId));
    return toLink(link);
  }
}

function toLink(row: typeof contactLinks.$inferSelect): ContactLink {
  return {
    id: row.id,
    identities: row.identities.map((i) => ({ channel: i.channel as ChannelName, externalId: i.externalId })),
    linkedAt: row.linkedAt,
  };
}
