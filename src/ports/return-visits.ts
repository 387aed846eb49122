import type { VisitAnswer } from '../domain/after-service.js';

export type { VisitAnswer };

/** A site's contact teacher: their last-reported place is the site, and they are not staff. */
export interface ContactTeacher {
  readonly contactId: string;
  readonly name: string | null;
  /** Their most recent conversation (any channel); null: nobody can write to them. */
  readonly conversationId: string | null;
}

/** One return visit (return_visits row), as the desk answers it. */
export interface ReturnVisit {
  readonly id: string;
  readonly siteId: string;
  readonly contractId: string;
  readonly roundOn: string;
  readonly contactId: string | null;
  readonly conversationId: string | null;
  readonly status: 'sent' | 'undelivered' | 'answered';
  readonly sentAt: Date | null;
  readonly answer: VisitAnswer | null;
  readonly answeredAt: Date | null;
}

/** Why a visit is on the coordinator's list to phone ('no_report': "a fault" answered, and no ticket came of it). */
export type PhoneReason = 'undelivered' | 'failed' | 'unanswered' | 'call' | 'no_report';

/**
 * When a visit is late: sent and unanswered since before `unansweredBefore` (per contract), or
 * answered "report a fault" before `reportBefore` without a ticket (the report was left).
 */
export interface VisitDeadlines {
  readonly unansweredBefore: Readonly<Record<string, Date>>;
  readonly reportBefore: Date;
}

/** A visit as the coordinator's list shows it. */
export interface VisitLine {
  readonly id: string;
  readonly siteId: string;
  readonly siteName: string;
  readonly contractId: string;
  readonly roundOn: string;
  readonly contactId: string | null;
  readonly contactName: string | null;
  readonly contactPhone: string | null;
  readonly channel: string | null;
  readonly status: 'sent' | 'undelivered' | 'answered';
  readonly sentAt: Date | null;
  readonly answer: VisitAnswer | null;
  readonly answeredAt: Date | null;
  readonly ticketId: string | null;
  readonly ticketNumber: string | null;
  readonly calledAt: Date | null;
  readonly calledBy: string | null;
  readonly callNote: string | null;
  /** Set on the list to phone: why. */
  readonly reason: PhoneReason | null;
}

export interface VisitFilter {
  readonly siteId?: string | undefined;
  readonly contractId?: string | undefined;
  readonly roundOn?: string | undefined;
}

/** A new visit row, written when the round's message went (or could not). */
export interface NewVisit {
  readonly id: string;
  readonly siteId: string;
  readonly contractId: string;
  readonly roundOn: string;
  readonly contactId: string | null;
  readonly conversationId: string | null;
  readonly status: 'sent' | 'undelivered';
  readonly sentAt: Date | null;
  readonly messageSeq: number | null;
}

/** Return visits (回访): one row per site, round and contact teacher. */
export interface ReturnVisitsRepo {
  /** The site's contact teachers, each with their most recent own chat (not a group they wrote in), or none. */
  contactTeachers(siteId: string): Promise<ContactTeacher[]>;
  /** Whether the site's round has any row already (it was written). */
  roundWritten(siteId: string, roundOn: string): Promise<boolean>;
  /** Adds the rows; one already there (same site, round and contact) is left as it is. */
  add(visits: readonly NewVisit[]): Promise<void>;
  get(id: string): Promise<ReturnVisit | null>;
  /** The visit, locked for the rest of the transaction. */
  lock(id: string): Promise<ReturnVisit | null>;
  /** The conversation's latest visit sent and not answered (typed answers). */
  openIn(conversationId: string): Promise<ReturnVisit | null>;
  /** The answer, once: false when it was answered already. */
  answer(id: string, answer: VisitAnswer, at: Date): Promise<boolean>;
  /** The fault a visit's "report a fault" opened: the conversation's latest such visit at the ticket's site without one, answered since `since`. */
  linkTicket(ticketId: string, since: Date): Promise<void>;
  /**
   * The visits to phone: undelivered, sent whose message failed, sent and unanswered too long, answered
   * "call me", or "a fault" whose report was left (VisitDeadlines); not yet called.
   */
  toPhone(late: VisitDeadlines, filter: VisitFilter): Promise<VisitLine[]>;
  /** The visits done (answered or called, and not on the list to phone), newest round first. */
  done(late: VisitDeadlines, filter: VisitFilter, limit: number): Promise<VisitLine[]>;
  /** The coordinator's call; false when the visit is not there or was called already. */
  recordCall(id: string, agentId: string, note: string, at: Date): Promise<boolean>;
}
