import type { Reopening } from '../domain/ticket-life.js';
import type { Reopening as StoredReopening } from './schema.js';
import type { TicketTimes } from '../ports/ticket-times.js';

/** tickets.reopenings as the domain reads it (dates), and back. */
export function reopeningsOf(stored: readonly StoredReopening[]): Reopening[] {
  return stored.map((r) => ({ resolvedAt: new Date(r.resolvedAt), reopenedAt: new Date(r.reopenedAt) }));
}

export function storedReopenings(reopenings: readonly Reopening[]): StoredReopening[] {
  return reopenings.map((r) => ({ resolvedAt: r.resolvedAt.toISOString(), reopenedAt: r.reopenedAt.toISOString() }));
}

/** A ticket row's times its clocks run on (domain/clocks.ts), as every read of a ticket hands them on. */
export function clockTimes(
  t: Omit<TicketTimes, 'reopenings' | 'symptom'> & { readonly reopenings: readonly StoredReopening[] },
): Omit<TicketTimes, 'symptom'> {
  return {
    reportedAt: t.reportedAt,
    responseDueAt: t.responseDueAt,
    onSiteDueAt: t.onSiteDueAt,
    repairDueAt: t.repairDueAt,
    loanerDueAt: t.loanerDueAt,
    respondedAt: t.respondedAt,
    onSiteAt: t.onSiteAt,
    resolvedAt: t.resolvedAt,
    closedAt: t.closedAt,
    loanerDeliveredAt: t.loanerDeliveredAt,
    reopenings: reopeningsOf(t.reopenings),
  };
}
