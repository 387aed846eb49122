import { and, asc, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { AssetChangeFields } from '../../domain/asset-changes.js';
import type {
  AssetChange,
  AssetDetail,
  AssetEdit,
  AssetListFilter,
  AssetPage,
  AssetRegisterRepo,
  AssetWrite,
  LabelAsset,
  LabelAssetFilter,
  LabelPlace,
} from '../../ports/asset-register.js';
import type { Db } from '../database.js';
import { agents, assetChanges, assets, rooms, sites, tickets } from '../schema.js';
import { assetRoom, listRegister, registerAsset, registerColumns, type RegisterRow } from './asset-register-list.js';
import { isUuid } from './places.js';

/** The fields an edit compares, as the audit trail names them. */
const EDITABLE = ['kind', 'model', 'serial', 'acceptedOn', 'warrantyMonths'] as const;

export class DrizzleAssetRegister implements AssetRegisterRepo {
  /** `changed`: told after an edit, retirement or restoration is committed (the places cache forgets). */
  constructor(
    private readonly db: Db,
    private readonly changed: () => void = () => undefined,
  ) {}

  async history(assetId: string): Promise<AssetChange[]> {
    return this.db
      .select({
        id: assetChanges.id,
        action: assetChanges.action,
        changes: assetChanges.changes,
        at: assetChanges.at,
        agentName: agents.displayName,
        importId: assetChanges.importId,
        ticketNumber: tickets.number,
        note: assetChanges.note,
      })
      .from(assetChanges)
      .leftJoin(agents, eq(agents.id, assetChanges.agentId))
      .leftJoin(tickets, eq(tickets.id, assetChanges.ticketId))
      .where(eq(assetChanges.assetId, assetId))
      .orderBy(desc(assetChanges.at), desc(assetChanges.id));
  }

  list(filter: AssetListFilter): Promise<AssetPage> {
    return listRegister(this.db, filter);
  }

  async detail(id: string): Promise<AssetDetail | null> {
    const row = await this.row(this.db, id);
    if (!row) return null;
    const [found] = await this.db.select({ parts: assets.replacedParts }).from(assets).where(eq(assets.id, id));
    const ticketRows = await this.db
      .select({
        id: tickets.id,
        number: tickets.number,
        status: tickets.status,
        severity: tickets.severity,
        createdAt: tickets.createdAt,
        description: tickets.description,
        triage: tickets.triage,
      })
      .from(tickets)
      .where(eq(tickets.assetId, id))
      .orderBy(desc(tickets.createdAt))
      .limit(200);
    // Each replaced part's ticket: the closing that recorded it (its part_replaced audit row, same part and day).
    const byPart = await this.db
      .select({ changes: assetChanges.changes, number: tickets.number })
      .from(assetChanges)
      .innerJoin(tickets, eq(tickets.id, assetChanges.ticketId))
      .where(and(eq(assetChanges.assetId, id), eq(assetChanges.action, 'part_replaced')));
    const recordedBy = (part: { part: string; replacedAt: string }) =>
      byPart.find((b) => b.changes.replacedParts?.after === part.part && b.changes.replacedAt?.after === part.replacedAt)?.number ?? null;
    return {
      asset: registerAsset(row),
      replacedParts: (found?.parts ?? []).map((p) => ({ part: p.part, replacedAt: p.replacedAt, ticketNumber: recordedBy(p) })),
      tickets: ticketRows.map((t) => ({
        id: t.id,
        number: t.number,
        status: t.status,
        severity: t.severity,
        createdAt: t.createdAt,
        summary: t.triage?.summary?.text ?? { 'zh-CN': t.description, en: t.description },
      })),
    };
  }

  async rooms(siteId: string): Promise<{ id: string; name: string }[]> {
    if (!isUuid(siteId)) return [];
    return this.db.select({ id: rooms.id, name: rooms.name }).from(rooms).where(eq(rooms.siteId, siteId)).orderBy(rooms.name);
  }

  async update(id: string, edit: AssetEdit, agentId: string, now: Date): Promise<AssetWrite> {
    return this.write(async (tx) => {
      const before = await this.row(tx, id, true);
      if (!before) return { done: false, reason: 'not_found' };
      const siteId = edit.siteId ?? before.siteId;
      const [site] = await tx.select({ name: sites.name, contractId: sites.contractId }).from(sites).where(eq(sites.id, siteId));
      if (!site) return { done: false, reason: 'unknown_site' };
      // A school changed without a room given leaves the old school's room behind.
      const roomId = edit.roomId !== undefined ? edit.roomId : siteId === before.siteId ? before.roomId : null;
      let roomName: string | null = null;
      if (roomId) {
        const [room] = await tx
          .select({ name: rooms.name })
          .from(rooms)
          .where(and(eq(rooms.id, roomId), eq(rooms.siteId, siteId)));
        if (!room) return { done: false, reason: 'unknown_room' };
        roomName = room.name;
      }
      const changes: Record<string, { before: string | number | null; after: string | number | null }> = {};
      for (const field of EDITABLE) {
        const after = edit[field];
        if (after !== undefined && after !== before[field]) changes[field] = { before: before[field], after };
      }
      const moved = siteId !== before.siteId || roomId !== before.roomId;
      if (siteId !== before.siteId) changes.site = { before: before.siteName, after: site.name };
      if (roomId !== before.roomId) changes.room = { before: before.roomName, after: roomName };
      if (site.contractId !== before.contractId) changes.contract = { before: before.contractId, after: site.contractId };
      if (Object.keys(changes).length === 0) return { done: true, change: null };
      await tx
        .update(assets)
        .set({
          ...(edit.kind !== undefined ? { kind: edit.kind } : {}),
          ...(edit.model !== undefined ? { model: edit.model } : {}),
          ...(edit.serial !== undefined ? { serial: edit.serial } : {}),
          ...(edit.acceptedOn !== undefined ? { acceptedAt: edit.acceptedOn } : {}),
          ...(edit.warrantyMonths !== undefined ? { warrantyMonths: edit.warrantyMonths } : {}),
          siteId,
          roomId,
          contractId: site.contractId,
          updatedAt: now,
        })
        .where(eq(assets.id, id));
      const action = moved ? 'moved' : 'updated';
      await this.audit(tx, id, action, changes, agentId, now, null);
      return { done: true, change: action };
    });
  }

  retire(id: string, reason: string, agentId: string, now: Date): Promise<AssetWrite> {
    return this.write(async (tx) => {
      const before = await this.row(tx, id, true);
      if (!before) return { done: false, reason: 'not_found' };
      if (before.retiredAt) return { done: false, reason: 'unchanged' };
      await tx.update(assets).set({ retiredAt: now, updatedAt: now }).where(eq(assets.id, id));
      await this.audit(tx, id, 'retired', { retiredAt: { before: null, after: now.toISOString() } }, agentId, now, reason);
      return { done: true, change: 'retired' };
    });
  }

  restore(id: string, agentId: string, now: Date): Promise<AssetWrite> {
    return this.write(async (tx) => {
      const before = await this.row(tx, id, true);
      if (!before) return { done: false, reason: 'not_found' };
      if (!before.retiredAt) return { done: false, reason: 'unchanged' };
      await tx.update(assets).set({ retiredAt: null, updatedAt: now }).where(eq(assets.id, id));
      const changes = { retiredAt: { before: before.retiredAt.toISOString(), after: null } };
      await this.audit(tx, id, 'restored', changes, agentId, now, null);
      return { done: true, change: 'restored' };
    });
  }

  /** The work in one transaction (a savepoint inside the caller's), then the places cache told. */
  private async write(work: (tx: Db) => Promise<AssetWrite>): Promise<AssetWrite> {
    const result = await this.db.transaction((tx) => work(tx as unknown as Db));
    if (result.done && result.change) this.changed();
    return result;
  }

  private async audit(
    tx: Db,
    assetId: string,
    action: AssetChange['action'],
    changes: AssetChangeFields,
    agentId: string,
    at: Date,
    note: string | null,
  ): Promise<void> {
    await tx.insert(assetChanges).values({ assetId, action, changes, agentId, at, note });
  }

  private async row(db: Db, id: string, lock = false): Promise<RegisterRow | null> {
    if (!isUuid(id)) return null;
    const query = db
      .select(registerColumns)
      .from(assets)
      .innerJoin(sites, eq(sites.id, assets.siteId))
      .leftJoin(assetRoom, eq(assetRoom.id, assets.roomId))
      .where(eq(assets.id, id));
    const rows = lock ? await query.for('update', { of: assets }) : await query;
    return rows[0] ?? null;
  }

  async labelAssets(filter: LabelAssetFilter, limit: number): Promise<LabelAsset[]> {
    const where = and(
      isNull(assets.retiredAt),
      filter.siteId ? eq(assets.siteId, filter.siteId) : undefined,
      filter.roomId ? eq(assets.roomId, filter.roomId) : undefined,
      filter.ids ? inArray(assets.id, [...filter.ids]) : undefined,
    );
    const rows = await this.db
      .select({
        id: assets.id,
        tag: assets.tag,
        kind: assets.kind,
        siteId: sites.id,
        siteName: sites.name,
        roomId: rooms.id,
        roomName: rooms.name,
      })
      .from(assets)
      .innerJoin(sites, eq(sites.id, assets.siteId))
      .leftJoin(rooms, eq(rooms.id, assets.roomId))
      .where(where)
      .orderBy(asc(sites.name), asc(rooms.name), asc(assets.tag))
      .limit(limit);
    return rows.map((r) => ({
      id: r.id,
      tag: r.tag,
      kind: r.kind,
      site: { id: r.siteId, name: r.siteName },
      room: r.roomId && r.roomName !== null ? { id: r.roomId, name: r.roomName } : null,
    }));
  }

  async labelPlaces(): Promise<LabelPlace[]> {
    const rows = await this.db
      .select({ siteId: sites.id, siteName: sites.name, roomId: rooms.id, roomName: rooms.name, assets: count() })
      .from(assets)
      .innerJoin(sites, eq(sites.id, assets.siteId))
      .leftJoin(rooms, eq(rooms.id, assets.roomId))
      .where(isNull(assets.retiredAt))
      .groupBy(sites.id, sites.name, rooms.id, rooms.name)
      .orderBy(asc(sites.name), asc(rooms.name));
    const places = new Map<string, { id: string; name: string; assets: number; rooms: LabelPlace['rooms'] }>();
    for (const r of rows) {
      const place = places.get(r.siteId) ?? { id: r.siteId, name: r.siteName, assets: 0, rooms: [] };
      places.set(r.siteId, place);
      place.assets += r.assets;
      if (r.roomId && r.roomName !== null) place.rooms.push({ id: r.roomId, name: r.roomName, assets: r.assets });
    }
    return [...places.values()];
  }
}
