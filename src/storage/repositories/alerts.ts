import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { LocalText } from '../../domain/i18n.js';
import type { AlertsRepo, SentAlert, TicketAlert } from '../../ports/operations.js';
import type { Db } from '../database.js';
import { ticketAlerts, tickets } from '../schema.js';
import { rowsOf } from '../rows.js';

interface Row {
  /** A bigint: postgres.js reads it as a string, PGlite as a number. */
  id: number | string;
  ticket_id: string | null;
  key: string;
  kind: string;
  data: Record<string, unknown>;
  at: string | Date;
  attempts: number;
}

/** Scheduled work on tickets (ticket_alerts), claimed with a lease like the outbox. */
export class DrizzleAlerts implements AlertsRepo {
  constructor(private readonly db: Db) {}

  async sync(
    ticketId: string,
    kinds: readonly string[],
    wanted: readonly { key: string; kind: string; at: Date; data: Record<string, unknown> }[],
  ): Promise<void> {
    const keep = new Set(wanted.map((w) => w.key));
    if (kinds.length > 0) {
      const pending = await this.db
        .select({ id: ticketAlerts.id, key: ticketAlerts.key })
        .from(ticketAlerts)
        .where(and(eq(ticketAlerts.ticketId, ticketId), eq(ticketAlerts.status, 'pending'), inArray(ticketAlerts.kind, [...kinds])));
      const gone = pending.filter((p) => !keep.has(p.key)).map((p) => p.id);
      if (gone.length > 0) {
        await this.db.update(ticketAlerts).set({ status: 'cancelled', leaseUntil: null }).where(inArray(ticketAlerts.id, gone));
      }
    }
    if (wanted.length === 0) return;
    await this.db
      .insert(ticketAlerts)
      .values(wanted.map((w) => ({ ticketId, key: w.key, kind: w.kind, at: w.at, data: w.data })))
      .onConflictDoUpdate({
        target: [ticketAlerts.ticketId, ticketAlerts.key],
        // Wanted again (an override undone): a cancelled row comes back; a sent one stays sent.
        set: { status: 'pending', at: sql`excluded.at`, data: sql`excluded.data` },
        setWhere: sql`${ticketAlerts.status} = 'cancelled'`,
      });
  }

  async add(ticketId: string, alert: { key: string; kind: string; at: Date; data: Record<string, unknown> }): Promise<boolean> {
    const rows = await this.db
      .insert(ticketAlerts)
      .values({ ticketId, ...alert })
      .onConflictDoNothing()
      .returning({ id: ticketAlerts.id });
    return rows.length > 0;
  }

  async addSiteWork(alert: { key: string; kind: string; at: Date; data: Record<string, unknown> }): Promise<boolean> {
    const rows = await this.db
      .insert(ticketAlerts)
      .values({ ticketId: null, ...alert })
      .onConflictDoNothing({ target: ticketAlerts.key, where: sql`${ticketAlerts.ticketId} is null` })
      .returning({ id: ticketAlerts.id });
    return rows.length > 0;
  }

  async postpone(id: number, at: Date): Promise<void> {
    await this.db
      .update(ticketAlerts)
      .set({ at, leaseUntil: null, attempts: sql`greatest(${ticketAlerts.attempts} - 1, 0)` })
      .where(eq(ticketAlerts.id, id));
  }

  async claim(now: Date, leaseUntil: Date, limit: number): Promise<TicketAlert[]> {
    const at = now.toISOString();
    // Due rows nobody holds, locked so that a second instance skips them, then leased.
    const result = await this.db.execute(sql`
      with due as (
        select id from ticket_alerts
        where status = 'pending' and at <= ${at}::timestamptz
          and (lease_until is null or lease_until < ${at}::timestamptz)
        order by at, id
        limit ${limit}
        for update skip locked
      )
      update ticket_alerts set lease_until = ${leaseUntil.toISOString()}::timestamptz, attempts = attempts + 1
      where id in (select id from due)
      returning id, ticket_id, key, kind, data, at, attempts`);
    return rowsOf<Row>(result)
      .map((r) => ({
        id: Number(r.id),
        ticketId: r.ticket_id,
        key: r.key,
        kind: r.kind,
        data: r.data,
        at: new Date(r.at),
        attempts: r.attempts,
      }))
      .sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id);
  }

  async hold(id: number, leaseUntil: Date): Promise<boolean> {
    const rows = await this.db
      .select({ id: ticketAlerts.id })
      .from(ticketAlerts)
      .where(and(eq(ticketAlerts.id, id), eq(ticketAlerts.status, 'pending'), eq(ticketAlerts.leaseUntil, leaseUntil)))
      .for('update');
    return rows.length > 0;
  }

  async markSent(id: number, at: Date, sent?: { readonly to: readonly string[]; readonly text: LocalText }): Promise<void> {
    const extra = sent ? { sentTo: sent.to, text: sent.text } : {};
    await this.db
      .update(ticketAlerts)
      .set({
        status: 'sent',
        sentAt: at,
        leaseUntil: null,
        lastError: null,
        data: sql`${ticketAlerts.data} || ${JSON.stringify(extra)}::jsonb`,
      })
      .where(eq(ticketAlerts.id, id));
  }

  async recent(options: { readonly agentId?: string; readonly kinds: readonly string[]; readonly limit: number }): Promise<SentAlert[]> {
    const mine = options.agentId ? sql`${ticketAlerts.data}->'sentTo' ? ${options.agentId}` : undefined;
    const rows = await this.db
      .select({
        id: ticketAlerts.id,
        ticketId: ticketAlerts.ticketId,
        number: tickets.number,
        kind: ticketAlerts.kind,
        data: ticketAlerts.data,
        sentAt: ticketAlerts.sentAt,
      })
      .from(ticketAlerts)
      .innerJoin(tickets, eq(tickets.id, ticketAlerts.ticketId))
      .where(and(eq(ticketAlerts.status, 'sent'), inArray(ticketAlerts.kind, [...options.kinds]), mine))
      .orderBy(desc(ticketAlerts.sentAt), desc(ticketAlerts.id))
      .limit(options.limit);
    return rows.map((r) => ({
      id: r.id,
      ticketId: r.ticketId ?? '',
      number: r.number,
      kind: r.kind,
      text: LocalText.safeParse(r.data.text).data ?? null,
      sentAt: r.sentAt ?? new Date(0),
    }));
  }

  async cancel(id: number): Promise<void> {
    await this.db.update(ticketAlerts).set({ status: 'cancelled', leaseUntil: null }).where(eq(ticketAlerts.id, id));
  }

  async retry(id: number, error: string, retryAt: Date): Promise<void> {
    await this.db
      .update(ticketAlerts)
      .set({ at: retryAt, leaseUntil: null, lastError: error.slice(0, 2000) })
      .where(eq(ticketAlerts.id, id));
  }
}
