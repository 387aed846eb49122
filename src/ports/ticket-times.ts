import type { Reopening } from '../domain/ticket-life.js';

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
  readonly closedAt: Date | null;
  readonly loanerDeliveredAt: Date | null;
  /** Earlier resolutions the fault came back from: the clocks do not count the time between. */
  readonly reopenings: readonly Reopening[];
  /** The fault's symptom (a question needs no engineer: no on-site clock); null when not known. */
  readonly symptom: string | null;
}
