import type { AssetFacts } from './asset.js';
import type { Contract, Severity, WarrantyDecision } from './contract.js';
import type { Facts } from './facts.js';
import type { LocalText } from './i18n.js';
import type { Reason } from './reason.js';
import { type DeclaredEvent, intakeSeverity } from './severity.js';
import { type SlaClocks, slaClocks } from './sla.js';
import { decideWarranty, type WarrantyResult } from './warranty.js';

export interface Assessment {
  readonly severity: Severity;
  /** Why the fault got its severity. */
  readonly severityWhy: LocalText;
  readonly warranty: WarrantyDecision;
  readonly billable: boolean;
  readonly price?: WarrantyResult['price'];
  readonly warrantyEnds?: string;
  readonly sla: SlaClocks;
  /** Severity reason first, then the warranty reasons, then the service-level reason. */
  readonly reasons: readonly Reason[];
}

/**
 * Everything the contract decides about one fault report. Pure: `reportedAt` is the only clock, and
 * `event` the major event declared for the report's site at that moment (looked up by the caller).
 */
export function assess(
  facts: Facts,
  asset: AssetFacts | null,
  contract: Contract,
  reportedAt: Date,
  event?: DeclaredEvent | null,
): Assessment {
  const severity = intakeSeverity(facts, contract, event);
  const warranty = decideWarranty(facts, asset, contract, reportedAt);
  const sla = slaClocks(contract, warranty.decision, facts, reportedAt);
  return {
    severity: severity.severity,
    severityWhy: severity.why,
    warranty: warranty.decision,
    billable: warranty.billable,
    ...(warranty.price ? { price: warranty.price } : {}),
    ...(warranty.warrantyEnds ? { warrantyEnds: warranty.warrantyEnds } : {}),
    sla,
    reasons: [severity.reason, ...warranty.reasons, sla.reason],
  };
}
