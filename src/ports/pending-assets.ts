/** A device a teacher reported by a tag the register does not know, for the coordinator to confirm. */
export interface PendingAsset {
  readonly id: string;
  readonly tag: string;
  readonly siteId: string | null;
  readonly roomId: string | null;
  readonly kind: string | null;
  readonly contactId: string | null;
  readonly ticketId: string | null;
  readonly createdAt: Date;
}

/** The register's device that has a pending device's tag now: retired (a teacher's tag of it is unknown), or added since. */
export interface RegisteredTag {
  readonly assetId: string;
  readonly kind: string;
  readonly siteName: string;
  readonly roomName: string | null;
  readonly retiredAt: Date | null;
}

/** A pending device as the console lists it: with the names of its place, its reporter and its ticket. */
export interface PendingAssetRow extends PendingAsset {
  readonly siteName: string | null;
  readonly roomName: string | null;
  readonly contactName: string | null;
  readonly ticketNumber: string | null;
  /** The register's device with this tag, if there is one: linked (and restored) rather than confirmed anew. */
  readonly registered: RegisteredTag | null;
}

/** What a report on an unknown tag leaves for the coordinator. */
export interface PendingAssetWrite {
  /** Upper-cased by the repository. */
  readonly tag: string;
  readonly siteId: string | null;
  readonly roomId: string | null;
  readonly kind: string | null;
  readonly contactId: string | null;
  readonly ticketId: string | null;
  readonly at: Date;
}

/** The coordinator's confirmation: the asset the pending device becomes. */
export interface PendingConfirmation {
  readonly kind: string;
  readonly siteId: string;
  readonly roomId: string | null;
  /** YYYY-MM-DD. */
  readonly acceptedOn: string;
  readonly warrantyMonths: number | null;
  readonly model: string | null;
  readonly serial: string | null;
  readonly agentId: string;
  readonly at: Date;
}

export type ConfirmOutcome =
  | { readonly ok: true; readonly assetId: string }
  | { readonly ok: false; readonly error: 'not_found' | 'not_pending' | 'tag_taken' | 'invalid_place' };

export type LinkOutcome =
  | { readonly ok: true; readonly assetId: string; readonly restored: boolean }
  | { readonly ok: false; readonly error: 'not_found' | 'not_pending' | 'not_registered' };

export type DismissOutcome = { readonly ok: true } | { readonly ok: false; readonly error: 'not_found' | 'not_pending' };

export interface PendingAssetsRepo {
  /** The ones nobody confirmed or dismissed yet, oldest first. */
  open(): Promise<PendingAsset[]>;
  /** The open ones with their names, oldest first. */
  openRows(): Promise<PendingAssetRow[]>;
  /** Keeps an unknown tag reported with a ticket; false when the tag is already pending (one open row per tag). */
  report(write: PendingAssetWrite): Promise<boolean>;
  /**
   * Makes the pending device an asset of the register (its site's contract; audit 'confirmed') and
   * links its ticket to it; refused when it is no longer pending, or another asset has the tag now.
   */
  confirm(id: string, confirmation: PendingConfirmation): Promise<ConfirmOutcome>;
  /**
   * The tag is the register's (a retired device, or one added since): its ticket is linked to that
   * asset, a retired one restored (audit 'restored', with the ticket), and the pending row closed as confirmed.
   */
  link(id: string, agentId: string, at: Date): Promise<LinkOutcome>;
  /** Sets it aside (not a device of the register), with the reason in the audit log. */
  dismiss(id: string, reason: string, agentId: string, at: Date): Promise<DismissOutcome>;
}
