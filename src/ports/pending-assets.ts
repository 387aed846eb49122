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

export interface PendingAssetsRepo {
  /** The ones nobody confirmed or dismissed yet, oldest first. */
  open(): Promise<PendingAsset[]>;
}
