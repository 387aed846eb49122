// The people who report faults, the channels they write from, and web chat browsers.
import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts, created, id } from './columns.js';
import { sites, rooms } from './places.js';

/** A person who reports faults; the channels they write from are their identities. */
export const contacts = pgTable(
  'contacts',
  {
    id: id(),
    name: text('name'),
    /** Digits only, with the country code when known: how identities on several channels are linked. */
    phone: text('phone'),
    lang: text('lang').notNull().default('zh-CN'),
    /** The place they reported from last time, offered again next time. */
    siteId: uuid('site_id').references(() => sites.id),
    roomId: uuid('room_id').references(() => rooms.id),
    createdAt: created(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('contacts_phone').on(t.phone)],
);

export const channelIdentities = pgTable(
  'channel_identities',
  {
    id: id(),
    channel: text('channel').notNull(),
    externalId: text('external_id').notNull(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id),
    displayName: text('display_name'),
    /** Web chat: hash of the session token the browser holds. */
    secretHash: text('secret_hash'),
    /** Web chat: the browser whose contact token opened this session (its sessions share one contact). */
    browserId: uuid('browser_id').references(() => webchatBrowsers.id, { onDelete: 'set null' }),
    /** The user blocked the bot or unfollowed: nothing is sent until they come back. */
    blockedAt: ts('blocked_at'),
    createdAt: created(),
  },
  (t) => [
    uniqueIndex('identities_channel_external').on(t.channel, t.externalId),
    index('identities_contact').on(t.contactId),
    index('identities_browser').on(t.browserId, t.createdAt),
  ],
);

/**
 * Web chat browsers: the contact token a browser keeps (only its hash here) makes every session it
 * opens the same person. The contact is its oldest session's (links move sessions, so it follows).
 */
export const webchatBrowsers = pgTable('webchat_browsers', {
  id: id(),
  secretHash: text('secret_hash').notNull().unique('webchat_browsers_secret'),
  createdAt: created(),
  /** When a session was last opened with the token (it lapses WEBCHAT_CONTACT_DAYS after its last use). */
  lastUsedAt: ts('last_used_at').notNull(),
});
