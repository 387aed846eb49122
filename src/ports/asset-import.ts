import type { Register } from '../domain/asset-import/plan.js';

/** What an import reads of the register and (helpers add) writes to it. */
export interface AssetImportRepo {
  /** Every site, room and asset (retired ones too: a tag stays taken), as the import plan compares with them. */
  register(): Promise<Register>;
}
