import { asc, eq } from 'drizzle-orm';
import type { PendingAsset, PendingAssetsRepo } from '../../ports/pending-assets.js';
import type { Db } from '../database.js';
import { pendingAssets } from '../schema.js';

export class DrizzlePendingAssets implements PendingAssetsRepo {
  constructor(private readonly db: Db) {}

  async open(): Promise<PendingAsset[]> {
    return this.db
      .select({
        id: pendingAssets.id,
        tag: pendingAssets.tag,
        siteId: pendingAssets.siteId,
        roomId: pendingAssets.roomId,
        kind: pendingAssets.kind,
        contactId: pendingAssets.contactId,
        ticketId: pendingAssets.ticketId,
        createdAt: pendingAssets.createdAt,
      })
      .from(pendingAssets)
      .where(eq(pendingAssets.status, 'pending'))
      .orderBy(asc(pendingAssets.createdAt));
  }
}
