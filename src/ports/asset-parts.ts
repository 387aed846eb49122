/** Parts replaced in a repair, recorded on the repaired asset when its ticket closes (clause 5.21.2). */
export interface AssetPartsRepo {
  /**
   * Appends each part to the ticket's asset's replaced parts (`replacedAt`: the closing's local
   * date) and writes one 'part_replaced' row of its audit trail per part; returns the asset's id,
   * or null when the ticket names no asset (nothing is written).
   */
  recordReplaced(write: ReplacedPartsWrite): Promise<string | null>;
}

export interface ReplacedPartsWrite {
  readonly ticketId: string;
  readonly parts: readonly string[];
  /** The local date (YYYY-MM-DD) of the closing, in the contract's time zone. */
  readonly replacedAt: string;
  readonly agentId: string | null;
  readonly at: Date;
}
