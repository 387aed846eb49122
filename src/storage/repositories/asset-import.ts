import { asc } from 'drizzle-orm';
import type { Register } from '../../domain/asset-import/plan.js';
import type { AssetImportRepo } from '../../ports/asset-import.js';
import type { Db } from '../database.js';
import { assets, rooms, sites } from '../schema.js';

export class DrizzleAssetImport implements AssetImportRepo {
  constructor(private readonly db: Db) {}

  async register(): Promise<Register> {
    const [siteRows, roomRows, assetRows] = await Promise.all([
      this.db
        .select({ id: sites.id, name: sites.name, aliases: sites.aliases, contractId: sites.contractId })
        .from(sites)
        .orderBy(asc(sites.name)),
      this.db.select({ id: rooms.id, siteId: rooms.siteId, name: rooms.name, aliases: rooms.aliases }).from(rooms).orderBy(asc(rooms.name)),
      this.db
        .select({
          id: assets.id,
          tag: assets.tag,
          serial: assets.serial,
          kind: assets.kind,
          model: assets.model,
          siteId: assets.siteId,
          roomId: assets.roomId,
          contractId: assets.contractId,
          acceptedOn: assets.acceptedAt,
          warrantyMonths: assets.warrantyMonths,
        })
        .from(assets)
        .orderBy(asc(assets.createdAt), asc(assets.tag)),
    ]);
    return { sites: siteRows, rooms: roomRows, assets: assetRows };
  }
}
