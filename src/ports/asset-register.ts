import type { AssetChangeFields } from '../domain/asset-changes.js';

/** One entry of an asset's audit trail. */
export interface AssetChange {
  readonly id: number;
  readonly action: 'created' | 'updated' | 'moved' | 'retired' | 'restored' | 'part_replaced' | 'confirmed';
  readonly changes: AssetChangeFields;
  readonly at: Date;
  readonly agentName: string | null;
  readonly importId: string | null;
  readonly ticketNumber: string | null;
  readonly note: string | null;
}

/** The register the console keeps: lists, the asset's page, edits with their audit trail. */
export interface AssetRegisterRepo {
  /** The asset's audit trail, newest first. */
  history(assetId: string): Promise<AssetChange[]>;
}
