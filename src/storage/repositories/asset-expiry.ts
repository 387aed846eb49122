import { eq, isNull } from 'drizzle-orm';
import type { DigestAsset } from '../../domain/warranty-digest.js';
import type { AssetExpiryRepo } from '../../ports/asset-expiry.js';
import type { Db } from '../database.js';
import { assets, sites } from '../schema.js';

export class DrizzleAssetExpiry implements AssetExpiryRepo {
  constructor(private readonly db: Db) {}

  async active(): Promise<DigestAsset[]> {
    return this.db
      .select({
        siteId: assets.siteId,
        siteName: sites.name,
        contractId: assets.contractId,
        acceptedAt: assets.acceptedAt,
        warrantyMonths: assets.warrantyMonths,
      })
      .from(assets)
      .innerJoin(sites, eq(sites.id, assets.siteId))
      .where(isNull(assets.retiredAt));
  }
}
