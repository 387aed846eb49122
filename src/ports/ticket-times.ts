/** A ticket's due times (its SLA clocks) and when each was met. */
export interface TicketTimes {
  readonly reportedAt: Date;
  readonly responseDueAt: Date;
  readonly onSiteDueAt: Date | null;
  readonly repairDueAt: Date | null;
  readonly loanerDueAt: Date | null;
  readonly respondedAt: Date | null;
  readonly onSiteAt: Date | null;
  readonly resolvedAt: Date | null;
}
