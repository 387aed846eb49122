import type { ContractSet } from '../catalog/contracts.js';
import { type Clock, type ClockTerms, clockTerms, type TicketTimeline, ticketClocks } from '../domain/clocks.js';
import type { WarrantyDecision } from '../domain/contract.js';
import { Symptom } from '../domain/facts.js';
import type { TicketTimes } from '../ports/ticket-times.js';

/** What the clocks of a stored ticket are computed from: its times, its contract, warranty and symptom. */
export interface ClockedTicket extends TicketTimes {
  readonly contractId: string;
  readonly warranty: WarrantyDecision;
  readonly status: string;
}

/** The ticket's timeline as its stored times record it (each written with its event, in one transaction). */
export function timelineOf(t: ClockedTicket): TicketTimeline {
  const standing = t.status === 'resolved' || t.status === 'closed' ? t.resolvedAt : null;
  return {
    reportedAt: t.reportedAt,
    respondedAt: t.respondedAt,
    arrivedAt: t.onSiteAt,
    loanerDeliveredAt: t.loanerDeliveredAt,
    resolutions: [
      ...t.reopenings.map((r) => ({ at: r.resolvedAt, reopenedAt: r.reopenedAt })),
      ...(standing ? [{ at: standing, reopenedAt: null }] : []),
    ],
    closedAt: t.status === 'closed' ? t.closedAt : null,
  };
}

/** The contract's promises for the ticket as it stands (its warranty after any override); null without its contract. */
export function termsOf(contracts: ContractSet, t: ClockedTicket): ClockTerms | null {
  const contract = contracts.get(t.contractId);
  if (!contract) return null;
  const symptom = Symptom.safeParse(t.symptom);
  return clockTerms(contract, t.warranty, { symptom: symptom.success ? symptom.data : 'other' });
}

/** The ticket's clocks at `now` (none when its contract is no longer loaded). */
export function liveClocks(contracts: ContractSet, t: ClockedTicket, now: Date): Clock[] {
  const terms = termsOf(contracts, t);
  return terms ? ticketClocks(terms, timelineOf(t), now) : [];
}
