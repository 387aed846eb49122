import type { DailyWindow } from '../../domain/quiet-hours.js';
import type { Repos } from '../../ports/store.js';
import { surveyTimes } from './buttons.js';

const SURVEY_KINDS = ['survey', 'survey_reminder'] as const;

/**
 * A ticket just solved: its one survey (unless it had one: a ticket solved again after a reopen is
 * not asked twice; one reopened before the question went is asked when solved again) and the two rows the alerts worker sends, the question and the reminder, both
 * at moments the teacher's quiet hours allow; none when a staff member reported it from their own
 * chat. Runs in the transaction that solved the ticket.
 */
export async function surveyOnResolved(
  r: Repos,
  ticket: { readonly id: string; readonly conversationId: string | null; readonly engineerId: string | null },
  now: Date,
  quietHours: DailyWindow | undefined,
  timeZone: string,
): Promise<void> {
  if (!ticket.conversationId) return;
  // Reported from a staff account's own chat (a fault an engineer found on an inspection): the
  // customer's evaluation (GX-EDU 5.12.1) is not the engineer's, who is not asked.
  const conversation = await r.conversations.get(ticket.conversationId);
  if (conversation && (await r.staff.byContact(conversation.contactId))) return;
  const times = surveyTimes(now, quietHours, timeZone);
  const added = await r.surveys.add({
    ticketId: ticket.id,
    conversationId: ticket.conversationId,
    engineerId: ticket.engineerId,
    expiresAt: times.expiresAt,
  });
  if (!added) return;
  // A survey reopened before its question went: its cancelled rows come back with the new times.
  await r.alerts.sync(ticket.id, SURVEY_KINDS, [
    { key: 'survey', kind: 'survey', at: times.askAt, data: {} },
    { key: 'survey_reminder', kind: 'survey_reminder', at: times.remindAt, data: {} },
  ]);
}
