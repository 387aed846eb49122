import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { and, asc, eq, gte, lt, lte, type SQL, sql } from 'drizzle-orm';
import {
  FIRST_AID_SOLVED,
  type ReportData,
  type ReportFilter,
  type ReportInspection,
  type ReportsRepo,
  type ReportVisit,
} from '../../ports/reports.js';
import type { Db } from '../database.js';
import { clockTimes } from '../reopenings.js';
import { assets, auditLog, inspections, returnVisits, sites, surveys, tickets } from '../schema.js';

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The reads behind the console's reports: one range, optionally one contract or site. */
export class DrizzleReports implements ReportsRepo {
  constructor(private readonly db: Db) {}

  async data(filter: ReportFilter): Promise<ReportData> {
    const [ticketRows, surveyRows, visitRows, inspectionRows, firstAidSolved] = await Promise.all([
      this.tickets(filter),
      this.surveys(filter),
      this.visits(filter),
      this.inspections(filter),
      this.firstAid(filter),
    ]);
    return { tickets: ticketRows, surveys: surveyRows, visits: visitRows, inspections: inspectionRows, firstAidSolved };
  }

  private ticketScope(filter: ReportFilter): SQL[] {
    return [
      ...(filter.contractId ? [eq(tickets.contractId, filter.contractId)] : []),
      ...(filter.siteId ? [eq(tickets.siteId, filter.siteId)] : []),
    ];
  }

  private async tickets(filter: ReportFilter): Promise<ReportData['tickets']> {
    const rows = await this.db
      .select({ t: tickets, siteName: sites.name, assetKind: assets.kind })
      .from(tickets)
      .leftJoin(sites, eq(sites.id, tickets.siteId))
      .leftJoin(assets, eq(assets.id, tickets.assetId))
      .where(and(gte(tickets.reportedAt, filter.from), lt(tickets.reportedAt, filter.to), ...this.ticketScope(filter)))
      .orderBy(asc(tickets.reportedAt), asc(tickets.number));
    return rows.map(({ t, siteName, assetKind }) => ({
      id: t.id,
      number: t.number,
      contractId: t.contractId,
      warranty: t.warranty,
      status: t.status,
      severity: t.severity,
      siteId: t.siteId,
      siteName,
      device: text(t.facts.device) ?? assetKind,
      symptom: text(t.facts.symptom),
      ...clockTimes(t),
    }));
  }

  /** Surveys answered in the range, of tickets of the contract or site. */
  private async surveys(filter: ReportFilter): Promise<ReportData['surveys']> {
    const rows = await this.db
      .select({
        ticketId: tickets.id,
        ticketNumber: tickets.number,
        siteName: sites.name,
        score: surveys.score,
        comment: surveys.comment,
        answeredAt: surveys.answeredAt,
      })
      .from(surveys)
      .innerJoin(tickets, eq(tickets.id, surveys.ticketId))
      .leftJoin(sites, eq(sites.id, tickets.siteId))
      .where(
        and(
          gte(surveys.answeredAt, filter.from),
          lt(surveys.answeredAt, filter.to),
          sql`${surveys.score} is not null`,
          ...this.ticketScope(filter),
        ),
      )
      .orderBy(asc(surveys.answeredAt));
    return rows.flatMap((r) => (r.score !== null && r.answeredAt ? [{ ...r, score: r.score, answeredAt: r.answeredAt }] : []));
  }

  /** Return visit rows whose round falls on the range's days. */
  private async visits(filter: ReportFilter): Promise<ReportVisit[]> {
    return this.db
      .select({
        siteId: returnVisits.siteId,
        siteName: sites.name,
        contractId: returnVisits.contractId,
        roundOn: returnVisits.roundOn,
        status: returnVisits.status,
        sentAt: returnVisits.sentAt,
        answer: returnVisits.answer,
        calledAt: returnVisits.calledAt,
      })
      .from(returnVisits)
      .innerJoin(sites, eq(sites.id, returnVisits.siteId))
      .where(onDaysAt(filter, returnVisits.roundOn, returnVisits.contractId, returnVisits.siteId))
      .orderBy(asc(returnVisits.roundOn));
  }

  /** Inspections due on the range's days. */
  private async inspections(filter: ReportFilter): Promise<ReportInspection[]> {
    return this.db
      .select({
        id: inspections.id,
        number: inspections.number,
        siteName: sites.name,
        contractId: inspections.contractId,
        dueOn: inspections.dueOn,
        status: inspections.status,
        completedAt: inspections.completedAt,
      })
      .from(inspections)
      .innerJoin(sites, eq(sites.id, inspections.siteId))
      .where(onDaysAt(filter, inspections.dueOn, inspections.contractId, inspections.siteId))
      .orderBy(asc(inspections.dueOn));
  }

  /** Reports the first-aid tips solved in the range (no ticket opened), from the audit log. */
  private async firstAid(filter: ReportFilter): Promise<number> {
    const [row] = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, FIRST_AID_SOLVED),
          gte(auditLog.at, filter.from),
          lt(auditLog.at, filter.to),
          ...(filter.contractId ? [sql`${auditLog.data}->>'contractId' = ${filter.contractId}`] : []),
          ...(filter.siteId ? [sql`${auditLog.data}->>'siteId' = ${filter.siteId}`] : []),
        ),
      );
    return row?.n ?? 0;
  }
}

/** Rows whose day is in the range, of the filter's contract and site when it names them. */
function onDaysAt(filter: ReportFilter, day: AnyPgColumn, contract: AnyPgColumn, site: AnyPgColumn) {
  return and(
    gte(day, filter.fromDay),
    lte(day, filter.toDay),
    ...(filter.contractId ? [eq(contract, filter.contractId)] : []),
    ...(filter.siteId ? [eq(site, filter.siteId)] : []),
  );
}
