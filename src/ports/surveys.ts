/** A solved ticket's satisfaction survey (surveys table), as the desk reads and answers it. */
export interface Survey {
  readonly id: string;
  readonly ticketId: string;
  readonly ticketNumber: string;
  readonly conversationId: string;
  readonly engineerId: string | null;
  readonly askedAt: Date | null;
  readonly remindedAt: Date | null;
  readonly expiresAt: Date;
  /** 1 (very dissatisfied) … 5 (very satisfied); null until answered. */
  readonly score: number | null;
  readonly comment: string | null;
  readonly answeredAt: Date | null;
  readonly commentUntil: Date | null;
}

/** The surveys of solved tickets: one per ticket, asked, answered once, its comment added after. */
export interface SurveysRepo {
  /** Adds the ticket's survey, or renews one never asked (new expiry); false when it was asked already. */
  add(survey: { ticketId: string; conversationId: string; engineerId: string | null; expiresAt: Date }): Promise<boolean>;
  /** The ticket's survey, by ticket id. */
  ofTicket(ticketId: string): Promise<Survey | null>;
  /** The survey of the ticket with this number. */
  byNumber(number: string): Promise<Survey | null>;
  /** The survey of the ticket with this number, locked for the rest of the transaction. */
  lockByNumber(number: string): Promise<Survey | null>;
  /** The conversation's survey waiting for a comment at `now` (the caller holds the conversation's lock to answer it). */
  awaitingComment(conversationId: string, now: Date): Promise<Survey | null>;
  /** The conversation's surveys asked since `since`, the newest question first. */
  askedSince(conversationId: string, since: Date): Promise<Survey[]>;
  /** The question (or the reminder) sent at `at`; the question also sets when the survey expires. */
  markAsked(id: string, at: Date, reminder: boolean, expiresAt?: Date): Promise<void>;
  /**
   * The score, its time, and how long a comment is awaited; the conversation's other surveys stop
   * awaiting one (the teacher's next words are about the ticket scored last).
   */
  answer(id: string, score: number, at: Date, commentUntil: Date): Promise<void>;
  /** The comment (null: the teacher had none); no comment is awaited after. */
  comment(id: string, comment: string | null): Promise<void>;
}
