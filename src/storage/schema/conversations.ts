// Conversations, their transcripts, attachments and the photos kept in the database.
import { bigint, bigserial, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ReportSummary } from '../../domain/triage-record.js';
import { bytea, ts, created, id } from './columns.js';
import { contacts } from './people.js';
import { agents } from './staff.js';

export const conversations = pgTable(
  'conversations',
  {
    id: id(),
    channel: text('channel').notNull(),
    /** The chat on the channel (a Telegram chat id, a LINE user or group, a web chat session). */
    externalKey: text('external_key').notNull(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id),
    state: jsonb('state').$type<Record<string, unknown>>().notNull(),
    mode: text('mode').$type<'bot' | 'human'>().notNull().default('bot'),
    /** The user blocked the bot or unfollowed: replies are recorded but not sent. */
    blockedAt: ts('blocked_at'),
    humanRequestedAt: ts('human_requested_at'),
    agentId: uuid('agent_id').references(() => agents.id),
    /** Sequence number of the last transcript entry. */
    lastSeq: integer('last_seq').notNull().default(0),
    /** The report in two lines for the agent, written when the conversation was handed to a human. */
    summary: jsonb('summary').$type<ReportSummary>(),
    lastMessageAt: ts('last_message_at'),
    createdAt: created(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('conversations_channel_key').on(t.channel, t.externalKey), index('conversations_contact').on(t.contactId)],
);

export interface ChoiceJson {
  id: string;
  label: string;
}

/** The full transcript, both directions, numbered per conversation. */
export const messages = pgTable(
  'messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id),
    seq: integer('seq').notNull(),
    /** `note`: an agents' internal note, never shown to the user. */
    direction: text('direction').$type<'in' | 'out' | 'note'>().notNull(),
    sender: text('sender').$type<'user' | 'bot' | 'agent' | 'system'>().notNull(),
    agentId: uuid('agent_id').references(() => agents.id),
    kind: text('kind').notNull(),
    text: text('text').notNull().default(''),
    choices: jsonb('choices').$type<ChoiceJson[]>(),
    attachmentId: uuid('attachment_id').references(() => attachments.id),
    inboundEventId: bigint('inbound_event_id', { mode: 'number' }),
    createdAt: created(),
  },
  (t) => [uniqueIndex('messages_conversation_seq').on(t.conversationId, t.seq)],
);

export const attachments = pgTable('attachments', {
  id: id(),
  conversationId: uuid('conversation_id').references(() => conversations.id),
  ticketId: uuid('ticket_id'),
  mime: text('mime').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  storageKey: text('storage_key').notNull(),
  createdAt: created(),
});

/**
 * Photos' bytes by their SHA-256, when they are kept in the database (PHOTOS_STORE=database, the
 * default on PostgreSQL): every instance reads what any instance stored.
 */
export const blobs = pgTable('blobs', {
  key: text('key').primaryKey(),
  bytes: bytea('bytes').notNull(),
  createdAt: created(),
});
