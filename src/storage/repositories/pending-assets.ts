import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type {
  ConfirmOutcome,
  DismissOutcome,
  LinkOutcome,
  PendingAsset,
  PendingAssetRow,
  PendingAssetsRepo,
  PendingAssetWrite,
  PendingConfirmation,
} from '../../ports/pending-assets.js';
import type { Db } from '../database.js';
import { assetChanges, assets, auditLog, contacts, pendingAssets, rooms, sites, tickets } from '../schema.js';
import { isUuid } from './places.js';

/** The register's device with the pending tag, and its place. */
const registered = alias(assets, 'registered_asset');
const registeredSite = alias(sites, 'registered_site');
const registeredRoom = alias(rooms, 'registered_room');

const COLUMNS = {
  id: pendingAssets.id,
  tag: pendingAssets.tag,
  siteId: pendingAssets.siteId,
  roomId: pendingAssets.roomId,
  kind: pendingAssets.kind,
  contactId: pendingAssets.contactId,
  ticketId: pendingAssets.ticketId,
  createdAt: pendingAssets.createdAt,
};

export class DrizzlePendingAssets implements PendingAssetsRepo {
  constructor(private readonly db: Db) {}

  async open(): Promise<PendingAsset[]> {
    return this.db.select(COLUMNS).from(pendingAssets).where(eq(pendingAssets.status, 'pending')).orderBy(asc(pendingAssets.createdAt));
  }

  async openRows(): Promise<PendingAssetRow[]> {
    const rows = await this.db
      .select({
        ...COLUMNS,
        siteName: sites.name,
        roomName: rooms.name,
        contactName: contacts.name,
        ticketNumber: tickets.number,
        registeredId: registered.id,
        registeredKind: registered.kind,
        registeredRetiredAt: registered.retiredAt,
        registeredSite: registeredSite.name,
        registeredRoom: registeredRoom.name,
      })
      .from(pendingAssets)
      .leftJoin(sites, eq(sites.id, pendingAssets.siteId))
      .leftJoin(rooms, eq(rooms.id, pendingAssets.roomId))
      .leftJoin(contacts, eq(contacts.id, pendingAssets.contactId))
      .leftJoin(tickets, eq(tickets.id, pendingAssets.ticketId))
      // Pending tags are kept upper-cased; the register's unique index is on upper(tag).
      .leftJoin(registered, sql`upper(${registered.tag}) = ${pendingAssets.tag}`)
      .leftJoin(registeredSite, eq(registeredSite.id, registered.siteId))
      .leftJoin(registeredRoom, eq(registeredRoom.id, registered.roomId))
      .where(eq(pendingAssets.status, 'pending'))
      .orderBy(asc(pendingAssets.createdAt), asc(pendingAssets.id));
    return rows.map(({ registeredId, registeredKind, registeredRetiredAt, registeredSite: site, registeredRoom: room, ...row }) => ({
      ...row,
      registered:
        registeredId && registeredKind && site
          ? { assetId: registeredId, kind: registeredKind, siteName: site, roomName: room, retiredAt: registeredRetiredAt }
          : null,
    }));
  }

  async report(write: PendingAssetWrite): Promise<boolean> {
    const written = await this.db
      .insert(pendingAssets)
      .values({
        tag: write.tag.trim().toUpperCase(),
        siteId: write.siteId,
        roomId: write.roomId,
        kind: write.kind,
        contactId: write.contactId,
        ticketId: write.ticketId,
        createdAt: write.at,
      })
      .onConflictDoNothing()
      .returning({ id: pendingAssets.id });
    return written.length > 0;
  }

  private async lockPending(id: string) {
    if (!isUuid(id)) return null;
    const [row] = await this.db.select().from(pendingAssets).where(eq(pendingAssets.id, id)).for('update');
    return row ?? null;
  }

  async confirm(id: string, c: PendingConfirmation): Promise<ConfirmOutcome> {
    const row = await this.lockPending(id);
    if (!row) return { ok: false, error: 'not_found' };
    if (row.status !== 'pending') return { ok: false, error: 'not_pending' };
    const [site] = isUuid(c.siteId) ? await this.db.select().from(sites).where(eq(sites.id, c.siteId)) : [];
    if (!site) return { ok: false, error: 'invalid_place' };
    if (c.roomId) {
      const [room] = isUuid(c.roomId)
        ? await this.db
            .select()
            .from(rooms)
            .where(and(eq(rooms.id, c.roomId), eq(rooms.siteId, site.id)))
        : [];
      if (!room) return { ok: false, error: 'invalid_place' };
    }
    const [taken] = await this.db
      .select({ id: assets.id })
      .from(assets)
      .where(sql`upper(${assets.tag}) = ${row.tag.toUpperCase()}`);
    if (taken) return { ok: false, error: 'tag_taken' };
    const [asset] = await this.db
      .insert(assets)
      .values({
        tag: row.tag,
        kind: c.kind,
        model: c.model,
        serial: c.serial,
        siteId: site.id,
        roomId: c.roomId,
        contractId: site.contractId,
        acceptedAt: c.acceptedOn,
        warrantyMonths: c.warrantyMonths,
        createdAt: c.at,
        updatedAt: c.at,
      })
      .returning({ id: assets.id });
    if (!asset) throw new Error('inserting the asset returned no row');
    const assetId = asset.id;
    await this.db.insert(assetChanges).values({
      assetId,
      action: 'confirmed',
      changes: {
        tag: { before: null, after: row.tag },
        kind: { before: row.kind, after: c.kind },
        site: { before: null, after: site.name },
        acceptedOn: { before: null, after: c.acceptedOn },
      },
      agentId: c.agentId,
      ticketId: row.ticketId,
      note: null,
      at: c.at,
    });
    await this.db
      .update(pendingAssets)
      .set({ status: 'confirmed', assetId, resolvedBy: c.agentId, resolvedAt: c.at })
      .where(eq(pendingAssets.id, id));
    if (row.ticketId) await this.db.update(tickets).set({ assetId }).where(eq(tickets.id, row.ticketId));
    return { ok: true, assetId };
  }

  async link(id: string, agentId: string, at: Date): Promise<LinkOutcome> {
    const row = await this.lockPending(id);
    if (!row) return { ok: false, error: 'not_found' };
    if (row.status !== 'pending') return { ok: false, error: 'not_pending' };
    const [asset] = await this.db
      .select({ id: assets.id, retiredAt: assets.retiredAt })
      .from(assets)
      .where(sql`upper(${assets.tag}) = ${row.tag.toUpperCase()}`)
      .for('update');
    if (!asset) return { ok: false, error: 'not_registered' };
    const restored = asset.retiredAt !== null;
    if (asset.retiredAt) {
      await this.db.update(assets).set({ retiredAt: null, updatedAt: at }).where(eq(assets.id, asset.id));
      await this.db.insert(assetChanges).values({
        assetId: asset.id,
        action: 'restored',
        changes: { retiredAt: { before: asset.retiredAt.toISOString(), after: null } },
        agentId,
        ticketId: row.ticketId,
        note: null,
        at,
      });
    }
    await this.db
      .update(pendingAssets)
      .set({ status: 'confirmed', assetId: asset.id, resolvedBy: agentId, resolvedAt: at })
      .where(eq(pendingAssets.id, id));
    if (row.ticketId) await this.db.update(tickets).set({ assetId: asset.id }).where(eq(tickets.id, row.ticketId));
    return { ok: true, assetId: asset.id, restored };
  }

  async dismiss(id: string, reason: string, agentId: string, at: Date): Promise<DismissOutcome> {
    const row = await this.lockPending(id);
    if (!row) return { ok: false, error: 'not_found' };
    if (row.status !== 'pending') return { ok: false, error: 'not_pending' };
    await this.db.update(pendingAssets).set({ status: 'dismissed', resolvedBy: agentId, resolvedAt: at }).where(eq(pendingAssets.id, id));
    await this.db.insert(auditLog).values({
      at,
      actorId: agentId,
      action: 'pending_asset.dismissed',
      subject: `pending_asset:${id}`,
      data: { tag: row.tag, reason, ticketId: row.ticketId },
    });
    return { ok: true };
  }
}
