// Link codes, linked contacts and the attempt counters that limit guessing.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts, created, id } from './columns.js';
import { contacts } from './people.js';
import { conversations } from './conversations.js';
import { agents } from './staff.js';
/**
 * One-time codes that link a person's identities on several channels to one contact: at most one
 * unused code per contact (a new code replaces the old one).
 */
export const linkCodes = pgTable(
  'link_codes',
  {
    code: text('code').primaryKey(),
    /** The contact whose identities the code links; null for a staff account's code (agent_id). */
    contactId: uuid('contact_id').references(() => contacts.id),
    /** A staff account's code: whoever enters it in a chat becomes that account's chat (engineers work from chat). */
    agentId: uuid('agent_id').references(() => agents.id),
    /** Where the code was given out: its owner is told there when it is used. */
    conversationId: uuid('conversation_id').references(() => conversations.id),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    createdAt: created(),
  },
  (t) => [
    uniqueIndex('link_codes_one_live')
      .on(t.contactId)
      .where(sql`${t.usedAt} is null`),
    uniqueIndex('link_codes_one_live_agent')
      .on(t.agentId)
      .where(sql`${t.usedAt} is null`),
    check('link_codes_owner', sql`(${t.contactId} is null) <> (${t.agentId} is null)`),
  ],
);

/**
 * Identities that joined a contact by a link code, with what moved along, so that the contact's
 * earlier identities can undo it: the identities, their conversations (tickets follow them), the
 * profile of the contact they came from, and the profile fields the link filled in.
 */
export const contactLinks = pgTable(
  'contact_links',
  {
    id: id(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id),
    identities: jsonb('identities').$type<{ channel: string; externalId: string }[]>().notNull(),
    conversationIds: jsonb('conversation_ids').$type<string[]>().notNull(),
    profile: jsonb('profile').$type<Record<string, string | null>>().notNull(),
    filled: jsonb('filled').$type<Record<string, string>>().notNull(),
    linkedAt: ts('linked_at').notNull(),
    undoneAt: ts('undone_at'),
  },
  (t) => [index('contact_links_contact').on(t.contactId, t.linkedAt)],
);

/**
 * Attempts at guessing a secret (a password, a link code), per key: an account from an address,
 * an address, a contact, all link codes. Counted in one statement each (see repositories/attempts.ts),
 * so parallel requests and several instances cannot slip past the limit.
 */
export const attemptCounters = pgTable('attempt_counters', {
  key: text('key').primaryKey(),
  /** Attempts let through in the current window (a success gives its own back). */
  count: integer('count').notNull(),
  windowStart: ts('window_start').notNull(),
  /** The next attempt is let through from then on. */
  nextAt: ts('next_at').notNull(),
  /** Whether the latest attempt was let through (read back by the statement that counted it). */
  allowed: boolean('allowed').notNull(),
  /** The rule it was counted under: attempts before waits begin, the window, the first and the longest wait. */
  free: integer('free').notNull(),
  windowMs: integer('window_ms').notNull(),
  firstWaitMs: integer('first_wait_ms').notNull(),
  maxWaitMs: integer('max_wait_ms').notNull(),
});
