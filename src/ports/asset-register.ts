import type { AssetChangeFields } from '../domain/asset-changes.js';
import type { LocalText } from '../domain/i18n.js';

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

export type AssetStatus = 'active' | 'retired' | 'all';

/** What the register's list is asked for (the console's search and filters). */
export interface AssetListFilter {
  /** Words looked for in the tag, serial, model, school and room names. */
  readonly q?: string;
  readonly siteId?: string | undefined;
  readonly roomId?: string;
  readonly kind?: string | undefined;
  /** Default: active. */
  readonly status?: AssetStatus;
  /**
   * The expiry list: assets still covered on `today` whose warranty ends (its first day out) at
   * most this many days later, sorted by that end. `contractMonths` gives each contract's months.
   */
  readonly warrantyWithin?: { readonly days: number; readonly today: string; readonly contractMonths: Readonly<Record<string, number>> };
  /** The cursor of the page before (AssetPage.next). */
  readonly after?: string;
  readonly limit: number;
}

/** An asset as the register lists it. */
export interface RegisterAsset {
  readonly id: string;
  readonly tag: string;
  readonly kind: string;
  readonly model: string | null;
  readonly serial: string | null;
  readonly site: { readonly id: string; readonly name: string };
  readonly room: { readonly id: string; readonly name: string } | null;
  readonly contractId: string;
  /** "YYYY-MM-DD". */
  readonly acceptedOn: string;
  readonly warrantyMonths: number | null;
  readonly retiredAt: Date | null;
}

export interface AssetPage {
  readonly assets: RegisterAsset[];
  /** Where the next page starts; null on the last. */
  readonly next: string | null;
  /** How many assets the filter matches in all. */
  readonly total: number;
}

/** A ticket on an asset's page. */
export interface AssetTicket {
  readonly id: string;
  readonly number: string;
  readonly status: string;
  readonly severity: string;
  readonly createdAt: Date;
  /** The handover summary when triage wrote one, else the teacher's description. */
  readonly summary: LocalText;
}

export interface AssetDetail {
  readonly asset: RegisterAsset;
  readonly replacedParts: readonly { readonly part: string; readonly replacedAt: string; readonly ticketNumber: string | null }[];
  readonly tickets: AssetTicket[];
}

/** The fields an edit may change (undefined: left as it is; null: cleared). */
export interface AssetEdit {
  readonly kind?: string | undefined;
  readonly model?: string | null | undefined;
  readonly serial?: string | null | undefined;
  readonly acceptedOn?: string | undefined;
  readonly warrantyMonths?: number | null | undefined;
  readonly siteId?: string | undefined;
  readonly roomId?: string | null | undefined;
}

/** What an edit, retirement or restoration did. */
export type AssetWrite =
  | { readonly done: true; readonly change: AssetChange['action'] | null }
  | { readonly done: false; readonly reason: 'not_found' | 'unchanged' | 'unknown_room' | 'unknown_site' };

/** The register the console keeps: lists, the asset's page, edits with their audit trail. */
export interface AssetRegisterRepo {
  /** The asset's audit trail, newest first. */
  history(assetId: string): Promise<AssetChange[]>;
  /** One page of the register as filtered, by tag (or by warranty end for the expiry list), and the total. */
  list(filter: AssetListFilter): Promise<AssetPage>;
  /** The asset with its tickets (newest first) and replaced parts; null when there is none. */
  detail(id: string): Promise<AssetDetail | null>;
  /** The rooms of a school, by name. */
  rooms(siteId: string): Promise<{ id: string; name: string }[]>;
  /**
   * The edit written with one audit row ('updated', or 'moved' when the school or room changed:
   * {field: {before, after}}, schools and rooms by name), in one transaction; nothing is written
   * when nothing changes. The room must belong to the school.
   */
  update(id: string, changes: AssetEdit, agentId: string, now: Date): Promise<AssetWrite>;
  /** Retired (with the reason in its audit row): it leaves the lists and the report's choices. */
  retire(id: string, reason: string, agentId: string, now: Date): Promise<AssetWrite>;
  restore(id: string, agentId: string, now: Date): Promise<AssetWrite>;

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

/** What label sheets read of the register. */
export type LabelRegister = Pick<AssetRegisterRepo, 'labelAssets' | 'labelPlaces'>;
