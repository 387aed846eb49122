import type { DailyWindow } from '../../domain/quiet-hours.js';
import type { Repos } from '../../ports/store.js';
import { surveyTimes } from './buttons.js';

/**
 * A ticket just solved: its one survey (unless it had one: a ticket solved again after a reopen is
 * not asked twice) and the two rows the alerts worker sends, the question and the reminder, both
 * at moments the teacher's quiet hours allow. Runs in the transaction that solved the ticket.
 */
export async function surveyOnResolved(
  r: Repos,
  ticket: { readonly id: string; readonly conversationId: string | null; readonly engineerId: string | null },
  now: Date,
  quietHours: DailyWindow | undefined,
  timeZone: string,
): Promise<void> {
  if (!ticket.conversationId) return;
  const times = surveyTimes(now, quietHours, timeZone);
  const added = await r.surveys.add({
    ticketId: ticket.id,
    conversationId: ticket.conversationId,
    engineerId: ticket.engineerId,
    expiresAt: times.expiresAt,
  });
  if (!added) return;
  await r.alerts.add(ticket.id, { key: 'survey', kind: 'survey', at: times.askAt, data: {} });
  await r.alerts.add(ticket.id, { key: 'survey_reminder', kind: 'survey_reminder', at: times.remindAt, data: {} });
}
