import { eq, sql } from 'drizzle-orm';
import type { AssetPartsRepo, ReplacedPartsWrite } from '../../ports/asset-parts.js';
import type { Db } from '../database.js';
import { assetChanges, assets, tickets } from '../schema.js';
import { isUuid } from './places.js';

export class DrizzleAssetParts implements AssetPartsRepo {
  constructor(private readonly db: Db) {}

  async recordReplaced(write: ReplacedPartsWrite): Promise<string | null> {
    const [ticket] = await this.db.select({ assetId: tickets.assetId }).from(tickets).where(eq(tickets.id, write.ticketId));
    const assetId = ticket?.assetId;
    if (!assetId || write.parts.length === 0) return null;
    const added = write.parts.map((part) => ({ part, replacedAt: write.replacedAt }));
    await this.db
      .update(assets)
      .set({ replacedParts: sql`${assets.replacedParts} || ${JSON.stringify(added)}::jsonb`, updatedAt: write.at })
      .where(eq(assets.id, assetId));
    await this.db.insert(assetChanges).values(
      write.parts.map((part) => ({
        assetId,
        action: 'part_replaced' as const,
        changes: { replacedParts: { before: null, after: part }, replacedAt: { before: null, after: write.replacedAt } },
        agentId: write.agentId && isUuid(write.agentId) ? write.agentId : null,
        ticketId: write.ticketId,
        at: write.at,
      })),
    );
    return assetId;
  }
}
