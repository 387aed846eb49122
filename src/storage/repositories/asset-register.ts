import { and, asc, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { AssetChange, AssetRegisterRepo, LabelAsset, LabelAssetFilter, LabelPlace } from '../../ports/asset-register.js';
import type { Db } from '../database.js';
import { agents, assetChanges, assets, rooms, sites, tickets } from '../schema.js';

export class DrizzleAssetRegister implements AssetRegisterRepo {
  constructor(private readonly db: Db) {}

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
