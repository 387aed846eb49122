import type { TicketTimes } from './ticket-times.js';
import type { WarrantyDecision } from '../domain/contract.js';

/** The audit log's action for a report the first-aid tips solved, no ticket opened (the reports count them). */
export const FIRST_AID_SOLVED = 'first_aid.solved';

/** What a report reads: a range of days (see domain/reports/range.ts) and, optionally, one contract or site. */
export interface ReportFilter {
  /** Instants [from, to): the start of the first day and of the day after the last (Asia/Shanghai). */
  readonly from: Date;
  readonly to: Date;
  /** The same days as dates ("YYYY-MM-DD", both included), for date columns (return visit rounds, inspections). */
  readonly fromDay: string;
  readonly toDay: string;
  readonly contractId: string | null;
  readonly siteId: string | null;
}

/** A ticket reported in the range, with what its clocks are computed from. */
export interface ReportTicket extends TicketTimes {
  readonly id: string;
  readonly number: string;
  readonly contractId: string;
  readonly warranty: WarrantyDecision;
  readonly status: string;
  readonly severity: string;
  readonly siteId: string | null;
  readonly siteName: string | null;
  /** The device kind (facts.device); null when not known. */
  readonly device: string | null;
}

/** A satisfaction survey answered in the range. */
export interface ReportSurvey {
  readonly ticketId: string;
  readonly ticketNumber: string;
  readonly siteName: string | null;
  readonly score: number;
  readonly comment: string | null;
  readonly answeredAt: Date;
}

/** One return visit row (a site, a round, a teacher written to) whose round falls in the range. */
export interface ReportVisit {
  readonly siteId: string;
  readonly siteName: string;
  readonly contractId: string;
  readonly roundOn: string;
  readonly status: 'sent' | 'undelivered' | 'answered';
  readonly sentAt: Date | null;
  readonly answer: 'ok' | 'fault' | 'call' | null;
  readonly calledAt: Date | null;
}

/** An inspection due in the range. */
export interface ReportInspection {
  readonly id: string;
  readonly number: string;
  readonly siteName: string;
  readonly contractId: string;
  readonly dueOn: string;
  readonly status: 'planned' | 'in_progress' | 'done' | 'cancelled';
  readonly completedAt: Date | null;
}

export interface ReportData {
  readonly tickets: readonly ReportTicket[];
  readonly surveys: readonly ReportSurvey[];
  readonly visits: readonly ReportVisit[];
  readonly inspections: readonly ReportInspection[];
  /** Reports the first-aid tips solved in the range, no ticket opened (audit_log "first_aid.solved"). */
  readonly firstAidSolved: number;
}

/** The reads behind the console's reports. */
export interface ReportsRepo {
  data(filter: ReportFilter): Promise<ReportData>;
}
