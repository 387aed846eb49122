import { desc, eq } from 'drizzle-orm';
import type { AssetChange, AssetRegisterRepo } from '../../ports/asset-register.js';
import type { Db } from '../database.js';
import { agents, assetChanges, tickets } from '../schema.js';

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
}
