import type { AssetImportRepo } from './asset-import.js';
import type { AssetExpiryRepo } from './asset-expiry.js';
import type { AssetPartsRepo } from './asset-parts.js';
import type { AssetRegisterRepo } from './asset-register.js';
import type { PendingAssetsRepo } from './pending-assets.js';

/** The asset register's storage: imports of equipment lists, the register itself, and devices teachers reported that it lacks. */
export interface AssetRepos {
  readonly imports: AssetImportRepo;
  readonly register: AssetRegisterRepo;
  readonly pending: PendingAssetsRepo;
  /** Parts replaced in repairs, recorded when a ticket closes. */
  readonly parts: AssetPartsRepo;
  /** What the monthly warranty digest reads. */
  readonly expiry: AssetExpiryRepo;
}
