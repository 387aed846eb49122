import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AfterServiceSite, AssetRecord, Place, PlacesRepo } from '../../ports/store.js';
import type { AssetFacts } from '../../domain/asset.js';
import type { Db } from '../database.js';
import { assets, rooms, sites } from '../schema.js';

const assetRoom = alias(rooms, 'asset_room');

export class DrizzlePlaces implements PlacesRepo {
  constructor(private readonly db: Db) {}

  async listSites(): Promise<Place[]> {
    return this.db.select({ id: sites.id, label: sites.name, aliases: sites.aliases }).from(sites).orderBy(asc(sites.name));
  }

  async afterServiceSites(): Promise<AfterServiceSite[]> {
    const rows = await this.db
      .select({
        id: sites.id,
        name: sites.name,
        contractId: sites.contractId,
        firstAcceptedOn: sql<string | null>`min(${assets.acceptedAt})::text`,
      })
      .from(sites)
      .leftJoin(assets, eq(assets.siteId, sites.id))
      .groupBy(sites.id)
      .orderBy(asc(sites.name));
    return rows;
  }

  async listRooms(siteId: string): Promise<Place[]> {
    return this.db
      .select({ id: rooms.id, label: rooms.name, aliases: rooms.aliases })
      .from(rooms)
      .where(eq(rooms.siteId, siteId))
      .orderBy(asc(rooms.name));
  }

  private selectAssets() {
    return this.db
      .select({
        id: assets.id,
        tag: assets.tag,
        kind: assets.kind,
        model: assets.model,
        contractId: assets.contractId,
        acceptedAt: assets.acceptedAt,
        warrantyMonths: assets.warrantyMonths,
        replacedParts: assets.replacedParts,
        siteId: sites.id,
        siteName: sites.name,
        roomId: assetRoom.id,
        roomName: assetRoom.name,
      })
      .from(assets)
      .innerJoin(sites, eq(sites.id, assets.siteId))
      .leftJoin(assetRoom, eq(assetRoom.id, assets.roomId));
  }

  async listAssetsInRoom(roomId: string): Promise<AssetRecord[]> {
    // Retired assets leave the report's choices and the room's list.
    const rows = await this.selectAssets()
      .where(and(eq(assets.roomId, roomId), isNull(assets.retiredAt)))
      .orderBy(asc(assets.kind), asc(assets.tag));
    return rows.map(toAsset);
  }

  async findAssetByTag(tag: string): Promise<AssetRecord | null> {
    const rows = await this.selectAssets()
      .where(and(sql`upper(${assets.tag}) = upper(${tag.trim()})`, isNull(assets.retiredAt)))
      .limit(1);
    return rows[0] ? toAsset(rows[0]) : null;
  }

  async getAsset(id: string): Promise<AssetRecord | null> {
    if (!isUuid(id)) return null;
    const rows = await this.selectAssets()
      .where(and(eq(assets.id, id)))
      .limit(1);
    return rows[0] ? toAsset(rows[0]) : null;
  }

  async siteContract(siteId: string): Promise<string | null> {
    if (!isUuid(siteId)) return null;
    const rows = await this.db.select({ contractId: sites.contractId }).from(sites).where(eq(sites.id, siteId)).limit(1);
    return rows[0]?.contractId ?? null;
  }
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

function toAsset(r: {
  id: string;
  tag: string;
  kind: string;
  model: string | null;
  contractId: string;
  acceptedAt: string;
  warrantyMonths: number | null;
  replacedParts: { part: string; replacedAt: string }[];
  siteId: string;
  siteName: string;
  roomId: string | null;
  roomName: string | null;
}): AssetRecord {
  return {
    id: r.id,
    tag: r.tag,
    kind: r.kind as AssetFacts['kind'],
    model: r.model,
    contractId: r.contractId,
    acceptedAt: r.acceptedAt,
    warrantyMonths: r.warrantyMonths,
    replacedParts: r.replacedParts,
    site: { id: r.siteId, label: r.siteName },
    room: r.roomId && r.roomName ? { id: r.roomId, label: r.roomName } : null,
  };
}
