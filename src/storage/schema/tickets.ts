// Tickets, their append-only event log and their yearly numbers.
import { bigserial, boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Reason } from '../../domain/reason.js';
import type { TicketTriage } from '../../domain/triage-record.js';
import { ts, created, id } from './columns.js';
import { contracts, sites, rooms, assets } from './places.js';
import { contacts } from './people.js';
import { conversations } from './conversations.js';
import { agents } from './staff.js';

export interface ProblemReport {
  problemType: string;
  cause: string;
  solution: string;
  lossAssessment: string;
  replacedParts?: readonly string[] | undefined;
}

export interface Reopening {
  resolvedAt: string;
  reopenedAt: string;
}

export const tickets = pgTable(
  'tickets',
  {
    id: id(),
    number: text('number').notNull(),
    reporterId: uuid('reporter_id')
      .notNull()
      .references(() => contacts.id),
    conversationId: uuid('conversation_id').references(() => conversations.id),
    assetId: uuid('asset_id').references(() => assets.id),
    siteId: uuid('site_id').references(() => sites.id),
    roomId: uuid('room_id').references(() => rooms.id),
    contractId: text('contract_id')
      .notNull()
      .references(() => contracts.id),
    description: text('description').notNull(),
    facts: jsonb('facts').$type<Record<string, unknown>>().notNull(),
    severity: text('severity').$type<'A' | 'B' | 'C' | 'D'>().notNull(),
    severitySince: ts('severity_since').notNull(),
    warranty: text('warranty').$type<'in_warranty' | 'out_of_warranty' | 'excluded' | 'unknown'>().notNull(),
    billable: boolean('billable').notNull(),
    reasons: jsonb('reasons').$type<Reason[]>().notNull(),
    status: text('status').notNull().default('registered'),
    reportedAt: ts('reported_at').notNull(),
    responseDueAt: ts('response_due_at').notNull(),
    onSiteDueAt: ts('on_site_due_at'),
    repairDueAt: ts('repair_due_at'),
    loanerDueAt: ts('loaner_due_at'),
    respondedAt: ts('responded_at'),
    onSiteAt: ts('on_site_at'),
    resolvedAt: ts('resolved_at'),
    closedAt: ts('closed_at'),
    assigneeId: uuid('assignee_id').references(() => agents.id),
    /** The on-site engineer (an agent with the engineer role) and their name as shown to the reporter. */
    engineerId: uuid('engineer_id').references(() => agents.id),
    engineerName: text('engineer_name'),
    appointmentAt: ts('appointment_at'),
    /** When a loaner unit was recorded as delivered (stops the loaner clock). */
    loanerDeliveredAt: ts('loaner_delivered_at'),
    /** Earlier resolutions the fault came back from, oldest first: time between them does not count on the clocks. */
    reopenings: jsonb('reopenings').$type<Reopening[]>().notNull().default([]),
    report: jsonb('report').$type<ProblemReport>(),
    /** Set when an agent overrode the contract's decision (the reason is in the event log). */
    severityOverridden: boolean('severity_overridden').notNull().default(false),
    warrantyOverridden: boolean('warranty_overridden').notNull().default(false),
    /** How the facts were found: per fact its origin and evidence, the summary, the LLM call (domain/triage-record.ts). */
    triage: jsonb('triage').$type<TicketTriage>(),
    createdAt: created(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('tickets_number').on(t.number),
    index('tickets_reporter').on(t.reporterId, t.createdAt),
    index('tickets_open').on(t.status, t.severity),
  ],
);

/** Append-only: every change of a ticket, with who made it and why (updates and deletes are refused). */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    at: ts('at').notNull().defaultNow(),
    kind: text('kind').notNull(),
    /** 'system', 'bot', or an agent id. */
    actor: text('actor').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('ticket_events_ticket').on(t.ticketId, t.id)],
);

export const ticketCounters = pgTable('ticket_counters', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});
