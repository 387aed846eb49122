// Agents (every staff member who signs in to the console) and their sessions.
import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts, created, id } from './columns.js';
import { contacts } from './people.js';

export const agents = pgTable(
  'agents',
  {
    id: id(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role').$type<'agent' | 'engineer' | 'coordinator' | 'supervisor' | 'admin'>().notNull(),
    lang: text('lang').notNull().default('zh-CN'),
    active: boolean('active').notNull().default(true),
    /** The contact of the staff member's own Telegram or LINE chat (linked by a one-time code): tickets and warnings go there. */
    contactId: uuid('contact_id').references(() => contacts.id),
    createdAt: created(),
  },
  (t) => [
    uniqueIndex('agents_username').on(sql`lower(${t.username})`),
    uniqueIndex('agents_contact')
      .on(t.contactId)
      .where(sql`${t.contactId} is not null`),
  ],
);

/** Signed-in agents: only a hash of the session id is kept; the id lives in the agent's cookie. */
export const agentSessions = pgTable(
  'agent_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: created(),
    lastSeenAt: ts('last_seen_at').notNull(),
    /** The absolute end (8 h after sign-in); the idle end is last_seen_at + 30 min. */
    expiresAt: ts('expires_at').notNull(),
    endedAt: ts('ended_at'),
    address: text('address'),
    userAgent: text('user_agent'),
  },
  (t) => [index('agent_sessions_agent').on(t.agentId)],
);
