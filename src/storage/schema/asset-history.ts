// The register's imports, its change history and devices teachers reported by an unknown tag.
import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { AssetChangeFields } from '../../domain/asset-changes.js';
import { ts, created, id } from './columns.js';
import { sites, rooms, assets } from './places.js';
import { contacts } from './people.js';
import { tickets } from './tickets.js';
import { agents } from './staff.js';

/** One applied import of an equipment list (CSV or XLSX): who, which file, and what it did. */
export const assetImports = pgTable('asset_imports', {
  id: id(),
  /** Null: the command line (npm run assets:import). */
  agentId: uuid('agent_id').references(() => agents.id),
  fileName: text('file_name').notNull(),
  rows: integer('rows').notNull(),
  created: integer('created').notNull(),
  updated: integer('updated').notNull(),
  unchanged: integer('unchanged').notNull(),
  sitesCreated: integer('sites_created').notNull().default(0),
  roomsCreated: integer('rooms_created').notNull().default(0),
  createdAt: created(),
});

/**
 * The register's audit trail: every asset created, updated, moved, retired or restored, by an
 * import or an agent's edit, and each part recorded as replaced when a ticket closed.
 */
export const assetChanges = pgTable(
  'asset_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    assetId: uuid('asset_id')
      .notNull()
      .references(() => assets.id),
    action: text('action').$type<'created' | 'updated' | 'moved' | 'retired' | 'restored' | 'part_replaced' | 'confirmed'>().notNull(),
    changes: jsonb('changes').$type<AssetChangeFields>().notNull().default({}),
    /** Who: an agent, or an import (its row), or neither (the seed). */
    agentId: uuid('agent_id').references(() => agents.id),
    importId: uuid('import_id').references(() => assetImports.id),
    /** The ticket whose closing recorded a replaced part. */
    ticketId: uuid('ticket_id').references(() => tickets.id),
    note: text('note'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('asset_changes_asset').on(t.assetId, t.at)],
);

/**
 * A device a teacher reported by a tag the register does not know: kept for the coordinator to
 * confirm (it becomes an asset) or dismiss, instead of a dead end.
 */
export const pendingAssets = pgTable(
  'pending_assets',
  {
    id: id(),
    /** As the teacher typed it, upper case. */
    tag: text('tag').notNull(),
    siteId: uuid('site_id').references(() => sites.id),
    roomId: uuid('room_id').references(() => rooms.id),
    /** The device kind the report named, when it did. */
    kind: text('kind'),
    contactId: uuid('contact_id').references(() => contacts.id),
    ticketId: uuid('ticket_id').references(() => tickets.id),
    status: text('status').$type<'pending' | 'confirmed' | 'dismissed'>().notNull().default('pending'),
    /** The asset it was confirmed as. */
    assetId: uuid('asset_id').references(() => assets.id),
    resolvedBy: uuid('resolved_by').references(() => agents.id),
    resolvedAt: ts('resolved_at'),
    createdAt: created(),
  },
  (t) => [
    uniqueIndex('pending_assets_open_tag')
      .on(sql`upper(${t.tag})`)
      .where(sql`status = 'pending'`),
  ],
);
