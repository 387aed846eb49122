// The on-duty roster, major events and every alert the desk sends once.
import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts, created, id } from './columns.js';
import { sites } from './places.js';
import { tickets } from './tickets.js';
import { agents } from './staff.js';

/** The on-duty roster (CG-CULTURE 4.5.3): who is on duty from when to when; paged for urgent faults out of hours. */
export const dutyShifts = pgTable(
  'duty_shifts',
  {
    id: id(),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    note: text('note'),
    createdBy: uuid('created_by').references(() => agents.id),
    createdAt: created(),
  },
  (t) => [index('duty_shifts_time').on(t.startsAt, t.endsAt), check('duty_shifts_order', sql`${t.endsAt} > ${t.startsAt}`)],
);

/**
 * Declared major events (GX-EDU 5.14, CG-CULTURE 4.5.3): during one, a new fault at its site (or at
 * any site, when site_id is null) is severity A, and the on-duty staff are told at once.
 */
export const majorEvents = pgTable(
  'major_events',
  {
    id: id(),
    name: text('name').notNull(),
    siteId: uuid('site_id').references(() => sites.id),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    createdBy: uuid('created_by').references(() => agents.id),
    createdAt: created(),
    cancelledAt: ts('cancelled_at'),
  },
  (t) => [index('major_events_time').on(t.startsAt, t.endsAt), check('major_events_order', sql`${t.endsAt} > ${t.startsAt}`)],
);

/**
 * Scheduled work on tickets, one row per thing to send once: a clock's warning point, a breach, an
 * unassigned urgent ticket, a severity raise. Claimed with row locks (a lease) like the outbox, so two
 * instances never send the same one and a crashed instance's rows are picked up when the lease ends.
 */
export const ticketAlerts = pgTable(
  'ticket_alerts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Null for work on a site rather than a ticket (a return visit round, an inspection's notice). */
    ticketId: uuid('ticket_id').references(() => tickets.id),
    /**
     * What it is about, unique per ticket: "clock:onSite:75:<due ISO>", "unassigned:<severity>",
     * "raised:<to>"; unique among site work: "visit:<site id>:<round date>", "inspection:<id>".
     */
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    /** When it falls due. */
    at: ts('at').notNull(),
    status: text('status').$type<'pending' | 'sent' | 'cancelled'>().notNull().default('pending'),
    leaseUntil: ts('lease_until'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    sentAt: ts('sent_at'),
    createdAt: created(),
  },
  (t) => [
    uniqueIndex('ticket_alerts_once').on(t.ticketId, t.key),
    uniqueIndex('ticket_alerts_once_site')
      .on(t.key)
      .where(sql`${t.ticketId} is null`),
    index('ticket_alerts_due')
      .on(t.at, t.id)
      .where(sql`${t.status} = 'pending'`),
  ],
);
