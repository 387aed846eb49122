import { contacts, inspections, returnVisits, surveys, tickets } from '../../src/storage/schema.js';
import type { Db } from '../../src/storage/database.js';
import {
  atMin,
  CONTRACT_OF,
  INSPECTIONS,
  NOW,
  number,
  OUTSIDE,
  reportedAt,
  type SiteName,
  SURVEYS,
  TICKETS,
  VISITS,
} from './reports-seed.js';

const HOUR = 3_600_000;

/**
 * Writes the reports' seeded rows (reports-seed.ts) straight into the tables: the tickets with
 * their timelines, the surveys, the return visits (with teachers of their own) and the inspections.
 * The ticket ids by seed number.
 */
export async function seedReportRows(
  db: Db,
  ids: { contactId: string; conversationId: string; siteIds: Record<SiteName, string> },
): Promise<Record<number, string>> {
  const ticketIds: Record<number, string> = {};
  for (const t of [...TICKETS, ...OUTSIDE]) {
    const rep = reportedAt(t);
    const resolvedAt = atMin(t, t.resolvedMin);
    const [row] = await db
      .insert(tickets)
      .values({
        number: number(t.n),
        reporterId: ids.contactId,
        conversationId: ids.conversationId,
        siteId: ids.siteIds[t.site],
        contractId: CONTRACT_OF[t.site],
        description: `故障 ${t.n}`,
        facts: { device: t.device, symptom: t.symptom },
        severity: t.severity,
        severitySince: rep,
        warranty: t.warranty,
        billable: false,
        reasons: [],
        status: resolvedAt ? 'resolved' : 'on_site_dispatched',
        reportedAt: rep,
        responseDueAt: rep,
        respondedAt: atMin(t, t.respondedMin),
        onSiteAt: atMin(t, t.onSiteMin),
        resolvedAt,
      })
      .returning({ id: tickets.id });
    ticketIds[t.n] = row!.id;
  }
  for (const s of SURVEYS) {
    await db.insert(surveys).values({
      ticketId: ticketIds[s.ticket]!,
      conversationId: ids.conversationId,
      expiresAt: NOW,
      score: s.score,
      comment: s.comment,
      answeredAt: new Date(`${s.answered}:00+08:00`),
    });
  }
  const contactIds: string[] = [];
  for (let i = 1; i <= 4; i++)
    contactIds[i] = (
      await db
        .insert(contacts)
        .values({ name: `回访老师${i}` })
        .returning({ id: contacts.id })
    )[0]!.id;
  for (const v of VISITS) {
    await db.insert(returnVisits).values({
      siteId: ids.siteIds[v.site],
      contractId: CONTRACT_OF[v.site],
      roundOn: v.roundOn,
      contactId: contactIds[v.contact],
      status: v.status,
      sentAt: v.sentHoursAgo === null ? null : new Date(NOW.getTime() - v.sentHoursAgo * HOUR),
      answer: v.status === 'answered' ? 'ok' : null,
      answeredAt: v.status === 'answered' ? NOW : null,
      calledAt: v.called ? NOW : null,
    });
  }
  for (const i of INSPECTIONS) {
    await db.insert(inspections).values({
      number: `XJ-2026-900${i.n}`,
      siteId: ids.siteIds[i.site],
      contractId: CONTRACT_OF[i.site],
      dueOn: i.dueOn,
      status: i.status,
      completedAt: i.status === 'done' ? new Date(`${i.dueOn}T15:00:00+08:00`) : null,
    });
  }

  return ticketIds;
}
