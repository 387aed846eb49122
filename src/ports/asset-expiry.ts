import type { DigestAsset } from '../domain/warranty-digest.js';

/** What the monthly warranty digest reads of the register. */
export interface AssetExpiryRepo {
  /** Every asset not retired, with its school. */
  active(): Promise<DigestAsset[]>;
}
