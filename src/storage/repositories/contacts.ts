import { and, eq } from 'drizzle-orm';
import type { ContactRecord, ContactsRepo } from '../../app/ports.js';
import { isLang, type Lang } from '../../domain/i18n.js';
import type { ChannelName } from '../../domain/messages.js';
import type { Db } from '../database.js';
import { channelIdentities, contacts, rooms, sites } from '../schema.js';

export class DrizzleContacts implements ContactsRepo {
  constructor(private readonly db: Db) {}

  async identify(channel: ChannelName, userId: string, displayName: string | undefined, lang: Lang): Promise<ContactRecord> {
    const existing = await this.db
      .select({ contactId: channelIdentities.contactId })
      .from(channelIdentities)
      .where(and(eq(channelIdentities.channel, channel), eq(channelIdentities.externalId, userId)))
      .limit(1);
    if (existing[0]) return (await this.get(existing[0].contactId))!;

    const [contact] = await this.db.insert(contacts).values({ lang }).returning({ id: contacts.id });
    const inserted = await this.db
      .insert(channelIdentities)
      .values({ channel, externalId: userId, contactId: contact!.id, displayName: displayName ?? null })
      .onConflictDoNothing()
      .returning({ contactId: channelIdentities.contactId });
    if (inserted[0]) return (await this.get(contact!.id))!;
    // Another conversation of the same person created the identity at the same moment.
    await this.db.delete(contacts).where(eq(contacts.id, contact!.id));
    return this.identify(channel, userId, displayName, lang);
  }

  async get(id: string): Promise<ContactRecord | null> {
    const rows = await this.db
      .select({ c: contacts, siteName: sites.name, roomName: rooms.name })
      .from(contacts)
      .leftJoin(sites, eq(sites.id, contacts.siteId))
      .leftJoin(rooms, eq(rooms.id, contacts.roomId))
      .where(eq(contacts.id, id))
      .limit(1);
    const row = rows[0];
    if (!row) return null;
    const { c } = row;
    return {
      id: c.id,
      name: c.name,
      phone: c.phone,
      lang: isLang(c.lang) ? c.lang : 'zh-CN',
      site: c.siteId && row.siteName ? { id: c.siteId, label: row.siteName } : null,
      room: c.roomId && row.roomName ? { id: c.roomId, label: row.roomName } : null,
    };
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
