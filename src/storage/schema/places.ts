// Contracts, organisations, the schools and venues, their rooms and the registered devices.
import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts, created, id, type LocalTextJson } from './columns.js';

/** Contracts as loaded from flows/contracts at start (the files stay the source). */
export const contracts = pgTable('contracts', {
  id: text('id').primaryKey(),
  name: jsonb('name').$type<LocalTextJson>().notNull(),
  definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
  loadedAt: ts('loaded_at').notNull().defaultNow(),
});

export const organisations = pgTable('organisations', {
  id: id(),
  name: text('name').notNull(),
  createdAt: created(),
});

/** Schools and venues. */
export const sites = pgTable(
  'sites',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    name: text('name').notNull(),
    /** Other names teachers type for it (an English name: "Minghu Primary School"). */
    aliases: jsonb('aliases').$type<string[]>().notNull().default([]),
    contractId: text('contract_id')
      .notNull()
      .references(() => contracts.id),
    createdAt: created(),
  },
  (t) => [uniqueIndex('sites_org_name').on(t.organisationId, t.name)],
);

export const rooms = pgTable(
  'rooms',
  {
    id: id(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    name: text('name').notNull(),
    /** Other names teachers type for it ("Grade 3 Class 2", "Room 302"). */
    aliases: jsonb('aliases').$type<string[]>().notNull().default([]),
    createdAt: created(),
  },
  (t) => [uniqueIndex('rooms_site_name').on(t.siteId, t.name)],
);

export interface ReplacedPart {
  part: string;
  replacedAt: string;
}

export const assets = pgTable(
  'assets',
  {
    id: id(),
    tag: text('tag').notNull(),
    serial: text('serial'),
    kind: text('kind').notNull(),
    model: text('model'),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    roomId: uuid('room_id').references(() => rooms.id),
    contractId: text('contract_id')
      .notNull()
      .references(() => contracts.id),
    acceptedAt: date('accepted_at', { mode: 'string' }).notNull(),
    warrantyMonths: integer('warranty_months'),
    replacedParts: jsonb('replaced_parts').$type<ReplacedPart[]>().notNull().default([]),
    /** Retired assets stay (their tickets refer to them) but leave the register's lists and the report's choices. */
    retiredAt: ts('retired_at'),
    createdAt: created(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('assets_tag').on(sql`upper(${t.tag})`), index('assets_room').on(t.roomId), index('assets_site').on(t.siteId)],
);
