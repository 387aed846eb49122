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

  /**
   * Active (not retired) assets to print QR labels for: those of a site, of a room, or the given ids
   * (the filters combine), ordered by school, room and tag; at most `limit`.
   */
  labelAssets(filter: LabelAssetFilter, limit: number): Promise<LabelAsset[]>;
  /** The schools and rooms that have active assets, with how many (what the labels page offers). */
  labelPlaces(): Promise<LabelPlace[]>;
}

/** Which assets a label sheet is for. */
export interface LabelAssetFilter {
  readonly siteId?: string;
  readonly roomId?: string;
  readonly ids?: readonly string[];
}

/** What a QR label shows of an asset. */
export interface LabelAsset {
  readonly id: string;
  readonly tag: string;
  readonly kind: string;
  readonly site: { readonly id: string; readonly name: string };
  readonly room: { readonly id: string; readonly name: string } | null;
}

/** A school with its rooms and counts of active assets (assets with no room count in the school only). */
export interface LabelPlace {
  readonly id: string;
  readonly name: string;
  readonly assets: number;
  readonly rooms: { readonly id: string; readonly name: string; readonly assets: number }[];
}
