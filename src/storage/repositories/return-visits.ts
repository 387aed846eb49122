import { and, desc, eq, gte, isNotNull, isNull, lt, ne, not, or, type SQL, sql } from 'drizzle-orm';
import type {
  ContactTeacher,
  NewVisit,
  PhoneReason,
  ReturnVisit,
  ReturnVisitsRepo,
  VisitAnswer,
  VisitDeadlines,
  VisitFilter,
  VisitLine,
} from '../../ports/return-visits.js';
import type { Db } from '../database.js';
import { agents, channelIdentities, contacts, conversations, messages, outbox, returnVisits, sites, tickets } from '../schema.js';

const visitColumns = {
  id: returnVisits.id,
  siteId: returnVisits.siteId,
  contractId: returnVisits.contractId,
  roundOn: returnVisits.roundOn,
  contactId: returnVisits.contactId,
  conversationId: returnVisits.conversationId,
  status: returnVisits.status,
  sentAt: returnVisits.sentAt,
  answer: returnVisits.answer,
  answeredAt: returnVisits.answeredAt,
};

/** The visit's question failed to leave (its message's outbox row failed). */
const messageFailed = sql<boolean>`exists (
  select 1 from ${messages} m join ${outbox} o on o.message_id = m.id
  where m.conversation_id = ${returnVisits.conversationId} and m.seq = ${returnVisits.messageSeq} and o.status = 'failed')`;

/** Return visits (return_visits). */
export class DrizzleReturnVisits implements ReturnVisitsRepo {
  constructor(private readonly db: Db) {}

  async contactTeachers(siteId: string): Promise<ContactTeacher[]> {
    // Their own chat (its key is their identity on the channel), never a group they wrote in first: the question is personal.
    const latest = sql<string | null>`(
      select c.id from ${conversations} c
       where c.contact_id = ${contacts.id}
         and exists (select 1 from ${channelIdentities} i
                      where i.contact_id = ${contacts.id} and i.channel = c.channel and i.external_id = c.external_key)
      order by c.last_message_at desc nulls last, c.created_at desc limit 1)`;
    return this.db
      .select({ contactId: contacts.id, name: contacts.name, conversationId: latest })
      .from(contacts)
      .leftJoin(agents, eq(agents.contactId, contacts.id))
      .where(and(eq(contacts.siteId, siteId), isNull(agents.id)))
      .orderBy(contacts.createdAt, contacts.id);
  }

  async roundWritten(siteId: string, roundOn: string): Promise<boolean> {
    const rows = await this.db
      .select({ id: returnVisits.id })
      .from(returnVisits)
      .where(and(eq(returnVisits.siteId, siteId), eq(returnVisits.roundOn, roundOn)))
      .limit(1);
    return rows.length > 0;
  }

  async add(visits: readonly NewVisit[]): Promise<void> {
    if (visits.length === 0) return;
    await this.db
      .insert(returnVisits)
      .values(visits.map((v) => ({ ...v })))
      .onConflictDoNothing();
  }

  async get(id: string): Promise<ReturnVisit | null> {
    const [row] = await this.db.select(visitColumns).from(returnVisits).where(eq(returnVisits.id, id));
    return row ?? null;
  }

  async lock(id: string): Promise<ReturnVisit | null> {
    const [row] = await this.db.select(visitColumns).from(returnVisits).where(eq(returnVisits.id, id)).for('update');
    return row ?? null;
  }

  async openIn(conversationId: string): Promise<ReturnVisit | null> {
    const [row] = await this.db
      .select(visitColumns)
      .from(returnVisits)
      .where(and(eq(returnVisits.conversationId, conversationId), eq(returnVisits.status, 'sent'), isNull(returnVisits.answeredAt)))
      .orderBy(desc(returnVisits.sentAt))
      .limit(1);
    return row ?? null;
  }

  async answer(id: string, answer: VisitAnswer, at: Date): Promise<boolean> {
    const rows = await this.db
      .update(returnVisits)
      .set({ answer, answeredAt: at, status: 'answered' })
      .where(and(eq(returnVisits.id, id), isNull(returnVisits.answeredAt)))
      .returning({ id: returnVisits.id });
    return rows.length > 0;
  }

  async linkTicket(ticketId: string, since: Date): Promise<void> {
    const [ticket] = await this.db
      .select({ conversationId: tickets.conversationId, siteId: tickets.siteId })
      .from(tickets)
      .where(eq(tickets.id, ticketId));
    if (!ticket?.conversationId || !ticket.siteId) return;
    const [visit] = await this.db
      .select({ id: returnVisits.id })
      .from(returnVisits)
      .where(
        and(
          eq(returnVisits.conversationId, ticket.conversationId),
          eq(returnVisits.siteId, ticket.siteId),
          eq(returnVisits.answer, 'fault'),
          isNull(returnVisits.ticketId),
          gte(returnVisits.answeredAt, since),
        ),
      )
      .orderBy(desc(returnVisits.answeredAt))
      .limit(1);
    if (visit) await this.db.update(returnVisits).set({ ticketId }).where(eq(returnVisits.id, visit.id));
  }

  private lines() {
    return this.db
      .select({
        ...visitColumns,
        siteName: sites.name,
        contactName: contacts.name,
        contactPhone: contacts.phone,
        channel: conversations.channel,
        ticketId: returnVisits.ticketId,
        ticketNumber: tickets.number,
        calledAt: returnVisits.calledAt,
        calledBy: agents.displayName,
        callNote: returnVisits.callNote,
        failed: messageFailed,
      })
      .from(returnVisits)
      .innerJoin(sites, eq(sites.id, returnVisits.siteId))
      .leftJoin(contacts, eq(contacts.id, returnVisits.contactId))
      .leftJoin(conversations, eq(conversations.id, returnVisits.conversationId))
      .leftJoin(tickets, eq(tickets.id, returnVisits.ticketId))
      .leftJoin(agents, eq(agents.id, returnVisits.calledBy));
  }

  async toPhone(deadlines: VisitDeadlines, filter: VisitFilter): Promise<VisitLine[]> {
    const late = Object.entries(deadlines.unansweredBefore).map(([contract, before]) =>
      and(eq(returnVisits.contractId, contract), lt(returnVisits.sentAt, before)),
    );
    const sent = and(eq(returnVisits.status, 'sent'), or(messageFailed, ...late));
    const rows = await this.lines()
      .where(
        and(
          isNull(returnVisits.calledAt),
          or(eq(returnVisits.status, 'undelivered'), sent, eq(returnVisits.answer, 'call'), reportLeft(deadlines.reportBefore)),
          ...filters(filter),
        ),
      )
      .orderBy(returnVisits.roundOn, sites.name, returnVisits.createdAt);
    return rows.map(({ failed, ...row }) => ({ ...row, reason: reasonOf(row.status, row.answer, failed) }));
  }

  async done(deadlines: VisitDeadlines, filter: VisitFilter, limit: number): Promise<VisitLine[]> {
    const rows = await this.lines()
      .where(
        and(
          or(
            isNotNull(returnVisits.calledAt),
            and(isNotNull(returnVisits.answeredAt), ne(returnVisits.answer, 'call'), not(reportLeft(deadlines.reportBefore))),
          ),
          ...filters(filter),
        ),
      )
      .orderBy(desc(returnVisits.roundOn), sites.name, returnVisits.createdAt)
      .limit(limit);
    return rows.map(({ failed: _failed, ...row }) => ({ ...row, reason: null }));
  }

  async recordCall(id: string, agentId: string, note: string, at: Date): Promise<boolean> {
    const rows = await this.db
      .update(returnVisits)
      .set({ calledAt: at, calledBy: agentId, callNote: note })
      .where(and(eq(returnVisits.id, id), isNull(returnVisits.calledAt)))
      .returning({ id: returnVisits.id });
    return rows.length > 0;
  }
}

/** Answered "report a fault" before `before`, and no ticket came of it (the report was left). */
function reportLeft(before: Date): SQL {
  return sql`(${returnVisits.answer} = 'fault' and ${returnVisits.ticketId} is null and ${returnVisits.answeredAt} < ${before.toISOString()}::timestamptz)`;
}

function filters(filter: VisitFilter): SQL[] {
  const out: SQL[] = [];
  if (filter.siteId) out.push(eq(returnVisits.siteId, filter.siteId));
  if (filter.contractId) out.push(eq(returnVisits.contractId, filter.contractId));
  if (filter.roundOn) out.push(eq(returnVisits.roundOn, filter.roundOn));
  return out;
}

function reasonOf(status: string, answer: VisitAnswer | null, failed: boolean): PhoneReason {
  if (status === 'undelivered') return 'undelivered';
  if (answer === 'call') return 'call';
  if (answer === 'fault') return 'no_report';
  return failed ? 'failed' : 'unanswered';
}
