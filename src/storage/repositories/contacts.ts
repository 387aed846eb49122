import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { ContactRecord, ContactsRepo } from '../../ports/store.js';
import { isLang, type Lang } from '../../domain/i18n.js';
import type { ChannelName } from '../../domain/messages.js';
import type { Db } from '../database.js';
import { agents, channelIdentities, contactLinks, contacts, conversations, linkCodes, rooms, sites, tickets } from '../schema.js';
import { firstRow } from '../rows.js';

export class DrizzleContacts implements ContactsRepo {
  constructor(private readonly db: Db) {}

  async find(channel: ChannelName, userId: string): Promise<ContactRecord | null> {
    const [known] = await this.selectContact()
      .innerJoin(channelIdentities, eq(channelIdentities.contactId, contacts.id))
      .where(and(eq(channelIdentities.channel, channel), eq(channelIdentities.externalId, userId)))
      .limit(1);
    return known ? toContact(known) : null;
  }

  async identify(channel: ChannelName, userId: string, displayName: string | undefined, lang: Lang): Promise<ContactRecord> {
    const known = await this.find(channel, userId);
    if (known) return known;

    const contact = firstRow(
      await this.db.insert(contacts).values({ lang }).returning({ id: contacts.id }),
      'An insert of a contact returns its row.',
    );
    const inserted = await this.db
      .insert(channelIdentities)
      .values({ channel, externalId: userId, contactId: contact.id, displayName: displayName ?? null })
      .onConflictDoNothing()
      .returning({ contactId: channelIdentities.contactId });
    if (inserted[0]) {
      const created = await this.get(contact.id);
      if (!created) throw new Error('A contact inserted in this transaction, with its identity, is there to read.');
      return created;
    }
    // Another conversation of the same person created the identity at the same moment.
    await this.db.delete(contacts).where(eq(contacts.id, contact.id));
    return this.identify(channel, userId, displayName, lang);
  }

  private selectContact() {
    return this.db
      .select({
        c: contacts,
        siteName: sites.name,
        roomName: rooms.name,
        staff: sql<boolean>`exists (select 1 from ${agents} where ${agents.contactId} = ${contacts.id} and ${agents.active})`,
      })
      .from(contacts)
      .leftJoin(sites, eq(sites.id, contacts.siteId))
      .leftJoin(rooms, eq(rooms.id, contacts.roomId));
  }

  async get(id: string): Promise<ContactRecord | null> {
    const [row] = await this.selectContact().where(eq(contacts.id, id)).limit(1);
    return row ? toContact(row) : null;
  }

  async findByPhone(phone: string, except: string): Promise<string | null> {
    const rows = await this.db
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(eq(contacts.phone, phone), ne(contacts.id, except)))
      .orderBy(asc(contacts.createdAt))
      .limit(1);
    return rows[0]?.id ?? null;
  }

  async setPhone(id: string, phone: string): Promise<void> {
    await this.db.update(contacts).set({ phone, updatedAt: new Date() }).where(eq(contacts.id, id));
  }

  async merge(from: string, into: string): Promise<void> {
    if (from === into) return;
    const [a] = await this.db.select().from(contacts).where(eq(contacts.id, from));
    const [b] = await this.db.select().from(contacts).where(eq(contacts.id, into));
    if (!a || !b) return;
    await this.db.update(channelIdentities).set({ contactId: into }).where(eq(channelIdentities.contactId, from));
    await this.db.update(conversations).set({ contactId: into }).where(eq(conversations.contactId, from));
    await this.db.update(tickets).set({ reporterId: into }).where(eq(tickets.reporterId, from));
    await this.db.delete(linkCodes).where(eq(linkCodes.contactId, from));
    // A staff member's chat follows the person, unless the contact kept is already someone's chat.
    const [kept] = await this.db.select({ id: agents.id }).from(agents).where(eq(agents.contactId, into));
    await this.db
      .update(agents)
      .set({ contactId: kept ? null : into })
      .where(eq(agents.contactId, from));
    await this.db.update(contactLinks).set({ contactId: into }).where(eq(contactLinks.contactId, from));
    await this.db
      .update(contacts)
      .set({
        name: b.name ?? a.name,
        phone: b.phone ?? a.phone,
        siteId: b.siteId ?? a.siteId,
        roomId: b.siteId ? b.roomId : a.roomId,
        updatedAt: new Date(),
      })
      .where(eq(contacts.id, into));
    await this.db.delete(contacts).where(eq(contacts.id, from));
  }

  async createUnlinked(lang: Lang, name?: string): Promise<string> {
    const rows = await this.db
      .insert(contacts)
      .values({ lang, ...(name ? { name } : {}) })
      .returning({ id: contacts.id });
    return firstRow(rows, 'An insert of a contact returns its row.').id;
  }

  async updateProfile(id: string, profile: { name?: string; siteId?: string; roomId?: string; lang?: Lang }): Promise<void> {
    const set: Partial<typeof contacts.$inferInsert> = { updatedAt: new Date() };
    if (profile.name) set.name = profile.name;
    if (profile.siteId) set.siteId = profile.siteId;
    if (profile.roomId) set.roomId = profile.roomId;
    if (profile.lang) set.lang = profile.lang;
    await this.db.update(contacts).set(set).where(eq(contacts.id, id));
  }
}

function toContact({
  c,
  siteName,
  roomName,
  staff,
}: {
  c: typeof contacts.$inferSelect;
  siteName: string | null;
  roomName: string | null;
  staff: boolean;
}): ContactRecord {
  return contactRecord({ ...c, siteName, roomName, staff });
}

/** A contact as a turn sees it, from its row and the names of its site and room. */
export function contactRecord(c: {
  id: string;
  name: string | null;
  phone: string | null;
  lang: string;
  siteId: string | null;
  siteName: string | null;
  roomId: string | null;
  roomName: string | null;
  /** An active staff account's linked chat (absent: not known to be). */
  staff?: boolean;
}): ContactRecord {
  return {
    ...(c.staff ? { staff: true as const } : {}),
    id: c.id,
    name: c.name,
    phone: c.phone,
    lang: isLang(c.lang) ? c.lang : 'zh-CN',
    site: c.siteId && c.siteName ? { id: c.siteId, label: c.siteName } : null,
    room: c.roomId && c.roomName ? { id: c.roomId, label: c.roomName } : null,
  };
}
