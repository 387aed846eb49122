import { and, asc, desc, eq, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type {
  FactCorrectionView,
  FactCorrectionWrite,
  TicketAdminRepo,
  TicketDetail,
  TicketFactsState,
  TicketFilters,
  TicketSummary,
} from '../../ports/console-store.js';
import { isFactKey } from '../../domain/fact-correction.js';
import { FACT_SOURCES, type FactSource, type LlmCallRecord } from '../../domain/triage-record.js';
import { isStatus, OPEN_STATUSES, type ProblemReport, type Reopening, type TicketState } from '../../domain/ticket-life.js';
import type { FactKey } from '../../domain/facts.js';
import type { Db } from '../database.js';
import { clockTimes, reopeningsOf, storedReopenings } from '../reopenings.js';
import { agents, assets, attachments, contacts, factCorrections, llmCalls, rooms, sites, ticketEvents, tickets } from '../schema.js';
import { isUuid } from './places.js';

const assignee = alias(agents, 'assignee');
const actor = alias(agents, 'actor');

const isSource = (value: string | null): value is FactSource => (FACT_SOURCES as readonly (string | null)[]).includes(value);
const factKeys = (values: readonly string[]): FactKey[] => values.filter(isFactKey);

interface Row {
  t: typeof tickets.$inferSelect;
  site: string | null;
  room: string | null;
  assetTag: string | null;
  assetKind: string | null;
  reporterName: string | null;
  assigneeName: string | null;
}

function summary(r: Row): TicketSummary {
  const t = r.t;
  return {
    id: t.id,
    number: t.number,
    status: isStatus(t.status) ? t.status : 'registered',
    severity: t.severity,
    warranty: t.warranty,
    contractId: t.contractId,
    site: r.site,
    room: r.room,
    asset: r.assetTag && r.assetKind ? { tag: r.assetTag, kind: r.assetKind } : null,
    reporterName: r.reporterName,
    description: t.description,
    assigneeId: t.assigneeId,
    assigneeName: r.assigneeName,
    engineerName: t.engineerName,
    appointmentAt: t.appointmentAt,
    ...clockTimes(t),
    symptom: typeof t.facts.symptom === 'string' ? t.facts.symptom : null,
    updatedAt: t.updatedAt,
  };
}

export class DrizzleTicketAdmin implements TicketAdminRepo {
  constructor(private readonly db: Db) {}

  private select() {
    return this.db
      .select({
        t: tickets,
        site: sites.name,
        room: rooms.name,
        assetTag: assets.tag,
        assetKind: assets.kind,
        reporterName: contacts.name,
        assigneeName: assignee.displayName,
      })
      .from(tickets)
      .leftJoin(sites, eq(sites.id, tickets.siteId))
      .leftJoin(rooms, eq(rooms.id, tickets.roomId))
      .leftJoin(assets, eq(assets.id, tickets.assetId))
      .leftJoin(contacts, eq(contacts.id, tickets.reporterId))
      .leftJoin(assignee, eq(assignee.id, tickets.assigneeId));
  }

  async list(f: TicketFilters): Promise<TicketSummary[]> {
    const where: SQL[] = [];
    if (f.status) where.push(eq(tickets.status, f.status));
    if (f.open) where.push(inArray(tickets.status, [...OPEN_STATUSES]));
    if (f.severity) where.push(eq(tickets.severity, f.severity));
    if (f.contractId) where.push(eq(tickets.contractId, f.contractId));
    if (f.siteId && isUuid(f.siteId)) where.push(eq(tickets.siteId, f.siteId));
    if (f.assigneeId === 'none') where.push(isNull(tickets.assigneeId));
    else if (f.assigneeId && isUuid(f.assigneeId)) where.push(eq(tickets.assigneeId, f.assigneeId));
    if (f.engineerId && isUuid(f.engineerId)) where.push(eq(tickets.engineerId, f.engineerId));
    if (f.query) {
      const like = `%${f.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      // The number, the description, the reporter's name, and the asset tag (what a QR code or a sticker shows).
      const anyMatch = or(
        ilike(tickets.number, like),
        ilike(tickets.description, like),
        ilike(contacts.name, like),
        ilike(assets.tag, like),
      );
      if (anyMatch) where.push(anyMatch);
    }
    const rows = await this.select()
      .where(and(...where))
      .orderBy(asc(tickets.severity), desc(tickets.reportedAt))
      .limit(f.limit);
    return rows.map(summary);
  }

  async detail(id: string): Promise<TicketDetail | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.select().where(eq(tickets.id, id));
    if (!row) return null;
    const files = await this.db
      .select({ id: attachments.id, mime: attachments.mime })
      .from(attachments)
      .where(eq(attachments.ticketId, id));
    const events = await this.db
      .select({ e: ticketEvents, actorName: actor.displayName })
      .from(ticketEvents)
      .leftJoin(actor, sql`${actor.id}::text = ${ticketEvents.actor}`)
      .where(eq(ticketEvents.ticketId, id))
      .orderBy(asc(ticketEvents.id));
    const t = row.t;
    return {
      ...summary(row),
      billable: t.billable,
      reasons: t.reasons,
      facts: t.facts,
      report: t.report ?? null,
      conversationId: t.conversationId,
      assetId: t.assetId,
      reporterId: t.reporterId,
      engineerId: t.engineerId,
      severitySince: t.severitySince,
      severityOverridden: t.severityOverridden,
      warrantyOverridden: t.warrantyOverridden,
      attachments: files,
      events: events.map(({ e, actorName }) => ({ at: e.at, kind: e.kind, actor: e.actor, actorName: actorName ?? null, data: e.data })),
      triage: t.triage ?? null,
      llmCall: await this.llmCall(t.triage?.llmCallId),
      corrections: await this.corrections(id),
    };
  }

  /** The stored LLM call a ticket's triage used (a minimal read of llm_calls, by id). */
  private async llmCall(id: string | undefined): Promise<LlmCallRecord | null> {
    if (!id || !isUuid(id)) return null;
    const [c] = await this.db.select().from(llmCalls).where(eq(llmCalls.id, id));
    if (!c) return null;
    return {
      id: c.id,
      at: c.at,
      conversationId: c.conversationId,
      model: c.model,
      promptVersion: c.promptVersion,
      outcome: c.outcome,
      latencyMs: c.latencyMs,
      promptTokens: c.promptTokens,
      completionTokens: c.completionTokens,
      answer: c.answer ?? null,
      error: c.error,
      changed: factKeys(c.changed),
    };
  }

  private async corrections(ticketId: string): Promise<FactCorrectionView[]> {
    const rows = await this.db
      .select({ c: factCorrections, agentName: agents.displayName })
      .from(factCorrections)
      .leftJoin(agents, eq(agents.id, factCorrections.agentId))
      .where(eq(factCorrections.ticketId, ticketId))
      .orderBy(asc(factCorrections.id));
    return rows.flatMap(({ c, agentName }) =>
      isFactKey(c.fact)
        ? [
            {
              id: c.id,
              ticketId: c.ticketId,
              agentId: c.agentId,
              agentName: agentName ?? null,
              at: c.at,
              fact: c.fact,
              before: c.before ?? null,
              after: c.after,
              source: isSource(c.source) ? c.source : null,
            },
          ]
        : [],
    );
  }

  async lockState(
    id: string,
  ): Promise<(TicketState & TicketFactsState & { updatedAt: Date; number: string; conversationId: string | null }) | null> {
    if (!isUuid(id)) return null;
    const [t] = await this.db.select().from(tickets).where(eq(tickets.id, id)).for('update');
    if (!t) return null;
    // The engineer's acceptance counts for the dispatch it followed: a new dispatch needs a new one.
    const [steps] = await this.db
      .select({
        accepted: sql<string | null>`max(${ticketEvents.at}) filter (where ${ticketEvents.kind} = 'engineer_accepted')`,
        dispatched: sql<string | null>`max(${ticketEvents.at}) filter (where ${ticketEvents.kind} = 'dispatched')`,
      })
      .from(ticketEvents)
      .where(eq(ticketEvents.ticketId, id));
    const accepted = steps?.accepted ? new Date(steps.accepted) : null;
    const dispatched = steps?.dispatched ? new Date(steps.dispatched) : null;
    return {
      acceptedAt: accepted && (!dispatched || accepted >= dispatched) ? accepted : null,
      status: isStatus(t.status) ? t.status : 'registered',
      severity: t.severity,
      warranty: t.warranty,
      billable: t.billable,
      engineerId: t.engineerId,
      engineerName: t.engineerName,
      appointmentAt: t.appointmentAt,
      respondedAt: t.respondedAt,
      onSiteAt: t.onSiteAt,
      resolvedAt: t.resolvedAt,
      closedAt: t.closedAt,
      loanerDeliveredAt: t.loanerDeliveredAt,
      reopenings: reopeningsOf(t.reopenings),
      updatedAt: t.updatedAt,
      number: t.number,
      conversationId: t.conversationId,
      facts: t.facts,
      triage: t.triage ?? null,
      description: t.description,
    };
  }

  async apply(
    id: string,
    changes: Record<string, unknown>,
    event: { kind: string; data: Record<string, unknown> },
    actorId: string,
    at: Date,
  ): Promise<void> {
    await this.db
      .update(tickets)
      .set({
        ...(changes as Partial<typeof tickets.$inferInsert>),
        ...(changes.report ? { report: changes.report as ProblemReport } : {}),
        ...(Array.isArray(changes.reopenings) ? { reopenings: storedReopenings(changes.reopenings as Reopening[]) } : {}),
        updatedAt: at,
      })
      .where(eq(tickets.id, id));
    await this.db.insert(ticketEvents).values({ ticketId: id, at, kind: event.kind, actor: actorId, data: event.data });
  }

  async assign(id: string, agentId: string | null, actorId: string, at: Date): Promise<void> {
    const [before] = await this.db.select({ assigneeId: tickets.assigneeId }).from(tickets).where(eq(tickets.id, id));
    await this.db.update(tickets).set({ assigneeId: agentId, updatedAt: at }).where(eq(tickets.id, id));
    await this.db
      .insert(ticketEvents)
      .values({ ticketId: id, at, kind: 'assigned', actor: actorId, data: { from: before?.assigneeId ?? null, to: agentId } });
  }

  async correctFact(id: string, write: FactCorrectionWrite): Promise<void> {
    const { correction: c } = write;
    await this.db.update(tickets).set({ facts: write.facts, triage: write.triage, updatedAt: c.at }).where(eq(tickets.id, id));
    await this.db.insert(factCorrections).values({
      ticketId: id,
      agentId: c.agentId,
      at: c.at,
      fact: c.fact,
      before: c.before,
      after: c.after,
      source: c.source,
    });
    await this.db.insert(ticketEvents).values({
      ticketId: id,
      at: c.at,
      kind: 'fact_corrected',
      actor: c.agentId,
      data: { fact: c.fact, from: c.before, to: c.after },
    });
  }

  async unanswered(conversationId: string): Promise<string[]> {
    const rows = await this.db
      .select({ id: tickets.id })
      .from(tickets)
      .where(and(eq(tickets.conversationId, conversationId), isNull(tickets.respondedAt), inArray(tickets.status, [...OPEN_STATUSES])));
    return rows.map((r) => r.id);
  }

  async attachment(ticketId: string, attachmentId: string): Promise<{ storageKey: string; mime: string } | null> {
    if (!isUuid(ticketId) || !isUuid(attachmentId)) return null;
    const [row] = await this.db
      .select({ storageKey: attachments.storageKey, mime: attachments.mime })
      .from(attachments)
      .where(and(eq(attachments.id, attachmentId), eq(attachments.ticketId, ticketId)));
    return row ?? null;
  }
}
