import type { WarrantyDecision } from '../domain/contract.js';
import type { TicketTimes } from './ticket-times.js';

/** A survey of one of the contract's tickets, as the satisfaction report reads it. */
export interface ReportSurveyRow {
  readonly ticketId: string;
  readonly ticketNumber: string;
  readonly siteId: string | null;
  readonly siteName: string | null;
  readonly engineerId: string | null;
  readonly engineerName: string | null;
  readonly askedAt: Date;
  readonly answeredAt: Date | null;
  readonly expiresAt: Date;
  readonly score: number | null;
  readonly comment: string | null;
}

/** A ticket of the contract that may have breached a clock in the period, with its times and its report's solution. */
export interface ReportTicketRow extends TicketTimes {
  readonly contractId: string;
  readonly warranty: WarrantyDecision;
  readonly status: string;
  readonly id: string;
  readonly number: string;
  readonly siteName: string | null;
  readonly engineerName: string | null;
  /** The problem report's solution (tickets.report.solution); null before the report. */
  readonly solution: string | null;
}

/** One event of a ticket's log. */
export interface ReportEventRow {
  readonly ticketId: string;
  readonly at: Date;
  readonly kind: string;
  readonly actor: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** One return visit (CG-CULTURE's six-monthly feedback form) written to a site's contact. */
export interface ReportVisitRow {
  readonly siteId: string;
  readonly siteName: string;
  readonly roundOn: string;
  readonly status: 'sent' | 'undelivered' | 'answered';
  readonly answer: 'ok' | 'fault' | 'call' | null;
  readonly calledAt: Date | null;
}

/** The reads behind the satisfaction report (surveys, tickets, return visits of one contract). */
export interface SatisfactionReportRepo {
  /** The contract's sites (id, name), by name. */
  sites(contractId: string): Promise<{ id: string; name: string }[]>;
  /** The surveys of the contract's tickets asked in [from, to). */
  surveys(contractId: string, from: Date, to: Date): Promise<ReportSurveyRow[]>;
  /** The contract's tickets reported before `to` and not closed before `from` (those that can breach in the period). */
  tickets(contractId: string, from: Date, to: Date): Promise<ReportTicketRow[]>;
  /** The tickets of these ids (a surveyed ticket's solution), as `tickets` reads them. */
  ticketsById(ids: readonly string[]): Promise<ReportTicketRow[]>;
  /** The events of these tickets, oldest first. */
  events(ticketIds: readonly string[]): Promise<ReportEventRow[]>;
  /** The contract's return visits with a round date in [fromDate, toDate) ("YYYY-MM-DD"). */
  visits(contractId: string, fromDate: string, toDate: string): Promise<ReportVisitRow[]>;
}
