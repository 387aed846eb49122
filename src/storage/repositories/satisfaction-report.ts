import { and, asc, eq, gte, inArray, isNotNull, isNull, lt, or, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type {
  ReportEventRow,
  ReportSurveyRow,
  ReportTicketRow,
  ReportVisitRow,
  SatisfactionReportRepo,
} from '../../ports/satisfaction-report.js';
import type { Db } from '../database.js';
import { clockTimes } from '../reopenings.js';
import { agents, returnVisits, sites, surveys, ticketEvents, tickets } from '../schema.js';

const engineer = alias(agents, 'survey_engineer');

/** The satisfaction report's reads (surveys, tickets and their events, return visits of one contract). */
export class DrizzleSatisfactionReport implements SatisfactionReportRepo {
  constructor(private readonly db: Db) {}

  async sites(contractId: string): Promise<{ id: string; name: string }[]> {
    return this.db.select({ id: sites.id, name: sites.name }).from(sites).where(eq(sites.contractId, contractId)).orderBy(asc(sites.name));
  }

  async surveys(contractId: string, from: Date, to: Date): Promise<ReportSurveyRow[]> {
    const rows = await this.db
      .select({
        ticketId: surveys.ticketId,
        ticketNumber: tickets.number,
        siteId: tickets.siteId,
        siteName: sites.name,
        engineerId: surveys.engineerId,
        engineerName: engineer.displayName,
        askedAt: surveys.askedAt,
        answeredAt: surveys.answeredAt,
        expiresAt: surveys.expiresAt,
        score: surveys.score,
        comment: surveys.comment,
      })
      .from(surveys)
      .innerJoin(tickets, eq(tickets.id, surveys.ticketId))
      .leftJoin(sites, eq(sites.id, tickets.siteId))
      .leftJoin(engineer, eq(engineer.id, surveys.engineerId))
      .where(and(eq(tickets.contractId, contractId), isNotNull(surveys.askedAt), gte(surveys.askedAt, from), lt(surveys.askedAt, to)))
      .orderBy(asc(surveys.askedAt), asc(tickets.number));
    return rows.flatMap((r) => (r.askedAt ? [{ ...r, askedAt: r.askedAt }] : []));
  }

  private async ticketRows(where: SQL | undefined): Promise<ReportTicketRow[]> {
    const rows = await this.db
      .select({ t: tickets, siteName: sites.name })
      .from(tickets)
      .leftJoin(sites, eq(sites.id, tickets.siteId))
      .where(where)
      .orderBy(asc(tickets.reportedAt));
    return rows.map(({ t, siteName }) => ({
      id: t.id,
      number: t.number,
      contractId: t.contractId,
      warranty: t.warranty,
      status: t.status,
      siteName,
      engineerName: t.engineerName,
      solution: t.report?.solution ?? null,
      ...clockTimes(t),
      symptom: typeof t.facts.symptom === 'string' ? t.facts.symptom : null,
    }));
  }

  tickets(contractId: string, from: Date, to: Date): Promise<ReportTicketRow[]> {
    return this.ticketRows(
      and(eq(tickets.contractId, contractId), lt(tickets.reportedAt, to), or(isNull(tickets.closedAt), gte(tickets.closedAt, from))),
    );
  }

  async ticketsById(ids: readonly string[]): Promise<ReportTicketRow[]> {
    return ids.length ? this.ticketRows(inArray(tickets.id, [...ids])) : [];
  }

  async events(ticketIds: readonly string[]): Promise<ReportEventRow[]> {
    if (!ticketIds.length) return [];
    return this.db
      .select({
        ticketId: ticketEvents.ticketId,
        at: ticketEvents.at,
        kind: ticketEvents.kind,
        actor: ticketEvents.actor,
        data: ticketEvents.data,
      })
      .from(ticketEvents)
      .where(inArray(ticketEvents.ticketId, [...ticketIds]))
      .orderBy(asc(ticketEvents.id));
  }

  async visits(contractId: string, fromDate: string, toDate: string): Promise<ReportVisitRow[]> {
    return this.db
      .select({
        siteId: returnVisits.siteId,
        siteName: sites.name,
        roundOn: returnVisits.roundOn,
        status: returnVisits.status,
        answer: returnVisits.answer,
        calledAt: returnVisits.calledAt,
      })
      .from(returnVisits)
      .innerJoin(sites, eq(sites.id, returnVisits.siteId))
      .where(and(eq(returnVisits.contractId, contractId), gte(returnVisits.roundOn, fromDate), lt(returnVisits.roundOn, toDate)))
      .orderBy(asc(returnVisits.roundOn), asc(sites.name));
  }
}
