// Platform events recorded once, and the replies waiting to leave.
import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts, created } from './columns.js';
import { conversations } from './conversations.js';
import { agents } from './staff.js';

/** Every platform event, recorded once: the (channel, external id) pair de-duplicates redeliveries. */
export const inboundEvents = pgTable(
  'inbound_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: text('channel').notNull(),
    externalId: text('external_id').notNull(),
    conversationKey: text('conversation_key').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
    processedAt: ts('processed_at'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    /** Why the event cannot be used (an identifier with a NUL or a lone surrogate): recorded, acknowledged, never processed. */
    rejected: text('rejected'),
  },
  (t) => [
    uniqueIndex('inbound_channel_external').on(t.channel, t.externalId),
    index('inbound_pending')
      .on(t.channel, t.conversationKey, t.id)
      .where(sql`${t.processedAt} is null`),
  ],
);

/** Replies waiting to leave, in order per conversation; sent by the outbox sender. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id),
    channel: text('channel').notNull(),
    messageId: bigint('message_id', { mode: 'number' }).notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<'pending' | 'sent' | 'failed'>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    /** Held by a sender until then: another instance does not take the same messages meanwhile. */
    leaseUntil: ts('lease_until'),
    lastError: text('last_error'),
    createdAt: created(),
    sentAt: ts('sent_at'),
    /** A failed message an agent has seen (it leaves the console's queue); who saw it. */
    reviewedAt: ts('reviewed_at'),
    reviewedBy: uuid('reviewed_by').references(() => agents.id),
  },
  (t) => [
    index('outbox_pending')
      .on(t.channel, t.nextAttemptAt, t.id)
      .where(sql`${t.status} = 'pending'`),
    index('outbox_undelivered')
      .on(t.conversationId)
      .where(sql`${t.status} = 'failed' and ${t.reviewedAt} is null`),
  ],
);
