import { and, desc, eq, gt, gte, isNotNull, ne, sql } from 'drizzle-orm';
import type { Survey, SurveysRepo } from '../../ports/surveys.js';
import type { Db } from '../database.js';
import { surveys, tickets } from '../schema.js';

const columns = {
  id: surveys.id,
  ticketId: surveys.ticketId,
  ticketNumber: tickets.number,
  conversationId: surveys.conversationId,
  engineerId: surveys.engineerId,
  askedAt: surveys.askedAt,
  remindedAt: surveys.remindedAt,
  expiresAt: surveys.expiresAt,
  score: surveys.score,
  comment: surveys.comment,
  answeredAt: surveys.answeredAt,
  commentUntil: surveys.commentUntil,
};

/** Satisfaction surveys (surveys), one per solved ticket. */
export class DrizzleSurveys implements SurveysRepo {
  constructor(private readonly db: Db) {}

  async add(survey: { ticketId: string; conversationId: string; engineerId: string | null; expiresAt: Date }): Promise<boolean> {
    const rows = await this.db
      .insert(surveys)
      .values(survey)
      .onConflictDoUpdate({
        target: surveys.ticketId,
        // Never asked (reopened before the question went): asked when solved again, with new times.
        set: { engineerId: sql`excluded.engineer_id`, expiresAt: sql`excluded.expires_at` },
        setWhere: sql`${surveys.askedAt} is null and ${surveys.answeredAt} is null`,
      })
      .returning({ id: surveys.id });
    return rows.length > 0;
  }

  async ofTicket(ticketId: string): Promise<Survey | null> {
    const [row] = await this.db
      .select(columns)
      .from(surveys)
      .innerJoin(tickets, eq(tickets.id, surveys.ticketId))
      .where(eq(surveys.ticketId, ticketId));
    return row ?? null;
  }

  async byNumber(number: string): Promise<Survey | null> {
    const [row] = await this.db
      .select(columns)
      .from(surveys)
      .innerJoin(tickets, eq(tickets.id, surveys.ticketId))
      .where(eq(tickets.number, number));
    return row ?? null;
  }

  async lockByNumber(number: string): Promise<Survey | null> {
    const [row] = await this.db
      .select(columns)
      .from(surveys)
      .innerJoin(tickets, eq(tickets.id, surveys.ticketId))
      .where(eq(tickets.number, number))
      .for('update', { of: surveys });
    return row ?? null;
  }

  async awaitingComment(conversationId: string, now: Date): Promise<Survey | null> {
    const [row] = await this.db
      .select(columns)
      .from(surveys)
      .innerJoin(tickets, eq(tickets.id, surveys.ticketId))
      .where(and(eq(surveys.conversationId, conversationId), gt(surveys.commentUntil, now)))
      .orderBy(desc(surveys.answeredAt))
      .limit(1);
    return row ?? null;
  }

  async askedSince(conversationId: string, since: Date): Promise<Survey[]> {
    return this.db
      .select(columns)
      .from(surveys)
      .innerJoin(tickets, eq(tickets.id, surveys.ticketId))
      .where(and(eq(surveys.conversationId, conversationId), gte(surveys.askedAt, since)))
      .orderBy(desc(surveys.askedAt), desc(tickets.number));
  }

  async markAsked(id: string, at: Date, reminder: boolean, expiresAt?: Date): Promise<void> {
    await this.db
      .update(surveys)
      .set(reminder ? { remindedAt: at } : { askedAt: at, ...(expiresAt ? { expiresAt } : {}) })
      .where(eq(surveys.id, id));
  }

  async answer(id: string, score: number, at: Date, commentUntil: Date): Promise<void> {
    const [row] = await this.db.update(surveys).set({ score, answeredAt: at, commentUntil }).where(eq(surveys.id, id)).returning({
      conversationId: surveys.conversationId,
    });
    if (!row) return;
    await this.db
      .update(surveys)
      .set({ commentUntil: null })
      .where(and(eq(surveys.conversationId, row.conversationId), ne(surveys.id, id), isNotNull(surveys.commentUntil)));
  }

  async comment(id: string, comment: string | null): Promise<void> {
    await this.db.update(surveys).set({ comment, commentUntil: null }).where(eq(surveys.id, id));
  }
}
