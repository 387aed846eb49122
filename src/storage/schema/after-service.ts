// Satisfaction surveys, return visits and inspections (issue 15).
import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { VisitAnswer } from '../../domain/after-service.js';
import { ts, created, id } from './columns.js';
import { contracts, sites } from './places.js';
import { contacts } from './people.js';
import { conversations } from './conversations.js';
import { tickets } from './tickets.js';
import { agents } from './staff.js';

/**
 * The satisfaction survey of a solved ticket (clause 5.12.1), one per ticket: asked in the teacher's
 * chat (ticket_alerts kinds 'survey' and 'survey_reminder'), answered with buttons, its comment the
 * teacher's next free text while `comment_until` is ahead. Expired surveys change nothing.
 */
export const surveys = pgTable(
  'surveys',
  {
    id: id(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id),
    /** The engineer who solved it (when one was dispatched). */
    engineerId: uuid('engineer_id').references(() => agents.id),
    askedAt: ts('asked_at'),
    remindedAt: ts('reminded_at'),
    expiresAt: ts('expires_at').notNull(),
    /** 1 (very dissatisfied) … 5 (very satisfied). */
    score: integer('score'),
    comment: text('comment'),
    answeredAt: ts('answered_at'),
    /** After a score: the teacher's next free text until then is the comment. */
    commentUntil: ts('comment_until'),
    createdAt: created(),
  },
  (t) => [
    uniqueIndex('surveys_ticket').on(t.ticketId),
    index('surveys_conversation').on(t.conversationId),
    check('surveys_score', sql`${t.score} is null or ${t.score} between 1 and 5`),
  ],
);

/**
 * Return visits (回访, GX-EDU 5.16; CG-CULTURE 4.5.4's feedback form): one row per site, round and
 * contact teacher written to (contact null: the site had nobody to write to). Sent by the alerts
 * worker's "visit" rows inside the contract's windows; answered with buttons; the undelivered and
 * unanswered ones are phoned by the coordinator, who records the call.
 */
export const returnVisits = pgTable(
  'return_visits',
  {
    id: id(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    contractId: text('contract_id')
      .notNull()
      .references(() => contracts.id),
    /** The round's date (the schedule's, in the contract's zone). */
    roundOn: date('round_on', { mode: 'string' }).notNull(),
    contactId: uuid('contact_id').references(() => contacts.id),
    conversationId: uuid('conversation_id').references(() => conversations.id),
    /** The question's place in the conversation (its message's outbox row tells whether it was delivered). */
    messageSeq: integer('message_seq'),
    status: text('status').$type<'sent' | 'undelivered' | 'answered'>().notNull(),
    sentAt: ts('sent_at'),
    answer: text('answer').$type<VisitAnswer>(),
    answeredAt: ts('answered_at'),
    /** The fault reported from the visit ("report a fault"). */
    ticketId: uuid('ticket_id').references(() => tickets.id),
    /** The coordinator's phone call for an undelivered or unanswered visit. */
    calledAt: ts('called_at'),
    calledBy: uuid('called_by').references(() => agents.id),
    callNote: text('call_note'),
    createdAt: created(),
  },
  (t) => [
    uniqueIndex('return_visits_once').on(t.siteId, t.roundOn, t.contactId),
    index('return_visits_round').on(t.roundOn),
    index('return_visits_conversation').on(t.conversationId),
  ],
);

/** One checked line of an inspection record. */
export interface InspectionItemRow {
  /** The checklist item's id, and the asset it was checked on (per-asset items). */
  item: string;
  assetId: string | null;
  result: 'ok' | 'fault' | 'note' | null;
  note: string | null;
  /** Attachment ids of photos taken for the item. */
  photos: string[];
  /** The ticket a fault found opened. */
  ticketId: string | null;
  checkedAt: string | null;
  checkedBy: string | null;
}

/**
 * Inspections (巡检, GX-EDU 5.17 quarterly on site; CG-CULTURE 4.5.1 every six months): one per
 * site and due date, planned from the contract's cadence, filled in by the engineer from chat or the
 * console item by item, printed as the record with the customer's sign-off.
 */
export const inspections = pgTable(
  'inspections',
  {
    id: id(),
    /** "XJ-2026-0007": the record's number, printed on it. */
    number: text('number').notNull(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    contractId: text('contract_id')
      .notNull()
      .references(() => contracts.id),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    status: text('status').$type<'planned' | 'in_progress' | 'done' | 'cancelled'>().notNull().default('planned'),
    engineerId: uuid('engineer_id').references(() => agents.id),
    items: jsonb('items').$type<InspectionItemRow[]>().notNull().default([]),
    startedAt: ts('started_at'),
    completedAt: ts('completed_at'),
    /** A remark for the whole record. */
    summary: text('summary'),
    createdAt: created(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('inspections_once').on(t.siteId, t.dueOn),
    uniqueIndex('inspections_number').on(t.number),
    index('inspections_due').on(t.status, t.dueOn),
  ],
);
