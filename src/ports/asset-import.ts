import type { AssetChangeFields } from '../domain/asset-changes.js';
import type { Register } from '../domain/asset-import/plan.js';

/** An asset as an import writes it (ids of existing or just-created sites and rooms). */
export interface ImportedAsset {
  readonly tag: string;
  readonly serial: string | null;
  readonly kind: string;
  readonly model: string | null;
  readonly siteId: string;
  readonly roomId: string | null;
  readonly contractId: string;
  readonly acceptedOn: string;
  readonly warrantyMonths: number | null;
}

/** One line of the audit trail an import writes. */
export interface ImportedChange {
  readonly assetId: string;
  readonly action: 'created' | 'updated' | 'moved' | 'restored';
  readonly changes: AssetChangeFields;
}

/** An applied import as the console lists it. */
export interface ImportRecord {
  readonly id: string;
  readonly at: Date;
  readonly agentName: string | null;
  readonly fileName: string;
  readonly rows: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}

/** What an import reads of the register and writes to it (the writes in bulk, inside the caller's transaction). */
export interface AssetImportRepo {
  /** Every site, room and asset (retired ones too: a tag stays taken), as the import plan compares with them. */
  register(): Promise<Register>;
  /** Waits for any other import to commit (a transaction-scoped lock): call first in the transaction. */
  lock(): Promise<void>;
  /**
   * The organisation each contract's new sites join: that of an existing site of the contract,
   * else the desk's oldest organisation, else a new one named by `nameOf`.
   */
  organisationsFor(contractIds: readonly string[], nameOf: (contractId: string) => string): Promise<Map<string, string>>;
  /** New sites; their ids in the given order. */
  createSites(sites: readonly { organisationId: string; name: string; contractId: string }[], now: Date): Promise<string[]>;
  /** New rooms; their ids in the given order. */
  createRooms(rooms: readonly { siteId: string; name: string }[], now: Date): Promise<string[]>;
  /** New assets; their ids in the given order. */
  createAssets(assets: readonly ImportedAsset[], now: Date): Promise<string[]>;
  /** Overwrites the assets' fields (and restores retired ones); updated_at becomes `now`. */
  updateAssets(assets: readonly (ImportedAsset & { readonly id: string })[], now: Date): Promise<void>;
  /** The applied import's record; its id. */
  recordImport(
    record: Omit<ImportRecord, 'id' | 'at' | 'agentName'> & { agentId: string | null; sitesCreated: number; roomsCreated: number },
    now: Date,
  ): Promise<string>;
  /** The audit trail's lines of an import. */
  logChanges(importId: string, agentId: string | null, changes: readonly ImportedChange[], now: Date): Promise<void>;
  /** The latest applied imports, newest first. */
  recentImports(limit: number): Promise<ImportRecord[]>;
}
