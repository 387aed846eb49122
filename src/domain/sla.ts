import { slaRow } from './clocks.js';
import type { Contract, SlaRow, WarrantyDecision } from './contract.js';
import type { Facts } from './facts.js';
import { type Reason, reason } from './reason.js';

/** The service-level clocks of a ticket: absolute due times, 7×24. */
export interface SlaClocks {
  readonly row: 'in_warranty' | 'out_of_warranty';
  readonly responseDueAt: Date;
  /** Null when the fault needs no engineer on site (a question). */
  readonly onSiteDueAt: Date | null;
  readonly repairDueAt: Date | null;
  /** When a loaner unit is due if the fault is not repaired by then. */
  readonly loanerDueAt: Date | null;
  /** The promised durations, for telling the reporter (milliseconds). */
  readonly promised: {
    readonly response: number;
    readonly onSite: number | null;
    readonly repair: number | null;
    readonly loaner: number | null;
  };
  readonly reason: Reason;
}

/** Computes the clocks from the moment of the report (SERVICE_TERMS.md, "Service-level clocks"). */
export function slaClocks(contract: Contract, decision: WarrantyDecision, facts: Facts, reportedAt: Date): SlaClocks {
  const rowName = slaRow(contract, decision);
  const row: SlaRow = contract.sla[rowName];
  const visit = !contract.sla.noVisitSymptoms.includes(facts.symptom);
  const at = (ms: number | undefined | null) => (ms == null ? null : new Date(reportedAt.getTime() + ms));
  const promised = {
    response: row.response,
    onSite: visit ? row.onSite : null,
    repair: visit ? (row.repair ?? null) : null,
    loaner: visit ? (row.loaner ?? null) : null,
  };
  return {
    row: rowName,
    responseDueAt: new Date(reportedAt.getTime() + promised.response),
    onSiteDueAt: at(promised.onSite),
    repairDueAt: at(promised.repair),
    loanerDueAt: at(promised.loaner),
    promised,
    reason: reason(
      contract,
      row.clause,
      visit ? '服务时限：{row}条款' : '服务时限：{row}条款（咨询类问题无需上门）',
      visit ? 'service levels: the {rowEn} terms' : 'service levels: the {rowEn} terms (a question needs no visit)',
      { row: rowName === 'in_warranty' ? '质保期内' : '质保期外', rowEn: rowName === 'in_warranty' ? 'in-warranty' : 'out-of-warranty' },
    ),
  };
}
