import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { EscalationCandidate, NewTicket, TicketRecord, TicketsRepo } from '../../ports/store.js';
import type { Severity } from '../../domain/contract.js';
import { OPEN_STATUSES } from '../../domain/ticket-life.js';
import type { Reason } from '../../domain/reason.js';
import { raisedReasons } from '../../domain/override.js';
import { formatTicketNumber } from '../../domain/ticket-number.js';
import type { Db } from '../database.js';
import { clockTimes } from '../reopenings.js';
import { assets, attachments, rooms, sites, ticketCounters, ticketEvents, tickets } from '../schema.js';

export class DrizzleTickets implements TicketsRepo {
  constructor(private readonly db: Db) {}

  async create(t: NewTicket, actor: string): Promise<{ id: string; number: string }> {
    const [counter] = await this.db
      .insert(ticketCounters)
      .values({ year: t.year, last: 1 })
      .onConflictDoUpdate({ target: ticketCounters.year, set: { last: sql`${ticketCounters.last} + 1` } })
      .returning({ last: ticketCounters.last });
    if (!counter) throw new Error('An upsert of the ticket counter returns its row.');
    const number = formatTicketNumber(t.numberPrefix, t.year, counter.last);
    const [row] = await this.db
      .insert(tickets)
      .values({
        number,
        reporterId: t.reporterId,
        conversationId: t.conversationId,
        assetId: t.assetId,
        siteId: t.siteId,
        roomId: t.roomId,
        contractId: t.contractId,
        description: t.description,
        facts: t.facts,
        severity: t.severity,
        severitySince: t.reportedAt,
        warranty: t.warranty,
        billable: t.billable,
        reasons: [...t.reasons],
        reportedAt: t.reportedAt,
        responseDueAt: t.responseDueAt,
        onSiteDueAt: t.onSiteDueAt,
        repairDueAt: t.repairDueAt,
        loanerDueAt: t.loanerDueAt,
        triage: t.triage ?? null,
        createdAt: t.reportedAt,
        updatedAt: t.reportedAt,
      })
      .returning({ id: tickets.id });
    if (!row) throw new Error('An insert of a ticket returns its row.');
    const id = row.id;
    await this.db.insert(ticketEvents).values({
      ticketId: id,
      at: t.reportedAt,
      kind: 'created',
      actor,
      data: { severity: t.severity, warranty: t.warranty, billable: t.billable, reasons: [...t.reasons] },
    });
    if (t.attachmentIds.length > 0) {
      await this.db
        .update(attachments)
        .set({ ticketId: id })
        .where(inArray(attachments.id, [...t.attachmentIds]));
    }
    return { id, number };
  }

  escalationCandidates(before: Date, limit: number): Promise<EscalationCandidate[]> {
    return escalationCandidates(this.db, before, limit);
  }

  async escalate(id: string, from: Severity, to: Severity, at: Date, reason: Reason): Promise<boolean> {
    const [current] = await this.db
      .select({ reasons: tickets.reasons })
      .from(tickets)
      .where(and(eq(tickets.id, id), eq(tickets.severity, from)))
      .for('update');
    if (!current) return false;
    await this.db
      .update(tickets)
      .set({ severity: to, severitySince: at, reasons: raisedReasons(current.reasons, reason), updatedAt: at })
      .where(eq(tickets.id, id));
    await this.db
      .insert(ticketEvents)
      .values({ ticketId: id, at, kind: 'severity_escalated', actor: 'system', data: { from, to, reason } });
    return true;
  }

  private select() {
    return this.db
      .select({ t: tickets, assetTag: assets.tag, assetKind: assets.kind, siteName: sites.name, roomName: rooms.name })
      .from(tickets)
      .leftJoin(assets, eq(assets.id, tickets.assetId))
      .leftJoin(sites, eq(sites.id, tickets.siteId))
      .leftJoin(rooms, eq(rooms.id, tickets.roomId));
  }

  async listByReporter(contactId: string, limit: number): Promise<TicketRecord[]> {
    const rows = await this.select()
      .where(eq(tickets.reporterId, contactId))
      .orderBy(desc(tickets.createdAt), desc(tickets.number))
      .limit(limit);
    return rows.map(toRecord);
  }

  async findByNumberForReporter(number: string, contactId: string): Promise<TicketRecord | null> {
    const rows = await this.select()
      .where(and(eq(tickets.number, number), eq(tickets.reporterId, contactId)))
      .limit(1);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async findByNumber(number: string): Promise<TicketRecord | null> {
    const rows = await this.select().where(eq(tickets.number, number)).limit(1);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async newestOnAsset(assetId: string, statuses: readonly string[]): Promise<TicketRecord | null> {
    if (statuses.length === 0) return null;
    const rows = await this.select()
      .where(and(eq(tickets.assetId, assetId), inArray(tickets.status, [...statuses])))
      .orderBy(desc(tickets.createdAt), desc(tickets.number))
      .limit(1);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async attach(ticketId: string, attachmentIds: readonly string[]): Promise<void> {
    if (attachmentIds.length === 0) return;
    await this.db
      .update(attachments)
      .set({ ticketId })
      .where(inArray(attachments.id, [...attachmentIds]));
  }
}

async function escalationCandidates(db: Db, before: Date, limit: number): Promise<EscalationCandidate[]> {
  return db
    .select({ id: tickets.id, contractId: tickets.contractId, severity: tickets.severity, severitySince: tickets.severitySince })
    .from(tickets)
    .where(and(inArray(tickets.status, [...OPEN_STATUSES]), inArray(tickets.severity, ['B', 'C']), lt(tickets.severitySince, before)))
    .orderBy(asc(tickets.severitySince))
    .limit(limit);
}

function toRecord(r: {
  t: typeof tickets.$inferSelect;
  assetTag: string | null;
  assetKind: string | null;
  siteName: string | null;
  roomName: string | null;
}): TicketRecord {
  const t = r.t;
  return {
    id: t.id,
    number: t.number,
    reporterId: t.reporterId,
    contractId: t.contractId,
    description: t.description,
    severity: t.severity,
    warranty: t.warranty,
    billable: t.billable,
    reasons: t.reasons,
    status: t.status,
    ...clockTimes(t),
    symptom: typeof t.facts.symptom === 'string' ? t.facts.symptom : null,
    engineerName: t.engineerName,
    appointmentAt: t.appointmentAt,
    asset: r.assetTag && r.assetKind ? { tag: r.assetTag, kind: r.assetKind } : null,
    place: [r.siteName, r.roomName].filter(Boolean).join(' ') || null,
  };
}
