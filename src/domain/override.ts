import type { AssetFacts } from './asset.js';
import type { Contract, Severity, WarrantyDecision } from './contract.js';
import { completeFacts, type Facts } from './facts.js';
import type { LocalText } from './i18n.js';
import { type Reason, reason } from './reason.js';
import { type SlaClocks, slaClocks } from './sla.js';
import { AssetDateError, decideWarranty } from './warranty.js';

/**
 * One truth per ticket (issue 14, item 6): an agent's override of severity or warranty decides the
 * ticket again, so that nothing it says contradicts the override. A warranty override recomputes
 * the clocks' due times (the SLA row follows the warranty) and replaces the warranty and
 * service-level reasons; a severity override replaces the severity reason. The override's own
 * reason comes first. Pure: the ticket's facts, asset and report time are parameters.
 */

/** What a reason of a ticket is about; an override's reason also says so (kept with the stored reason). */
export type ReasonAbout = 'severity' | 'warranty' | 'sla';

/** A reason as a redecided ticket stores it: tagged with what it is about (and whether an agent gave it). */
export interface TaggedReason extends Reason {
  readonly about: ReasonAbout;
  readonly override?: true;
}

export type Override =
  | { readonly what: 'severity'; readonly to: Severity; readonly reason: string; readonly agent: string }
  | {
      readonly what: 'warranty';
      readonly to: WarrantyDecision;
      readonly reason: string;
      readonly agent: string;
      /** How the desk names the new decision ("已过保，按成本收取配件费"), for the reason's text. */
      readonly label: LocalText;
    };

/** The ticket as it stands, and what the contract decides from. */
export interface OverriddenTicket {
  readonly contract: Contract;
  /** Its facts (null: they no longer parse; the warranty's own reasons are then not recomputed). */
  readonly facts: Facts | null;
  /** The symptom, for the service-level row (a question needs no visit). */
  readonly symptom: Facts['symptom'];
  readonly asset: AssetFacts | null;
  readonly reportedAt: Date;
  readonly severity: Severity;
  readonly warranty: WarrantyDecision;
  readonly reasons: readonly Reason[];
}

export interface Redecision {
  readonly severity: Severity;
  readonly warranty: WarrantyDecision;
  readonly billable: boolean;
  readonly responseDueAt: Date;
  readonly onSiteDueAt: Date | null;
  readonly repairDueAt: Date | null;
  readonly loanerDueAt: Date | null;
  /** The service levels the ticket now has (the promises to tell the reporter). */
  readonly sla: SlaClocks;
  /** The override's reason first, then severity, warranty and service-level reasons. */
  readonly reasons: readonly TaggedReason[];
}

/** Who pays for a repair under each decision (the contract's billing clause applies when true). */
export const BILLABLE: Readonly<Record<WarrantyDecision, boolean>> = {
  in_warranty: false,
  unknown: false,
  excluded: true,
  out_of_warranty: true,
};

const ABOUTS: readonly ReasonAbout[] = ['severity', 'warranty', 'sla'];

function isTagged(r: Reason): r is TaggedReason {
  const about = (r as Partial<TaggedReason>).about;
  return about !== undefined && ABOUTS.includes(about);
}

/**
 * A ticket's reasons by what they are about. Reasons written before they were tagged are read by
 * their place, as the assessment writes them: severity first, the service level last, the
 * warranty's between.
 */
export function reasonsByTopic(reasons: readonly Reason[]): Record<ReasonAbout, TaggedReason[]> {
  if (reasons.length > 0 && reasons.every(isTagged)) {
    return {
      severity: reasons.filter((r) => r.about === 'severity'),
      warranty: reasons.filter((r) => r.about === 'warranty'),
      sla: reasons.filter((r) => r.about === 'sla'),
    };
  }
  const tag = (about: ReasonAbout) => (r: Reason | undefined) => (r ? [{ ...r, about }] : []);
  return {
    severity: tag('severity')(reasons[0]),
    warranty: reasons.slice(1, -1).map((r) => ({ ...r, about: 'warranty' as const })),
    sla: reasons.length > 1 ? tag('sla')(reasons.at(-1)) : [],
  };
}

/** The override's reason: the agent and their words, on the clause the decision rests on. */
function overrideReason(ticket: OverriddenTicket, o: Override): TaggedReason {
  const c = ticket.contract;
  const values = { agent: o.agent, reason: o.reason.trim() };
  if (o.what === 'severity') {
    const name = c.severity.levels[o.to].name;
    const r = reason(c, c.severity.clause, '{agent}改判为{to_zh}：{reason}', '{agent} set the severity to {to_en}: {reason}', {
      ...values,
      to_zh: name['zh-CN'],
      to_en: name.en,
    });
    return { ...r, about: 'severity', override: true };
  }
  const r = reason(c, c.warranty.clause, '{agent}改判为「{to_zh}」：{reason}', '{agent} set the warranty to "{to_en}": {reason}', {
    ...values,
    to_zh: o.label['zh-CN'],
    to_en: o.label.en,
  });
  return { ...r, about: 'warranty', override: true };
}

/** The contract's own reasons for a warranty decision: its rule's when it decides the same, else the billing clause if billed. */
function warrantyReasons(ticket: OverriddenTicket, to: WarrantyDecision): TaggedReason[] {
  const c = ticket.contract;
  let decided: ReturnType<typeof decideWarranty> | null = null;
  try {
    decided = ticket.facts ? decideWarranty(ticket.facts, ticket.asset, c, ticket.reportedAt) : null;
  } catch (error) {
    if (!(error instanceof AssetDateError)) throw error;
  }
  const reasons =
    decided?.decision === to
      ? decided.reasons
      : BILLABLE[to]
        ? [reason(c, c.billing.clause, c.billing.text['zh-CN'], c.billing.text.en)]
        : [];
  return reasons.map((r) => ({ ...r, about: 'warranty' as const }));
}

/** The ticket decided again with the override applied (the caller checks it changes something). */
export function redecide(ticket: OverriddenTicket, o: Override): Redecision {
  const severity = o.what === 'severity' ? o.to : ticket.severity;
  const warranty = o.what === 'warranty' ? o.to : ticket.warranty;
  const sla = slaClocks(ticket.contract, warranty, ticket.facts ?? completeFacts({ symptom: ticket.symptom }), ticket.reportedAt);
  const before = reasonsByTopic(ticket.reasons);
  const first = overrideReason(ticket, o);
  const severityReasons = o.what === 'severity' ? [] : before.severity;
  const warrantyPart = o.what === 'warranty' ? warrantyReasons(ticket, warranty) : before.warranty;
  return {
    severity,
    warranty,
    billable: BILLABLE[warranty],
    responseDueAt: sla.responseDueAt,
    onSiteDueAt: sla.onSiteDueAt,
    repairDueAt: sla.repairDueAt,
    loanerDueAt: sla.loanerDueAt,
    sla,
    reasons: [first, ...severityReasons, ...warrantyPart, { ...sla.reason, about: 'sla' }],
  };
}

/**
 * The reasons after a time-based raise (the 5.14 ladder): the raise's reason replaces the severity's,
 * so that the ticket never gives the old level's reason for its new level; the rest stays.
 */
export function raisedReasons(reasons: readonly Reason[], raise: Reason): TaggedReason[] {
  const before = reasonsByTopic(reasons);
  return [{ ...raise, about: 'severity' }, ...before.warranty, ...before.sla];
}
