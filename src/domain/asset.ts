import { z } from 'zod';
import { Device } from './facts.js';

/** What the policy needs to know about an asset (a registered device). */
export const AssetFacts = z.object({
  kind: Device,
  /** Date of delivery and acceptance: "YYYY-MM-DD" (contract time zone) or a timestamp. */
  acceptedAt: z.string().min(1),
  /** The asset's own warranty length when its specification says longer than the contract. */
  warrantyMonths: z.number().int().positive().optional(),
  replacedParts: z.array(z.object({ part: z.string().min(1), replacedAt: z.string().min(1) })).optional(),
});
export type AssetFacts = z.infer<typeof AssetFacts>;
